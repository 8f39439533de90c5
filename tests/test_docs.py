"""Docs that cannot rot: every CLI command and every event field is documented in README.md, and
every PLOVER type is in the codebook tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from comity.cli import app
from comity.events.codebook import load_codebook
from comity.model import ActorRef, Event, Location, PloverType

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The body of a Markdown section, up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(heading + "\n") + len(heading) + 1
    stop = re.compile(rf"^#{{1,{level}}} ", re.M).search(text, start)
    return text[start : stop.start() if stop else len(text)]


def table_first_column(body: str) -> str:
    return "\n".join(line.split("|")[1] for line in body.splitlines() if line.startswith("|"))


def command_names() -> list[str]:
    return [
        (command.name or command.callback.__name__).replace("_", "-")  # type: ignore[union-attr]
        for command in app.registered_commands
    ]


def sample_event() -> Event:
    return Event(
        id="e1",
        doc_id="d1",
        date="2025-03-05",
        event="ASSAULT",
        source=[ActorRef("Israeli warplanes", "ISR", "MIL", "Israel")],
        target=[ActorRef("Syria", "SYR", "", "Syria")],
        text="Israeli warplanes struck targets near Damascus on Monday.",
        eventText="struck",
        span=(0, 57),
        trigger_span=(18, 24),
        location=Location("Damascus", "SYR", 33.5, 36.3),
        speaker=ActorRef("the army", "SYR", "MIL", "Syria"),
    )


CLI = table_first_column(section(README, "## CLI"))
EVENT_RECORDS = section(README, "### Event records")
EVENT_FIELDS = table_first_column(EVENT_RECORDS)


def test_the_app_has_commands():
    assert {"code", "eval", "ingest", "docs", "actor", "demo"} <= set(command_names())


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_in_the_readme_cli_section(name):
    assert re.search(rf"`comity {re.escape(name)}(\s|`)", CLI), f"`comity {name}` missing from README ## CLI"


@pytest.mark.parametrize("key", list(sample_event().to_dict()))
def test_every_event_field_is_in_the_readme_event_table(key):
    assert f"`{key}`" in EVENT_FIELDS, f"`{key}` missing from README's event-record table"


@pytest.mark.parametrize(
    ("field", "keys"),
    [
        ("source", list(ActorRef("x", "X").to_dict())),
        ("location", list(Location("x").to_dict())),
    ],
)
def test_nested_keys_are_named_in_their_row(field, keys):
    (row,) = [line for line in EVENT_RECORDS.splitlines() if line.startswith("|") and f"`{field}`" in line]
    for key in keys:
        assert re.search(rf"\b{key}\b", row), f"{key} of `{field}` not described"


def test_readme_event_table_names_no_field_the_record_lacks():
    documented = set(re.findall(r"`([A-Za-z_]+)`", EVENT_FIELDS))
    assert documented <= set(sample_event().to_dict())


@pytest.mark.parametrize("plover", list(PloverType))
def test_every_plover_type_is_in_the_codebook_tables(plover):
    codebook = load_codebook()
    assert plover.value in codebook.modes  # plover.yaml
    via_cameo = any(entry.plover == plover.value for entry in codebook.cameo.values())
    via_rules = any(
        rule.type == plover.value
        for table in (codebook.verbs, codebook.nouns)
        for rules in table.values()
        for rule in rules
    )
    assert via_cameo or via_rules  # CRIME has no CAMEO code of its own; rules reach it

"""Checks on the people dictionary for Europe, the Americas and Oceania (people_west.yaml)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from people_dates import DATE_RE, as_text, bounds, roles_on

DATA = Path(__file__).parents[2] / "src" / "comity" / "actors" / "data" / "people_west.yaml"

SECTORS = {
    "GOV", "MIL", "COP", "REB", "OPP", "PTY", "LEG", "JUD", "BUS", "MED",
    "CVL", "REF", "ELI", "SPY", "EDU", "LAB", "JRN", "NGO", "IGO", "CRM",
    "UAF", "HLH", "REL", "AGR", "ENV", "SET", "MOD", "RAD", "DIP",
}  # fmt: skip
KEYS = {"id", "name", "country", "aliases", "roles", "after", "org"}
ROLE_KEYS = {"title", "sector", "start", "end"}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CODE_RE = re.compile(r"^[A-Z]{3}$")


@cache
def people() -> list[dict]:
    with DATA.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def by_id(person_id: str) -> dict:
    matches = [p for p in people() if p["id"] == person_id]
    assert len(matches) == 1, person_id
    return matches[0]


def sectors_on(person_id: str, day: str) -> list[tuple[str, str]]:
    """(title, sector) of the roles certainly covering `day`."""
    return [(r["title"], r["sector"]) for r in roles_on(by_id(person_id)["roles"], day, certainly=True)]


def test_file_is_a_nonempty_list() -> None:
    assert isinstance(people(), list)
    assert len(people()) >= 350


def test_ids_unique_and_well_formed() -> None:
    ids = [p["id"] for p in people()]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes
    bad = [i for i in ids if not ID_RE.match(i)]
    assert not bad


@pytest.mark.parametrize("person", people(), ids=lambda p: p["id"])
def test_entry_shape(person: dict) -> None:
    assert set(person) <= KEYS
    assert {"id", "name", "country", "aliases", "roles"} <= set(person)
    assert isinstance(person["name"], str)
    assert person["name"].strip()
    assert isinstance(person["country"], str)
    assert CODE_RE.match(person["country"])
    if person["country"] == "IGO":
        assert isinstance(person.get("org"), str)
    else:
        assert "org" not in person
    assert isinstance(person["aliases"], list)
    assert all(isinstance(a, str) and a.strip() for a in person["aliases"])
    assert person.get("after", "ELI") in SECTORS
    assert isinstance(person["roles"], list)
    for role in person["roles"]:
        assert set(role) <= ROLE_KEYS
        assert {"title", "sector", "start"} <= set(role)
        assert isinstance(role["title"], str)
        assert role["sector"] in SECTORS
        for key in ("start", "end"):
            if key in role:
                assert DATE_RE.match(as_text(role[key])), (key, role)
        if "end" in role:
            assert bounds(role["start"], upper=False) <= bounds(role["end"], upper=True), role


def test_no_alias_points_at_two_people() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for person in people():
        for alias in {person["name"], *person["aliases"]}:
            key = alias.casefold()
            if key in owner and owner[key] != person["id"]:
                clashes.append((alias, owner[key], person["id"]))
            owner[key] = person["id"]
    assert not clashes


@pytest.mark.parametrize(
    ("person_id", "day", "title"),
    [
        ("putin-vladimir", "2020-01-01", "President"),
        ("putin-vladimir", "2010-06-01", "Prime Minister"),
        ("biden-joe", "2022-06-01", "President"),
        ("trump-donald", "2025-06-01", "President"),
        ("obama-barack", "2012-01-01", "President"),
        ("lavrov-sergey", "2015-01-01", "Minister of Foreign Affairs"),
        ("shoigu-sergei", "2022-03-01", "Minister of Defence"),
        ("belousov-andrei", "2025-01-01", "Minister of Defence"),
        ("zelensky-volodymyr", "2023-01-01", "President"),
        ("merkel-angela", "2015-01-01", "Chancellor"),
        ("scholz-olaf", "2023-01-01", "Chancellor"),
        ("macron-emmanuel", "2020-01-01", "President"),
        ("starmer-keir", "2025-01-01", "Prime Minister"),
        ("erdogan-recep-tayyip", "2010-01-01", "Prime Minister"),
        ("lula-da-silva-luiz-inacio", "2024-01-01", "President"),
        ("von-der-leyen-ursula", "2021-01-01", "President of the European Commission"),
        ("stoltenberg-jens", "2020-01-01", "Secretary General of NATO"),
        ("albanese-anthony", "2023-01-01", "Prime Minister"),
    ],
)
def test_spot_facts_in_office(person_id: str, day: str, title: str) -> None:
    assert title in [t for t, _ in sectors_on(person_id, day)]


@pytest.mark.parametrize(
    ("person_id", "day"),
    [
        ("biden-joe", "2025-06-01"),
        ("trump-donald", "2022-06-01"),
        ("merkel-angela", "2023-01-01"),
        ("navalny-alexei", "2024-03-01"),
        ("shoigu-sergei", "2025-01-01"),
    ],
)
def test_spot_facts_out_of_office(person_id: str, day: str) -> None:
    held = {t for t, _ in sectors_on(person_id, day)}
    assert not held & {"President", "Chancellor", "Minister of Defence"}
    if person_id == "navalny-alexei":
        assert not held


def test_opposition_figures_default_to_opp() -> None:
    for person_id in ("navalnaya-yulia", "tsikhanouskaya-sviatlana", "machado-maria-corina"):
        assert by_id(person_id)["after"] == "OPP"


def test_igo_officials_name_their_organisation() -> None:
    assert by_id("von-der-leyen-ursula")["org"] == "eu"
    assert by_id("rutte-mark")["org"] == "nato"
    assert by_id("guterres-antonio")["org"] == "un"

"""Wire copy: which news agency a document's story comes from, when the text credits one.

Outlets reprint and rewrite agency copy, often changed enough that near-duplicate detection
(``comity.ingest.dedup``) does not link the copies. The credit stays: a dateline
"KYIV (Reuters) -", a closing "(AFP)", a Reuters "Reporting by ..." line. :func:`wire_of` reads
it with the agencies of ``wires.yaml``; corroboration then counts the agency, not each outlet
that ran its story (``comity.provenance.publishers``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from comity.errors import ComityError, E

HEAD_CHARS = 300  # a dateline credit sits in the opening characters
TAIL_CHARS = 300  # a closing credit in the last ones


@dataclass(frozen=True, slots=True)
class Wires:
    dateline: re.Pattern[str]  # "(Reuters) -" and the like, group "credit"
    closing: re.Pattern[str]  # "(AFP)" ending the text
    footer: re.Pattern[str]  # closing credit lines
    agency_of: dict[str, str]  # credit or footer phrase -> agency name


def _bad(detail: str) -> ComityError:
    return ComityError(E.E201, where="wires.yaml", detail=detail)


def parse_wires(data: object) -> Wires:
    if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
        raise _bad("needs a list 'agencies'")
    agency_of: dict[str, str] = {}
    footers: list[str] = []
    credits: list[str] = []
    for n, entry in enumerate(data["agencies"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise _bad(f"agency {n}: needs a name")
        name = entry["name"]
        for key in ("credits", "footers"):
            values = entry.get(key, [])
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise _bad(f"agency {name!r}: {key} must be a list of phrases")
        for credit in entry.get("credits", []):
            if agency_of.setdefault(credit, name) != name:
                raise _bad(f"credit {credit!r} names two agencies")
            credits.append(credit)
        for footer in entry.get("footers", []):
            agency_of.setdefault(footer, name)
            footers.append(footer)
    if not credits:
        raise _bad("no credits")
    by_length = sorted(credits, key=len, reverse=True)
    names = "|".join(map(re.escape, by_length))
    # "KYIV (Reuters) -" / "WASHINGTON (AP) —" at the start; "... (AFP)" as the very end
    dateline = re.compile(r"\((?P<credit>" + names + r")\)\s*[-–—:]")
    closing = re.compile(r"\((?P<credit>" + names + r")\)[\s.]*$")
    ends = sorted(footers, key=len, reverse=True) or ["(?!)"]
    footer = re.compile(r"(?:^|\n|\()\s*(?P<credit>" + "|".join(map(re.escape, ends)) + r")\b")
    return Wires(dateline=dateline, closing=closing, footer=footer, agency_of=agency_of)


@cache
def load_wires() -> Wires:
    text = resources.files("comity.provenance").joinpath("wires.yaml").read_text(encoding="utf-8")
    try:
        return parse_wires(yaml.safe_load(text))
    except yaml.YAMLError as exc:
        raise _bad(f"not YAML ({exc})".replace("\n", " ")) from exc


def wire_of(text: str, wires: Wires | None = None) -> str | None:
    """The agency whose copy ``text`` is, by its dateline or closing credit; None otherwise."""
    wires = wires or load_wires()
    head, tail = text[:HEAD_CHARS], text[-TAIL_CHARS:]
    for pattern, part in ((wires.dateline, head), (wires.closing, tail), (wires.footer, tail)):
        found = pattern.search(part)
        if found:
            return wires.agency_of[found.group("credit")]
    return None

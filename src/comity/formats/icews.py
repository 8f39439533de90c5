"""ICEWS-style coded event files: tab-separated with a header, the 20 columns of the ICEWS
coded event data releases, written from and read into comity events.

Export (one row per event): Source is the event's first source, Target its first target with
another code. Names are the actor's canonical name (else its text), sectors comity's sector
code, countries the dictionary's short country name ("Russia"); Event Text is the CAMEO
description of the code and Intensity the Goldstein value. Story ID is the document id,
Publisher the document's source; the location is City (or Country for a whole country) with
its country, latitude and longitude; District, Province and Sentence Number stay empty.

Import: each row becomes one event ``icews:<Event ID>`` with one synthetic document of the same
id (source ``icews``, no text; Story ID, Sentence Number and Publisher kept in the document's
``flags``), so importing a file again adds nothing. Countries are read by name (the actor
dictionary, then ISO 3166 names), sectors by the words in ``icews_sectors.tsv``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from comity.errors import ComityError, E
from comity.formats.common import (
    SECTORS,
    Parsed,
    Record,
    RowResult,
    Skipped,
    cameo_description,
    clean_cell,
    date_start,
    full_cameo,
    imported_event,
    is_state,
    iter_lines,
    location_is_country,
    malformed,
    number,
    numeric_id,
    organisation_code,
    parse_float,
    primary_dyad,
    row_code,
    state_code,
    state_name,
)
from comity.model import NON_STATE_CODES, ActorRef, Document, Location

PREFIX = "icews"
COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
)  # fmt: skip
REQUIRED = ("Event ID", "Event Date", "Source Name", "Source Country", "CAMEO Code")
SECTOR_FILE = "icews_sectors.tsv"


# --------------------------------------------------------------------------- export


def to_row(record: Record) -> list[str]:
    """One ICEWS-style row (20 cells) for a stored event."""
    event, doc = record.event, record.doc
    cells: dict[str, object] = dict.fromkeys(COLUMNS, "")
    cells["Event ID"] = numeric_id(event.id, PREFIX)
    day = date_start(event.date) or date_start(doc.published)
    cells["Event Date"] = day.isoformat() if day else ""
    source, target = primary_dyad(event)
    for side, actor in (("Source", source), ("Target", target)):
        if actor is not None:
            cells[f"{side} Name"] = actor.name or actor.actorText
            cells[f"{side} Sectors"] = actor.sector
            cells[f"{side} Country"] = state_name(actor.code) if is_state(actor.code) else ""
    if event.cameo:
        cells["CAMEO Code"] = full_cameo(event.cameo)
        cells["Event Text"] = cameo_description(event.cameo)
    cells["Intensity"] = number(event.goldstein)
    cells["Story ID"] = doc.flags.get("icews_story", doc.id)
    cells["Sentence Number"] = doc.flags.get("icews_sentence", "")
    cells["Publisher"] = doc.flags.get("icews_publisher", doc.source)
    location = event.location
    if location is not None:
        country = state_name(location.country)
        if location_is_country(location.name, location.country):
            cells["Country"] = country or location.name
        else:
            cells["City"] = location.name
            cells["Country"] = country
        cells["Latitude"] = number(location.lat)
        cells["Longitude"] = number(location.lon)
    return [clean_cell(cells[name]) for name in COLUMNS]


def write(records: Iterable[Record], path: Path) -> int:
    """Write an ICEWS-style file (tab-separated, header first); returns the number of rows."""
    n = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for record in records:
            out.write("\t".join(to_row(record)) + "\n")
            n += 1
    return n


# --------------------------------------------------------------------------- import


def parse_file(path: Path) -> Iterator[RowResult]:
    """Each row of an ICEWS-style file (plain or zipped, header first) as an event, a skip or
    an error. A file whose header lacks a required column raises ComityError E121."""
    header: dict[str, int] | None = None
    current = ""
    for where, lineno, line in iter_lines(path):
        if where != current:  # each file of a zip has its own header
            current, header = where, None
        if not line.strip():
            continue
        cells = line.split("\t")
        if header is None:
            header = {name.strip().lower(): i for i, name in enumerate(cells)}
            missing = [name for name in REQUIRED if name.lower() not in header]
            if missing:
                detail = f"header lacks the ICEWS column(s) {', '.join(missing)}"
                raise ComityError(E.E121, where=f"{where}:{lineno}", detail=detail)
            continue
        if len(cells) < len(header):
            yield malformed(f"{where}:{lineno}", f"{len(cells)} columns, expected {len(header)}")
            continue
        row = {name: _cell(cells, header, name) for name in COLUMNS}
        try:
            yield _event(row, f"{where}:{lineno}")
        except ValueError as exc:
            yield malformed(f"{where}:{lineno}", str(exc))


def _cell(cells: list[str], header: dict[str, int], name: str) -> str:
    index = header.get(name.lower())
    return cells[index].strip() if index is not None else ""


def _event(row: dict[str, str], where: str) -> RowResult:
    ident_value = row["Event ID"]
    if not ident_value.isdigit():
        raise ValueError(f"Event ID {ident_value!r} is not a number")
    date = _date(row["Event Date"])
    coded = row_code(row["CAMEO Code"], row["Intensity"], "Intensity")
    if isinstance(coded, Skipped):
        return coded
    code, reading, goldstein = coded.code, coded.reading, coded.goldstein
    location = _location(row)
    source, target = _actor(row, "Source"), _actor(row, "Target")
    if source is None:
        return Skipped("no source actor comity can place")
    flags = {
        key: row[column]
        for column, key in (
            ("Story ID", "icews_story"),
            ("Sentence Number", "icews_sentence"),
            ("Publisher", "icews_publisher"),
        )
        if row[column]
    }
    ident = f"{PREFIX}:{ident_value}"
    document = Document(id=ident, text="", source=PREFIX, published=date, origin=where, flags=flags)
    event = imported_event(
        ident,
        date=date,
        reading=reading,
        cameo=code,
        goldstein=goldstein,
        source=source,
        target=target,
        location=location,
    )
    return Parsed(document, event)


def _date(value: str) -> str:
    for layout in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(value, layout).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"Event Date {value!r} is not a YYYY-MM-DD date")


def _actor(row: dict[str, str], side: str) -> ActorRef | None:
    name = row[f"{side} Name"]
    sector = read_sector(row[f"{side} Sectors"])
    code = state_code(row[f"{side} Country"]) if row[f"{side} Country"] else ""
    if not code and name:
        code = organisation_code(name) or state_code(name)
    if not code and sector in NON_STATE_CODES:
        code = sector
    if not code:
        return None
    return ActorRef(actorText=name, code=code, sector=sector, name=name)


def read_sector(cell: str) -> str:
    """comity's sector for an ICEWS sectors cell ("Government,Executive" -> GOV), or ""."""
    words = sector_words()
    for item in (i.strip() for i in cell.split(",")):
        if item.upper() in SECTORS:
            return item.upper()
        lowered = item.lower()
        for word, sector in words:
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", lowered):
                return sector
    return ""


@cache
def sector_words() -> tuple[tuple[str, str], ...]:
    """The rows of ``icews_sectors.tsv``, validated."""
    text = resources.files("comity.formats").joinpath(SECTOR_FILE).read_text(encoding="utf-8")
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    lines = [(n, line) for n, line in lines if not line.startswith("#")]
    if not lines or lines[0][1].split("\t") != ["word", "sector"]:
        raise ComityError(E.E201, where=SECTOR_FILE, detail="the header must be: word sector")
    rows: list[tuple[str, str]] = []
    for n, line in lines[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) != 2 or not cells[0].strip() or cells[1] not in SECTORS:
            detail = f"line {n}: expected a word and a sector code"
            raise ComityError(E.E201, where=SECTOR_FILE, detail=detail)
        rows.append((cells[0].strip().lower(), cells[1]))
    return tuple(rows)


def _location(row: dict[str, str]) -> Location | None:
    lat = parse_float(row["Latitude"], "Latitude", low=-90, high=90) if row["Latitude"] else None
    lon = parse_float(row["Longitude"], "Longitude", low=-180, high=180) if row["Longitude"] else None
    name = row["City"] or row["District"] or row["Province"] or row["Country"]
    if not name:
        return None
    return Location(name=name, country=state_code(row["Country"]) if row["Country"] else "", lat=lat, lon=lon)

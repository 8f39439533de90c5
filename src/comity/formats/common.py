"""What the exporters and importers share: selecting stored events with their documents, CAMEO
and actor mappings, numeric ids for formats that want integers, and the import loop that writes
parsed rows to the store in idempotent batches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comity.errors import ComityError, E
from comity.model import NON_STATE_CODES, QUAD_OF_TYPE, ActorRef, Document, Event, PloverType, Sector

if TYPE_CHECKING:
    from comity.store import Store

Progress = Callable[[str, int], None]  # (what happened, how many) -> None

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
SECTORS = frozenset(s.value for s in Sector)
_BREAKS = re.compile(r"[\t\r\n]+")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class DocInfo:
    """The document facts exports use (everything but the text)."""

    id: str
    url: str = ""
    source: str = ""
    title: str = ""
    published: str | None = None
    flags: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ClusterCounts:
    """How often the event's cluster (one real-world event, comity.relations) was reported."""

    mentions: int
    sources: int  # distinct outlets
    documents: int
    corroboration: int = 0  # independent publishers (comity.provenance); 0 when unknown


@dataclass(frozen=True, slots=True)
class Record:
    """One stored event with the document it came from (and its cluster's counts, when the
    relations stage has clustered the store)."""

    event: Event
    doc: DocInfo
    cluster: ClusterCounts | None = None


@dataclass(frozen=True, slots=True)
class Selection:
    """Which events to export: a date range on the event's own date and an actor code."""

    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    actor: str | None = None  # a code in source or target (USA, IGO ...)

    def matches(self, event: Event) -> bool:
        if self.since or self.until:
            start = date_start(event.date)
            if start is None:
                return False
            if self.since and start < dt.date.fromisoformat(self.since):
                return False
            if self.until and start > dt.date.fromisoformat(self.until):
                return False
        if self.actor:
            wanted = self.actor.upper()
            return any(a.code == wanted for a in (*event.source, *event.target))
        return True


def date_start(value: str | None) -> dt.date | None:
    """First day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date (the store's date_start)."""
    match = _DATE.match(value or "")
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def select(store: Store, selection: Selection | None = None, *, batch: int = 5_000) -> Iterator[Record]:
    """Stored events in insertion order that match ``selection``, each with its document."""
    selection = selection or Selection()
    clustered = _has_clusters(store)
    chunk: list[Event] = []
    for event in store.iter_events(batch=batch):
        if selection.matches(event):
            chunk.append(event)
        if len(chunk) >= batch:
            yield from _with_documents(store, chunk, clustered=clustered)
            chunk = []
    yield from _with_documents(store, chunk, clustered=clustered)


def _has_clusters(store: Store) -> bool:
    frame = store.sql(
        "SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = current_database() "
        "AND table_name IN ('clusters', 'cluster_members')"
    )
    return int(frame["n"].iloc[0]) == 2


def _cluster_counts(store: Store, events: list[Event]) -> dict[str, ClusterCounts]:
    frame = store.sql(
        "SELECT m.event_id, c.mentions, c.sources, c.documents, c.corroboration FROM cluster_members m "
        "JOIN clusters c ON c.id = m.cluster_id WHERE m.event_id IN (SELECT unnest(?::VARCHAR[]))",
        [[e.id for e in events]],
    )
    return {
        row["event_id"]: ClusterCounts(
            int(row["mentions"]), int(row["sources"]), int(row["documents"]), int(row["corroboration"])
        )
        for row in frame.to_dict("records")
    }


def _with_documents(store: Store, events: list[Event], *, clustered: bool = False) -> Iterator[Record]:
    if not events:
        return
    clusters = _cluster_counts(store, events) if clustered else {}
    ids = sorted({e.doc_id for e in events})
    frame = store.sql(
        "SELECT id, url, source, title, published, flags FROM documents "
        "WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [ids],
    )
    docs = {
        row["id"]: DocInfo(
            id=row["id"],
            url=row["url"] or "",
            source=row["source"] or "",
            title=row["title"] or "",
            published=row["published"] or None,
            flags=json.loads(row["flags"]) if row["flags"] else {},
        )
        for row in frame.to_dict("records")
    }
    for event in events:
        yield Record(event, docs.get(event.doc_id) or DocInfo(id=event.doc_id), clusters.get(event.id))


# --------------------------------------------------------------------------- CAMEO and PLOVER


@dataclass(frozen=True, slots=True)
class PloverReading:
    """What a CAMEO code means in PLOVER terms (from the codebook)."""

    type: str
    mode: str
    context: str
    goldstein: float


def cameo_code(raw: str) -> str | None:
    """A known CAMEO code from a file's value, or None. Leading zeros lost by spreadsheet
    round trips are restored ("42" -> "042", "211" -> "0211")."""
    from comity.events.codebook import load_codebook

    cameo = load_codebook().cameo
    code = raw.strip()
    if not code.isdigit():
        return None
    if code in cameo:
        return code
    padded = "0" + code
    return padded if padded in cameo else None


def plover_reading(code: str) -> PloverReading | None:
    """PLOVER type, mode, context and Goldstein value of a known CAMEO code; None for CAMEO 01
    (public statements), which PLOVER dropped. CAMEO 02 (appeals) reads as DEMAND with the
    mode and context of the matching CAMEO 10 code (``0231`` -> ``1031``), as the PLOVER manual
    puts all requests and appeals under its request category."""
    from comity.events.codebook import load_codebook

    cameo = load_codebook().cameo
    entry = cameo[code]
    if entry.plover is not None:
        return PloverReading(entry.plover, entry.mode, entry.context, entry.goldstein)
    if code.startswith("02"):
        twin = cameo.get("10" + code[2:]) or cameo["10"]
        return PloverReading(PloverType.DEMAND.value, twin.mode, twin.context, entry.goldstein)
    return None


@dataclass(frozen=True, slots=True)
class RowCode:
    """The CAMEO code of an imported row, its PLOVER reading and its Goldstein value."""

    code: str
    reading: PloverReading
    goldstein: float


def row_code(raw_code: str, goldstein_cell: str, goldstein_column: str) -> RowCode | Skipped:
    """Read a row's CAMEO code and Goldstein cell: ValueError for a malformed one, Skipped for
    a code PLOVER has no type for; the row's own Goldstein value wins over the codebook's."""
    code = cameo_code(raw_code)
    if code is None:
        raise ValueError(f"unknown CAMEO code {raw_code!r}")
    reading = plover_reading(code)
    if reading is None:
        return Skipped(f"CAMEO {code[:2]}: no PLOVER type")
    goldstein = reading.goldstein
    if goldstein_cell:
        goldstein = parse_float(goldstein_cell, goldstein_column, low=-10, high=10)
    return RowCode(code, reading, goldstein)


def imported_event(
    ident: str,
    *,
    date: str,
    reading: PloverReading,
    cameo: str,
    goldstein: float,
    source: ActorRef,
    target: ActorRef | None,
    location: Any,
    mentions: int = 1,
) -> Event:
    """The event record of one imported GDELT/ICEWS row (its own synthetic document ``ident``)."""
    return Event(
        id=ident,
        doc_id=ident,
        date=date,
        event=reading.type,
        mode=reading.mode,
        context=reading.context,
        cameo=cameo,
        goldstein=goldstein,
        quad=int(QUAD_OF_TYPE[PloverType(reading.type)]),
        source=[source],
        target=[target] if target else [],
        text="",
        eventText="",
        span=(0, 0),
        confidence=1.0,
        location=location,
        mentions=max(mentions, 1),
    )


def cameo_quad(code: str) -> int:
    """The CAMEO quad class of a code's root: 01-05 verbal cooperation, 06-08 material
    cooperation, 09-13 verbal conflict, 14-20 material conflict; 0 when unknown."""
    try:
        root = int(code[:2])
    except ValueError:
        return 0
    for quad, last in ((1, 5), (2, 8), (3, 13), (4, 20)):
        if 1 <= root <= last:
            return quad
    return 0


def event_quad(event: Event) -> int:
    """The event's quad class: its own, else its PLOVER type's, else its CAMEO root's."""
    if event.quad:
        return int(event.quad)
    if event.event in PloverType.__members__:
        return int(QUAD_OF_TYPE[PloverType(event.event)])
    return cameo_quad(event.cameo)


def full_cameo(code: str) -> str:
    """A 3- or 4-digit code: a 2-digit cue category becomes its "not specified" x0 code."""
    return code + "0" if len(code) == 2 else code


def cameo_description(code: str) -> str:
    from comity.events.codebook import load_codebook

    entry = load_codebook().cameo.get(code)
    return entry.description if entry else ""


# --------------------------------------------------------------------------- actors


@cache
def is_state(code: str) -> bool:
    from comity.actors.dictionary import load_dictionary

    return code in load_dictionary().state_ids


@cache
def state_name(code: str) -> str:
    """The dictionary's short English name of a state code ("RUS" -> "Russia"), or ""."""
    from comity.actors.dictionary import load_dictionary

    entry = load_dictionary().state(code)
    return entry.name if entry else ""


@cache
def state_code(name: str) -> str:
    """The state a country name names ("Russian Federation" -> "RUS"), or "" when unknown."""
    from comity.actors.dictionary import load_dictionary

    name = name.strip()
    if not name:
        return ""
    dictionary = load_dictionary()
    if name.upper() in dictionary.state_ids:
        return name.upper()
    for entry, alias in dictionary.lookup(name):
        # names only: a capital or seat of power ("Kyiv", "the Kremlin") is a place, not the state
        if alias.type == "name" and entry.id == dictionary.state_ids.get(entry.code):
            return entry.code
    import pycountry

    try:
        found = pycountry.countries.lookup(name)
    except LookupError:
        return ""
    return found.alpha_3 if found.alpha_3 in dictionary.state_ids else ""


@cache
def organisation_code(name: str) -> str:
    """The code of a named organisation in the dictionary ("United Nations" -> "IGO"), or ""."""
    from comity.actors.dictionary import load_dictionary

    for entry, _alias in load_dictionary().lookup(name.strip()) if name.strip() else ():
        if entry.code in NON_STATE_CODES:
            return entry.code
    return ""


def primary_dyad(event: Event) -> tuple[ActorRef | None, ActorRef | None]:
    """The one source and target a dyadic format has room for: the first source, and the first
    target with another code (else the first target)."""
    source = event.source[0] if event.source else None
    target = next((t for t in event.target if source is None or t.code != source.code), None)
    if target is None and event.target:
        target = event.target[0]
    return source, target


def location_is_country(name: str, country: str) -> bool:
    """Whether a location is a whole country ("Syria", SYR) rather than a place in it."""
    return bool(country) and state_code(name) == country


# --------------------------------------------------------------------------- ids and text


def numeric_id(event_id: str, prefix: str) -> int:
    """An integer event id for GDELT/ICEWS files: the original number of an event imported
    from that format (``gdelt:1187654321`` -> 1187654321), else a stable 60-bit hash."""
    head, _, number = event_id.partition(":")
    if head == prefix and number.isdigit():
        return int(number)
    return int(hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:15], 16)


def clean_cell(value: object) -> str:
    """A value for one cell of a tab-separated file: no tabs or line breaks inside."""
    if value is None:
        return ""
    text = str(value)
    return _BREAKS.sub(" ", text) if "\t" in text or "\n" in text or "\r" in text else text


def number(value: float | None) -> str:
    """A float written short and exact: 3.4 -> "3.4", -10.0 -> "-10", None -> ""."""
    if value is None:
        return ""
    return format(float(value), "g") if float(value).is_integer() else repr(float(value))


# --------------------------------------------------------------------------- importing


@dataclass(frozen=True, slots=True)
class Parsed:
    """A row read as one event and the synthetic document that carries it."""

    document: Document
    event: Event


@dataclass(frozen=True, slots=True)
class Skipped:
    """A well-formed row comity does not import (reason is counted in the report)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Malformed:
    """A row that cannot be read: ``message`` names the file, the line and the problem."""

    message: str


RowResult = Parsed | Skipped | Malformed


@dataclass(slots=True)
class ImportReport:
    format: str
    files: int = 0
    rows: int = 0
    imported: int = 0
    already_stored: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "files": self.files,
            "rows": self.rows,
            "imported": self.imported,
            "already_stored": self.already_stored,
            "skipped": sum(self.skipped.values()),
            "skipped_reasons": dict(self.skipped),
            "failed": self.failed,
            "errors": self.errors,
        }


def malformed(where: str, detail: str) -> Malformed:
    return Malformed(str(ComityError(E.E121, where=where, detail=detail)))


def store_rows(
    store: Store,
    rows: Iterable[RowResult],
    report: ImportReport,
    *,
    batch_size: int = 5_000,
    progress: Progress | None = None,
) -> None:
    """Write parsed rows to the store in batches (one transaction each); count the rest."""
    documents: dict[str, Document] = {}
    events: list[Event] = []

    def flush() -> None:
        if not documents:
            return
        result = store.add_batch(list(documents.values()), events)
        report.imported += result.new_events
        report.already_stored += result.skipped_documents
        if progress:
            progress("rows", len(documents))
        documents.clear()
        events.clear()

    for row in rows:
        report.rows += 1
        if isinstance(row, Malformed):
            report.errors.append(row.message)
        elif isinstance(row, Skipped):
            report.skipped[row.reason] += 1
        elif row.document.id in documents:
            report.skipped["same event id twice"] += 1
        else:
            documents[row.document.id] = row.document
            events.append(row.event)
            if len(documents) >= batch_size:
                flush()
    flush()


def iter_lines(path: Path) -> Iterator[tuple[str, int, str]]:
    """(where, line number, line) of a text file, or of each file inside a ``.zip``.
    Undecodable bytes become U+FFFD rather than stopping the file."""
    if not path.exists():
        raise ComityError(E.E111, where=str(path))
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ComityError(E.E100, where=str(path), detail=f"not a zip file ({exc})") from exc
        with archive:
            for member in archive.infolist():
                if member.is_dir():
                    continue
                with archive.open(member) as raw:
                    text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
                    yield from _numbered(f"{path}/{member.filename}", text)
        return
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as text:
            yield from _numbered(str(path), text)
    except OSError as exc:
        raise ComityError(E.E100, where=str(path), detail=str(exc)) from exc


def _numbered(where: str, lines: Iterable[str]) -> Iterator[tuple[str, int, str]]:
    for n, line in enumerate(lines, 1):
        yield where, n, line.rstrip("\r\n").removeprefix("\ufeff" if n == 1 else "")


def parse_float(value: str, name: str, *, low: float | None = None, high: float | None = None) -> float:
    """A float cell; ValueError naming the column when it is not one (or out of range)."""
    try:
        number_ = float(value)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a number") from None
    if math.isnan(number_) or (low is not None and number_ < low) or (high is not None and number_ > high):
        raise ValueError(f"{name} {value!r} is out of range")
    return number_


def parse_int(value: str, name: str, *, low: int | None = None, high: int | None = None) -> int:
    try:
        number_ = int(value)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not an integer") from None
    if (low is not None and number_ < low) or (high is not None and number_ > high):
        raise ValueError(f"{name} {value!r} is out of range")
    return number_


def sector_of(codes: Iterable[str]) -> str:
    """The first of these codes that is a comity sector, else ""."""
    return next((c for c in (c.strip().upper() for c in codes) if c in SECTORS), "")


def records_of(events: Iterable[Event], documents: Mapping[str, DocInfo] | None = None) -> Iterator[Record]:
    """Records from events that are not in a store (tests, scripts)."""
    for event in events:
        yield Record(event, (documents or {}).get(event.doc_id) or DocInfo(id=event.doc_id))

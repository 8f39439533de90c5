"""GDELT 2.0 Events: the 61-column tab-separated layout, written from and read into comity events.

Export (one row per event, no header, as GDELT publishes it): the event's first source is
Actor1 and its first target with another code is Actor2 (GDELT rows are dyadic; further actors
are left out). Filled: ids and dates, actor code (country + sector, ``USAGOV``), name, country
code and sector (``Type1Code``), the CAMEO event/base/root codes, QuadClass (CAMEO's, from the
root code, as GDELT defines it), GoldsteinScale, NumMentions/NumSources/NumArticles (those of
the event's cluster when the relations stage has clustered the store, else the event's mentions
and one source, one article), ActionGeo (type 1 for a whole country, full name "place,
country", latitude and longitude), DATEADDED (the document date) and SOURCEURL. Left empty:
ethnic, religion and known-group codes, AvgTone, IsRootEvent, Actor1Geo/Actor2Geo, and the Geo
country/ADM codes (GDELT writes FIPS 10-4 codes there; comity knows ISO codes, and the country
name is in the full name). Events imported from GDELT keep their GLOBALEVENTID, IsRootEvent,
NumSources, NumArticles, AvgTone and DATEADDED.

Import: each row becomes one event ``gdelt:<GLOBALEVENTID>`` with one synthetic document of the
same id (source ``gdelt``, url SOURCEURL, no text), so importing a file again adds nothing. The
PLOVER type, mode and context come from the CAMEO code (codebook); the stored quad is PLOVER's
(as for coded events), GoldsteinScale is kept as given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from comity.formats.common import (
    SECTORS,
    Parsed,
    Record,
    RowResult,
    Skipped,
    cameo_quad,
    clean_cell,
    date_start,
    event_quad,
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
    parse_int,
    primary_dyad,
    row_code,
    sector_of,
    state_code,
    state_name,
)
from comity.model import (
    NON_STATE_CODES,
    ActorRef,
    Document,
    Event,
    Location,
)

PREFIX = "gdelt"
ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in ACTOR_FIELDS),
    *(f"Actor2{f}" for f in ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
INDEX = {name: i for i, name in enumerate(COLUMNS)}
#: columns that hold numbers (empty when unknown)
NUMERIC = frozenset(
    {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "IsRootEvent", "QuadClass",
     "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone", "DATEADDED"}
    | {f"{p}Geo_{f}" for p in ("Actor1", "Actor2", "Action") for f in ("Type", "Lat", "Long")}
)  # fmt: skip

#: (event) -> (NumMentions, NumSources, NumArticles); a hook for event clusters
Counts = Callable[[Event], tuple[int, int, int]]


# --------------------------------------------------------------------------- export


def to_row(record: Record, *, counts: Counts | None = None) -> list[str]:
    """One GDELT 2.0 event row (61 cells) for a stored event."""
    event, doc = record.event, record.doc
    row = [""] * len(COLUMNS)

    def put(name: str, value: object) -> None:
        row[INDEX[name]] = clean_cell(value)

    put("GLOBALEVENTID", numeric_id(event.id, PREFIX))
    day = date_start(event.date) or date_start(doc.published)
    if day is not None:
        put("SQLDATE", day.strftime("%Y%m%d"))
        put("MonthYear", day.strftime("%Y%m"))
        put("Year", day.year)
        days = 366 if _leap(day.year) else 365
        put("FractionDate", f"{day.year + (day.timetuple().tm_yday - 1) / days:.4f}")
    source, target = primary_dyad(event)
    _put_actor(put, "Actor1", source)
    _put_actor(put, "Actor2", target)
    if event.cameo:
        code = full_cameo(event.cameo)
        put("EventCode", code)
        put("EventBaseCode", code[:3])
        put("EventRootCode", code[:2])
    put("QuadClass", cameo_quad(event.cameo) or event_quad(event) or "")
    put("GoldsteinScale", number(event.goldstein))
    if counts is not None:
        mentions, sources, articles = counts(event)
    elif record.cluster is not None:
        cluster = record.cluster
        mentions, sources, articles = cluster.mentions, cluster.sources, cluster.documents
    else:
        mentions, sources, articles = event.mentions, 1, 1
    put("NumMentions", mentions)
    put("NumSources", doc.flags.get("gdelt_sources", sources))
    put("NumArticles", doc.flags.get("gdelt_articles", articles))
    put("AvgTone", number(doc.flags.get("gdelt_tone")))
    put("IsRootEvent", doc.flags.get("gdelt_root", ""))
    put("Actor1Geo_Type", 0)
    put("Actor2Geo_Type", 0)
    _put_location(put, event.location)
    added = date_start(doc.published) if doc.published and len(doc.published) == 10 else None
    if added is not None:
        put("DATEADDED", added.strftime("%Y%m%d") + "000000")
    put("DATEADDED", doc.flags.get("gdelt_added", row[INDEX["DATEADDED"]]))
    put("SOURCEURL", doc.url)
    return row


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _put_actor(put: Callable[[str, object], None], prefix: str, actor: ActorRef | None) -> None:
    if actor is None:
        return
    suffix = actor.sector if actor.sector != actor.code else ""
    put(f"{prefix}Code", actor.code + suffix)
    put(f"{prefix}Name", actor.name or actor.actorText)
    if is_state(actor.code):
        put(f"{prefix}CountryCode", actor.code)
    put(f"{prefix}Type1Code", actor.sector)


def _put_location(put: Callable[[str, object], None], location: Location | None) -> None:
    if location is None:
        put("ActionGeo_Type", 0)
        return
    country = state_name(location.country)
    whole = location_is_country(location.name, location.country)
    if whole:
        put("ActionGeo_Type", 1)
    plain = whole or not country or location.name == country
    full = location.name if plain else f"{location.name}, {country}"
    put("ActionGeo_FullName", full)
    put("ActionGeo_Lat", number(location.lat))
    put("ActionGeo_Long", number(location.lon))


def write(records: Iterable[Record], path: Path, *, counts: Counts | None = None) -> int:
    """Write a GDELT 2.0 events file (tab-separated, no header); returns the number of rows."""
    n = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        for record in records:
            out.write("\t".join(to_row(record, counts=counts)) + "\n")
            n += 1
    return n


# --------------------------------------------------------------------------- import


def parse_file(path: Path) -> Iterator[RowResult]:
    """Each row of a GDELT 2.0 events file (plain or zipped) as an event, a skip or an error."""
    for where, lineno, line in iter_lines(path):
        if not line.strip():
            continue
        if lineno == 1 and line.startswith("GLOBALEVENTID"):
            continue  # a header some exports add
        yield parse_row(line.split("\t"), where=f"{where}:{lineno}")


def parse_row(cells: list[str], *, where: str) -> RowResult:
    if len(cells) != len(COLUMNS):
        return malformed(where, f"{len(cells)} columns, expected {len(COLUMNS)}")
    row = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))
    try:
        return _event(row, where)
    except ValueError as exc:
        return malformed(where, str(exc))


def _event(row: dict[str, str], where: str) -> RowResult:
    gid = row["GLOBALEVENTID"]
    if not gid.isdigit():
        raise ValueError(f"GLOBALEVENTID {gid!r} is not a number")
    date = _sqldate(row["SQLDATE"])
    coded = row_code(row["EventCode"], row["GoldsteinScale"], "GoldsteinScale")
    if isinstance(coded, Skipped):
        return coded
    code, reading, goldstein = coded.code, coded.reading, coded.goldstein
    if row["QuadClass"]:  # CAMEO's quad of the root code; comity stores PLOVER's (below)
        parse_int(row["QuadClass"], "QuadClass", low=1, high=4)
    mentions = parse_int(row["NumMentions"], "NumMentions", low=0) if row["NumMentions"] else 1
    location = _location(row)
    published = _dateadded(row["DATEADDED"]) or date
    source, target = _actor(row, "Actor1"), _actor(row, "Actor2")
    if source is None:
        return Skipped("no source actor comity can place")
    flags: dict[str, int | float | str] = {}
    for column, key in (("NumSources", "gdelt_sources"), ("NumArticles", "gdelt_articles")):
        if row[column]:
            flags[key] = parse_int(row[column], column, low=0)
    if row["IsRootEvent"]:
        flags["gdelt_root"] = parse_int(row["IsRootEvent"], "IsRootEvent", low=0, high=1)
    if row["DATEADDED"]:
        flags["gdelt_added"] = row["DATEADDED"]
    if row["AvgTone"]:
        flags["gdelt_tone"] = parse_float(row["AvgTone"], "AvgTone", low=-100, high=100)
    ident = f"{PREFIX}:{gid}"
    document = Document(
        id=ident, text="", url=row["SOURCEURL"], source=PREFIX, published=published, origin=where, flags=flags
    )
    event = imported_event(
        ident,
        date=date,
        reading=reading,
        cameo=code,
        goldstein=goldstein,
        source=source,
        target=target,
        location=location,
        mentions=mentions,
    )
    return Parsed(document, event)


def _day(value: str) -> dt.date | None:
    """A YYYYMMDD date (strptime is slow at GDELT's row rates)."""
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _sqldate(value: str) -> str:
    day = _day(value)
    if day is None:
        raise ValueError(f"SQLDATE {value!r} is not a YYYYMMDD date")
    return day.isoformat()


def _dateadded(value: str) -> str | None:
    if not value:
        return None
    day = _day(value[:8]) if len(value) in (8, 14) and value.isdigit() else None
    if day is None:
        raise ValueError(f"DATEADDED {value!r} is not a YYYYMMDDHHMMSS date")
    return day.isoformat()


def _actor(row: dict[str, str], prefix: str) -> ActorRef | None:
    """A GDELT actor as comity codes it: the country (CountryCode, else the code's first three
    letters) when it is a known state, else IGO/NGO/IMG/MNC/UIS; sector from Type1Code."""
    raw = row[f"{prefix}Code"].upper()
    name = row[f"{prefix}Name"]
    country = row[f"{prefix}CountryCode"].upper()
    if not raw and not name:
        return None
    code = country if is_state(country) else raw[:3] if is_state(raw[:3]) else ""
    if not code and raw[:3] in NON_STATE_CODES:
        code = raw[:3]
    if not code and not raw and name:
        code = state_code(name) or organisation_code(name)
    if not code:
        return None
    types = [row[f"{prefix}Type{i}Code"] for i in (1, 2, 3)]
    sector = sector_of(types)
    if not sector and len(raw) >= 6 and raw[3:6] in SECTORS:
        sector = raw[3:6]
    return ActorRef(actorText=name, code=code, sector=sector, name=name)


def _location(row: dict[str, str]) -> Location | None:
    full = row["ActionGeo_FullName"]
    lat, lon = row["ActionGeo_Lat"], row["ActionGeo_Long"]
    lat_ = parse_float(lat, "ActionGeo_Lat", low=-90, high=90) if lat else None
    lon_ = parse_float(lon, "ActionGeo_Long", low=-180, high=180) if lon else None
    if not full:
        return None
    parts = [p.strip() for p in full.split(",") if p.strip()]
    country = state_code(parts[-1]) if parts else ""
    return Location(name=parts[0] if parts else full, country=country, lat=lat_, lon=lon_)

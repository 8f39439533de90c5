"""The actor dictionary: states, organisations, people and sector words, loaded from data files.

Tables (in ``comity/actors/data/``, validated on load, errors name the file and row):

- ``countries.tsv``        code, iso2, name, from, until — every state and territory, historical ones too
- ``state_aliases.tsv``    code, alias, type (name/demonym/capital/seat), sector
- ``organisations.yaml``   IGOs, NGOs, armed groups, national agencies and forces, parties, media
- ``people_*.yaml``        heads of state and government, ministers, opposition, with dated roles
- ``agents.tsv``           role words -> sector ("troops" -> MIL, "police" -> COP)

User files (``--actors my.yaml``) hold ``organisations``/``people``/``aliases`` lists in the same
formats and override built-in entries with the same id.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from comity.errors import ComityError, E
from comity.model import Actor, ActorKind, Sector

try:  # the C loader is ~10x faster on the people tables
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

SECTORS = frozenset(s.value for s in Sector)
SPECIAL_CODES = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS"})
ALIAS_TYPES = frozenset({"name", "demonym", "capital", "seat"})
AGENT_KINDS = frozenset({"group", "role", "vehicle", "body"})


def fold(text: str) -> str:
    """The matching key of a name: case-folded, no diacritics, no dots, one space, no leading 'the'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("–", "-")
    text = text.replace(".", "").casefold()
    text = " ".join(text.split())
    if text.startswith("the "):
        text = text[4:]
    return text


def case_sensitive(alias: str) -> bool:
    """Short all-caps aliases (US, UN, ROK, U.S.) only match in capitals: 'us' is a pronoun."""
    letters = alias.replace(".", "").replace(" ", "").replace("-", "")
    return letters.isupper() and len(letters) <= 5


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    sector: str
    start: str = ""  # ISO date, month or year
    end: str = ""  # empty: still in office

    def covers(self, date: str) -> bool:
        day = date[:10]
        start = _first_day(self.start) if self.start else "0000"
        end = _last_day(self.end) if self.end else "9999"
        return start <= day <= end


def _first_day(d: str) -> str:
    return {4: d + "-01-01", 7: d + "-01"}.get(len(d), d)


def _last_day(d: str) -> str:
    return {4: d + "-12-31", 7: d + "-31"}.get(len(d), d)


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary entry: a state, an organisation or a person."""

    id: str
    name: str
    code: str
    kind: ActorKind
    sectors: tuple[str, ...] = ()
    country: str = ""
    roles: tuple[Role, ...] = ()
    after: str = "ELI"
    valid_from: str = ""
    valid_until: str = ""

    def actor(self, date: str | None = None, *, sector: str = "") -> Actor:
        """The actor this entry stands for on ``date`` (a person's sector follows their roles)."""
        sectors = self.sectors
        if self.kind is ActorKind.PERSON:
            sectors = (self._person_sector(date),)
        if sector:
            sectors = (sector, *[s for s in sectors if s != sector])
        return Actor(
            code=self.code, name=self.name, kind=self.kind, sectors=sectors, id=self.id, country=self.country
        )

    def _person_sector(self, date: str | None) -> str:
        if not self.roles:
            return self.after
        if date:
            current = [r for r in self.roles if r.covers(date)]
            if current:
                return current[-1].sector
            if all(r.start and _first_day(r.start) > date[:10] for r in self.roles):
                return self.after if self.after != "ELI" else self.roles[0].sector
            return self.after
        # no date: the most recent role's sector if it is open, else `after`
        last = self.roles[-1]
        return last.sector if not last.end else self.after

    def active_on(self, date: str | None) -> bool:
        if not date:
            return not self.valid_until
        day = date[:10]
        if self.valid_from and day < _first_day(self.valid_from):
            return False
        return not (self.valid_until and day > _last_day(self.valid_until))


@dataclass(frozen=True, slots=True)
class Alias:
    entry_id: str
    text: str  # as written in the table
    type: str  # name, demonym, capital, seat, person, organisation, surname
    sector: str = ""
    exact_case: bool = False


@dataclass(frozen=True, slots=True)
class Agent:
    term: str
    sector: str
    kind: str


@dataclass(slots=True)
class ActorDictionary:
    entries: dict[str, Entry] = field(default_factory=dict)
    aliases: dict[str, list[Alias]] = field(default_factory=dict)  # fold(alias) -> candidates
    agents: dict[str, Agent] = field(default_factory=dict)  # lowercase term -> agent
    state_ids: dict[str, str] = field(default_factory=dict)  # code -> entry id

    def add_alias(self, alias: Alias) -> None:
        key = fold(alias.text)
        if not key:
            return
        bucket = self.aliases.setdefault(key, [])
        if all((a.entry_id, a.type, a.text) != (alias.entry_id, alias.type, alias.text) for a in bucket):
            bucket.append(alias)

    def lookup(self, text: str, *, date: str | None = None) -> list[tuple[Entry, Alias]]:
        """Entries a name may refer to, best first; exact-case aliases need the exact case."""
        key = fold(text)
        out = []
        stripped = text.strip()
        if stripped.lower().startswith("the "):
            stripped = stripped[4:]
        for alias in self.aliases.get(key, ()):
            if alias.exact_case and stripped.replace(".", "") != alias.text.replace(".", "").removeprefix(
                "the "
            ):
                continue
            out.append((self.entries[alias.entry_id], alias))
        out.sort(key=lambda c: not c[0].active_on(date) if date else False)
        return out

    def state(self, code: str) -> Entry | None:
        entry_id = self.state_ids.get(code)
        return self.entries.get(entry_id) if entry_id else None


# --------------------------------------------------------------------------- loading


def _data_dir() -> Any:
    return resources.files("comity.actors").joinpath("data")


def _read_tsv(name: str, columns: list[str]) -> Iterable[tuple[int, dict[str, str]]]:
    text = _data_dir().joinpath(name).read_text(encoding="utf-8")
    lines = [
        (i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")
    ]
    if not lines:
        return
    header = lines[0][1].split("\t")
    if header[: len(columns)] != columns:
        raise ComityError(E.E201, where=name, detail=f"header must be {columns}, got {header}")
    for lineno, line in lines[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        cells += [""] * (len(columns) - len(cells))
        yield lineno, {c: cells[i].strip() for i, c in enumerate(columns)}


def _check(cond: bool, file: str, where: str, detail: str) -> None:
    if not cond:
        raise ComityError(E.E201, where=file, detail=f"{where}: {detail}")


def _check_code(code: str, file: str, where: str) -> None:
    _check(len(code) == 3 and code.isalpha() and code.isupper(), file, where, f"bad actor code {code!r}")


def _check_sectors(sectors: Iterable[str], file: str, where: str) -> None:
    for s in sectors:
        _check(s in SECTORS, file, where, f"unknown sector {s!r}")


def _load_countries(d: ActorDictionary) -> None:
    name = "countries.tsv"
    for lineno, row in _read_tsv(name, ["code", "iso2", "name", "from", "until"]):
        where = f"line {lineno}"
        _check_code(row["code"], name, where)
        entry = Entry(
            id=f"state:{row['code']}",
            name=row["name"],
            code=row["code"],
            kind=ActorKind.STATE,
            sectors=(),
            country=row["code"],
            valid_from=row["from"],
            valid_until=row["until"],
        )
        d.entries[entry.id] = entry
        d.state_ids[row["code"]] = entry.id
        d.add_alias(Alias(entry.id, row["name"], "name", exact_case=case_sensitive(row["name"])))


def _load_state_aliases(d: ActorDictionary) -> None:
    name = "state_aliases.tsv"
    for lineno, row in _read_tsv(name, ["code", "alias", "type", "sector"]):
        where = f"line {lineno}"
        _check(row["code"] in d.state_ids, name, where, f"unknown state code {row['code']!r}")
        _check(row["type"] in ALIAS_TYPES, name, where, f"unknown alias type {row['type']!r}")
        if row["sector"]:
            _check_sectors([row["sector"]], name, where)
        d.add_alias(
            Alias(
                d.state_ids[row["code"]],
                row["alias"],
                row["type"],
                row["sector"],
                exact_case=case_sensitive(row["alias"]),
            )
        )


def _as_str(value: Any) -> str:
    return "" if value is None else str(value)


ORG_KEYS = frozenset({"id", "name", "code", "country", "sectors", "kind", "aliases", "parent"})
PERSON_KEYS = frozenset({"id", "name", "country", "aliases", "roles", "after", "org"})


def _check_entry(item: Any, file: str, index: int, allowed: frozenset[str], required: tuple[str, ...]) -> str:
    """Validate one YAML entry's shape; returns its place ("entry 7 (putin-vladimir)") for messages."""
    where = f"entry {index} ({item.get('id', '?')})" if isinstance(item, Mapping) else f"entry {index}"
    _check(isinstance(item, Mapping), file, where, "must be a mapping")
    unknown = set(item) - allowed
    _check(not unknown, file, where, f"unknown field(s) {sorted(unknown)}")
    for key in required:
        _check(bool(item.get(key)), file, where, f"missing field {key!r}")
    return where


def _add_organisation(d: ActorDictionary, item: Mapping[str, Any], file: str, index: int) -> None:
    where = _check_entry(item, file, index, ORG_KEYS, ("id", "name", "code"))
    code = str(item["code"])
    _check_code(code, file, where)
    sectors = tuple(item.get("sectors") or ())
    _check_sectors(sectors, file, where)
    kind = str(item.get("kind") or "organisation")
    _check(
        kind in ("organisation", "group"), file, where, f"kind must be organisation or group, not {kind!r}"
    )
    entry = Entry(
        id=f"org:{item['id']}",
        name=str(item["name"]),
        code=code,
        kind=ActorKind(kind),
        sectors=sectors,
        country=_as_str(item.get("country")),
    )
    d.entries[entry.id] = entry
    for alias in (str(a) for a in [entry.name, *(item.get("aliases") or ())]):
        d.add_alias(Alias(entry.id, alias, "organisation", exact_case=case_sensitive(alias)))


def _date_str(value: Any, file: str, where: str) -> str:
    if value is None or value == "":
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    ok = len(text) in (4, 7, 10) and text[:4].isdigit()
    _check(ok, file, where, f"bad date {text!r}")
    return text


def _add_person(d: ActorDictionary, item: Mapping[str, Any], file: str, index: int) -> None:
    where = _check_entry(item, file, index, PERSON_KEYS, ("id", "name", "country"))
    country = str(item["country"])
    _check_code(country, file, where)
    roles = []
    for r in item.get("roles") or ():
        _check(isinstance(r, Mapping) and r.get("sector"), file, where, "role needs a sector")
        _check_sectors([r["sector"]], file, where)
        roles.append(
            Role(
                title=_as_str(r.get("title")),
                sector=str(r["sector"]),
                start=_date_str(r.get("start"), file, where),
                end=_date_str(r.get("end"), file, where),
            )
        )
    roles.sort(key=lambda r: _first_day(r.start) if r.start else "0000")
    after = str(item.get("after") or "ELI")
    _check_sectors([after], file, where)
    entry = Entry(
        id=f"person:{item['id']}",
        name=str(item["name"]),
        code=country,
        kind=ActorKind.PERSON,
        country=country,
        roles=tuple(roles),
        after=after,
    )
    d.entries[entry.id] = entry
    for alias in [entry.name, *(item.get("aliases") or ())]:
        d.add_alias(Alias(entry.id, str(alias), "person", exact_case=case_sensitive(str(alias))))


def _load_yaml_list(path: Any, file: str) -> list[Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        raise ComityError(E.E201, where=file, detail=f"{line}{getattr(exc, 'problem', exc)}") from exc
    return data or []


def _load_agents(d: ActorDictionary) -> None:
    name = "agents.tsv"
    for lineno, row in _read_tsv(name, ["term", "sector", "kind"]):
        where = f"line {lineno}"
        _check_sectors([row["sector"]], name, where)
        kind = row["kind"] or "group"
        _check(kind in AGENT_KINDS, name, where, f"unknown agent kind {kind!r}")
        d.agents[row["term"].lower()] = Agent(row["term"].lower(), row["sector"], kind)


def _load_user_file(d: ActorDictionary, path: Path) -> None:
    file = str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as exc:
        raise ComityError(E.E202, where=file, detail=str(exc)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        raise ComityError(E.E202, where=file, detail=f"{line}{getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, Mapping):
        raise ComityError(
            E.E202, where=file, detail="top level must be a mapping with organisations/people/aliases"
        )
    unknown = set(data) - {"organisations", "people", "aliases"}
    if unknown:
        raise ComityError(E.E202, where=file, detail=f"unknown section(s) {sorted(unknown)}")
    try:
        for i, item in enumerate(data.get("organisations") or (), 1):
            _add_organisation(d, item, file, i)
        for i, item in enumerate(data.get("people") or (), 1):
            _add_person(d, item, file, i)
        for i, item in enumerate(data.get("aliases") or (), 1):
            where = f"aliases entry {i}"
            _check(
                isinstance(item, Mapping) and item.get("alias") and item.get("code"),
                file,
                where,
                "needs alias and code",
            )
            entry_id = d.state_ids.get(str(item["code"])) or str(item["code"])
            _check(entry_id in d.entries, file, where, f"unknown code or id {item['code']!r}")
            d.add_alias(
                Alias(
                    entry_id,
                    str(item["alias"]),
                    str(item.get("type") or "name"),
                    str(item.get("sector") or ""),
                    exact_case=case_sensitive(str(item["alias"])),
                )
            )
    except ComityError as exc:
        raise ComityError(E.E202, where=file, detail=exc.detail) from exc


def load_dictionary(user_files: tuple[str, ...] = ()) -> ActorDictionary:
    """The built-in dictionary, extended/overridden by the actor files of the settings
    (``actors.files``) and then by ``user_files`` (``--actors``)."""
    from comity.settings import load_settings

    configured = tuple(str(f) for f in load_settings().get("actors.files", ()) or ())
    return _load_dictionary(configured + tuple(user_files))


@cache
def _load_dictionary(user_files: tuple[str, ...]) -> ActorDictionary:
    d = ActorDictionary()
    _load_countries(d)
    _load_state_aliases(d)
    data = _data_dir()
    org = data.joinpath("organisations.yaml")
    for i, item in enumerate(_load_yaml_list(org, "organisations.yaml"), 1):
        _add_organisation(d, item, "organisations.yaml", i)
    for path in sorted(data.iterdir(), key=lambda p: p.name):
        if path.name.startswith("people") and path.name.endswith(".yaml"):
            for i, item in enumerate(_load_yaml_list(path, path.name), 1):
                _add_person(d, item, path.name, i)
    _load_agents(d)
    for user in user_files:
        _load_user_file(d, Path(user))
    return d

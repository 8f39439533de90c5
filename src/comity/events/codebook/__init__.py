"""The event codebook: CAMEO codes, verb and noun triggers, light verbs and modality cues.

The tables are data files in this package, read and validated once by :func:`load_codebook`:

- ``plover.yaml``       PLOVER types with their modes, and the global list of contexts
- ``cameo.tsv``         every CAMEO code: PLOVER type, mode, context, Goldstein value
- ``verbs.yaml``        verb lemmas and phrasal verbs ("call for") -> ordered rules
- ``nouns.yaml``        nominal triggers ("talks", "airstrike") -> ordered rules
- ``light_verbs.yaml``  verbs whose object noun carries the event ("hold talks")
- ``modality.yaml``     cue words for intended/hedged/hypothetical/reported events and negation

A rule is ``{cameo: "195", obj: [missile, rocket], prep: [from], type: ..., mode: ...,
context: ..., weak: true}``; only ``cameo`` is required (``null`` = explicitly no event).
Rules of one key are tried in order; the first whose conditions hold wins.

Usage::

    cb = load_codebook()
    rule = cb.match_verb("launch", objs={"missile"})   # -> Rule(cameo="195", type="FIGHT", ...)
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from comity.errors import ComityError, E
from comity.model import QUAD_OF_TYPE, PloverType

__all__ = [
    "CameoEntry",
    "Codebook",
    "Rule",
    "load_codebook",
    "load_codebook_from",
]

TSV_COLUMNS = ("cameo", "plover", "mode", "context", "goldstein", "description")
RULE_KEYS = frozenset({"cameo", "obj", "prep", "type", "mode", "context", "weak"})
MODALITY_KEYS = ("intended", "hedged", "hypothetical", "reported", "negation")
NO_TYPE = "-"  # cameo.tsv: a CAMEO code PLOVER dropped (public statements, appeals)

_CODE = re.compile(r"^\d{2,4}$")
_KEY = re.compile(r"^[a-z][a-z'-]*( [a-z][a-z'-]*)*$")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class CameoEntry:
    """One CAMEO code with its PLOVER reading. ``plover`` is None for codes PLOVER dropped."""

    code: str
    plover: str | None
    mode: str
    context: str  # comma-separated when there are several
    goldstein: float
    description: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One trigger rule: when its conditions hold, the trigger codes this event."""

    key: str  # "launch", "call for"
    cameo: str | None  # None = explicitly no event
    type: str | None  # PLOVER type (override or from cameo.tsv); None when cameo is None
    mode: str
    context: str
    goldstein: float
    obj: frozenset[str]  # lemmas of the object/complement noun; empty = any
    prep: frozenset[str]  # prepositions attached to the trigger; empty = any
    weak: bool  # often not political: lower confidence

    def applies(self, objs: Collection[str], preps: Collection[str]) -> bool:
        if self.obj and self.obj.isdisjoint(objs):
            return False
        return not (self.prep and self.prep.isdisjoint(preps))


@dataclass(frozen=True)
class Codebook:
    cameo: Mapping[str, CameoEntry]
    verbs: Mapping[str, tuple[Rule, ...]]
    nouns: Mapping[str, tuple[Rule, ...]]
    light_verbs: frozenset[str]
    modality: Mapping[str, frozenset[str]]
    modes: Mapping[str, frozenset[str]]  # PLOVER type -> its modes
    contexts: frozenset[str]

    def match_verb(self, key: str, *, objs: Collection[str] = (), preps: Collection[str] = ()) -> Rule | None:
        """The first rule of verb ``key`` whose obj/prep conditions hold; None when the key
        is unknown or no rule applies. A returned rule with ``cameo`` None means: no event."""
        return _match(self.verbs, key, objs, preps)

    def match_noun(self, key: str, *, objs: Collection[str] = (), preps: Collection[str] = ()) -> Rule | None:
        """As :meth:`match_verb`, for nominal triggers ("talks", "airstrike")."""
        return _match(self.nouns, key, objs, preps)

    def default_code(self, plover: str) -> tuple[str, float]:
        """The CAMEO code (and its Goldstein value) that stands for a PLOVER type when nothing
        more specific is known: the shortest code of that type, an x0 "not specified" code first."""
        codes = _DEFAULT_CODES.get(id(self.cameo))
        if codes is None:
            codes = _DEFAULT_CODES[id(self.cameo)] = _default_codes(self.cameo)
        return codes.get(plover, ("", 0.0))


_DEFAULT_CODES: dict[int, dict[str, tuple[str, float]]] = {}


def _default_codes(cameo: Mapping[str, CameoEntry]) -> dict[str, tuple[str, float]]:
    out: dict[str, tuple[str, float]] = {}

    def rank(e: CameoEntry) -> tuple[bool, int, bool, str]:
        return (len(e.code) < 3, len(e.code), not e.code.endswith("0"), e.code)

    for entry in sorted(cameo.values(), key=rank):
        if entry.plover and entry.plover not in out:
            out[entry.plover] = (entry.code, entry.goldstein)
    return out


def _match(
    table: Mapping[str, tuple[Rule, ...]],
    key: str,
    objs: Collection[str],
    preps: Collection[str],
) -> Rule | None:
    rules = table.get(key) or table.get(key.lower())
    if not rules:
        return None
    objs = {o.lower() for o in objs}
    preps = {p.lower() for p in preps}
    for rule in rules:
        if rule.applies(objs, preps):
            return rule
    return None


@functools.cache
def load_codebook() -> Codebook:
    """The packaged codebook, read and validated once. A bad row raises ComityError E201."""
    return load_codebook_from(resources.files(__package__))


def load_codebook_from(folder: Path | Traversable) -> Codebook:
    """Read and validate the codebook files in ``folder`` (used by tests on edited copies)."""
    modes, contexts = _read_plover(_read_text(folder, "plover.yaml"))
    cameo = _read_cameo(_read_text(folder, "cameo.tsv"), modes, contexts)
    checker = _RuleChecker(cameo, modes, contexts)
    verbs = checker.read_rules(_read_text(folder, "verbs.yaml"), "verbs.yaml")
    nouns = checker.read_rules(_read_text(folder, "nouns.yaml"), "nouns.yaml")
    light = _read_light_verbs(_read_text(folder, "light_verbs.yaml"))
    modality = _read_modality(_read_text(folder, "modality.yaml"))
    return Codebook(
        cameo=MappingProxyType(cameo),
        verbs=MappingProxyType(verbs),
        nouns=MappingProxyType(nouns),
        light_verbs=light,
        modality=MappingProxyType(modality),
        modes=MappingProxyType(modes),
        contexts=contexts,
    )


# -- reading -----------------------------------------------------------------------------------


def _fail(where: str, detail: str) -> ComityError:
    return ComityError(E.E201, where=where, detail=detail)


def _read_text(folder: Path | Traversable, name: str) -> str:
    try:
        return folder.joinpath(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(name, f"cannot read ({exc})") from exc


def _yaml(text: str, where: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        raise _fail(where, f"{line}malformed YAML ({getattr(exc, 'problem', exc)})") from exc


def _read_plover(text: str) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    where = "plover.yaml"
    data = _yaml(text, where)
    if not isinstance(data, dict) or set(data) != {"types", "contexts"}:
        raise _fail(where, "expected the keys 'types' and 'contexts'")
    types = data["types"]
    if not isinstance(types, dict) or set(types) != {t.value for t in PloverType}:
        raise _fail(where, "'types' must list exactly the PLOVER types of comity.model")
    modes: dict[str, frozenset[str]] = {}
    for name, values in types.items():
        if not _str_list(values):
            raise _fail(where, f"type {name!r}: modes must be a list of lowercase strings")
        modes[name] = frozenset(values)
    if not _str_list(data["contexts"]) or not data["contexts"]:
        raise _fail(where, "'contexts' must be a list of lowercase strings")
    return modes, frozenset(data["contexts"])


def _read_cameo(
    text: str, modes: Mapping[str, frozenset[str]], contexts: frozenset[str]
) -> dict[str, CameoEntry]:
    where = "cameo.tsv"
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    lines = [(n, line) for n, line in lines if not line.startswith("#")]
    if not lines or tuple(lines[0][1].split("\t")) != TSV_COLUMNS:
        raise _fail(where, f"the header must be: {' '.join(TSV_COLUMNS)}")
    table: dict[str, CameoEntry] = {}
    for n, line in lines[1:]:
        row = next(csv.reader(io.StringIO(line), delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(row) != len(TSV_COLUMNS):
            raise _fail(where, f"line {n}: {len(row)} columns, expected {len(TSV_COLUMNS)}")
        code, plover, mode, context, goldstein, description = (c.strip() for c in row)
        if not _CODE.match(code):
            raise _fail(where, f"line {n}: bad CAMEO code {code!r}")
        if code in table:
            raise _fail(where, f"line {n}: duplicate CAMEO code {code!r}")
        if len(code) > 2 and code[:2] not in table:
            raise _fail(where, f"line {n}: code {code!r} comes before its category {code[:2]!r}")
        if plover == NO_TYPE:
            if mode or context:
                raise _fail(where, f"line {n}: code {code!r} has no PLOVER type but a mode/context")
        elif plover not in modes:
            raise _fail(where, f"line {n}: unknown PLOVER type {plover!r}")
        problem = _check_mode_context(plover, mode, context, modes, contexts)
        if problem:
            raise _fail(where, f"line {n}: {problem}")
        value = _goldstein(goldstein)
        if value is None:
            raise _fail(where, f"line {n}: Goldstein value {goldstein!r} is not a number in -10..10")
        if not description:
            raise _fail(where, f"line {n}: empty description")
        table[code] = CameoEntry(
            code=code,
            plover=None if plover == NO_TYPE else plover,
            mode=mode,
            context=context,
            goldstein=value,
            description=description,
        )
    return table


def _goldstein(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if -10.0 <= value <= 10.0 else None


def _check_mode_context(
    plover: str,
    mode: str,
    context: str,
    modes: Mapping[str, frozenset[str]],
    contexts: frozenset[str],
) -> str:
    if mode and mode not in modes.get(plover, frozenset()):
        return f"mode {mode!r} is not a mode of {plover}"
    for part in context.split(",") if context else ():
        if part not in contexts:
            return f"unknown context {part!r}"
    return ""


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, str) and v and v == v.lower() and v == v.strip() for v in value
    )


class _RuleChecker:
    """Turns the raw YAML of verbs.yaml/nouns.yaml into validated Rule tuples."""

    def __init__(
        self,
        cameo: Mapping[str, CameoEntry],
        modes: Mapping[str, frozenset[str]],
        contexts: frozenset[str],
    ) -> None:
        self.cameo = cameo
        self.modes = modes
        self.contexts = contexts

    def read_rules(self, text: str, where: str) -> dict[str, tuple[Rule, ...]]:
        data = _yaml(text, where)
        if not isinstance(data, dict) or not data:
            raise _fail(where, "expected a mapping of trigger lemma -> list of rules")
        table: dict[str, tuple[Rule, ...]] = {}
        for key, raw_rules in data.items():
            if not isinstance(key, str) or not _KEY.match(key):
                raise _fail(where, f"entry {key!r}: keys are lowercase lemmas, words joined by one space")
            if not isinstance(raw_rules, list) or not raw_rules:
                raise _fail(where, f"entry {key!r}: expected a non-empty list of rules")
            rules = []
            for i, raw in enumerate(raw_rules, 1):
                try:
                    rule = self.rule(key, raw)
                except ValueError as exc:
                    raise _fail(where, f"entry {key!r} rule {i}: {exc}") from None
                if rules and not (rules[-1].obj or rules[-1].prep):
                    raise _fail(where, f"entry {key!r} rule {i}: unreachable after a default rule")
                rules.append(rule)
            table[key] = tuple(rules)
        return table

    def rule(self, key: str, raw: Any) -> Rule:
        if not isinstance(raw, dict):
            raise ValueError('a rule is a mapping like {cameo: "190"}')
        unknown = set(raw) - RULE_KEYS
        if unknown:
            raise ValueError(f"unknown rule key(s) {', '.join(sorted(map(str, unknown)))}")
        if "cameo" not in raw:
            raise ValueError("'cameo' is required (a CAMEO code, or null for no event)")
        obj = raw.get("obj", [])
        prep = raw.get("prep", [])
        for name, value in (("obj", obj), ("prep", prep)):
            if not _str_list(value) or (not value and name in raw):
                raise ValueError(f"'{name}' must be a non-empty list of lowercase strings")
        weak = raw.get("weak", False)
        if not isinstance(weak, bool):
            raise ValueError("'weak' must be true or false")
        code = raw["cameo"]
        if code is None:
            if {"type", "mode", "context"} & set(raw):
                raise ValueError("a rule with cameo null is no event: no type/mode/context")
            return Rule(key, None, None, "", "", 0.0, frozenset(obj), frozenset(prep), weak)
        if not isinstance(code, str) or code not in self.cameo:
            raise ValueError(f"unknown CAMEO code {code!r}")
        entry = self.cameo[code]
        plover = raw.get("type", entry.plover)
        if plover is None:
            raise ValueError(f"CAMEO code {code!r} has no PLOVER type: set 'type'")
        if plover not in self.modes:
            raise ValueError(f"unknown PLOVER type {plover!r}")
        # an inherited mode that the overriding type lacks is dropped
        inherited = entry.mode if entry.mode in self.modes[plover] else ""
        mode = raw.get("mode", inherited)
        context = raw.get("context", entry.context)
        if not isinstance(mode, str) or not isinstance(context, str):
            raise ValueError("'mode' and 'context' must be strings")
        problem = _check_mode_context(plover, mode, context, self.modes, self.contexts)
        if problem:
            raise ValueError(problem)
        return Rule(
            key,
            code,
            plover,
            mode,
            context,
            self._goldstein_for(plover, entry),
            frozenset(obj),
            frozenset(prep),
            weak,
        )

    def _goldstein_for(self, plover: str, entry: CameoEntry) -> float:
        """The CAMEO code's Goldstein value, unless a type override turned it to the other side
        (an appeal, CAMEO 02 at +3, coded DEMAND): then the Goldstein value of a code that
        maps to that type, so scores never count a conflict as cooperation or the reverse."""
        conflict = QUAD_OF_TYPE[PloverType(plover)] in (3, 4)
        if (entry.goldstein < 0) == conflict or entry.goldstein == 0:
            return entry.goldstein
        values = sorted(e.goldstein for e in self.cameo.values() if e.plover == plover and len(e.code) == 3)
        return values[len(values) // 2] if values else entry.goldstein


def _read_light_verbs(text: str) -> frozenset[str]:
    where = "light_verbs.yaml"
    data = _yaml(text, where)
    if not _str_list(data) or not data:
        raise _fail(where, "expected a list of lowercase verb lemmas")
    for item in data:
        if not _KEY.match(item):
            raise _fail(where, f"entry {item!r}: not a lowercase lemma")
    if len(set(data)) != len(data):
        dup = next(v for v in data if data.count(v) > 1)
        raise _fail(where, f"entry {dup!r}: listed twice")
    return frozenset(data)


def _read_modality(text: str) -> dict[str, frozenset[str]]:
    where = "modality.yaml"
    data = _yaml(text, where)
    if not isinstance(data, dict) or set(data) != set(MODALITY_KEYS):
        raise _fail(where, f"expected exactly the keys {', '.join(MODALITY_KEYS)}")
    out = {}
    for name in MODALITY_KEYS:
        if not _str_list(data[name]) or not data[name]:
            raise _fail(where, f"entry {name!r}: expected a list of lowercase cue strings")
        out[name] = frozenset(data[name])
    return out

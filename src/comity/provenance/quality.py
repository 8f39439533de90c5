"""Document quality: flags that say what was wrong with a page, and a 0..1 score built from them.

Cleaning (``comity.ingest.clean``) already counts what it removed: furniture, link blocks, teasers,
repeated paragraphs, glued headings, citation markers without references. Here those counts meet
what only the whole document shows — no byline, no date, a near-duplicate of an earlier page, how
many sentences hedge ("reports suggest", "may have"), how often the coder found the same event
stated again — and each becomes a penalty:

    penalty = min(cap, weight x value)        score = max(0, 1 - sum of penalties)

with weights and caps in ``quality.yaml`` (or the file in setting ``provenance.quality_file``).
A :class:`Quality` keeps every flag that cost something, with its value and penalty, so the score
can always be explained. :func:`update_quality` computes and stores it for stored documents (the
ingest runner calls it after each batch); :func:`ensure_quality` fills in whatever is missing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import yaml

from comity.errors import ComityError, E
from comity.provenance.wires import wire_of
from comity.settings import load_settings

if TYPE_CHECKING:
    from comity.model import Document
    from comity.store import Store

KINDS = ("count", "share", "flag")
_WORD = re.compile(r"[a-z]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n")


@dataclass(frozen=True, slots=True)
class FlagCost:
    name: str
    about: str
    kind: str  # count | share | flag
    weight: float
    cap: float


@dataclass(frozen=True, slots=True)
class QualitySpec:
    flags: Mapping[str, FlagCost]
    hedges: frozenset[str]  # lowercase phrases, words joined by one space
    where: str
    starts: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # first word -> phrases

    def hedges_in(self, sentence: str) -> bool:
        """Whether the sentence holds a hedge phrase (whole words, any case). Phrases are found
        from their first word, a set lookup per word: far faster than a regex alternation."""
        words = _WORD.findall(sentence.lower())
        for i, word in enumerate(words):
            for phrase in self.starts.get(word, ()):
                if len(phrase) == 1 or tuple(words[i : i + len(phrase)]) == phrase:
                    return True
        return False


@dataclass(frozen=True, slots=True)
class Contribution:
    flag: str
    value: float
    penalty: float
    about: str

    def to_dict(self) -> dict[str, Any]:
        return {"flag": self.flag, "value": self.value, "penalty": self.penalty, "about": self.about}


@dataclass(frozen=True, slots=True)
class Quality:
    score: float
    hedged: float  # share of sentences that hedge
    restated: float  # share of event statements restating an earlier one
    contributions: tuple[Contribution, ...]
    wire: str | None = None  # the news agency the document credits (comity.provenance.wires)

    @property
    def flags(self) -> list[str]:
        return [c.flag for c in self.contributions]

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "hedged": self.hedged,
            "restated": self.restated,
            "wire": self.wire,
            "flags": [c.to_dict() for c in self.contributions],
        }


# --------------------------------------------------------------------------- the data file


def _bad(where: str, detail: str) -> ComityError:
    return ComityError(E.E201, where=where, detail=detail)


def _number(entry: Mapping[str, Any], key: str, name: str, where: str) -> float:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise _bad(where, f"flag {name!r}: {key} must be a number >= 0, got {value!r}")
    return float(value)


def parse_spec(data: Any, where: str) -> QualitySpec:
    """Validate the contents of a quality file."""
    if not isinstance(data, Mapping) or not isinstance(data.get("flags"), Mapping):
        raise _bad(where, "needs a mapping 'flags'")
    flags: dict[str, FlagCost] = {}
    for name, entry in data["flags"].items():
        if not isinstance(entry, Mapping):
            raise _bad(where, f"flag {name!r} must be a mapping")
        kind = entry.get("kind")
        if kind not in KINDS:
            raise _bad(where, f"flag {name!r}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
        if name not in FLAG_VALUES:
            raise _bad(where, f"unknown flag {name!r} (known: {', '.join(FLAG_VALUES)})")
        flags[name] = FlagCost(
            name=str(name),
            about=str(entry.get("about") or name),
            kind=kind,
            weight=_number(entry, "weight", name, where),
            cap=_number(entry, "cap", name, where),
        )
    hedges = data.get("hedges")
    if not isinstance(hedges, list) or not all(isinstance(h, str) and h.strip() for h in hedges):
        raise _bad(where, "'hedges' must be a list of phrases")
    phrases = frozenset(" ".join(_WORD.findall(h.lower())) for h in hedges) - {""}
    starts: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases):
        words = tuple(phrase.split())
        starts.setdefault(words[0], []).append(words)
    return QualitySpec(
        flags=flags, hedges=phrases, where=where, starts={w: tuple(p) for w, p in starts.items()}
    )


@cache
def _load(path: str | None) -> QualitySpec:
    if path is None:
        text = resources.files("comity.provenance").joinpath("quality.yaml").read_text(encoding="utf-8")
        where = "quality.yaml"
    else:
        where = path
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise _bad(where, exc.strerror or str(exc)) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _bad(where, f"not YAML ({exc})".replace("\n", " ")) from exc
    return parse_spec(data, where)


def load_spec() -> QualitySpec:
    """The quality weights in force (``provenance.quality_file`` or the bundled file)."""
    path = load_settings().get("provenance.quality_file")
    return _load(str(path) if path else None)


# --------------------------------------------------------------------------- assessing


def sentences(text: str) -> list[str]:
    """The sentences of a cleaned text (a light split: enough to count hedges)."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]


def hedged_share(text: str, spec: QualitySpec | None = None) -> tuple[int, int]:
    """(sentences that hedge, sentences)."""
    spec = spec or load_spec()
    parts = sentences(text)
    return sum(1 for s in parts if spec.hedges_in(s)), len(parts)


def _count(flags: Mapping[str, Any], *names: str) -> float:
    total = 0.0
    for name in names:
        value = flags.get(name, 0)
        if isinstance(value, int | float) and not isinstance(value, bool):
            total += value
    return total


#: how each flag's value is read from a document (its cleaning flags, fields and event counts)
FLAG_VALUES: dict[str, Any] = {
    "furniture": lambda doc, _s, _r: _count(doc.flags, "furniture", "labels"),
    "related_links": lambda doc, _s, _r: _count(doc.flags, "related_links"),
    "teasers": lambda doc, _s, _r: _count(doc.flags, "teasers"),
    "glued_headings": lambda doc, _s, _r: _count(doc.flags, "glued_headings"),
    "repeated_paragraphs": lambda doc, _s, _r: _count(doc.flags, "duplicate_paragraphs"),
    "repeated_facts": lambda _d, _s, restated: restated,
    "citations_without_references": lambda doc, _s, _r: _count(doc.flags, "citations_without_references"),
    "missing_byline": lambda doc, _s, _r: float(not doc.flags.get("byline")),
    "missing_date": lambda doc, _s, _r: float(not doc.published),
    "near_duplicate": lambda doc, _s, _r: float(bool(doc.duplicate_of or doc.flags.get("near_duplicate"))),
    "hedged": lambda _d, hedged, _r: hedged,
}


def assess(
    document: Document, *, statements: int = 0, restated: int = 0, spec: QualitySpec | None = None
) -> Quality:
    """The quality of one document. ``statements`` is how many event statements the coder found
    in it (the sum of its events' mentions) and ``restated`` how many of them restate an event
    stated before (mentions beyond each event's first)."""
    spec = spec or load_spec()
    hedged, total = hedged_share(document.text, spec)
    hedged_ratio = round(hedged / total, 3) if total else 0.0
    restated_ratio = round(restated / statements, 3) if statements else 0.0
    contributions = []
    for name, cost in spec.flags.items():
        value = float(FLAG_VALUES[name](document, hedged_ratio, restated_ratio))
        penalty = round(min(cost.cap, cost.weight * value), 3)
        if penalty > 0:
            contributions.append(Contribution(name, round(value, 3), penalty, cost.about))
    contributions.sort(key=lambda c: -c.penalty)
    score = round(max(0.0, 1.0 - sum(c.penalty for c in contributions)), 3)
    return Quality(score, hedged_ratio, restated_ratio, tuple(contributions), wire_of(document.text))


# --------------------------------------------------------------------------- storing

_QUALITY_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("score", pa.float64()),
        ("hedged", pa.float64()),
        ("restated", pa.float64()),
        ("detail", pa.string()),
        ("upstream", pa.string()),
    ]
)

_STATEMENTS = """
SELECT doc_id, sum(greatest(mentions, 1))::BIGINT, sum(greatest(mentions, 1) - 1)::BIGINT
FROM events WHERE doc_id IN (SELECT id FROM _comity_q_ids) GROUP BY doc_id
"""

_DOCUMENTS = """
SELECT id, text, flags::VARCHAR, published, duplicate_of FROM documents
WHERE id IN (SELECT id FROM _comity_q_ids) ORDER BY seq
"""

_MISSING = """
SELECT d.id FROM documents d ANTI JOIN document_quality q ON q.doc_id = d.id ORDER BY d.seq
"""


def update_quality(store: Store, doc_ids: Iterable[str] | None = None, *, chunk: int = 2_000) -> int:
    """Compute and store the quality of ``doc_ids`` (every document without one when None),
    replacing what was stored for them. Returns how many documents were assessed."""
    if store.read_only:
        raise ComityError(E.E301, where=store.path, detail="store is open read-only")
    spec = load_spec()
    ids = (
        [row[0] for row in store.con.execute(_MISSING).fetchall()]
        if doc_ids is None
        else list(dict.fromkeys(doc_ids))
    )
    done = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        rows = _assess_chunk(store, part, spec)
        _write(store, part, rows)
        done += len(rows["doc_id"])
    return done


def ensure_quality(store: Store) -> int:
    """Assess the documents that have no quality yet (older stores, interrupted runs)."""
    ((missing,),) = store.con.execute(f"SELECT count(*) FROM ({_MISSING})").fetchall()
    if not missing or store.read_only:
        return 0
    return update_quality(store)


def _assess_chunk(store: Store, ids: list[str], spec: QualitySpec) -> dict[str, list]:
    from comity.model import Document

    con = store.con
    con.register("_comity_q_ids", pa.table({"id": pa.array(ids, pa.string())}))
    try:
        counts = {doc: (int(n), int(r)) for doc, n, r in con.execute(_STATEMENTS).fetchall()}
        stored = con.execute(_DOCUMENTS).fetchall()
    finally:
        con.unregister("_comity_q_ids")
    rows: dict[str, list] = {name: [] for name in _QUALITY_SCHEMA.names}
    for doc_id, text, flags, published, duplicate_of in stored:
        document = Document(
            id=doc_id, text=text, flags=json.loads(flags), published=published, duplicate_of=duplicate_of
        )
        statements, restated = counts.get(doc_id, (0, 0))
        quality = assess(document, statements=statements, restated=restated, spec=spec)
        rows["doc_id"].append(doc_id)
        rows["score"].append(quality.score)
        rows["hedged"].append(quality.hedged)
        rows["restated"].append(quality.restated)
        rows["detail"].append(json.dumps([c.to_dict() for c in quality.contributions], ensure_ascii=False))
        rows["upstream"].append(quality.wire)
    return rows


def _write(store: Store, ids: list[str], rows: dict[str, list]) -> None:
    con = store.con
    con.begin()
    try:
        con.register("_comity_q_ids", pa.table({"id": pa.array(ids, pa.string())}))
        con.register("_comity_q_rows", pa.Table.from_pydict(rows, schema=_QUALITY_SCHEMA))
        con.execute("DELETE FROM document_quality WHERE doc_id IN (SELECT id FROM _comity_q_ids)")
        con.execute(
            "INSERT INTO document_quality (doc_id, score, hedged, restated, detail, upstream) "
            "SELECT doc_id, score, hedged, restated, detail::JSON, upstream FROM _comity_q_rows"
        )
        con.commit()
    except Exception as exc:
        con.rollback()
        if type(exc).__module__.startswith(("duckdb", "_duckdb")):
            raise ComityError(E.E301, where=store.path, detail=f"quality: {exc}") from exc
        raise
    finally:
        for view in ("_comity_q_ids", "_comity_q_rows"):
            con.unregister(view)


def stored_quality(store: Store, doc_id: str) -> Quality | None:
    """The stored quality of one document, or None."""
    rows = store.con.execute(
        "SELECT score, hedged, restated, detail, upstream FROM document_quality WHERE doc_id = ?", [doc_id]
    ).fetchall()
    if not rows:
        return None
    score, hedged, restated, detail, upstream = rows[0]
    contributions = tuple(
        Contribution(c["flag"], c["value"], c["penalty"], c["about"]) for c in json.loads(detail)
    )
    return Quality(score, hedged, restated, contributions, upstream)

"""Annotations as standoff records over the news pages, and back to gold records.

Annotators write *work records* that quote the page (``eventText``, ``actorText``) and name
the unit they label (``sid``, from :mod:`comity.corpus.segment`). :func:`to_standoff` turns a
work record into a standoff record that keeps only offsets and labels — the page text stays in
``../shared`` — and :func:`materialize` turns a standoff record back into a gold record in the
shape of ``plover_gsr/dev.json`` (text, eventText, actorText filled in from the page), checking
every offset against the page on the way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from comity.corpus.segment import Unit, segment
from comity.model import PloverType, Sector

MODALITIES = frozenset({"asserted", "reported", "intended", "hedged", "negated", "hypothetical"})
#: why a unit states no codable event
NULL_KINDS = frozenset(
    {
        "furniture",  # menus, bylines, captions, links, prompts: not prose
        "background",
        "opinion",
        "statistics",
        "speech",  # attribution or quote with no codable act in it
        "hypothetical",
        "historical",
        "non_political",
        "other",
    }
)
#: the gold labels of ANNOTATION.md (CRIME is not one)
TYPES = frozenset(t.value for t in PloverType) - {"CRIME"}
SECTORS = frozenset(s.value for s in Sector)


class AnnotationError(ValueError):
    """One record that cannot be placed on its page or breaks the conventions."""


def default_pages_path() -> Path:
    return Path(__file__).resolve().parents[3].parent / "shared" / "data" / "news_pages" / "pages.jsonl"


@cache
def load_pages(path: str | None = None) -> dict[str, dict[str, Any]]:
    """Pages by id (``id``, ``date``, ``text`` ...) from ``pages.jsonl``."""
    p = Path(path) if path else default_pages_path()
    if not p.exists():
        raise FileNotFoundError(f"{p}: news pages not found (../shared/data/news_pages/pages.jsonl)")
    pages = {}
    with p.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                pages[row["id"]] = row
    return pages


@cache
def _units(page_id: str, path: str | None = None) -> dict[str, Unit]:
    page = load_pages(path)[page_id]
    return {u.sid: u for u in segment(page_id, page["text"])}


#: typographic variants read as their plain form when a quote is looked up (one char for one,
#: so offsets stay those of the page)
_PLAIN = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})


def _find(haystack: str, needle: str, start: int = 0) -> int:
    i = haystack.find(needle, start)
    if i < 0:
        i = haystack.lower().translate(_PLAIN).find(needle.lower().translate(_PLAIN), start)
    return i


def _sentence_span(rec: dict[str, Any], page: dict[str, Any], path: str | None) -> tuple[int, int]:
    sid = rec.get("sid") or ""
    page_id = sid.split(":")[0]
    units = _units(page_id, path)
    if sid not in units:
        raise AnnotationError(f"{sid}: no such unit")
    unit = units[sid]
    text = rec.get("text")
    if not text:
        return unit.start, unit.end
    # a corrected cut: the quoted text must lie on the page, near the unit it replaces
    lo = max(0, unit.start - 600)
    i = page["text"].find(text, lo)
    if i < 0 or i > unit.end + 600:
        raise AnnotationError(f"{sid}: 'text' is not an exact quote of the page near this unit")
    return i, i + len(text)


def _locate(sentence: str, quote: str, what: str, sid: str, base: int) -> list[list[int]]:
    """Offsets of a (possibly '...'-split) quote inside the sentence, as page offsets."""
    spans = []
    pos = 0
    for piece in [p.strip() for p in quote.split("...") if p.strip()]:
        i = _find(sentence, piece, pos)
        if i < 0:
            i = _find(sentence, piece)
        if i < 0:
            raise AnnotationError(f"{sid}: {what} {piece!r} is not in the sentence")
        spans.append([base + i, base + i + len(piece)])
        pos = i + len(piece)
    return spans


def _actors(rec: dict[str, Any], key: str, page: dict[str, Any], span: tuple[int, int]) -> list[dict]:
    sid = rec["sid"]
    out = []
    raw = rec.get(key) or []
    if isinstance(raw, dict):
        raw = [raw]
    for a in raw:
        code = (a.get("code") or "").strip().upper()
        sector = (a.get("sector") or "").strip().upper() or None
        if not code and not sector:
            raise AnnotationError(f"{sid}: {key} actor {a.get('actorText')!r} has neither code nor sector")
        if sector and sector not in SECTORS:
            raise AnnotationError(f"{sid}: unknown sector {sector!r}")
        if code and not (code.isalpha() and len(code) == 3):
            raise AnnotationError(f"{sid}: code {code!r} is not a three-letter code")
        item: dict[str, Any] = {"code": code}
        if sector:
            item["sector"] = sector
        quote = (a.get("actorText") or "").strip()
        if quote:
            sentence = page["text"][span[0] : span[1]]
            i = _find(sentence, quote)
            if i >= 0:
                item["span"] = [span[0] + i, span[0] + i + len(quote)]
            else:
                j = _find(page["text"], quote)
                if j < 0:
                    raise AnnotationError(f"{sid}: {key} actorText {quote!r} is not on the page")
                item["span"] = [j, j + len(quote)]
                item["outside"] = True
        out.append(item)
    return out


def to_standoff(
    rec: dict[str, Any], *, annotator: str, sample: str = "full", path: str | None = None
) -> dict:
    """A standoff record from a work record; raises AnnotationError naming the unit."""
    sid = rec.get("sid")
    if not sid or ":" not in str(sid):
        raise AnnotationError(f"{sid!r}: a record needs 'sid' like NP-0001:s3")
    pages = load_pages(path)
    page_id = sid.split(":")[0]
    if page_id not in pages:
        raise AnnotationError(f"{sid}: no page {page_id}")
    page = pages[page_id]
    span = _sentence_span(rec, page, path)
    event = rec.get("event") or None
    out: dict[str, Any] = {"id": sid, "page": page_id, "span": list(span), "date": page.get("date")}
    if event is None:
        kind = rec.get("kind") or "other"
        if kind not in NULL_KINDS:
            raise AnnotationError(f"{sid}: kind {kind!r} is not one of {sorted(NULL_KINDS)}")
        out.update(event=None, kind=kind)
    else:
        if event not in TYPES:
            raise AnnotationError(f"{sid}: event {event!r} is not a PLOVER type")
        alt = rec.get("alt_event") or None
        if alt and alt not in TYPES:
            raise AnnotationError(f"{sid}: alt_event {alt!r} is not a PLOVER type")
        modality = rec.get("modality") or "asserted"
        if modality not in MODALITIES:
            raise AnnotationError(f"{sid}: modality {modality!r} is not one of {sorted(MODALITIES)}")
        trigger = (rec.get("eventText") or "").strip()
        if not trigger:
            raise AnnotationError(f"{sid}: an event needs its eventText")
        sentence = page["text"][span[0] : span[1]]
        out.update(
            event=event,
            alt_event=alt,
            source=_actors(rec, "source", page, span),
            target=_actors(rec, "target", page, span),
            trigger=_locate(sentence, trigger, "eventText", sid, span[0]),
            modality=modality,
            event_date=_event_date(rec.get("event_date"), sid),
        )
        if not out["source"]:
            raise AnnotationError(f"{sid}: an event needs a source")
    if rec.get("note"):
        out["note"] = str(rec["note"])
    out["annotator"] = annotator
    out["sample"] = sample
    return out


def _event_date(value: Any, sid: str) -> str | None:
    if not value:
        return None
    s = str(value)
    parts = s.split("-")
    ok = len(parts[0]) == 4 and all(p.isdigit() for p in parts) and len(parts) <= 3
    ok = ok and all(len(p) == 2 for p in parts[1:])
    if not ok:
        raise AnnotationError(f"{sid}: event_date {s!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return s


def check_labels(rec: dict[str, Any], where: str) -> None:
    """The labels of a record with its own text (a written sentence): type, modality, codes."""
    event = rec.get("event")
    if event is None:
        return
    if event not in TYPES or (rec.get("alt_event") and rec["alt_event"] not in TYPES):
        raise AnnotationError(f"{where}: event {event!r} is not a PLOVER type")
    if (rec.get("modality") or "asserted") not in MODALITIES:
        raise AnnotationError(f"{where}: modality {rec.get('modality')!r} is not one of {sorted(MODALITIES)}")
    if not rec.get("source") or not rec.get("eventText"):
        raise AnnotationError(f"{where}: an event needs a source and its eventText")
    for a in [*(rec.get("source") or []), *(rec.get("target") or [])]:
        code, sector = (a.get("code") or "").upper(), (a.get("sector") or "").upper()
        if code and not (code.isalpha() and len(code) == 3):
            raise AnnotationError(f"{where}: code {code!r} is not a three-letter code")
        if sector and sector not in SECTORS:
            raise AnnotationError(f"{where}: unknown sector {sector!r}")
    _event_date(rec.get("event_date"), where)


def _quote(text: str, span: list[int], sid: str, what: str, page_len: int) -> str:
    a, b = span
    if not (0 <= a < b <= page_len):
        raise AnnotationError(f"{sid}: {what} offsets {span} are off the page")
    return text[a:b]


def materialize(rec: dict[str, Any], *, path: str | None = None) -> dict[str, Any]:
    """The gold record (dev.json shape) of a standoff record, its text read from the page."""
    pages = load_pages(path)
    sid = rec["id"]
    if rec["page"] not in pages:
        raise AnnotationError(f"{sid}: no page {rec['page']}")
    page = pages[rec["page"]]
    text = page["text"]
    sent = _quote(text, rec["span"], sid, "sentence", len(text))
    if sent != sent.strip() or not sent:
        raise AnnotationError(f"{sid}: sentence offsets {rec['span']} do not fit the page text")
    gold: dict[str, Any] = {
        "id": sid,
        "page": rec["page"],
        "date": rec.get("date") or page.get("date"),
        "text": sent,
        "event": rec.get("event"),
        "kind": rec.get("kind"),
        "annotator": rec.get("annotator"),
        "sample": rec.get("sample"),
        "note": rec.get("note"),
    }
    if rec.get("event"):
        for key in ("source", "target"):
            actors = []
            for a in rec.get(key) or []:
                item = {"code": a.get("code") or "", "sector": a.get("sector")}
                if a.get("span"):
                    item["actorText"] = _quote(text, a["span"], sid, f"{key} actor", len(text))
                    inside = rec["span"][0] <= a["span"][0] and a["span"][1] <= rec["span"][1]
                    if not inside and not a.get("outside"):
                        raise AnnotationError(f"{sid}: {key} actor offsets lie outside the sentence")
                actors.append(item)
            gold[key] = actors
        pieces = [_quote(text, s, sid, "eventText", len(text)) for s in rec.get("trigger") or []]
        s0 = rec["span"][0]
        gold.update(
            eventText=" ... ".join(pieces),
            trigger_rel=[[a - s0, b - s0] for a, b in rec.get("trigger") or []],
            alt_event=rec.get("alt_event"),
            modality=rec.get("modality"),
            event_date=rec.get("event_date"),
        )
    return gold


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise AnnotationError(f"{path}:{n}: malformed JSON ({exc.msg})") from exc


def write_jsonl(path: str | Path, rows: Iterable[dict[str, Any]]) -> None:
    with Path(path).open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")

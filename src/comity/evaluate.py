"""Score the coder against PLOVER gold-standard records (`comity eval GOLD.json`).

Metrics (per gold sentence, the coder's most confident event is its answer):
- ``acc_top``: the top event has the gold type; ``acc_any``: some event has it
- ``macro_f1``: mean F1 over the gold types, from the top events
- ``source_overlap``/``source_exact``: the event judged (best of the gold type, else the top one)
  shares a source code with the gold / has exactly the gold codes; ``target_*`` the same for
  targets over records with a gold target
- ``events_per_sentence``, ``no_event_rate``, and per-type precision/recall
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from comity.errors import ComityError, E
from comity.model import Document, Event

#: older code spellings found in gold data
CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA"}


def _codes(actors: Any) -> set[str]:
    if not actors or isinstance(actors, str):
        return set()
    if isinstance(actors, dict):
        actors = [actors]
    out = set()
    for a in actors:
        code = (a.get("code") if isinstance(a, dict) else getattr(a, "code", "")) or ""
        code = code.strip().upper()
        if code:
            out.add(CODE_ALIASES.get(code, code))
    return out


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ComityError(E.E501, where=str(path), detail=str(exc).splitlines()[0]) from exc
    if not isinstance(data, list) or not all(isinstance(g, dict) and "text" in g for g in data):
        raise ComityError(E.E501, where=str(path), detail="expected a JSON list of records with text")
    return [g for g in data if g.get("event") and g.get("event") != "DOCUMENT"]


@dataclass(slots=True)
class TypeScore:
    type: str
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "correct": self.correct,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class EvalResult:
    records: int
    acc_top: float
    acc_any: float
    macro_f1: float
    source_overlap: float
    source_exact: float
    target_overlap: float
    target_exact: float
    target_empty_ok: float
    events_per_sentence: float
    no_event_rate: float
    per_type: list[TypeScore] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = {
            k: getattr(self, k)
            for k in (
                "records",
                "acc_top",
                "acc_any",
                "macro_f1",
                "source_overlap",
                "source_exact",
                "target_overlap",
                "target_exact",
                "target_empty_ok",
                "events_per_sentence",
                "no_event_rate",
            )
        }
        out["per_type"] = {t.type: t.to_dict() for t in self.per_type}
        return out


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def score(gold: list[dict[str, Any]], predicted: dict[str, list[Event]]) -> EvalResult:
    """Score events (keyed by gold record id) against the gold records."""
    per: dict[str, TypeScore] = {}
    top_ok = any_ok = n_events = no_event = 0
    s_over = s_exact = s_n = 0
    t_over = t_exact = t_n = t_empty_ok = t_empty_n = 0
    misses = []
    for g in gold:
        want = g["event"]
        events = sorted(predicted.get(str(g["id"]), []), key=lambda e: -e.confidence)
        n_events += len(events)
        top = events[0] if events else None
        per.setdefault(want, TypeScore(want)).gold += 1
        if top is None:
            no_event += 1
        else:
            per.setdefault(top.event, TypeScore(top.event)).predicted += 1
        if top is not None and top.event == want:
            top_ok += 1
            per[want].correct += 1
        else:
            misses.append({"id": g["id"], "gold": want, "got": top.event if top else None, "text": g["text"]})
        any_ok += any(e.event == want for e in events)
        judged = next((e for e in events if e.event == want), top)
        gs, gt = _codes(g.get("source")), _codes(g.get("target"))
        ps = _codes([a.to_dict() for a in judged.source]) if judged else set()
        pt = _codes([a.to_dict() for a in judged.target]) if judged else set()
        if gs:
            s_n += 1
            s_over += bool(gs & ps)
            s_exact += gs == ps
        if gt:
            t_n += 1
            t_over += bool(gt & pt)
            t_exact += gt == pt
        else:
            t_empty_n += 1
            t_empty_ok += not pt
    gold_types = [per[t] for t in sorted({g["event"] for g in gold})]
    n = len(gold)
    return EvalResult(
        records=n,
        acc_top=_ratio(top_ok, n),
        acc_any=_ratio(any_ok, n),
        macro_f1=round(sum(t.f1 for t in gold_types) / len(gold_types), 4) if gold_types else 0.0,
        source_overlap=_ratio(s_over, s_n),
        source_exact=_ratio(s_exact, s_n),
        target_overlap=_ratio(t_over, t_n),
        target_exact=_ratio(t_exact, t_n),
        target_empty_ok=_ratio(t_empty_ok, t_empty_n),
        events_per_sentence=round(n_events / n, 3) if n else 0.0,
        no_event_rate=_ratio(no_event, n),
        per_type=sorted(per.values(), key=lambda t: t.type),
        misses=misses,
    )


def evaluate(
    path: str | Path, *, progress: Callable[[str, int], None] | None = None, options: Any = None
) -> EvalResult:
    """Code every gold sentence (dated as the gold says) and score the events (``options``: the
    coder's ``CoderOptions``, the settings' by default)."""
    from comity.pipeline import code_documents

    gold = load_gold(path)
    documents = [Document(id=str(g["id"]), text=g["text"], published=g.get("date")) for g in gold]
    predicted: dict[str, list[Event]] = {}
    for document, events in code_documents(documents, options=options):
        predicted[document.id] = events
        if progress:
            progress("record", 1)
    return score(gold, predicted)

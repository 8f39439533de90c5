"""Score the coder on the annotated corpus: every figure ``comity eval`` reports for a split.

On top of the PLOVER scores of :mod:`comity.evaluate` (over sentences with a gold event):

- ``no_event_fp``: share of sentences with no gold event (furniture left out) where the coder
  emits an event at all;
- per-type precision counting events emitted on no-event sentences as false positives;
- ``modality_acc`` over event sentences whose judged event exists (negated events count as
  modality ``negated``), ``event_date_acc`` over those whose gold gives an event date;
- calibration of the top event's confidence against "this is the gold type" (no-event
  sentences count as wrong): a reliability table in ten bins and the expected calibration error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from comity.evaluate import EvalResult, TypeScore, score
from comity.model import Event

BINS = 10


@dataclass(slots=True)
class CorpusResult:
    split: str
    sentences: int
    base: EvalResult
    null_sentences: int
    no_event_fp: float
    modality_acc: float
    event_date_acc: float
    event_date_n: int
    ece: float
    reliability: list[dict[str, Any]] = field(default_factory=list)
    per_type: list[TypeScore] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        base = self.base.to_dict()
        out = {"split": self.split, "sentences": self.sentences, "event_sentences": base.pop("records")}
        out.update(base)
        out.update(
            null_sentences=self.null_sentences,
            no_event_fp=self.no_event_fp,
            modality_acc=self.modality_acc,
            event_date_acc=self.event_date_acc,
            event_date_n=self.event_date_n,
            ece=self.ece,
            reliability=self.reliability,
        )
        out["per_type"] = {t.type: t.to_dict() for t in self.per_type}
        return out


def _modality(e: Event) -> str:
    return "negated" if e.negated else e.modality


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def reliability(pairs: list[tuple[float, bool]], bins: int = BINS) -> tuple[list[dict[str, Any]], float]:
    """Ten equal-width confidence bins: count, mean confidence, accuracy; and the ECE."""
    table = []
    ece = 0.0
    n = len(pairs)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not inside:
            continue
        conf = sum(c for c, _ in inside) / len(inside)
        acc = sum(ok for _, ok in inside) / len(inside)
        ece += len(inside) / n * abs(conf - acc)
        table.append(
            {
                "bin": f"{lo:.1f}-{hi:.1f}",
                "n": len(inside),
                "confidence": round(conf, 3),
                "accuracy": round(acc, 3),
            }
        )
    return table, round(ece, 4)


def score_corpus(
    gold: list[dict[str, Any]], predicted: dict[str, list[Event]], *, split: str = "all"
) -> CorpusResult:
    events = [g for g in gold if g.get("event")]
    nulls = [g for g in gold if not g.get("event") and g.get("kind") != "furniture"]
    base = score(events, predicted)
    per = {t.type: TypeScore(t.type, t.gold, t.predicted, t.correct) for t in base.per_type}
    fp = 0
    pairs: list[tuple[float, bool]] = []
    for g in nulls:
        got = predicted.get(str(g["id"]), [])
        if got:
            fp += 1
            top = max(got, key=lambda e: e.confidence)
            per.setdefault(top.event, TypeScore(top.event)).predicted += 1
            pairs.append((top.confidence, False))
    mod_ok = mod_n = date_ok = date_n = 0
    for g in events:
        got = sorted(predicted.get(str(g["id"]), []), key=lambda e: -e.confidence)
        if got:
            pairs.append((got[0].confidence, got[0].event == g["event"]))
        judged = next((e for e in got if e.event == g["event"]), got[0] if got else None)
        if judged is not None:
            mod_n += 1
            mod_ok += _modality(judged) == (g.get("modality") or "asserted")
            if g.get("event_date"):
                date_n += 1
                date_ok += judged.date == g["event_date"]
    table, ece = reliability(pairs)
    return CorpusResult(
        split=split,
        sentences=len(events) + len(nulls),
        base=base,
        null_sentences=len(nulls),
        no_event_fp=_ratio(fp, len(nulls)),
        modality_acc=_ratio(mod_ok, mod_n),
        event_date_acc=_ratio(date_ok, date_n),
        event_date_n=date_n,
        ece=ece,
        reliability=table,
        per_type=sorted(per.values(), key=lambda t: t.type),
    )


def code_gold(gold: list[dict[str, Any]], *, progress=None) -> dict[str, list[Event]]:
    """Code each gold sentence on its own, dated by its page (as ``comity eval`` does for dev)."""
    from comity.model import Document
    from comity.pipeline import code_documents

    documents = [Document(id=str(g["id"]), text=g["text"], published=g.get("date")) for g in gold]
    predicted: dict[str, list[Event]] = {}
    for document, evs in code_documents(documents):
        predicted[document.id] = evs
        if progress:
            progress("record", 1)
    return predicted


def evaluate_corpus(
    path: str | None = None,
    *,
    splits: tuple[str, ...] = ("train", "dev", "test"),
    pages: str | None = None,
    progress=None,
) -> list[CorpusResult]:
    """Code the corpus once and score each split as a whole."""
    from comity.corpus.load import load_corpus

    gold = [g for g in load_corpus(path, pages=pages) if g["split"] in splits]
    predicted = code_gold(gold, progress=progress)
    return [score_corpus([g for g in gold if g["split"] == s], predicted, split=s) for s in splits]

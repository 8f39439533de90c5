"""Train the sentence decision model of :mod:`comity.events.decide` from the annotated corpus.

``make train`` (``python -m comity.events.learn``) parses every train and dev sentence of the
corpus, collects what the decision reads (rule candidates, fallback clauses, actors), and fits a
multinomial logistic regression (scikit-learn, lbfgs: deterministic) from the sentence features
to the gold type or ``NONE``. The regularisation strength and the :class:`Policy` are chosen on
the dev split with a model fitted on train alone; the shipped model is then fitted on train + dev.
The model file records a digest of the corpus it was trained on, so a test can tell when it is
stale, and the dev figures of the choice.

A corpus unit the parser splits into several sentences gives one row per sentence: the one that
holds the gold trigger takes the gold type, the others ``NONE``.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from comity.events.decide import MODEL_PATH, NONE, LinearModel, Policy, choose, features, save_model

FEATURE_VERSION = "decide-sentence-features.v1"
C_GRID = (0.1, 0.3, 1.0)
MIN_COUNT = 2
DECIMALS = 5
#: the policies tried on dev
POLICY_GRID = tuple(
    Policy(drop=d, retype=r, add=a, rerank=k)
    for d in (0.5, 0.65, 0.8, 0.95, 1.01)
    for r in (0.0, 0.15, 0.3, 0.5, 1.01)
    for a in (0.25, 0.4, 0.55, 0.7, 1.01)
    for k in (False, True)
)
#: what one point of no-event false positives costs against one point of acc_top when tuning
FP_COST = 0.5


class Row(NamedTuple):
    split: str
    sid: str  # corpus unit id
    feats: list[str]
    label: str  # gold type of this sentence, or NONE
    gold: str  # gold type of the unit, or NONE
    rule: list[tuple[str, float]]  # the rule candidates' types and confidences
    fallback: bool  # whether a fallback clause was proposed


def corpus_digest(path: Path | None = None) -> str:
    """sha256 over the committed corpus files the model learns from."""
    from comity.corpus.load import annotations_path, written_path

    ann = path or annotations_path()
    h = hashlib.sha256()
    for p in (ann, ann.parent / "splits.json", written_path(ann.parent)):
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()


def labelled_sentences(gold: list[dict[str, Any]], *, progress=None) -> list[Row]:
    """One row per parsed sentence of every gold unit."""
    from comity.model import Document
    from comity.nlp import load_nlp
    from comity.pipeline import CoderOptions, sentence_candidates

    nlp = load_nlp()
    options = CoderOptions(min_confidence=0.0, learned=False)
    rows = []
    for doc, g in nlp.pipe([(g["text"], g) for g in gold], as_tuples=True, batch_size=64):
        document = Document(id=str(g["id"]), text=g["text"], published=g.get("date"))
        want = g.get("event") or NONE
        start = min((a for a, _ in g.get("trigger_rel") or []), default=-1)
        for sent, cands, fallbacks, actors in sentence_candidates(
            doc, document, nlp=nlp, options=options, fallback=True
        ):
            holds = sent.start_char <= start < sent.end_char or (start < 0 and sent.start == 0)
            rows.append(
                Row(
                    g["split"],
                    str(g["id"]),
                    features(sent, cands, fallbacks, actors),
                    want if holds else NONE,
                    want,
                    [(c.type, c.confidence) for c in cands],
                    bool(fallbacks),
                )
            )
        if progress:
            progress(1)
    return rows


def fit(rows: list[tuple[list[str], str]], *, C: float, meta: dict[str, Any]) -> LinearModel:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats, _ in rows for f in set(feats))
    keep = {f for f, n in counts.items() if n >= MIN_COUNT}
    vec = DictVectorizer(sparse=True, sort=True)
    X = vec.fit_transform([{f: 1.0 for f in feats if f in keep} for feats, _ in rows])
    y = [label for _, label in rows]
    clf = LogisticRegression(C=C, max_iter=5000, tol=1e-6)
    clf.fit(X, y)
    coef = np.round(clf.coef_, DECIMALS)
    weights = {
        str(name): [float(v) for v in coef[:, j]]
        for j, name in enumerate(vec.get_feature_names_out())
        if np.any(coef[:, j] != 0)
    }
    return LinearModel(
        classes=tuple(str(c) for c in clf.classes_),
        weights=weights,
        intercept=tuple(float(v) for v in np.round(clf.intercept_, DECIMALS)),
        meta=meta,
    )


def unit_score(model: LinearModel, rows: list[Row], policy: Policy) -> dict[str, float]:
    """acc_top over event units and the no-event false-positive rate over no-event units, as
    :func:`comity.events.decide.decide` would decide under ``policy`` (rule candidates and the
    sentence model only; a unit's answer is its most probable sentence's)."""
    best: dict[str, tuple[float, str]] = {}
    gold: dict[str, str] = {}
    for r in rows:
        gold[r.sid] = r.gold
        picked = choose(model.proba(r.feats), r.rule, r.fallback, policy, model.classes)
        if picked is not None and picked[2] > best.get(r.sid, (-1.0, ""))[0]:
            best[r.sid] = (picked[2], picked[1])
    ev = [s for s, w in gold.items() if w != NONE]
    nulls = [s for s, w in gold.items() if w == NONE]
    return {
        "acc_top": sum(best.get(s, (0, ""))[1] == gold[s] for s in ev) / max(1, len(ev)),
        "no_event_fp": sum(s in best for s in nulls) / max(1, len(nulls)),
    }


def tune(train_rows: list[Row], dev_rows: list[Row], *, log=print) -> tuple[float, Policy, dict[str, float]]:
    best: tuple[float, float, Policy, dict[str, float]] = (-9.0, C_GRID[0], POLICY_GRID[0], {})
    for c in C_GRID:
        model = fit([(r.feats, r.label) for r in train_rows], C=c, meta={})
        for policy in POLICY_GRID:
            sc = unit_score(model, dev_rows, policy)
            j = sc["acc_top"] - FP_COST * sc["no_event_fp"]
            if j > best[0] + 1e-9:
                best = (j, c, policy, sc)
        log(f"  C={c}: best so far {best[2]} -> {best[3]}")
    return best[1], best[2], best[3]


def train(*, out: Path = MODEL_PATH, final_on: tuple[str, ...] = ("train", "dev"), log=print) -> LinearModel:
    from comity.corpus.load import load_corpus

    gold = [g for g in load_corpus() if g["split"] in ("train", "dev")]
    rows = labelled_sentences(gold)
    train_rows = [r for r in rows if r.split == "train"]
    dev_rows = [r for r in rows if r.split == "dev"]
    log(f"{len(train_rows)} train and {len(dev_rows)} dev sentences from {len(gold)} corpus units")
    best_c, policy, sc = tune(train_rows, dev_rows, log=log)
    log(
        f"dev (fitted on train): C={best_c} {policy}: acc_top {sc['acc_top']:.4f}, FP {sc['no_event_fp']:.4f}"
    )
    meta = {
        "features": FEATURE_VERSION,
        "C": best_c,
        "policy": policy._asdict(),
        "dev": {k: round(v, 4) for k, v in sc.items()},
        "trained_on": "+".join(final_on),
        "sentences": len(rows),
        "corpus_sha256": corpus_digest(),
    }
    final = [(r.feats, r.label) for r in rows if r.split in final_on]
    model = fit(final, C=best_c, meta=meta)
    save_model(model, out)
    log(f"{len(model.weights)} features; wrote {out}")
    return model


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    train(
        out=Path(args[0]) if args else MODEL_PATH,
        final_on=("train",) if "--train-only" in sys.argv else ("train", "dev"),
    )

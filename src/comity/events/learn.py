"""Train the sentence decision model of :mod:`comity.events.decide` from the annotated corpus.

``make train`` (``python -m comity.events.learn``) parses every train and dev sentence of the
corpus, collects what the decision reads (rule candidates, fallback clauses, actors), and fits a
multinomial logistic regression (scikit-learn, lbfgs: deterministic) from the sentence features
to the gold type or ``NONE``. The regularisation strength and the :class:`Policy` are chosen on
the dev split with the model fitted on train, among the policies that keep the PLOVER gold
sentences at the project's floor (``PLOVER_FLOOR``; the rules are tuned there, and a learned
step may not undo them). The shipped model is that model: fitted on train alone, so the
policy's dev figures and floor check are the shipped model's own (``--with-dev`` refits on
train + dev for experiments).
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
C_GRID = (0.5, 1.0, 2.0)
MIN_COUNT = 2
DECIMALS = 5
#: the policies tried on dev
POLICY_GRID = tuple(
    Policy(drop=d, retype=r, add=a, rerank=k, trust=t, override=o)
    for d in (0.6, 0.7, 0.8, 0.95, 1.01)
    for r in (0.0, 0.15, 0.3, 1.01)
    for a in (0.15, 0.25, 0.4, 0.55)
    for t in (0.5, 0.55, 0.6)
    for k in (False, True)
    for o in (0.5, 0.7, 1.01)
)
#: what one point of no-event false positives costs against one point of acc_top when tuning:
#: as much (an event that is not there misleads as much as one that is missed)
FP_COST = 1.0
#: the PLOVER gold sentences must keep this acc_top (the project's floor): a policy below it is
#: not chosen, however well it does on the corpus' dev split
PLOVER_FLOOR = 0.85
#: how many of the best dev policies are checked end to end against the pinned floors
MAX_CHECKS = 40


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


def unit_score(
    model: LinearModel, rows: list[Row], policy: Policy, probs: list[dict[str, float]] | None = None
) -> dict[str, float]:
    """acc_top over event units and the no-event false-positive rate over no-event units, as
    :func:`comity.events.decide.decide` would decide under ``policy`` (rule candidates and the
    sentence model only; a unit's answer is its most probable sentence's). ``probs``: the
    model's probabilities for the rows, when already computed."""
    probs = probs if probs is not None else [model.proba(r.feats) for r in rows]
    best: dict[str, tuple[float, str]] = {}
    gold: dict[str, str] = {}
    for r, p in zip(rows, probs, strict=True):
        gold[r.sid] = r.gold
        picked = choose(p, r.rule, r.fallback, policy, model.classes)
        if picked is not None and picked[2] > best.get(r.sid, (-1.0, ""))[0]:
            best[r.sid] = (picked[2], picked[1])
    ev = [s for s, w in gold.items() if w != NONE]
    nulls = [s for s, w in gold.items() if w == NONE]
    return {
        "acc_top": sum(best.get(s, (0, ""))[1] == gold[s] for s in ev) / max(1, len(ev)),
        "no_event_fp": sum(s in best for s in nulls) / max(1, len(nulls)),
    }


def plover_rows() -> list[Row]:
    """The PLOVER dev gold sentences as rows (the floor check of :func:`tune`); [] without them."""
    import json

    from comity.corpus.standoff import default_pages_path

    path = default_pages_path().parents[1] / "plover_gsr" / "dev.json"
    if not path.exists():
        return []
    gold = [
        {**g, "split": "plover", "trigger_rel": []} for g in json.loads(path.read_text()) if g.get("event")
    ]
    return labelled_sentences(gold)


def tune(
    train_rows: list[Row], dev_rows: list[Row], floor_rows: list[Row], *, log=print
) -> tuple[dict[float, LinearModel], list[tuple[float, float, Policy, dict[str, float]]]]:
    """The model fitted on train for each C, and every (objective, C, policy, dev figures) whose
    simulated PLOVER acc_top keeps PLOVER_FLOOR, best dev objective (acc_top - FP_COST x no-event
    FP) first."""
    models: dict[float, LinearModel] = {}
    ranked = []
    for c in C_GRID:
        model = models[c] = fit([(r.feats, r.label) for r in train_rows], C=c, meta={})
        dev_p = [model.proba(r.feats) for r in dev_rows]
        floor_p = [model.proba(r.feats) for r in floor_rows]
        for policy in POLICY_GRID:
            sc = unit_score(model, dev_rows, policy, dev_p)
            floor = unit_score(model, floor_rows, policy, floor_p)["acc_top"] if floor_rows else 1.0
            if floor >= PLOVER_FLOOR:
                ranked.append((sc["acc_top"] - FP_COST * sc["no_event_fp"], c, policy, sc))
    ranked.sort(key=lambda x: (-x[0], x[1], tuple(x[2])))
    return models, ranked


def trusted_precision(model: LinearModel, rows: list[Row], policy: Policy) -> float:
    """How often a unit's answer that the rules were trusted with has the gold type."""
    hits = []
    for r in rows:
        if r.rule and max(c for _, c in r.rule) >= policy.trust:
            picked = choose(model.proba(r.feats), r.rule, r.fallback, policy, model.classes)
            hits.append(picked is not None and picked[1] == r.gold)
    return sum(hits) / len(hits) if hits else policy.trusted


def floors_hold(model_path: Path) -> tuple[bool, str]:
    """Whether the coder with this model keeps the project's pinned quality floors: the PLOVER
    dev metrics of ``tests/quality_floors.json`` and every expectation of the seed page. Without
    ``../shared`` (no gold to check) nothing can be checked, and the answer is yes."""
    import dataclasses
    import json
    import os

    from comity.corpus.standoff import default_pages_path
    from comity.evaluate import evaluate
    from comity.events import decide
    from comity.pipeline import CoderOptions

    data = default_pages_path().parents[1]
    floors_file = Path(__file__).resolve().parents[3] / "tests" / "quality_floors.json"
    if not (data / "plover_gsr" / "dev.json").exists() or not floors_file.exists():
        return True, "no gold to check"
    floors = json.loads(floors_file.read_text(encoding="utf-8"))["plover_dev"]
    old = os.environ.get("COMITY_DECIDE_MODEL")
    os.environ["COMITY_DECIDE_MODEL"] = str(model_path)
    decide.load_model.cache_clear()
    try:
        options = dataclasses.replace(CoderOptions.from_settings(), learned=True)
        got = evaluate(data / "plover_gsr" / "dev.json", options=options).to_dict()
        seed = _seed_ok(data / "seed", options)
    finally:
        if old is None:
            os.environ.pop("COMITY_DECIDE_MODEL", None)
        else:
            os.environ["COMITY_DECIDE_MODEL"] = old
        decide.load_model.cache_clear()
    low = [k for k, v in floors.items() if "floor" in v and got[k] < v["floor"]]
    high = [k for k, v in floors.items() if "ceiling" in v and got[k] > v["ceiling"]]
    summary = " ".join(f"{k}={got[k]}" for k in floors) + f" seed={seed[1]}"
    return not low and not high and seed[0], summary


def _seed_ok(folder: Path, options: Any) -> tuple[bool, str]:
    """The seed page coded as ``comity code`` codes it, checked by the judge's own script."""
    import json
    import subprocess
    import tempfile

    from comity.runner import code_inputs

    tool = folder.parents[1] / "tools" / "check_seed.py"
    page = folder / "steel_allies_article.txt"
    if not tool.exists() or not page.exists():
        return True, "-"
    events = [e for _, evs in code_inputs([str(page)], date="2025-05-09", options=options) for e in evs]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for e in events:
            f.write(json.dumps(e.to_dict()) + "\n")
    out = subprocess.run(
        [sys.executable, str(tool), str(folder / "expected.json"), f.name],
        capture_output=True,
        text=True,
        check=False,
    )
    Path(f.name).unlink()
    last = (out.stdout.strip().splitlines() or ["?"])[-1]
    return out.returncode == 0, last.split()[0]


def train(*, out: Path = MODEL_PATH, final_on: tuple[str, ...] = ("train",), log=print) -> LinearModel:
    import tempfile

    from comity.corpus.load import load_corpus

    gold = [g for g in load_corpus() if g["split"] in ("train", "dev")]
    rows = labelled_sentences(gold)
    train_rows = [r for r in rows if r.split == "train"]
    dev_rows = [r for r in rows if r.split == "dev"]
    log(f"{len(train_rows)} train and {len(dev_rows)} dev sentences from {len(gold)} corpus units")
    models, ranked = tune(train_rows, dev_rows, plover_rows(), log=log)
    # the best dev objective whose coder, end to end, keeps every pinned floor (PLOVER dev, seed)
    chosen = None
    with tempfile.TemporaryDirectory() as tmp:
        for _, c, tried, sc in ranked[:MAX_CHECKS]:
            policy = tried._replace(trusted=round(trusted_precision(models[c], dev_rows, tried), 3))
            trial = LinearModel(
                models[c].classes, models[c].weights, models[c].intercept, {"policy": policy._asdict()}
            )
            save_model(trial, Path(tmp) / "trial.json.gz")
            ok, summary = floors_hold(Path(tmp) / "trial.json.gz")
            verdict = "kept" if ok else "no"
            figures = f"dev {sc['acc_top']:.4f} / FP {sc['no_event_fp']:.4f}"
            log(f"  {figures} C={c} {tuple(policy)}: {summary} -> {verdict}")
            if ok:
                chosen = (c, policy, sc)
                break
    if chosen is None:
        raise SystemExit(
            "no policy keeps the pinned quality floors: the rules stay alone (coder.learned: false)"
        )
    best_c, policy, sc = chosen
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
        final_on=("train", "dev") if "--with-dev" in sys.argv else ("train",),
    )

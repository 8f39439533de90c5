"""The one place where a sentence's events are decided: is there one, which type, how sure.

The rule extractor (:mod:`comity.events.extract`) proposes candidates — a trigger, its clause's
arguments and the codebook's type — and, where it finds none, :mod:`comity.events.fallback`
proposes the main clause untyped. A multinomial logistic regression trained on the annotated
news corpus (``make train``; weights in ``events/models/decide.json.gz``) reads the sentence's
features (its words, main clause, the rules' proposals and the actors) and gives a probability
for every PLOVER type and for ``NONE`` (no codable event). A :class:`Policy` tuned on the
corpus' dev split then decides, in :func:`choose`:

- ``comity.decide.none.v1``: the sentence states no event — its candidates are dropped;
- ``comity.decide.type.v1``: the main candidate takes the model's type when it beats the rule's
  by the policy's margin (with the codebook's CAMEO code and Goldstein value for that type);
- ``comity.decide.confidence.v1``: the main event's confidence is its type's probability, a
  calibrated figure (reliability table in ``comity eval`` on the corpus).

Without a model (``coder.learned: false``, the default) the rule candidates pass unchanged.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from comity.events.extract import Candidate

NONE = "NONE"
MODEL_PATH = Path(__file__).parent / "models" / "decide.json.gz"
CONTENT_POS = frozenset({"NOUN", "VERB", "PROPN", "ADJ", "ADV", "ADP", "AUX", "PART"})


def _bucket(x: float, edges: Iterable[float]) -> str:
    for e in edges:
        if x <= e:
            return str(e)
    return "more"


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def features(sent: Span, cands: list[Candidate], fallbacks: list[Candidate], actors: Any = None) -> list[str]:
    """The string features of one sentence: its words, its main clause, what the rules proposed
    in it (types, triggers, confidence) and the actors it names."""
    toks = [t for t in sent if not (t.is_punct or t.is_space)]
    f = [f"w={_lemma(t)}" for t in toks]
    f += [f"bi={_lemma(a)}_{_lemma(b)}" for a, b in itertools.pairwise(toks)]
    root = sent.root
    f += [f"root={_lemma(root)}", f"root_pos={root.pos_}"]
    for c in root.children:
        if c.dep_ in (
            "dobj",
            "prep",
            "xcomp",
            "ccomp",
            "prt",
            "attr",
            "acomp",
            "nsubjpass",
            "agent",
            "neg",
            "aux",
        ):
            f.append(f"rc={c.dep_}:{_lemma(c)}")
    for t in sent:
        if t.pos_ == "VERB":
            f.append(f"v={_lemma(t)}")
            for c in t.children:
                if c.dep_ == "neg":
                    f.append(f"vneg={_lemma(t)}")
                elif c.dep_ == "aux" and c.lower_ in (
                    "will",
                    "would",
                    "may",
                    "might",
                    "could",
                    "should",
                    "must",
                ):
                    f.append(f"aux={c.lower_}")
                elif c.dep_ == "dobj":
                    f.append(f"vo={_lemma(t)}_{_lemma(c)}")
        if t.ent_type_:
            f.append(f"ent={t.ent_type_}")
    ranked = sorted(cands, key=lambda c: -c.confidence)
    f.append(f"rule_n={min(len(cands), 3)}")
    for c in cands:
        f.append(f"rule={c.type}")
        f.append(f"rlemma={_lemma(c.trigger)}|{c.type}")
    if ranked:
        top = ranked[0]
        f += [
            f"rule_top={top.type}",
            f"rule_top_dep={top.trigger.dep_}|{top.type}",
            f"rule_top_mod={top.modality}",
            f"rule_top_conf={_bucket(top.confidence, (0.4, 0.6, 0.75, 0.9))}",
            f"rule_top_nominal={top.nominal}",
            f"rule_top_tgt={bool(top.target)}",
        ]
        for r in top.source[:2]:
            f.append(f"src_sector={r.actor.sector or '-'}")
            f.append(f"src_kind={r.actor.kind}")
        for r in top.target[:2]:
            f.append(f"tgt_sector={r.actor.sector or '-'}")
    f.append(f"fb_n={min(len(fallbacks), 2)}")
    for fb in fallbacks:
        f.append(f"fb_lemma={_lemma(fb.trigger)}")
        for c in fb.trigger.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent"):
                f.append(f"fb_{c.dep_}={_lemma(c)}")
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            f.append(f"subj={_lemma(c)}")
    if actors is not None:
        mentions = actors.mentions_in(sent.start, sent.end)
        f.append(f"act_n={min(len(mentions), 3)}")
    f += [
        f"quote={any(t.is_quote for t in sent)}",
        f"len={_bucket(len(toks), (5, 10, 20, 30, 45))}",
        f"digit={any(t.like_num for t in sent)}",
        f"endpunct={sent[-1].is_punct}",
        "bias",
    ]
    return f


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A multinomial logistic regression: classes, one weight row per class over named features."""

    classes: tuple[str, ...]
    weights: dict[str, list[float]]  # feature -> one weight per class
    intercept: tuple[float, ...]
    meta: dict[str, Any]

    def proba(self, feats: Iterable[str]) -> dict[str, float]:
        scores = list(self.intercept)
        for name in set(feats):
            row = self.weights.get(name)
            if row is not None:
                for k, w in enumerate(row):
                    scores[k] += w
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        z = sum(exp)
        return {c: e / z for c, e in zip(self.classes, exp, strict=True)}

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "intercept": list(self.intercept),
            "weights": self.weights,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> LinearModel:
        classes = tuple(d["classes"])
        weights = {k: list(v) for k, v in d["weights"].items()}
        if any(len(v) != len(classes) for v in weights.values()) or len(d["intercept"]) != len(classes):
            raise ValueError("weight rows do not match the classes")
        return cls(classes, weights, tuple(d["intercept"]), dict(d.get("meta") or {}))


def save_model(model: LinearModel, path: Path = MODEL_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(model.to_json(), sort_keys=True, separators=(",", ":")).encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(data)


@cache
def load_model(path: str | None = None) -> LinearModel | None:
    """The shipped decision model, or None when there is none (rules decide alone). The
    environment variable ``COMITY_DECIDE_MODEL`` names another model file (``none``: rules alone)."""
    p = Path(path or os.environ.get("COMITY_DECIDE_MODEL") or MODEL_PATH)
    if p.name == "none" or not p.exists():
        return None
    try:
        with gzip.open(p, "rb") as f:
            return LinearModel.from_json(json.loads(f.read()))
    except (OSError, ValueError, KeyError) as exc:
        raise ValueError(f"{p}: not a comity decision model ({exc})") from exc


class Policy(NamedTuple):
    """How the sentence model's probabilities overrule the rules (tuned on the corpus' dev split)."""

    drop: float  # P(NONE) >= drop: the sentence states no event, its rule candidates are dropped
    retype: float  # the top candidate takes the model's type when it beats the rule's by >= retype
    add: float  # no rule candidate: the main clause (fallback) is an event when P(type) >= add
    rerank: bool  # the top candidate is the most probable type's, not the rules' most confident
    trust: float = 1.01  # a rule candidate this confident stays, with its type, whatever the model says
    trusted: float = 0.7  # ... and its confidence: how often such a candidate is right on dev
    override: float = 1.01  # ... unless the model's type beats the rule's by this much


DEFAULT_POLICY = Policy(drop=0.95, retype=1.01, add=0.5, rerank=False)


def choose(
    p: dict[str, float],
    rule: list[tuple[str, float]],
    has_fallback: bool,
    policy: Policy,
    classes: tuple[str, ...],
) -> tuple[int, str, float] | None:
    """The sentence's main event as (candidate index, type, probability): an index into ``rule``
    (the rule candidates' types and confidences), or -1 for the first fallback; None: no event."""
    best = max((c for c in classes if c != NONE), key=lambda c: p[c])
    if rule:
        if max(c for _, c in rule) >= policy.trust:
            # the rules are sure of a candidate: it stays, with its type unless the model is far surer
            k = max(range(len(rule)), key=lambda i: rule[i][1])
            if p[best] - p.get(rule[k][0], 0.0) >= policy.override:
                return k, best, p[best]
            return k, rule[k][0], policy.trusted
        if p[NONE] >= policy.drop:
            return None
        if policy.rerank:
            k = max(range(len(rule)), key=lambda i: (p.get(rule[i][0], 0.0), rule[i][1]))
        else:
            k = max(range(len(rule)), key=lambda i: rule[i][1])
        kind = rule[k][0]
        if p[best] - p.get(kind, 0.0) >= policy.retype:
            kind = best
        return k, kind, p.get(kind, 0.0)
    if has_fallback and p[best] >= policy.add:
        return -1, best, p[best]
    return None


def decide(
    sent: Span,
    cands: list[Candidate],
    fallbacks: list[Candidate],
    *,
    model: LinearModel | None,
    actors: Any = None,
) -> list[Candidate]:
    """The events of one sentence: the main one first, typed and with calibrated confidence.

    Without a model the rule candidates pass unchanged. With one, the sentence model decides
    whether the sentence states an event (``comity.decide.none.v1``), which type the main one
    is (``comity.decide.type.v1``) and how sure that is (``comity.decide.confidence.v1``);
    the rules' other candidates stay, less confident than the main one.
    """
    if model is None:
        return cands
    if not cands and not fallbacks:
        return []
    raw = model.meta.get("policy")
    policy = Policy(**raw) if raw else DEFAULT_POLICY
    p = model.proba(features(sent, cands, fallbacks, actors))
    picked = choose(p, [(c.type, c.confidence) for c in cands], bool(fallbacks), policy, model.classes)
    if picked is None:
        return []
    k, kind, prob = picked
    main = cands[k] if k >= 0 else fallbacks[0]
    if kind != main.type:
        _retype(main, kind)
    main.rules.append("comity.decide.confidence.v1")
    main.confidence = round(prob, 3)
    others = [c for c in cands if c is not main]
    for c in others:
        c.confidence = round(min(c.confidence, prob) * 0.9, 3)  # secondary events rank below the main one
    return [main, *others]


def _retype(cand: Candidate, kind: str) -> None:
    from comity.events.codebook import load_codebook

    cand.rules.append(f"comity.decide.type.v1:{cand.type}->{kind}")
    cand.type = kind
    cand.cameo, cand.goldstein = load_codebook().default_code(kind)
    cand.mode = ""

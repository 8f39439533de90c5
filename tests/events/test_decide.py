"""The learned decision: its policy, its model file, and the whole step on hand-built Docs."""

from __future__ import annotations

import pytest

from comity.events.decide import NONE, LinearModel, Policy, choose, decide, features, load_model, save_model
from comity.model import Document
from comity.pipeline import CoderOptions, sentence_candidates
from comity.testing import blank_nlp, make_doc

CLASSES = (NONE, "ASSAULT", "FIGHT", "PROTEST")
RULES = [("ASSAULT", 0.9), ("PROTEST", 0.5)]


def p(**probs: float) -> dict[str, float]:
    return {c: probs.get(c, 0.0) for c in CLASSES}


@pytest.mark.parametrize(
    ("probs", "rule", "fallback", "policy", "want"),
    [
        # the sentence is judged to hold no event: the rules' candidates go
        (p(NONE=0.97, FIGHT=0.03), RULES, False, Policy(0.95, 1.01, 0.5, False), None),
        (p(NONE=0.90, FIGHT=0.10), RULES, False, Policy(0.95, 1.01, 0.5, False), (0, "ASSAULT", 0.0)),
        # retype only past the margin, and never a candidate the rules trust
        (p(FIGHT=0.7, ASSAULT=0.2), RULES, False, Policy(1.01, 0.3, 0.5, False, 0.6), (0, "ASSAULT", 0.7)),
        (
            p(NONE=0.97, FIGHT=0.03),
            RULES,
            False,
            Policy(0.95, 0.3, 0.5, False, 0.6, 0.8),
            (0, "ASSAULT", 0.8),
        ),
        (p(FIGHT=0.7, ASSAULT=0.2), RULES, False, Policy(1.01, 0.3, 0.5, False), (0, "FIGHT", 0.7)),
        (p(FIGHT=0.4, ASSAULT=0.3), RULES, False, Policy(1.01, 0.3, 0.5, False), (0, "ASSAULT", 0.3)),
        # a trusted candidate is retyped only when the model is far surer than the rules
        (
            p(FIGHT=0.8, ASSAULT=0.1),
            RULES,
            False,
            Policy(1.01, 1.01, 0.5, False, 0.6, 0.7, 0.5),
            (0, "FIGHT", 0.8),
        ),
        (
            p(FIGHT=0.5, ASSAULT=0.1),
            RULES,
            False,
            Policy(1.01, 1.01, 0.5, False, 0.6, 0.7, 0.5),
            (0, "ASSAULT", 0.7),
        ),
        # rerank: the candidate of the most probable type leads, not the rules' most confident
        (p(PROTEST=0.6, ASSAULT=0.3), RULES, False, Policy(1.01, 1.01, 0.5, True), (1, "PROTEST", 0.6)),
        # no rule candidate: the main clause is an event when its best type is probable enough
        (p(PROTEST=0.6, NONE=0.4), [], True, Policy(0.95, 1.01, 0.5, False), (-1, "PROTEST", 0.6)),
        (p(PROTEST=0.4, NONE=0.6), [], True, Policy(0.95, 1.01, 0.5, False), None),
        (p(PROTEST=0.9), [], False, Policy(0.95, 1.01, 0.5, False), None),
    ],
)
def test_choose(probs, rule, fallback, policy, want):
    assert choose(probs, rule, fallback, policy, CLASSES) == want


def test_a_linear_model_gives_probabilities_and_survives_its_file(tmp_path):
    model = LinearModel(
        classes=CLASSES,
        weights={"w=attack": [0.0, 2.0, 1.0, 0.0], "w=march": [0.0, 0.0, 0.0, 3.0]},
        intercept=(1.0, 0.0, 0.0, 0.0),
        meta={"policy": Policy(0.95, 0.2, 0.4, False)._asdict()},
    )
    probs = model.proba(["w=attack", "w=attack", "w=unknown"])
    assert sum(probs.values()) == pytest.approx(1.0)
    assert max(probs, key=probs.get) == "ASSAULT"
    path = tmp_path / "m.json.gz"
    save_model(model, path)
    assert load_model(str(path)) == model
    with pytest.raises(ValueError, match="weight rows"):
        LinearModel.from_json({"classes": ["A", "B"], "intercept": [0, 0], "weights": {"x": [1.0]}})


def _sentence(words, heads, deps, pos, lemmas, ents):
    doc = make_doc(words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents)
    document = Document(id="d", text=doc.text, published="2024-05-01")
    ((sent, cands, fallbacks, actors),) = sentence_candidates(
        doc, document, nlp=blank_nlp(), options=CoderOptions(), fallback=True
    )
    return sent, cands, fallbacks, actors


ATTACK = (
    ["Russia", "attacked", "Ukraine", "."],
    [1, 1, 1, 1],
    ["nsubj", "ROOT", "dobj", "punct"],
    ["PROPN", "VERB", "PROPN", "PUNCT"],
    ["Russia", "attack", "Ukraine", "."],
    ["B-GPE", "O", "B-GPE", "O"],
)
#: "Russia courted Ukraine." — a verb the codebook does not list
CONGRATULATE = (
    ["Russia", "courted", "Ukraine", "."],
    [1, 1, 1, 1],
    ["nsubj", "ROOT", "dobj", "punct"],
    ["PROPN", "VERB", "PROPN", "PUNCT"],
    ["Russia", "court", "Ukraine", "."],
    ["B-GPE", "O", "B-GPE", "O"],
)


def _model(weights, policy):
    classes = (NONE, "ASSAULT", "FIGHT", "SUPPORT")
    return LinearModel(classes, weights, (0.0, 0.0, 0.0, 0.0), {"policy": policy._asdict()})


def test_the_features_say_what_the_rules_proposed_and_the_main_clause():
    sent, cands, fallbacks, actors = _sentence(*ATTACK)
    feats = features(sent, cands, fallbacks, actors)
    assert {"rule=ASSAULT", "rule_top=ASSAULT", "root=attack", "rc=dobj:ukraine", "w=attack"} <= set(feats)
    assert "fb_n=0" in feats  # the rules found something: no fallback clause


def test_without_a_model_the_rules_decide():
    sent, cands, fallbacks, _actors = _sentence(*ATTACK)
    assert decide(sent, cands, fallbacks, model=None) == cands


def test_the_model_retypes_the_rule_candidate_and_names_the_rule():
    sent, cands, fallbacks, actors = _sentence(*ATTACK)
    model = _model({"w=attack": [0.0, 0.0, 3.0, 0.0]}, Policy(0.95, 0.2, 0.5, False))
    (event,) = decide(sent, cands, fallbacks, model=model, actors=actors)
    assert (event.type, event.cameo, event.goldstein) == ("FIGHT", "190", -10.0)
    assert event.rules == ["comity.decide.type.v1:ASSAULT->FIGHT", "comity.decide.confidence.v1"]
    assert event.confidence == pytest.approx(
        model.proba(features(sent, cands, fallbacks, actors))["FIGHT"], abs=1e-3
    )


def test_the_model_drops_a_sentence_it_judges_eventless():
    sent, cands, fallbacks, actors = _sentence(*ATTACK)
    model = _model({"w=attack": [9.0, 0.0, 0.0, 0.0]}, Policy(0.95, 1.01, 0.5, False))
    assert decide(sent, cands, fallbacks, model=model, actors=actors) == []


def test_a_clause_the_codebook_misses_becomes_an_event_when_the_model_types_it():
    sent, cands, fallbacks, actors = _sentence(*CONGRATULATE)
    assert cands == [] and len(fallbacks) == 1
    assert fallbacks[0].rules == ["comity.fallback.clause.v1"]
    model = _model({"root=court": [0.0, 0.0, 0.0, 4.0]}, Policy(0.95, 1.01, 0.5, False))
    (event,) = decide(sent, cands, fallbacks, model=model, actors=actors)
    assert event.type == "SUPPORT" and event.cameo == "050"
    assert [r.actor.code for r in event.source] == ["RUS"] and [r.actor.code for r in event.target] == ["UKR"]
    weak = _model({"root=court": [0.0, 0.0, 0.0, 0.5]}, Policy(0.95, 1.01, 0.5, False))
    assert decide(sent, cands, fallbacks, model=weak, actors=actors) == []

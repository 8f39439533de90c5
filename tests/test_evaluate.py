from __future__ import annotations

import json

import pytest

from comity.errors import ComityError
from comity.evaluate import load_gold, score
from comity.model import ActorRef, Event


def ev(doc, typ, src, tgt=(), conf=0.8):
    return Event(
        id=f"{doc}{typ}{conf}",
        doc_id=doc,
        date="2000-01-01",
        event=typ,
        source=[ActorRef(c, c) for c in src],
        target=[ActorRef(c, c) for c in tgt],
        text="",
        eventText="",
        span=(0, 0),
        confidence=conf,
    )


GOLD = [
    {"id": "a", "text": "x", "event": "AGREE", "source": [{"code": "USA"}, {"code": "JOR"}], "target": ""},
    {"id": "b", "text": "y", "event": "ASSAULT", "source": [{"code": "ISR"}], "target": [{"code": "PSE"}]},
    {"id": "c", "text": "z", "event": "PROTEST", "source": [{"code": "FRA"}], "target": [{"code": "JAP"}]},
    {"id": "d", "text": "w", "event": "DOCUMENT", "source": []},
]


def test_score_counts_top_any_actors_and_f1():
    predicted = {
        "a": [ev("a", "AGREE", ["USA"])],
        "b": [ev("b", "FIGHT", ["ISR"], ["PSE"], 0.9), ev("b", "ASSAULT", ["ISR"], ["PSE"], 0.5)],
        "c": [ev("c", "PROTEST", ["FRA"], ["JPN"])],
    }
    gold = [g for g in GOLD if g["event"] != "DOCUMENT"]
    r = score(gold, predicted)
    assert r.records == 3
    assert r.acc_top == round(2 / 3, 4)
    assert r.acc_any == 1.0
    assert r.source_overlap == 1.0 and r.source_exact == round(2 / 3, 4)
    assert r.target_overlap == 1.0  # JAP in gold is JPN
    assert r.target_empty_ok == 1.0
    assert r.events_per_sentence == round(4 / 3, 3)
    f1 = {t.type: t.f1 for t in r.per_type}
    assert f1["AGREE"] == 1.0 and f1["ASSAULT"] == 0.0 and f1["FIGHT"] == 0.0
    assert r.macro_f1 == round((1 + 0 + 1) / 3, 4)
    assert [m["id"] for m in r.misses] == ["b"]


def test_no_event_is_wrong_and_counted():
    r = score([GOLD[0]], {})
    assert r.acc_top == 0.0 and r.no_event_rate == 1.0 and r.source_overlap == 0.0


def test_load_gold_skips_document_records_and_rejects_other_json(tmp_path):
    good = tmp_path / "gold.json"
    good.write_text(json.dumps(GOLD), encoding="utf-8")
    assert [g["id"] for g in load_gold(good)] == ["a", "b", "c"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(ComityError, match="E501"):
        load_gold(bad)

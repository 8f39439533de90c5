"""The committed corpus: every offset fits its page, the split is the seeded one, the counts the
issue asks for hold, and the agreement figures are what the two codings give."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from comity.corpus.agreement import agreement, cohen_kappa
from comity.corpus.load import load_corpus
from comity.corpus.split import corpus_dir, load_split, make_split
from comity.corpus.standoff import load_pages, read_jsonl


@pytest.fixture(scope="module")
def gold(shared):
    shared("data", "news_pages", "pages.jsonl")
    return load_corpus()


def test_every_record_reads_back_from_its_page(gold):
    # load_corpus checks every offset; here: each sentence and quote is what the page says there
    pages = load_pages()
    for g in gold:
        if g["page"]:
            assert g["text"] in pages[g["page"]]["text"]
            assert all(piece.strip() for piece in (g.get("eventText") or "x").split(" ... "))


def test_the_corpus_is_as_large_and_varied_as_the_coder_needs(gold):
    pages = {g["page"] for g in gold if g["page"]}
    events = [g for g in gold if g["event"]]
    nulls = [g for g in gold if not g["event"]]
    assert len(gold) >= 2500 and len(pages) >= 300
    assert len(events) >= 1800 and len(nulls) >= 700
    by_type = Counter(g["event"] for g in events)
    assert min(by_type.values()) >= 40, by_type
    kinds = Counter(g["kind"] for g in nulls)
    assert {"background", "opinion", "statistics", "non_political", "hypothetical", "historical"} <= set(
        kinds
    )


def test_the_split_is_by_page_seeded_and_the_test_split_big_enough(gold, shared):
    assert load_split() == make_split(load_pages())
    test = [g for g in gold if g["split"] == "test"]
    assert len(test) >= 500
    other_pages = {g["page"] for g in gold if g["split"] != "test"}
    assert not {g["page"] for g in test} & other_pages
    assert all(g["split"] == "train" for g in gold if g["page"] is None)  # written sentences train only


def test_the_agreement_report_is_what_the_two_codings_give(shared):
    shared("data", "news_pages", "pages.jsonl")
    folder = corpus_dir() / "double"
    first = [r for _, r in read_jsonl(folder / "first_coder.jsonl")]
    second = [r for _, r in read_jsonl(folder / "second_coder.jsonl")]
    assert agreement(first, second) == json.loads((folder / "agreement.json").read_text())
    assert agreement(first, second)["units"] >= 300


def test_every_disagreement_was_settled_by_a_named_rule():
    folder = corpus_dir()
    settled = {r["id"]: r for _, r in read_jsonl(folder / "adjudication.jsonl")}
    report = json.loads((folder / "double" / "agreement.json").read_text())
    assert set(report["disagreements"]) == set(settled)
    assert all(r["choose"] in ("A", "B") and len(r["rule"]) > 10 for r in settled.values())


@pytest.mark.parametrize(
    ("a", "b", "kappa"),
    [
        (["x", "y", "x", "y"], ["x", "y", "x", "y"], 1.0),
        (["x", "x", "y", "y"], ["x", "y", "x", "y"], 0.0),
        (["x", "x", "x", "y"], ["x", "x", "y", "y"], 0.5),
    ],
)
def test_cohen_kappa(a, b, kappa):
    assert cohen_kappa(a, b) == kappa

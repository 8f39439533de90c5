"""comity.provenance.quality: flags, penalties and the 0..1 score, on hand-made documents, the
seed page and a clean example article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comity.errors import ComityError
from comity.ingest.build import Context, make_document
from comity.model import Document
from comity.provenance.quality import assess, hedged_share, load_spec, parse_spec, sentences
from comity.runner import ingest
from comity.settings import load_settings
from comity.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CLEAN_ARTICLE = EXAMPLES / "articles" / "2024-06-20-putin-kim-sign-partnership-treaty.txt"


def _doc(text: str, **kw) -> Document:
    return Document(id="d1", text=text, **kw)


def test_a_clean_dated_signed_document_scores_one():
    doc = _doc("Russia and China signed a trade deal on Monday.", published="2025-01-06", flags={"byline": 1})
    quality = assess(doc, statements=1, restated=0)
    assert quality.score == 1.0
    assert quality.contributions == ()


def _signed(**flags) -> dict:
    """Keywords of a dated document with a byline and these cleaning flags."""
    return {"published": "2025-01-06", "flags": {"byline": 1, **flags}}


@pytest.mark.parametrize(
    ("kw", "flag", "penalty"),
    [
        ({"flags": {"byline": 1}}, "missing_date", 0.10),
        ({"published": "2025-01-06"}, "missing_byline", 0.05),
        ({**_signed(), "duplicate_of": "d0"}, "near_duplicate", 0.10),
        (_signed(citations_without_references=1), "citations_without_references", 0.15),
        (_signed(duplicate_paragraphs=2), "repeated_paragraphs", 0.10),
        (_signed(duplicate_paragraphs=9), "repeated_paragraphs", 0.15),  # capped
        (_signed(furniture=3, labels=1), "furniture", 0.04),
        (_signed(teasers=1), "teasers", 0.05),
        (_signed(related_links=20), "related_links", 0.05),  # capped
    ],
)
def test_each_flag_costs_its_documented_penalty(kw, flag, penalty):
    quality = assess(_doc("Russia and China signed a trade deal on Monday.", **kw))
    (only,) = quality.contributions
    assert only.flag == flag
    assert only.penalty == pytest.approx(penalty)
    assert quality.score == pytest.approx(1 - penalty)


def test_restated_facts_and_hedges_are_shares():
    text = (
        "Russia reportedly moved troops to the border. Officials may have known for weeks. "
        "Ukraine protested. Poland closed a crossing."
    )
    doc = _doc(text, published="2025-01-06", flags={"byline": 1})
    quality = assess(doc, statements=4, restated=2)
    by_flag = {c.flag: c for c in quality.contributions}
    assert by_flag["hedged"].value == pytest.approx(0.5)  # 2 of 4 sentences
    assert by_flag["hedged"].penalty == pytest.approx(0.25)
    assert by_flag["repeated_facts"].value == pytest.approx(0.5)
    assert by_flag["repeated_facts"].penalty == pytest.approx(0.2)
    assert quality.score == pytest.approx(0.55)
    assert [c.flag for c in quality.contributions] == ["hedged", "repeated_facts"]  # costliest first


@pytest.mark.parametrize(
    ("sentence", "hedged"),
    [
        ("Reports suggest that North Korea may have unveiled a submarine.", True),
        ("The minister is said to have resigned.", True),
        ("Troops were allegedly seen near the border.", True),
        ("Unconfirmed accounts spoke of shelling.", True),
        ("The president said the talks would resume in May.", False),
        ("Russia attacked Kharkiv on Sunday.", False),
    ],
)
def test_hedge_phrases(sentence, hedged):
    assert hedged_share(sentence) == (int(hedged), 1)


def test_sentences_split_on_full_stops_and_paragraphs():
    assert sentences('Headline here\n\nFirst one. "Second," he said. Third!') == [
        "Headline here",
        "First one.",
        '"Second," he said.',
        "Third!",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "needs a mapping 'flags'"),
        ({"flags": {"hedged": {"kind": "share", "weight": -1, "cap": 1}}, "hedges": ["x"]}, "weight must be"),
        ({"flags": {"hedged": {"kind": "ratio", "weight": 1, "cap": 1}}, "hedges": ["x"]}, "kind must be"),
        ({"flags": {"sloppy": {"kind": "flag", "weight": 1, "cap": 1}}, "hedges": ["x"]}, "unknown flag"),
        ({"flags": {}, "hedges": "maybe"}, "'hedges' must be a list"),
    ],
)
def test_a_bad_quality_file_names_the_problem(data, message):
    with pytest.raises(ComityError, match=message) as info:
        parse_spec(data, "my-quality.yaml")
    assert "my-quality.yaml" in str(info.value)


def test_the_bundled_file_prices_every_flag():
    spec = load_spec()
    assert set(spec.flags) >= {
        "furniture", "related_links", "teasers", "repeated_paragraphs", "repeated_facts",
        "citations_without_references", "missing_byline", "missing_date", "near_duplicate", "hedged",
    }  # fmt: skip


def test_author_field_counts_as_a_byline():
    ctx = Context(settings=load_settings())
    signed = make_document("Russia and China signed a deal.", ctx=ctx, origin="x", author="Jane Roe")
    unsigned = make_document("Russia and China signed a deal.", ctx=ctx, origin="x")
    assert signed.flags.get("byline") == 1
    assert "byline" not in unsigned.flags


@pytest.fixture(scope="module")
def seed_and_clean(tmp_path_factory, shared) -> Path:
    seed = shared("data", "seed", "steel_allies_article.txt")
    db = tmp_path_factory.mktemp("quality") / "q.duckdb"
    report = ingest([str(seed), str(CLEAN_ARTICLE)], db=db)
    assert report.new_documents == 2
    return db


def _stored(db: Path) -> dict[str, dict]:
    with Store(db, read_only=True) as store:
        frame = store.sql(
            "SELECT d.origin, q.score, q.detail::VARCHAR AS detail FROM documents d "
            "JOIN document_quality q ON q.doc_id = d.id"
        )
    return {
        Path(r["origin"]).name: {"score": r["score"], "flags": json.loads(r["detail"])}
        for r in frame.to_dict("records")
    }


def test_the_seed_page_scores_low_and_the_flags_say_why(seed_and_clean):
    seed = _stored(seed_and_clean)["steel_allies_article.txt"]
    assert seed["score"] < 0.35
    named = {f["flag"] for f in seed["flags"]}
    assert named >= {
        "citations_without_references", "repeated_paragraphs", "repeated_facts", "teasers",
        "missing_date", "hedged", "furniture", "related_links",
    }  # fmt: skip
    total = sum(f["penalty"] for f in seed["flags"])
    assert seed["score"] == pytest.approx(max(0.0, 1 - total), abs=0.002)


def test_a_clean_article_scores_high(seed_and_clean):
    clean = _stored(seed_and_clean)[CLEAN_ARTICLE.name]
    assert clean["score"] >= 0.85
    assert {f["flag"] for f in clean["flags"]} <= {"missing_byline", "repeated_facts", "hedged"}

"""Fallback clauses: what the decision model may judge when the rules propose nothing."""

from __future__ import annotations

from comity.model import Document
from comity.pipeline import CoderOptions, sentence_candidates
from comity.testing import blank_nlp, make_doc


def _only_sentence(doc):
    document = Document(id="d", text=doc.text, published="2024-05-01")
    return next(sentence_candidates(doc, document, nlp=blank_nlp(), options=CoderOptions(), fallback=True))


def test_a_role_word_with_no_country_is_an_actor_of_its_sector():
    doc = make_doc(
        ["The", "military", "detained", "protesters", "."],
        heads=[1, 2, 2, 2, 2],
        deps=["det", "nsubj", "ROOT", "dobj", "punct"],
        pos=["DET", "NOUN", "VERB", "NOUN", "PUNCT"],
        lemmas=["the", "military", "detain", "protester", "."],
    )
    _, cands, fallbacks, _ = _only_sentence(doc)
    assert cands == []  # the rule candidate has no source it can name
    (fb,) = fallbacks
    assert fb.type == "NONE" and fb.trigger.text == "detained"
    assert [(r.actor.code, r.actor.sector, r.text) for r in fb.source] == [("", "MIL", "military")]


def test_reported_and_coordinated_clauses_are_proposed_after_the_main_one():
    doc = make_doc(
        ["Ukraine", "said", "Russia", "courted", "Belarus", "."],
        heads=[1, 1, 3, 1, 3, 1],
        deps=["nsubj", "ROOT", "nsubj", "ccomp", "dobj", "punct"],
        pos=["PROPN", "VERB", "PROPN", "VERB", "PROPN", "PUNCT"],
        lemmas=["Ukraine", "say", "Russia", "court", "Belarus", "."],
        ents=["B-GPE", "O", "B-GPE", "O", "B-GPE", "O"],
    )
    _, cands, fallbacks, _ = _only_sentence(doc)
    assert cands == []
    assert [
        (f.trigger.text, [r.actor.code for r in f.source], [r.actor.code for r in f.target])
        for f in fallbacks
    ] == [
        ("said", ["UKR"], []),
        ("courted", ["RUS"], ["BLR"]),
    ]

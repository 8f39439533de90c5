"""Helpers for tests that build spaCy Docs by hand, so coder logic is tested without a model.

    doc = make_doc(
        ["Russia", "attacked", "Ukraine", "."],
        heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"],
        pos=["PROPN", "VERB", "PROPN", "PUNCT"], lemmas=["Russia", "attack", "Ukraine", "."],
        ents=["B-GPE", "O", "B-GPE", "O"],
    )

``heads`` are absolute token indices (a root points at itself). Sentence boundaries follow the
parse; tags default to a plain tag for each part of speech.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

TAG_OF_POS = {
    "VERB": "VBD",
    "NOUN": "NN",
    "PROPN": "NNP",
    "PUNCT": ".",
    "ADP": "IN",
    "DET": "DT",
    "AUX": "MD",
}


@cache
def blank_nlp() -> Language:
    """A blank English pipeline (no model): the vocabulary hand-built Docs share, and what the
    actor matcher is built with in tests."""
    import spacy

    return spacy.blank("en")


def _vocab() -> Vocab:
    return blank_nlp().vocab


def make_doc(
    words: Sequence[str],
    *,
    heads: Sequence[int],
    deps: Sequence[str],
    pos: Sequence[str],
    lemmas: Sequence[str] | None = None,
    ents: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
) -> Doc:
    from spacy.tokens import Doc

    n = len(words)
    if not (len(heads) == len(deps) == len(pos) == n):
        raise ValueError("words, heads, deps and pos must be of one length")
    spaces = [i + 1 < n and words[i + 1] not in (".", ",", "!", "?", ";", ":") for i in range(n)]
    return Doc(
        _vocab(),
        words=list(words),
        spaces=spaces,
        heads=list(heads),
        deps=list(deps),
        pos=list(pos),
        tags=list(tags) if tags else [TAG_OF_POS.get(p, "XX") for p in pos],
        lemmas=list(lemmas) if lemmas else [w.lower() for w in words],
        ents=list(ents) if ents else None,
        sent_starts=None,
    )

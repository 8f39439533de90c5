"""Which spaCy English pipeline to use, loaded once per process, with comity's own components.

``comity_paragraph_breaks_v1`` runs before the parser: a blank line always ends a sentence, so a
headline without a final stop ("... against the U.S.") is never glued to the paragraph after it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from comity.errors import ComityError, E
from comity.settings import load_settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

PARAGRAPHS = "comity_paragraph_breaks"


def _paragraph_breaks(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
            doc[tok.i + 1].is_sent_start = True
    return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("comity_paragraph_breaks_v1"):
        Language.component("comity_paragraph_breaks_v1", func=_paragraph_breaks)


@cache
def load_nlp() -> Language:
    """The first installed model of ``nlp.models`` (the official en_core_web_sm is preferred)."""
    import spacy

    _register()
    names = load_settings()["nlp"]["models"]
    for name in names:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("comity_paragraph_breaks_v1", name=PARAGRAPHS, before="parser")
        return nlp
    raise ComityError(E.E401, detail="tried " + ", ".join(names) + "; run `make install`")


def ents_in(span: Span) -> list[Span]:
    """The named entities inside ``span``, from an index built once per Doc.

    ``Span.ents`` walks every entity of the document on each call, which makes per-sentence
    lookups quadratic in document length.
    """
    import bisect

    doc = span.doc
    index = doc.user_data.get("comity_ents")
    if index is None:
        ents = list(doc.ents)
        index = ([e.start for e in ents], ents)
        doc.user_data["comity_ents"] = index
    starts, ents = index
    lo = bisect.bisect_left(starts, span.start)
    hi = bisect.bisect_left(starts, span.end)
    return [e for e in ents[lo:hi] if e.end <= span.end]


def entity_at(tok: Token) -> Span:
    """The named entity containing ``tok`` (or the token alone), read from the IOB tags."""
    doc = tok.doc
    if not tok.ent_type_:
        return doc[tok.i : tok.i + 1]
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]

"""Which spaCy English pipeline to use, loaded once per process, with comity's own components.

``comity_paragraph_breaks_v1`` runs before the parser: a blank line always ends a sentence, so a
headline without a final stop ("... against the U.S.") is never glued to the paragraph after it,
and a wire dateline ("KYIV (Reuters) -") is a sentence of its own, so its place and agency are
never read as the first sentence's subject.
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


DASHES = frozenset({"-", "--", "–", "—", ":"})
#: a wire dateline is at most this many tokens: "NEW YORK, March 9 (Reuters) -"
DATELINE_TOKENS = 14


def _paragraph_breaks(doc: Doc) -> Doc:
    starts = [0]
    for tok in doc[:-1]:
        if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
            doc[tok.i + 1].is_sent_start = True
            starts.append(tok.i + 1)
    for start in starts:
        end = _dateline_end(doc, start)
        if end is not None and end < len(doc):
            doc[end].is_sent_start = True
    return doc


def _dateline_end(doc: Doc, start: int) -> int | None:
    """Where the text starts after a wire dateline opening a paragraph, "KYIV, March 9 (Reuters) -":
    place and date words, an agency credit in parentheses, a dash. The dateline is its own
    sentence, so the parser does not read the place and the agency as the subject's modifiers."""
    window = doc[start : start + DATELINE_TOKENS]
    for k, tok in enumerate(window):
        if tok.text != ")" or k + 1 >= len(window) or window[k + 1].text not in DASHES:
            continue
        opened = [j for j in range(k) if window[j].text == "("]
        if not opened or k - opened[-1] > 4:
            return None
        credit = window[opened[-1] + 1 : k]
        if not credit or not all(t.text[:1].isupper() or t.text == "-" for t in credit):
            return None  # an agency's name, "(Reuters)", "(AP)", not "(the Kremlin)"
        before = window[: opened[-1]]
        if not before or not before[0].text[:1].isupper():
            return None
        if any(t.pos_ in ("VERB", "AUX") and t.text[:1].islower() for t in before):
            return None
        return start + k + 2
    return None


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

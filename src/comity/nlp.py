"""Which spaCy English pipeline to use, loaded once per process."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from comity.errors import ComityError, E
from comity.settings import load_settings

if TYPE_CHECKING:
    from spacy.language import Language


@cache
def load_nlp() -> Language:
    """The first installed model of ``nlp.models`` (the official en_core_web_sm is preferred)."""
    import spacy

    names = load_settings()["nlp"]["models"]
    for name in names:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        return nlp
    raise ComityError(E.E401, detail="tried " + ", ".join(names) + "; run `make install`")

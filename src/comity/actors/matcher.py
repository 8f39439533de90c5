"""Dictionary names as spaCy phrase patterns, and the mentions they find in a parsed Doc."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from comity.actors.dictionary import ActorDictionary, Alias, Entry, fold

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Mention:
    """A dictionary name found in a document: token span and the entries it may mean (best first)."""

    start: int
    end: int
    candidates: tuple[tuple[Entry, Alias], ...]

    @property
    def entry(self) -> Entry:
        return self.candidates[0][0]

    @property
    def alias(self) -> Alias:
        return self.candidates[0][1]


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _pattern_texts(alias: str) -> set[str]:
    text = alias.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    out = {text, _strip_accents(text)}
    letters = text.replace(".", "")
    if letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 4:
        out |= {letters, ".".join(letters) + "."}  # UN / U.N., US / U.S.
    out |= {t.replace("’", "'") for t in out} | {t.replace("'", "’") for t in out}
    return out


_MATCHERS: dict[tuple[int, int], tuple[PhraseMatcher, dict[int, str]]] = {}


def _matcher(nlp: Language, d: ActorDictionary) -> tuple[PhraseMatcher, dict[int, str]]:
    """One PhraseMatcher per (pipeline, dictionary), built once: match id -> folded alias key."""
    cache_key = (id(nlp), id(d))
    if cache_key in _MATCHERS:
        return _MATCHERS[cache_key]
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    ids: dict[int, str] = {}
    by_key: dict[str, set[str]] = {}
    for key, aliases in d.aliases.items():
        for alias in aliases:
            by_key.setdefault(key, set()).update(_pattern_texts(alias.text))
    for key, texts in by_key.items():
        texts_sorted = sorted(texts)
        docs = list(nlp.tokenizer.pipe(texts_sorted))
        matcher.add(key, docs)
        ids[nlp.vocab.strings[key]] = key
    _MATCHERS[cache_key] = (matcher, ids)
    return matcher, ids


def _case_ok(span_text: str, alias: Alias, *, sentence_start: bool = False) -> bool:
    """Short all-caps aliases need their capitals: "us" and "who" are words, not the US or the WHO.

    Newspapers that write acronyms as words ("Isis", "Nato") still match in title case, when
    the word is at least four letters long and not merely capitalised by starting a sentence.
    """
    if not alias.exact_case:
        return True
    want = alias.text
    if want.lower().startswith("the "):
        want = want[4:]
    got = _strip_accents(span_text).replace(".", "").replace("’", "'")
    want = _strip_accents(want).replace(".", "").replace("’", "'")
    if got == want:
        return True
    return len(got) >= 4 and got.istitle() and got.lower() == want.lower() and not sentence_start


def find_mentions(doc: Doc, nlp: Language, d: ActorDictionary, *, date: str | None = None) -> list[Mention]:
    """Longest non-overlapping dictionary mentions in ``doc``, in text order."""
    matcher, ids = _matcher(nlp, d)
    found: list[Mention] = []
    for match_id, start, end in matcher(doc):
        key = ids.get(match_id)
        if key is None:
            continue
        span_text = doc[start:end].text
        candidates = []
        for alias in d.aliases.get(key, ()):
            if not _case_ok(span_text, alias, sentence_start=bool(doc[start].is_sent_start)):
                continue
            candidates.append((d.entries[alias.entry_id], alias))
        if not candidates:
            continue
        # a lower-case single word that is not a proper noun is rarely a name ("chad", "turkey")
        if end - start == 1 and doc[start].is_lower and candidates[0][1].type not in ("demonym",):
            continue
        # a historical state named as such ("the Soviet Union") is still meant; among several
        # readings of one name, the one that existed on the document date comes first
        candidates.sort(key=lambda c: (not c[0].active_on(date) if date else False, *_rank(c)))
        found.append(Mention(start, end, tuple(candidates)))
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    taken: set[int] = set()
    out = []
    for m in found:
        if any(i in taken for i in range(m.start, m.end)):
            continue
        taken.update(range(m.start, m.end))
        out.append(m)
    out.sort(key=lambda m: m.start)
    return out


_TYPE_RANK = {"person": 0, "organisation": 1, "name": 2, "seat": 3, "demonym": 4, "capital": 5}


def _rank(candidate: tuple[Entry, Alias]) -> tuple[int, int]:
    entry, alias = candidate
    current = 0 if entry.kind.value != "person" or not entry.roles or not entry.roles[-1].end else 1
    return (_TYPE_RANK.get(alias.type, 9), current)


def folded(text: str) -> str:
    return fold(text)

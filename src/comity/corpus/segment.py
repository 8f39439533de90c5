"""Cut a raw news page into numbered units (lines, then sentences) with character offsets.

The units are what annotators label and what the annotated corpus points into: a unit is
named ``PAGE:sN`` and its offsets index the page's unedited ``text``. The cut is plain and
deterministic (no model), so the same page always gives the same units.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

#: words that end with a full stop without ending a sentence
ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "rep",
        "sen",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "mt",
        "ft",
        "adm",
        "cmdr",
        "brig",
        "hon",
        "rev",
        "approx",
        "est",
        "dept",
        "govt",
        "fig",
        "e.g",
        "i.e",
    }
)  # fmt: skip
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Unit:
    page: str
    index: int
    start: int
    end: int

    @property
    def sid(self) -> str:
        return f"{self.page}:s{self.index}"


def _sentence_ends(line: str) -> list[int]:
    """Offsets (within ``line``) just after each sentence-final punctuation run."""
    ends = []
    for m in _BOUNDARY.finditer(line):
        before = line[: m.start()].rsplit(None, 1)
        word = before[-1].lower().rstrip(".") if before else ""
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        ends.append(m.start() + len(m.group(0).rstrip()))
    return ends


def segment(page_id: str, text: str) -> list[Unit]:
    """The page's units in order; blank lines and whitespace are never part of a unit."""
    units: list[Unit] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        cuts = [0, *_sentence_ends(line), len(line)]
        for a, b in itertools.pairwise(cuts):
            piece = line[a:b]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if not piece:
                continue
            start = line_start + a + lead
            units.append(Unit(page_id, len(units), start, start + len(piece)))
    return units

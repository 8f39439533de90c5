"""Cutting a raw page into units: lines, then sentences, offsets into the unedited text."""

from __future__ import annotations

import itertools

import pytest

from comity.corpus.segment import segment

CASES = [
    ("Russia attacked Ukraine. Kyiv said so.", ["Russia attacked Ukraine.", "Kyiv said so."]),
    ("Mr. Smith met Dr. Jones in the U.S. on Monday.", ["Mr. Smith met Dr. Jones in the U.S. on Monday."]),
    ('He said: "We will strike." The army denied it.', ['He said: "We will strike."', "The army denied it."]),
    (
        "Home | World | Sport\n\n  Headline here  \nBody text. More text!",
        ["Home | World | Sport", "Headline here", "Body text.", "More text!"],
    ),
    ("Talks end at 3 p.m. in Doha.", ["Talks end at 3 p.m. in Doha."]),
    ("It rose 2.5 percent. Then it fell.", ["It rose 2.5 percent.", "Then it fell."]),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_units_are_the_lines_and_sentences_of_the_page(text, want):
    units = segment("NP-9", text)
    assert [text[u.start : u.end] for u in units] == want
    assert [u.sid for u in units] == [f"NP-9:s{i}" for i in range(len(want))]


def test_units_never_hold_surrounding_whitespace_and_never_overlap():
    text = "  A b c.   D e f.\n\n\nG h.  "
    units = segment("P", text)
    assert all(text[u.start : u.end] == text[u.start : u.end].strip() for u in units)
    assert all(a.end <= b.start for a, b in itertools.pairwise(units))

"""comity.timeplace.dates: date expressions against the document date, and the date a
sentence gives for one event."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comity.timeplace.dates import EventDate, resolve_date, sentence_date

ANCHOR = "2025-05-09"  # a Friday: the seed article's publication date

# (expression, anchor, future, expected value or None, precision)
RESOLVE_CASES = [
    ("on Thursday", ANCHOR, False, "2025-05-08", "day"),
    ("Thursday", ANCHOR, False, "2025-05-08", "day"),
    ("on Friday", ANCHOR, False, "2025-05-09", "day"),
    ("on Saturday", ANCHOR, False, "2025-05-03", "day"),
    ("Thursday's", ANCHOR, False, "2025-05-08", "day"),
    ("Thursday night", ANCHOR, False, "2025-05-08", "day"),
    ("last Tuesday", ANCHOR, False, "2025-05-06", "day"),
    ("last Friday", ANCHOR, False, "2025-05-02", "day"),
    ("on Monday", ANCHOR, True, "2025-05-12", "day"),
    ("on Friday", ANCHOR, True, "2025-05-09", "day"),
    ("next Tuesday", ANCHOR, False, "2025-05-13", "day"),
    ("yesterday", ANCHOR, False, "2025-05-08", "day"),
    ("last night", ANCHOR, False, "2025-05-08", "day"),
    ("today", ANCHOR, False, "2025-05-09", "day"),
    ("earlier today", ANCHOR, False, "2025-05-09", "day"),
    ("tomorrow", ANCHOR, False, "2025-05-10", "day"),
    ("three days ago", ANCHOR, False, "2025-05-06", "day"),
    ("3 days ago", ANCHOR, False, "2025-05-06", "day"),
    ("two weeks ago", ANCHOR, False, "2025-04", "month"),
    ("last week", ANCHOR, False, "2025-05", "month"),
    ("last week", "2025-05-02", False, "2025-04", "month"),
    ("this week", ANCHOR, False, "2025-05", "month"),
    ("next week", ANCHOR, False, "2025-05", "month"),
    ("next week", "2025-05-30", False, "2025-06", "month"),
    ("last weekend", ANCHOR, False, "2025-05", "month"),
    ("over the weekend", "2025-05-26", False, "2025-05", "month"),
    ("last weekend", "2025-06-09", False, "2025-06", "month"),
    ("last month", ANCHOR, False, "2025-04", "month"),
    ("last month", "2025-01-15", False, "2024-12", "month"),
    ("earlier this month", ANCHOR, False, "2025-05", "month"),
    ("next month", ANCHOR, False, "2025-06", "month"),
    ("two months ago", ANCHOR, False, "2025-03", "month"),
    ("last year", ANCHOR, False, "2024", "year"),
    ("this year", ANCHOR, False, "2025", "year"),
    ("earlier this year", ANCHOR, False, "2025", "year"),
    ("two years ago", ANCHOR, False, "2023", "year"),
    ("a year ago", ANCHOR, False, "2024", "year"),
    ("in June 2024", ANCHOR, False, "2024-06", "month"),
    ("June 2024", ANCHOR, False, "2024-06", "month"),
    ("in March 2025", ANCHOR, False, "2025-03", "month"),
    ("mid-June 2024", ANCHOR, False, "2024-06", "month"),
    ("the end of June 2024", ANCHOR, False, "2024-06", "month"),
    ("Sept. 2024", ANCHOR, False, "2024-09", "month"),
    ("in June", ANCHOR, False, "2024-06", "month"),
    ("in April", ANCHOR, False, "2025-04", "month"),
    ("in April", ANCHOR, True, "2026-04", "month"),
    ("March", ANCHOR, False, "2025-03", "month"),
    ("May 9, 2025", ANCHOR, False, "2025-05-09", "day"),
    ("around May 9, 2025", ANCHOR, False, "2025-05-09", "day"),
    ("Friday, May 9, 2025", ANCHOR, False, "2025-05-09", "day"),
    ("9 May 2025", ANCHOR, False, "2025-05-09", "day"),
    ("the 9th of May", ANCHOR, False, "2025-05-09", "day"),
    ("May 9th", ANCHOR, False, "2025-05-09", "day"),
    ("May 9", ANCHOR, False, "2025-05-09", "day"),
    ("June 1", ANCHOR, False, "2025-06-01", "day"),  # within a month ahead: same year
    ("December 28", ANCHOR, False, "2024-12-28", "day"),  # far ahead: the year before
    ("January 15", "2024-12-20", True, "2025-01-15", "day"),
    ("Sept. 9, 2024", ANCHOR, False, "2024-09-09", "day"),
    ("2025-03-01", ANCHOR, False, "2025-03-01", "day"),
    ("2025 May 9", ANCHOR, False, "2025-05-09", "day"),  # dateparser fallback
    ("2024", ANCHOR, False, "2024", "year"),
    ("in 2025", ANCHOR, False, "2025", "year"),
    ("early 2025", ANCHOR, False, "2025", "year"),
    ("the summer of 2024", ANCHOR, False, "2024", "year"),
    ("1945", ANCHOR, False, "1945", "year"),
    # too vague, a duration, an age, a bound or no date at all
    ("in the 1990s", ANCHOR, False, None, None),
    ("the '90s", ANCHOR, False, None, None),
    ("the 80th anniversary", ANCHOR, False, None, None),
    ("for three years", ANCHOR, False, None, None),
    ("three-year", ANCHOR, False, None, None),
    ("80 years", ANCHOR, False, None, None),
    ("three years", ANCHOR, False, None, None),
    ("65 years old", ANCHOR, False, None, None),
    ("since 2022", ANCHOR, False, None, None),
    ("by 2030", ANCHOR, False, None, None),
    ("between 2020 and 2022", ANCHOR, False, None, None),
    ("recently", ANCHOR, False, None, None),
    ("a few days ago", ANCHOR, False, None, None),
    ("the same day", ANCHOR, False, None, None),
    ("Victory Day", ANCHOR, False, None, None),
    ("the past year", ANCHOR, False, None, None),
    ("may", ANCHOR, False, None, None),  # the modal verb
    ("march", ANCHOR, False, None, None),  # the verb
    ("February 30, 2025", ANCHOR, False, None, None),
    ("99999999 days ago", ANCHOR, False, None, None),
    ("12345", ANCHOR, False, None, None),
    ("", ANCHOR, False, None, None),
]


@pytest.mark.parametrize(("expression", "anchor", "future", "value", "precision"), RESOLVE_CASES)
def test_resolve_date(expression, anchor, future, value, precision):
    got = resolve_date(expression, anchor, future=future)
    if value is None:
        assert got is None
    else:
        assert got == EventDate(value, precision, expression.strip())


@pytest.mark.parametrize(
    ("expression", "value"),
    [("2024", "2024"), ("June 2024", "2024-06"), ("May 9, 2025", "2025-05-09"),
     ("yesterday", None), ("on Thursday", None), ("May 9", None), ("in June", None),
     ("last year", None)],
)  # fmt: skip
def test_without_anchor_only_absolute_dates(expression, value):
    got = resolve_date(expression, None)
    assert (got.value if got else None) == value


@pytest.mark.parametrize(
    ("expression", "anchor", "value"),
    [("yesterday", "1990-01-01", "1989-12-31"), ("on Thursday", "1999-12-31", "1999-12-30"),
     ("last year", "1991-06-30", "1990"), ("May 9", "1995-02-01", "1994-05-09"),
     ("last month", "2001-03-31", "2001-02")],
)  # fmt: skip
def test_results_follow_the_anchor_not_todays_date(expression, anchor, value):
    assert resolve_date(expression, anchor).value == value


@pytest.mark.parametrize("anchor", ["", "not a date", "2025-13-45", "9999999"])
def test_bad_anchor_is_no_anchor(anchor):
    assert resolve_date("yesterday", anchor) is None
    assert resolve_date("June 2024", anchor).value == "2024-06"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_never_raises_on_any_text(text):
    got = resolve_date(text, ANCHOR)
    if got is not None:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", got.value)
        assert got.precision == {4: "year", 7: "month", 10: "day"}[len(got.value)]


# ----------------------------------------------------------------------- sentences


def sentence_and_trigger(nlp, text: str, word: str | None):
    doc = nlp(text)
    trigger = next(t for t in doc if t.text == word) if word else None
    sent = trigger.sent if trigger is not None else next(iter(doc.sents))
    return sent, trigger


SEED_THURSDAY = (
    "two leaders, Xi Jinping from China and Vladimir Putin from Russia, advocate for a strong "
    "and unyielding friendship on Thursday, vowing to escalate collaboration significantly and "
    "robustly curb the impact of the United States."
)
SEED_MEETING = (
    "During a meeting around May 9, 2025, Putin assured Kim Jong-un that Russia and North Korea "
    "would continue strengthening their bilateral relations [1]."
)
SEED_TREATY = (
    "This commitment echoes the June 2024 bilateral Treaty on Comprehensive Strategic "
    "Partnership, signaling a new phase of cooperation between the two nations [3]."
)
SEED_SUBMARINE = (
    "Reports suggest that North Korea may have unveiled a nuclear-powered submarine in March "
    "2025, possibly with Russian aid [4]."
)
SEED_PARADE = (
    "For instance, during Russia's Victory Day celebrations on May 9, 2025, Kim Jong-un "
    "surprisingly bypassed the military parade in Moscow and skipped sending a congratulatory "
    "message to the reception in Pyongyang."
)
SEED_GALA = (
    "Putin and Xi Jinping sport a friendly demeanor as they share a warm handshake during a gala "
    "event in the Kremlin, commemorating the 80th anniversary of the Soviet Union's victory over "
    "Nazi Germany."
)

# (sentence, trigger word or None, expected value or None)
SENTENCE_CASES = [
    (SEED_THURSDAY, "advocate", "2025-05-08"),
    (SEED_THURSDAY, "vowing", "2025-05-08"),
    (SEED_THURSDAY, None, "2025-05-08"),
    (SEED_MEETING, "assured", "2025-05-09"),
    (SEED_MEETING, None, "2025-05-09"),
    (SEED_TREATY, "Treaty", "2024-06"),
    (SEED_TREATY, "echoes", None),
    (SEED_SUBMARINE, "unveiled", "2025-03"),
    (SEED_SUBMARINE, "suggest", None),  # the date is the unveiling's, not the report's
    (SEED_PARADE, "bypassed", "2025-05-09"),
    (SEED_PARADE, "skipped", "2025-05-09"),
    (SEED_GALA, "share", None),  # "the 80th anniversary" is no date
    (
        "Thousands of protesters march through Tbilisi on Thursday's anniversary.",
        "march",
        "2025-05-08",
    ),
    ("Thursday's talks ended without a deal.", "talks", "2025-05-08"),
    ("Russian missiles struck Kharkiv near the border last Tuesday.", "struck", "2025-05-06"),
    ("The two leaders will meet on Monday in Geneva.", "meet", "2025-05-12"),
    ("The two leaders met on Monday in Geneva.", "met", "2025-05-05"),
    ("The ministers are set to sign the accord on Monday.", "sign", "2025-05-12"),
    (
        "The Kremlin said on Friday that talks with Kyiv would resume next week.",
        "said",
        "2025-05-09",
    ),
    (
        "The Kremlin said on Friday that talks with Kyiv would resume next week.",
        "resume",
        "2025-05",
    ),
    ("Kim, who visited Moscow in 2019, met Putin on Thursday.", "met", "2025-05-08"),
    ("Kim, who visited Moscow in 2019, met Putin on Thursday.", "visited", "2019"),
    ("Russia has been fighting in Ukraine since 2022.", "fighting", None),
    ("The sanctions have been in force for three years.", None, None),
    (
        "Two years ago, India and Pakistan exchanged fire along the Line of Control.",
        "exchanged",
        "2023",
    ),
    ("The ministers held talks at the White House on May 2.", "held", "2025-05-02"),
    ("Israel struck Gaza yesterday.", "struck", "2025-05-08"),
    ("North Korea may have tested a missile.", "tested", None),  # "may" is a modal verb
    ("Protesters march on the parliament.", "march", None),  # "march" is a verb
    ("Protesters will march on the parliament on Monday.", "march", "2025-05-12"),
    ("The 65-year-old leader resigned.", "resigned", None),
    ("", None, None),
]


@pytest.mark.parametrize(("text", "word", "value"), SENTENCE_CASES)
def test_sentence_date(nlp, text, word, value):
    if not text:
        assert sentence_date(nlp(text)[:], ANCHOR) is None
        return
    sent, trigger = sentence_and_trigger(nlp, text, word)
    got = sentence_date(sent, ANCHOR, trigger)
    assert (got.value if got else None) == value


def test_sentence_date_keeps_the_expression(nlp):
    sent, trigger = sentence_and_trigger(nlp, SEED_THURSDAY, "advocate")
    got = sentence_date(sent, ANCHOR, trigger)
    assert got is not None and got.precision == "day" and "Thursday" in got.text


def test_sentence_date_without_anchor_keeps_absolute_dates(nlp):
    sent, trigger = sentence_and_trigger(nlp, SEED_SUBMARINE, "unveiled")
    assert sentence_date(sent, None, trigger).value == "2025-03"
    sent, trigger = sentence_and_trigger(nlp, SEED_THURSDAY, "advocate")
    assert sentence_date(sent, None, trigger) is None


@pytest.mark.parametrize(
    "text",
    ["May.", "March", "99999999999999 years ago the 9999999th of May 99999", "!!!", "\n\n",
     "in the year 3000000", "Friday Friday Friday", "on 31 February 2024"],
)  # fmt: skip
def test_sentence_date_odd_input_does_not_raise(nlp, text):
    doc = nlp(text)
    for sent in doc.sents:
        got = sentence_date(sent, ANCHOR)
        assert got is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", got.value)


def test_seed_article_dates(nlp, seed_text):
    doc = nlp(seed_text)
    by_phrase = {
        "friendship on Thursday": ("advocate", "2025-05-08"),
        "nuclear-powered submarine in March 2025": ("unveiled", "2025-03"),
        "June 2024 bilateral Treaty": ("Treaty", "2024-06"),
        "During a meeting around May 9, 2025": ("assured", "2025-05-09"),
    }
    for phrase, (word, value) in by_phrase.items():
        sent = next(s for s in doc.sents if phrase in s.text)
        trigger = next(t for t in sent if t.text == word)
        got = sentence_date(sent, "2025-05-09", trigger)
        assert got is not None and got.value == value, phrase

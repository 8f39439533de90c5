"""The event's own date: date expressions resolved against the document date.

``resolve_date`` turns one expression ("on Thursday", "last month", "May 9, 2025") into an
:class:`EventDate`, always relative to the document date (the *anchor*), never to today's
real date. ``sentence_date`` finds the date a sentence gives for one event (its trigger).

Conventions (news is mostly past-tense reporting):

* a weekday name is the most recent such day on or before the anchor ("on Friday" with a
  Friday anchor is the anchor itself); with ``future=True`` it is the next one on or after
  the anchor. "last Tuesday" is strictly before, "next Tuesday" strictly after.
* weeks have no precision of their own: "last week", "this week", "next week", "last
  weekend" become the month that holds most of the days of that week (precision "month").
* "May 9" takes the anchor's year, or the year before when that would put it more than
  31 days after the anchor (the year after when ``future`` and more than 31 days before).
  A bare month ("in June") takes the anchor's year unless that month is still to come,
  then the year before (the year after, for ``future``, when the month is already over).
* "N days ago" keeps day precision; "N weeks ago" and "N months ago" give a month, "N years
  ago" a year. Vague or open expressions give None: decades ("the 1990s"), durations ("for
  three years", "three-year", "80 years"), ages, anniversaries, ranges ("since 2022",
  "by 2030", "between 2020 and 2022"), "recently", "a few days ago".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from comity.nlp import ents_in
from comity.timeplace._tree import link_rank

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["EventDate", "resolve_date", "sentence_date"]


@dataclass(frozen=True, slots=True)
class EventDate:
    value: str  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    precision: str  # "day" | "month" | "year"
    text: str = ""  # the expression it came from ("on Thursday"); "" for the document date


MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
FULL_MONTHS = frozenset(n for n, number in MONTHS.items() if len(n) > 4 or number in {5, 6, 7})
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip

MIN_YEAR, MAX_YEAR = 1000, 2200


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that open an expression giving a range, a bound or a duration, not a date.
OPEN_WORDS = _words(
    "since until till til by before after from through throughout between within for over prior ever"
)
#: Words stripped from the front: prepositions and hedges that do not change the date.
LEAD_WORDS = _words(
    "on in during around about at of circa approximately roughly as early earlier late later mid the"
)
TIME_OF_DAY = r"(?:morning|afternoon|evening|night|overnight)"

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"
_NUM_RE = "|".join(sorted(NUMBERS, key=len, reverse=True))

RE_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
RE_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
RE_SLASH_YMD = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
RE_MONTH_DAY = re.compile(rf"({_MONTH_RE})\.? {_DAY_RE}(?:,? (\d{{4}}))?")
RE_DAY_MONTH = re.compile(rf"{_DAY_RE} (?:of )?({_MONTH_RE})\.?(?:,? (\d{{4}}))?")
RE_MONTH_YEAR = re.compile(rf"({_MONTH_RE})\.?,? (?:of )?(\d{{4}})")
RE_MONTH = re.compile(rf"({_MONTH_RE})")
RE_YEAR = re.compile(r"(?:the year )?(\d{4})")
RE_SEASON_YEAR = re.compile(
    r"(?:spring|summer|autumn|fall|winter|q[1-4]|h[12]|(?:first|second|third|fourth) quarter"
    r"|(?:first|second) half) (?:of )?(\d{4})"
)
RE_AGO = re.compile(rf"({_NUM_RE}|\d{{1,6}}) (day|week|month|year)s? ago")
RE_REL_UNIT = re.compile(r"(last|this|next|past|coming) (week|weekend|month|year)")
RE_WEEKDAY = re.compile(
    rf"(?:(last|this|next|past|coming) )?({'|'.join(WEEKDAYS)})(?:'s)?(?: {TIME_OF_DAY})?"
)
RE_DECADE = re.compile(r"(?:the )?'?\d{2,4}s")
RE_STRIP_OF = re.compile(
    r"(?:the )?(?:very )?(?:end|start|beginning|middle|close|first|second|third|fourth|last|"
    r"final)(?: (?:half|quarter|week|weeks|days|months))? of "
)


def _parse_anchor(anchor: str | None) -> dt.date | None:
    if not anchor:
        return None
    try:
        return dt.date.fromisoformat(anchor[:10])
    except ValueError:
        return None


def _day(d: dt.date, text: str) -> EventDate:
    return EventDate(d.isoformat(), "day", text)


def _month(year: int, month: int, text: str) -> EventDate | None:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return EventDate(f"{year:04d}-{month:02d}", "month", text)


def _year(year: int, text: str) -> EventDate | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return EventDate(f"{year:04d}", "year", text)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _span_month(first: dt.date, last: dt.date, text: str) -> EventDate | None:
    """The month holding most days of first..last (the later one on a tie)."""
    counts: dict[tuple[int, int], int] = {}
    day = first
    while day <= last:
        counts[(day.year, day.month)] = counts.get((day.year, day.month), 0) + 1
        day += dt.timedelta(days=1)
    (year, month), _ = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return _month(year, month, text)


def _normalise(expression: str) -> str:
    s = expression.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    s = re.sub(r"\s+", " ", s).strip(' \t\n,.;:()[]"')
    s = s.lower()
    s = re.sub(r"\bmid-", "mid ", s)
    words = s.split(" ")
    while len(words) > 1 and words[0] in LEAD_WORDS:
        words.pop(0)
    s = " ".join(words)
    s = RE_STRIP_OF.sub("", s, count=1) if RE_STRIP_OF.match(s) else s
    return re.sub(r"'s$", "", s)


def resolve_date(expression: str, anchor: str | None, *, future: bool = False) -> EventDate | None:
    """One date expression relative to the document date ``anchor`` (YYYY-MM-DD or None).

    ``future`` says the sentence speaks of something still to come ("will meet on Monday"),
    which turns weekday names and bare months forward. Returns None for anything that is not
    one usable date (see the module doc for the conventions)."""
    if not isinstance(expression, str) or not expression.strip() or len(expression) > 80:
        return None
    try:
        return _resolve(expression, _normalise(expression), _parse_anchor(anchor), future)
    except (ValueError, OverflowError):
        return None


def _resolve(original: str, s: str, base: dt.date | None, future: bool) -> EventDate | None:
    text = original.strip()
    if not s:
        return None
    first = s.split(" ", 1)[0]
    if first in OPEN_WORDS and not s.startswith("over the weekend"):
        return None
    if RE_DECADE.fullmatch(s) or "anniversary" in s or "old" in s.split():
        return None
    absolute = _absolute(text, s, base, future)
    if absolute is not None or base is None:
        return absolute
    return _relative(text, s, base, future)


def _absolute(text: str, s: str, base: dt.date | None, future: bool) -> EventDate | None:
    """Dates that name their day, month or year."""
    # A leading weekday before a full date ("Friday, May 9, 2025") adds nothing.
    head = s.split(" ", 1)
    if len(head) == 2 and head[0].rstrip(",") in WEEKDAYS and any(ch.isdigit() for ch in head[1]):
        s = head[1]
    if m := RE_ISO_DAY.fullmatch(s) or RE_SLASH_YMD.fullmatch(s):
        return _day(dt.date(int(m[1]), int(m[2]), int(m[3])), text)
    if m := RE_ISO_MONTH.fullmatch(s):
        return _month(int(m[1]), int(m[2]), text)
    if m := RE_MONTH_DAY.fullmatch(s):
        return _month_day(MONTHS[m[1]], int(m[2]), m[3], base, future=future, text=text)
    if m := RE_DAY_MONTH.fullmatch(s):
        return _month_day(MONTHS[m[2]], int(m[1]), m[3], base, future=future, text=text)
    if m := RE_MONTH_YEAR.fullmatch(s):
        return _month(int(m[2]), MONTHS[m[1]], text)
    if m := RE_SEASON_YEAR.fullmatch(s):
        return _year(int(m[1]), text)
    if m := RE_YEAR.fullmatch(s):
        return _year(int(m[1]), text)
    if RE_MONTH.fullmatch(s) and s in FULL_MONTHS:
        return _bare_month(text, MONTHS[s], base, future)
    if re.search(r"\b\d{4}\b", s) and re.search(rf"\b(?:{_MONTH_RE})\b", s):
        return _dateparser_fallback(s, text)
    return None


def _month_day(
    month: int, day: int, year: str | None, base: dt.date | None, *, future: bool, text: str
) -> EventDate | None:
    if year:
        return _day(dt.date(int(year), month, day), text)
    if base is None:
        return None
    candidate = dt.date(base.year, month, day) if (month, day) != (2, 29) else None
    if candidate is None:  # 29 February: the nearest leap year in the right direction
        y = base.year
        while not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
            y += 1 if future else -1
        return _day(dt.date(y, 2, 29), text)
    if not future and candidate > base + dt.timedelta(days=31):
        candidate = candidate.replace(year=base.year - 1)
    elif future and candidate < base - dt.timedelta(days=31):
        candidate = candidate.replace(year=base.year + 1)
    return _day(candidate, text)


def _bare_month(text: str, month: int, base: dt.date | None, future: bool) -> EventDate | None:
    """ "in June": the anchor's year unless the month is on the wrong side of the anchor."""
    if base is None:
        return None
    bare = text.strip().split()[-1]
    if bare.lower() in {"may", "march"} and not bare[:1].isupper():
        return None  # the modal verb "may", the verb "march"
    year = base.year
    if not future and month > base.month:
        year -= 1
    elif future and month < base.month:
        year += 1
    return _month(year, month, text)


def _relative(text: str, s: str, base: dt.date, future: bool) -> EventDate | None:
    """Expressions that only make sense against the anchor."""
    s = re.sub(rf" {TIME_OF_DAY}$", "", s) if s not in {"last night"} else s
    if s in {"today", "tonight", "this morning", "this afternoon", "this evening", "now",
             "earlier today", "later today", "today's"}:  # fmt: skip
        return _day(base, text)
    if s in {"yesterday", "last night", "yesterday's"}:
        return _day(base - dt.timedelta(days=1), text)
    if s == "day before yesterday":
        return _day(base - dt.timedelta(days=2), text)
    if s in {"tomorrow", "tomorrow's"}:
        return _day(base + dt.timedelta(days=1), text)
    if s == "day after tomorrow":
        return _day(base + dt.timedelta(days=2), text)
    if s.startswith("over the weekend"):
        s = "last weekend" if not future else "this weekend"
    if m := RE_WEEKDAY.fullmatch(s):
        return _weekday(m[1], WEEKDAYS[m[2]], base, future, text)
    if m := RE_AGO.fullmatch(s):
        return _ago(m[1], m[2], base, text)
    s = re.sub(r"^(?:earlier|later) ", "", s)
    if m := RE_REL_UNIT.fullmatch(s):
        return _relative_unit(m[1], m[2], base, future, text)
    return None


def _weekday(which: str | None, weekday: int, base: dt.date, future: bool, text: str) -> EventDate:
    back = (base.weekday() - weekday) % 7  # days back to the most recent one, 0 = the anchor
    ahead = (weekday - base.weekday()) % 7
    if which in {"last", "past"}:
        return _day(base - dt.timedelta(days=back or 7), text)
    if which in {"next", "coming"}:
        return _day(base + dt.timedelta(days=ahead or 7), text)
    if future:
        return _day(base + dt.timedelta(days=ahead), text)
    return _day(base - dt.timedelta(days=back), text)


def _ago(number: str, unit: str, base: dt.date, text: str) -> EventDate | None:
    n = NUMBERS[number] if number in NUMBERS else int(number)
    if unit == "day":
        return _day(base - dt.timedelta(days=n), text)
    if unit == "week":
        d = base - dt.timedelta(days=7 * n)
        return _month(d.year, d.month, text)
    if unit == "month":
        return _month(*_shift_month(base.year, base.month, -n), text)
    return _year(base.year - n, text)


def _relative_unit(which: str, unit: str, base: dt.date, future: bool, text: str) -> EventDate | None:
    step = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[which]
    if unit == "year":
        return None if which == "past" else _year(base.year + step, text)
    if unit == "month":
        return None if which == "past" else _month(*_shift_month(base.year, base.month, step), text)
    if which == "past" and unit == "week":  # the seven days up to the anchor
        return _span_month(base - dt.timedelta(days=6), base, text)
    if which == "this" and unit == "weekend" and not future and base.weekday() < 5:
        step = -1  # "this weekend" in a past-tense sentence on a weekday: the one just gone
    monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(days=7 * step)
    if unit == "weekend":
        saturday = monday + dt.timedelta(days=5)
        return _span_month(saturday, saturday + dt.timedelta(days=1), text)
    if which == "this":  # the part of this week on the right side of the anchor
        if future:
            return _span_month(base, monday + dt.timedelta(days=6), text)
        return _span_month(monday, base, text)
    return _span_month(monday, monday + dt.timedelta(days=6), text)


@lru_cache(maxsize=4096)
def _dateparser_fallback(s: str, text: str) -> EventDate | None:
    """Rare absolute forms ("2025 May 9", "May the 9th 2025") that name a month and a year."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(2000, 1, 1),  # never today's date; the year is explicit
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["year", "month"],
        },
    )
    try:
        data = parser.get_date_data(s)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if data.date_obj is None or str(data.date_obj.year) not in s:
        return None
    d = data.date_obj.date()
    rest = s.replace(str(d.year), "")
    if data.period == "day" and re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", rest):
        return _day(d, text) if MIN_YEAR <= d.year <= MAX_YEAR else None
    return _month(d.year, d.month, text)


# --------------------------------------------------------------------------- sentences


FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
#: "is set to meet", "is expected to visit", "are due to sign", "is going to attack"
FUTURE_FRAMES = frozenset({"go", "plan", "schedule", "set", "due", "expect", "intend", "prepare"})


def is_future(token: Token) -> bool:
    """Does the clause of ``token`` speak of the future ("will meet", "is set to visit")?"""
    tok = token
    for _ in range(6):
        auxes = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
        if any(c.lower_ in FUTURE_AUX for c in auxes):
            return True
        if tok.dep_ == "xcomp" and tok.head.lemma_ in FUTURE_FRAMES:
            frame = tok.head
            frame_auxes = [c for c in frame.children if c.dep_ in {"aux", "auxpass"}]
            if any(c.lower_ in FUTURE_AUX for c in frame_auxes):
                return True
            if any(c.tag_ in {"VBZ", "VBP"} for c in frame_auxes) or frame.tag_ in {"VBZ", "VBP"}:
                return True
            tok = frame
            continue
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
            continue
        return False
    return False


#: Spans spaCy often leaves untagged; month names must be capitalised.
RE_FIND = re.compile(
    r"(?i:\b(?:(?:last|this|next|past|coming) )?(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b|\b(?:yesterday|today|tonight|last night)\b|\b(?:last|this|next) "
    r"(?:week|weekend|month|year)\b|\b(?:\d{1,6}|" + _NUM_RE + r") (?:day|week|month|year)s? ago\b)"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?(?: \d{1,2}(?:st|nd|rd|th)?)?"
    r"(?:,? \d{4})?\b|\b\d{1,2}(?:st|nd|rd|th)? (?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)(?: \d{4})?\b|\b(?:1[0-9]|20|21)\d{2}\b"
)
#: Prepositions after which a date is a bound or a range, not the event date.
BLOCK_PREPS = _words("since until till by before after from through throughout between within for")


MONTH_NAMES = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    }
)


def _argument_name(span: Span) -> bool:
    """A lone month word standing as a subject or object is a name ("urged May to act")."""
    tok = span[0]
    return (
        len(span) == 1
        and tok.lower_ in MONTH_NAMES
        and (tok.ent_type_ == "PERSON" or tok.dep_ in {"nsubj", "nsubjpass", "dobj", "poss", "appos"})
    )


def _candidate_spans(sent: Span) -> list[Span]:
    doc = sent.doc
    spans = [e for e in ents_in(sent) if e.label_ in {"DATE", "TIME"} and not _argument_name(e)]
    taken = {t.i for e in spans for t in e}
    for m in RE_FIND.finditer(sent.text):
        span = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is None or any(t.i in taken for t in span):
            continue
        if span[0].pos_ in {"AUX", "VERB"} and span[0].lower_ in {"may", "march"}:
            continue
        if _argument_name(span):
            continue
        if len(span) == 1 and span[0].like_num and span[0].dep_ not in {"pobj", "npadvmod"}:
            continue  # a bare number is a year only where a date can stand
        spans.append(span)
        taken.update(t.i for t in span)
    return spans


def _blocked_by_preposition(span: Span) -> bool:
    root = span.root
    before = span.doc[span.start - 1] if span.start > 0 else None
    if root.dep_ == "pobj" and root.head.lower_ in BLOCK_PREPS:
        return not (root.head.lower_ == "over" and "weekend" in span.text.lower())
    if before is not None and before.lower_ in BLOCK_PREPS and before.pos_ == "ADP":
        return True
    # "from May to June", "between 2020 and 2022": a range
    return any(t.lower_ in {"to", "and", "-", "–"} and t.head == root for t in span)


def _span_text(span: Span) -> str:
    tokens = list(span)
    while tokens and tokens[-1].dep_ == "case":
        tokens.pop()
    return "".join(t.text_with_ws for t in tokens).strip()


def sentence_date(sent: Span, anchor: str | None, trigger: Token | None = None) -> EventDate | None:
    """The date the sentence gives for the event whose trigger (main verb/noun) is ``trigger``.

    Candidates are the DATE/TIME entities of the sentence and date-like phrases spaCy missed.
    A date attached in the dependency tree to the trigger beats one attached to its clause;
    a date inside another clause, in a bound/range ("since 2022"), or a pre-nominal
    modifier of some other noun ("echoes the June 2024 treaty") is not the event's. None when
    the sentence gives no usable date (the caller then uses the document date)."""
    if sent is None or len(sent) == 0:
        return None
    if trigger is None or not (sent.start <= trigger.i < sent.end):
        trigger = sent.root
    best: tuple[int, int, EventDate] | None = None
    for span in _candidate_spans(sent):
        if _blocked_by_preposition(span):
            continue
        rank = link_rank(span.root, trigger, inside=frozenset(t.i for t in span))
        if rank is None:
            continue
        attach = _governing_verb(span) or trigger
        date = resolve_date(_span_text(span), anchor, future=is_future(attach))
        if date is None:
            continue
        distance = min(abs(t.i - trigger.i) for t in span)
        if best is None or (rank, distance) < best[:2]:
            best = (rank, distance, date)
    return best[2] if best else None


def _governing_verb(span: Span) -> Token | None:
    tok = span.root
    for _ in range(8):
        if tok.pos_ in {"VERB", "AUX"} and not (span.start <= tok.i < span.end):
            return tok
        if tok.head.i == tok.i:
            return tok if tok.pos_ in {"VERB", "AUX"} else None
        tok = tok.head
    return None

"""Dates found in inputs (metadata, feed entries, file names, --date) as ``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY``, keeping the precision the input has."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any

__all__ = ["date_from_filename", "normalize_date"]

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][0-9:.,]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_FILENAME = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?=$|[_\-. ])")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_MIN_YEAR, _MAX_YEAR = 1000, 2999


def _ymd(year: int, month: int | None = None, day: int | None = None) -> str:
    """Format, checking that the date exists; raises ValueError otherwise."""
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValueError(f"year {year} out of range")
    if month is None:
        return f"{year:04d}"
    if day is None:
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} out of range")
        return f"{year:04d}-{month:02d}"
    return date(year, month, day).isoformat()


@cache
def _date_parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        settings={
            "PARSERS": ["custom-formats", "absolute-time"],  # never relative to today
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["year"],  # "9 May" alone would take this year
        }
    )


def normalize_date(value: Any, *, strict: bool = False) -> str | None:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` for a date given as text, datetime, date or
    ``time.struct_time``; None for an empty value. Raises ValueError when it is not a date.

    ``strict`` accepts only ISO forms (``2025-05-09``, ``2025-05``, ``2025``, ``20250509``);
    otherwise RFC 2822 and written dates with a four-digit year ("9 May 2025") work too."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return _ymd(value.year, value.month, value.day)
    if isinstance(value, time.struct_time):
        return _ymd(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, int) and not isinstance(value, bool):
        return _ymd(value)
    text = str(value).strip()
    if not text:
        return None
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        return _ymd(year, month, day)  # type: ignore[arg-type]
    match = _COMPACT.fullmatch(text)
    if match:
        return _ymd(*(int(g) for g in match.groups()))
    if strict or not _YEAR.search(text):
        raise ValueError(f"not a date: {text[:40]!r}")
    try:
        parsed = parsedate_to_datetime(text)  # RFC 2822, as in RSS and HTTP headers
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return _ymd(parsed.year, parsed.month, parsed.day)
    data = _date_parser().get_date_data(text)
    if data.date_obj is None:
        raise ValueError(f"not a date: {text[:40]!r}")
    found = data.date_obj
    if data.period == "year":
        return _ymd(found.year)
    if data.period == "month":
        return _ymd(found.year, found.month)
    return _ymd(found.year, found.month, found.day)


def date_from_filename(name: str) -> str | None:
    """The date a file name starts with (``2025-03-02-summit.txt``, ``20250302_x.txt``), or None."""
    match = _FILENAME.match(name)
    if not match:
        return None
    try:
        return _ymd(*(int(g) for g in match.groups()))
    except ValueError:
        return None

"""Partial dates in the people data files ("2012", "2012-05", "2012-05-07"), for the data tests
of tests/actors: what YAML gives for them, the days they can mean, and the roles held on a day."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def as_text(value: object) -> str:
    """YAML gives full dates as datetime.date, a bare year as int, the rest as str."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def bounds(value: object, *, upper: bool) -> dt.date:
    """The first (or, with ``upper``, the last) day a possibly partial ISO date can mean."""
    text = as_text(value)
    assert DATE_RE.match(text), f"bad date {value!r}"
    parts = [int(x) for x in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        year, month = parts
        if not upper:
            return dt.date(year, month, 1)
        return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31) if upper else dt.date(parts[0], 1, 1)


def roles_on(roles: Iterable[Mapping[str, Any]], day: str, *, certainly: bool) -> list[Mapping[str, Any]]:
    """The roles held on ``day``: ``certainly`` whatever days their partial dates mean, or
    possibly (on some reading of them)."""
    when = dt.date.fromisoformat(day)
    held = []
    for role in roles:
        start = bounds(role["start"], upper=certainly)
        end = bounds(role["end"], upper=not certainly) if "end" in role else dt.date.max
        if start <= when < end if certainly else start <= when <= end:
            held.append(role)
    return held

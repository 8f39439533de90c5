"""Date normalisation of inputs (comity/ingest/dates.py)."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from comity.ingest.dates import date_from_filename, normalize_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-09", "2025-05-09"),
        ("2025-5-9", "2025-05-09"),
        ("2025-05-09T10:00:00Z", "2025-05-09"),
        ("2025-05-09 23:59:59+02:00", "2025-05-09"),
        ("2025-05", "2025-05"),
        ("2025", "2025"),
        ("20250509", "2025-05-09"),
        ("Fri, 09 May 2025 10:00:00 GMT", "2025-05-09"),
        ("May 9, 2025", "2025-05-09"),
        ("9 May 2025", "2025-05-09"),
        ("March 2025", "2025-03"),
        (datetime(2024, 6, 1, 12, 0), "2024-06-01"),
        (date(2024, 6, 1), "2024-06-01"),
        (time.struct_time((2024, 6, 1, 0, 0, 0, 5, 153, 0)), "2024-06-01"),
        (2019, "2019"),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    "value", ["2025-02-30", "2025-13", "garbage", "yesterday", "9 May", "the 32nd of May", "0999"]
)
def test_not_dates(value):
    with pytest.raises(ValueError):
        normalize_date(value)


def test_strict_accepts_only_iso():
    assert normalize_date("2025-05-09", strict=True) == "2025-05-09"
    with pytest.raises(ValueError):
        normalize_date("May 9, 2025", strict=True)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2025-03-02-summit.txt", "2025-03-02"),
        ("20250302_summit.txt", "2025-03-02"),
        ("2025-03-02.txt", "2025-03-02"),
        ("2025-13-02-x.txt", None),
        ("summit-2025-03-02.txt", None),
        ("2025.txt", None),
        ("202503021.txt", None),
    ],
)
def test_date_from_filename(name, expected):
    assert date_from_filename(name) == expected

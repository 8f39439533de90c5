"""Checking request parameters: each helper returns the clean value or raises :class:`ApiError`
(422 with a one-line message naming the parameter), so a bad filter never reaches SQL."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from comity.errors import ComityError, E
from comity.model import Modality, PloverType
from comity.relations.keys import normalise_key

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_ACTOR_CHARS = 200
MAX_QUERY_CHARS = 500
PLOVER_TYPES = tuple(t.value for t in PloverType)
MODALITIES = tuple(m.value for m in Modality)


class ApiError(Exception):
    """An HTTP error with a comity error code: ``ApiError(422, E.E801, "since", "...")``."""

    def __init__(self, status: int, code: E, where: str = "", detail: str = "") -> None:
        self.status = status
        self.error = ComityError(code, where=where, detail=detail)
        super().__init__(str(self.error))


def bad(where: str, detail: str) -> ApiError:
    return ApiError(422, E.E801, where, detail)


def day(value: str | None, name: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` parameter as a date (None when absent)."""
    if value is None or value == "":
        return None
    if not _DAY.fullmatch(value):
        raise bad(name, f"{value!r}: use YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise bad(name, f"{value!r} is not a calendar date") from None


def window(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Checked ``since``/``until`` as ISO strings (what the relation functions take)."""
    first, last = day(since, "since"), day(until, "until")
    if first and last and first > last:
        raise bad("since", f"{first} is after until {last}")
    return (first.isoformat() if first else None, last.isoformat() if last else None)


def choices(value: str | None, name: str, allowed: tuple[str, ...], *, upper: bool) -> list[str]:
    """A value or comma list, each one of ``allowed`` (compared in upper or lower case)."""
    if value is None or value == "":
        return []
    out = []
    for part in value.split(","):
        item = part.strip().upper() if upper else part.strip().lower()
        if item not in allowed:
            raise bad(name, f"unknown value {part.strip()!r}; one of {', '.join(allowed)}")
        out.append(item)
    return list(dict.fromkeys(out))


def event_types(value: str | None) -> list[str]:
    return choices(value, "type", PLOVER_TYPES, upper=True)


def modalities(value: str | None) -> list[str]:
    return choices(value, "modality", MODALITIES, upper=False)


def actor(value: str | None, name: str) -> str | None:
    """An actor key or code (``RUS``, ``rus``, ``NATO``, ``European Union``)."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        raise bad(name, "empty actor")
    if len(text) > MAX_ACTOR_CHARS or _CONTROL.search(text):
        raise bad(name, f"not an actor key (at most {MAX_ACTOR_CHARS} printable characters)")
    return normalise_key(text)


def dyad(value: str | None) -> tuple[str, str] | None:
    """``A,B`` -> two actor keys."""
    if value is None:
        return None
    parts = value.split(",")
    if len(parts) != 2:
        raise bad("dyad", f"{value!r}: give two actors as A,B")
    a, b = actor(parts[0], "dyad"), actor(parts[1], "dyad")
    assert a is not None and b is not None
    if a == b:
        raise bad("dyad", f"{value!r}: the two actors are the same")
    return a, b


def text_query(value: str | None) -> str | None:
    """The ``q`` search text as an ILIKE pattern (``%`` and ``_`` match themselves)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if len(text) > MAX_QUERY_CHARS or _CONTROL.search(text):
        raise bad("q", f"at most {MAX_QUERY_CHARS} printable characters")
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --------------------------------------------------------------------------- cursors


def fingerprint(filters: Mapping[str, Any]) -> str:
    """A short hash of a query's filters, so a cursor is only used with the query it came from."""
    canonical = json.dumps(filters, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()[:12]


def encode_cursor(seq: int, print_: str) -> str:
    raw = json.dumps({"v": 1, "seq": int(seq), "f": print_}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, print_: str) -> int:
    """The last seq of the previous page; 422 for a damaged cursor or another query's cursor."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        seq = data["seq"]
        ok = data.get("v") == 1 and isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0
    except (binascii.Error, ValueError, TypeError, KeyError):
        ok = False
    if not ok:
        raise bad("cursor", "not a cursor of this API (use next_cursor as given)")
    if data.get("f") != print_:
        raise bad("cursor", "the cursor belongs to a query with other filters or order")
    return int(seq)

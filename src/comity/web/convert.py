"""DataFrames and numpy values as strict JSON: numbers as Python numbers, NaN/NaT as null,
dates as ISO strings (what the relation functions return -> what the API sends)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any


def jsonable(value: Any) -> Any:
    """A copy of ``value`` that ``json.dumps(..., allow_nan=False)`` accepts."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return jsonable(value.to_pydatetime())
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return jsonable(value.tolist())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def records(frame: Any) -> list[dict[str, Any]]:
    """A DataFrame's rows as JSON-ready dicts."""
    return [jsonable(row) for row in frame.to_dict("records")]

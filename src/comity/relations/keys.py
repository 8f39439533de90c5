"""What every relation query shares: actor keys, event weights and the relation settings.

Actor keys
----------
Relations are between *actors*, and an actor must be one node whoever names it:

- a state is its code: ``RUS`` whether the event says "Russia", "the Kremlin", "Putin" or
  "Russian troops" (every actor whose code is a state code, persons and national agencies
  included, belongs to that state);
- a non-state actor, whose code is one of ``IGO``, ``NGO``, ``IMG``, ``MNC``, ``UIS``
  (``comity.model.NON_STATE_CODES``), is keyed by its canonical name, so the European Union,
  NATO and the United Nations are three nodes, not one node ``IGO``. When the name is missing
  the code stands in.

:func:`actor_key` is the one place this rule lives; clusters store the keys it gives, and the
dyad, score, network, triad and alert queries read only those stored keys.

Weights
-------
An event counts in dyad series and scores with the weight
``modality_weight x confidence x (1 + mention_boost x ln(mentions))``: a hedged or reported event
counts less than an asserted one (``relations.modality_weights``), a low-confidence coding
counts less than a firm one, and an event restated in many places counts somewhat more. Then
provenance (``provenance.weights``): an event only one independent publisher reports counts
``single_source`` times as much (default 0.75), and the weight is multiplied by
``1 - quality + quality x q`` where ``q`` is the best quality score among the documents stating
it (default ``quality`` 0.5: an event known only from a 0.2-quality page counts 0.6). Set
``single_source: 1.0`` and ``quality: 0`` to weigh without provenance.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from comity.model import NON_STATE_CODES
from comity.settings import load_settings

#: units of time for series: the argument value -> DuckDB date_trunc part
PERIODS = {"day": "day", "week": "week", "month": "month"}


def actor_key(ref: Mapping[str, Any]) -> str:
    """The node an event actor (an ``ActorRef.to_dict()``) stands for: state code or org name."""
    code = str(ref.get("code") or "").strip()
    if code in NON_STATE_CODES:
        name = str(ref.get("name") or "").strip()
        return name or code
    return code


@lru_cache(maxsize=65_536)
def keys_of_json(actors_json: str) -> tuple[str, ...]:
    """Sorted distinct actor keys of a stored ``source``/``target`` JSON list (cached: the
    same actor lists recur across thousands of events)."""
    refs = json.loads(actors_json) if actors_json else []
    return tuple(sorted({key for key in (actor_key(r) for r in refs) if key}))


def normalise_key(text: str) -> str:
    """A key as typed on the command line: ``rus`` -> ``RUS``; names are kept as written."""
    text = text.strip()
    return text.upper() if len(text) == 3 and text.isalpha() else text


def settings() -> Mapping[str, Any]:
    return load_settings()["relations"]


def weight_sql(alias: str = "c") -> str:
    """SQL for an event's weight from cluster columns ``modality``, ``confidence``, ``mentions``,
    ``corroboration`` and ``quality`` (see the module docstring)."""
    cfg = settings()
    cases = " ".join(
        f"WHEN '{name}' THEN {float(value)!r}" for name, value in cfg["modality_weights"].items()
    )
    boost = float(cfg["mention_boost"])
    weights = load_settings()["provenance"]["weights"]
    single, quality = float(weights["single_source"]), float(weights["quality"])
    return (
        f"(CASE {alias}.modality {cases} ELSE 1.0 END) * {alias}.confidence"
        f" * (1 + {boost!r} * ln(greatest({alias}.mentions, 1)))"
        f" * (CASE WHEN {alias}.corroboration <= 1 THEN {single!r} ELSE 1.0 END)"
        f" * (1 - {quality!r} + {quality!r} * coalesce({alias}.quality, 1.0))"
    )


def modality_weight_sql(alias: str = "e") -> str:
    """SQL for modality weight x confidence alone (how firm one statement is)."""
    cases = " ".join(
        f"WHEN '{name}' THEN {float(value)!r}" for name, value in settings()["modality_weights"].items()
    )
    return f"(CASE {alias}.modality {cases} ELSE 1.0 END) * {alias}.confidence"


def label(score: float | None) -> str:
    """allied, cooperative, neutral, strained or hostile, by ``relations.labels``."""
    if score is None or math.isnan(score):  # NaN: no events
        return "neutral"
    bounds = settings()["labels"]
    if score >= float(bounds["allied"]):
        return "allied"
    if score >= float(bounds["cooperative"]):
        return "cooperative"
    if score <= float(bounds["hostile"]):
        return "hostile"
    if score <= float(bounds["strained"]):
        return "strained"
    return "neutral"


def sign(score: float | None) -> int:
    """+1 for cooperative or allied, -1 for strained or hostile, 0 for neutral."""
    name = label(score)
    return 1 if name in ("allied", "cooperative") else -1 if name in ("strained", "hostile") else 0


def as_days(frame: Any, *columns: str) -> Any:
    """DuckDB DATE columns arrive as datetime64: turn them back into ``datetime.date``."""
    for column in columns:
        if column in frame.columns and len(frame) and hasattr(frame[column], "dt"):
            frame[column] = frame[column].dt.date
    return frame

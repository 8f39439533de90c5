"""A dyad's timeline for the API: :func:`comity.relations.dyad_series` (counts per period) joined
with :func:`comity.relations.score_series` (the smoothed score at each period's end); years are
the months rolled up."""

from __future__ import annotations

import math
from typing import Any

from comity.relations.keys import label
from comity.web.convert import jsonable


def _number(value: Any) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


def dyad_points(
    store: Any, a: str, b: str, *, by: str, since: str | None, until: str | None
) -> list[dict[str, Any]]:
    """Points ``{period, events, mentions, cooperative, conflictual, quad1..quad4, weight,
    goldstein_sum, goldstein, score, label}``, oldest first, empty periods included."""
    from comity.relations import dyad_series, score_series

    part = "month" if by == "year" else by
    frame = dyad_series(store, a, b, by=part, since=since, until=until)
    if frame.empty:
        return []
    scores = score_series(store, a, b, by=part, since=since, until=until)
    score_of = dict(zip(scores["period"], scores["score"], strict=True))
    points = []
    for row in frame.to_dict("records"):
        quads = [int(row[f"quad{q}"]) for q in (1, 2, 3, 4)]
        score = _number(score_of[row["period"]]) if row["period"] in score_of else None
        points.append(
            {
                "period": row["period"],
                "events": int(row["events"]),
                "mentions": int(row["mentions"]),
                "cooperative": quads[0] + quads[1],
                "conflictual": quads[2] + quads[3],
                **{f"quad{q}": quads[q - 1] for q in (1, 2, 3, 4)},
                "weight": float(row["weight"]),
                "goldstein_sum": float(row["goldstein_sum"]),
                "goldstein": _number(row["goldstein_mean"]),
                "score": score,
                "label": label(score) if score is not None else None,
            }
        )
    if by == "year":
        points = _years(points)
    return jsonable(points)


def _years(months: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Monthly points summed per year; the year's score is its last month's."""
    years: dict[int, dict[str, Any]] = {}
    summed = ("events", "mentions", "cooperative", "conflictual", "quad1", "quad2", "quad3", "quad4",
              "weight", "goldstein_sum")  # fmt: skip
    for point in months:
        year = point["period"].year
        into = years.setdefault(
            year, {"period": point["period"].replace(month=1, day=1), **dict.fromkeys(summed, 0)}
        )
        for name in summed:
            into[name] += point[name]
        if point["score"] is not None:
            into["score"] = point["score"]
    out = []
    for into in years.values():
        weight = into["weight"]
        into["goldstein"] = into["goldstein_sum"] / weight if weight > 0 else None
        into.setdefault("score", None)
        into["label"] = label(into["score"]) if into["score"] is not None else None
        out.append(into)
    return out

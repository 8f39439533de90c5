"""Alerts: weeks in which a dyad breaks with its own recent past.

Method (a z-score on the weekly series). For every unordered dyad, the weekly value is the net
weighted Goldstein ``sum(w x g)`` of its events that week (cooperation pushes it up, conflict
down, volume makes it larger either way); a week without events is 0. A week with events is
tested against the ``baseline_weeks`` weeks before it (default 12, empty weeks included):

    z = (value - mean) / max(sd, sd_floor)

It alerts when ``|z| >= z`` (default 3) and ``|value - mean| >= min_change`` (default 2, about
one firm verbal event), and the dyad has at least ``min_history_weeks`` weeks (default 4) since
its first event — a dyad's very first weeks have no baseline to break. ``sd_floor`` (default 2)
keeps a quiet dyad's first report from producing an infinite z: in a quiet dyad a week must move
by 6 — a firm sanction or fight, not one criticism — to reach z = 3. ``direction`` is "more
cooperative" or "more conflictual". Settings: ``relations.alerts``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from comity.relations.clusters import ensure_clusters
from comity.relations.dyads import PAIRS_SQL, units_cte
from comity.relations.keys import as_days, normalise_key, settings

if TYPE_CHECKING:
    import pandas

    from comity.store import Store

_ALERTS = """
WITH {units},
pairs AS ({pairs}),
weekly AS (
    SELECT p.a, p.b, date_trunc('week', u.date_start)::DATE AS week,
           sum(u.w * u.goldstein) AS value, count(*) AS events
    FROM pairs p JOIN units u ON u.id = p.id
    {where}
    GROUP BY ALL
),
span AS (
    SELECT a, b, min(week) AS first, max(week) AS last FROM weekly GROUP BY a, b
    HAVING max(week) >= $since_week
),
grid AS (
    SELECT s.a, s.b, s.first,
           unnest(generate_series(greatest(s.first, $since_week - CAST($baseline * 7 AS INTEGER))::TIMESTAMP,
                                  s.last::TIMESTAMP, INTERVAL 7 DAY))::DATE AS week
    FROM span s
),
series AS (
    SELECT g.a, g.b, g.first, g.week, coalesce(w.value, 0) AS value, coalesce(w.events, 0) AS events
    FROM grid g LEFT JOIN weekly w USING (a, b, week)
),
tested AS (
    SELECT *,
           avg(value) OVER past AS baseline,
           coalesce(stddev_pop(value) OVER past, 0) AS sd,
           date_diff('week', first, week) AS history
    FROM series
    WINDOW past AS (PARTITION BY a, b ORDER BY week
                    ROWS BETWEEN $baseline PRECEDING AND 1 PRECEDING)
)
SELECT a, b, week, events, value, baseline, sd,
       (value - baseline) / greatest(sd, $sd_floor) AS z
FROM tested
WHERE week >= $since_week AND events > 0 AND history >= $min_history
  AND abs(value - baseline) >= $min_change
  AND abs(value - baseline) / greatest(sd, $sd_floor) >= $z
ORDER BY week DESC, abs(z) DESC, a, b
"""

_WEEK_EVIDENCE = """
WITH wanted AS (SELECT * FROM _comity_rel_alerts),
pairs AS (
    SELECT DISTINCT c.id, least(s.k, t.k) AS a, greatest(s.k, t.k) AS b,
           date_trunc('week', c.date_start)::DATE AS week
    FROM clusters c, unnest(c.source_keys) AS s(k), unnest(c.target_keys) AS t(k)
    WHERE s.k <> t.k AND NOT c.negated
      AND date_trunc('week', c.date_start)::DATE IN (SELECT DISTINCT week FROM wanted)
)
SELECT p.a, p.b, p.week, c.event, c.goldstein, c.modality, c.mentions, e.date, e.text, e.doc_id,
       e.id AS event_id
FROM pairs p
JOIN wanted w ON w.a = p.a AND w.b = p.b AND w.week = p.week
JOIN clusters c ON c.id = p.id
JOIN events e ON e.id = c.event_id
QUALIFY row_number() OVER (PARTITION BY p.a, p.b, p.week
                           ORDER BY abs(c.goldstein) * c.confidence DESC, c.date_start, c.id) <= ?
ORDER BY p.a, p.b, p.week
"""


def alerts(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    evidence: int = 3,
) -> pandas.DataFrame:
    """Dyad-weeks from ``since`` (default: the last four weeks before the latest event) that
    break with the dyad's baseline: ``a``, ``b``, ``week`` (its Monday), ``events``, ``value``,
    ``baseline``, ``sd``, ``z``, ``direction`` and ``evidence`` (list of dicts), newest first."""
    ensure_clusters(store)
    cfg = settings()["alerts"]
    actors = (normalise_key(actor),) if actor else ()
    units, _ = units_cte(actors)
    names = ["since_all", "until", *(f"x{i}" for i in range(2 * len(actors)))]
    parts = units.split("?")
    units = parts[0] + "".join(f"${name}{rest}" for name, rest in zip(names, parts[1:], strict=True))
    if since:
        start = dt.date.fromisoformat(since[:10])
    else:
        ((latest,),) = store.con.execute("SELECT max(date_start) FROM clusters").fetchall()
        start = (latest or dt.date.today()) - dt.timedelta(weeks=4)
    since_week = start - dt.timedelta(days=start.weekday())
    params = {
        "since_all": None,
        "until": until,
        "since_week": since_week,
        "baseline": int(cfg["baseline_weeks"]),
        "min_history": int(cfg["min_history_weeks"]),
        "min_change": float(cfg["min_change"]),
        "sd_floor": float(cfg["sd_floor"]),
        "z": float(cfg["z"]),
    }
    for i, key in enumerate(k for k in actors for _ in range(2)):
        params[f"x{i}"] = key
    where = "WHERE p.a = $x0 OR p.b = $x0" if actors else ""
    frame = store.con.execute(_ALERTS.format(units=units, pairs=PAIRS_SQL, where=where), params).df()
    frame = as_days(frame, "week")
    frame["direction"] = ["more cooperative" if z > 0 else "more conflictual" for z in frame["z"]]
    frame["evidence"] = _evidence(store, frame, evidence)
    return frame


def _evidence(store: Store, frame: pandas.DataFrame, top: int) -> list[list[dict]]:
    """The ``top`` strongest events of each alerting dyad-week, in one query."""
    import pyarrow as pa

    if frame.empty or top <= 0:
        return [[] for _ in range(len(frame))]
    wanted = pa.table(
        {
            "a": pa.array(frame["a"].tolist(), pa.string()),
            "b": pa.array(frame["b"].tolist(), pa.string()),
            "week": pa.array(frame["week"].tolist(), pa.date32()),
        }
    )
    store.con.register("_comity_rel_alerts", wanted)
    try:
        rows = store.con.execute(_WEEK_EVIDENCE, [int(top)]).df()
    finally:
        store.con.unregister("_comity_rel_alerts")
    found: dict[tuple, list[dict]] = {}
    for row in rows.to_dict("records"):
        key = (row.pop("a"), row.pop("b"), row.pop("week").date())
        found.setdefault(key, []).append(row)
    return [found.get(key, []) for key in zip(frame["a"], frame["b"], frame["week"], strict=True)]

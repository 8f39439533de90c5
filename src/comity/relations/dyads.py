"""Dyad series: what happened between two actors per day, week or month, in DuckDB SQL.

The unit is an event cluster (one real-world event counted once, see ``clusters.py``); negated
and undated events are left out. An event with several actors on a side makes one dyad per
(source, target) pair; a joint action, whose source and target are the same list ("Russia and
China agreed ..."), pairs its members with each other. Unordered dyads (the default) count an
event once per pair whichever way it went; ``directed=True`` keeps only events from ``a`` to
``b`` (a joint action counts both ways).

Per period: ``events`` (clusters), ``mentions``, ``weight`` (sum of event weights, see
``keys.py``), ``goldstein_sum`` (sum of weight x Goldstein) and ``goldstein_mean`` (their
weighted mean), counts per quad class (``quad1`` verbal cooperation ... ``quad4`` material
conflict) and per PLOVER type (one column per type, upper case).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from comity.errors import ComityError, E
from comity.model import PloverType
from comity.relations.clusters import ensure_clusters
from comity.relations.keys import PERIODS, as_days, normalise_key, weight_sql

if TYPE_CHECKING:
    import pandas

    from comity.store import Store

#: clusters usable for relations, with their weight, in a date window (params: since, until)
UNITS_SQL = """
SELECT c.id, c.event, c.quad, c.goldstein, c.date_start, c.mentions, c.documents, c.modality,
       c.confidence, c.event_id, c.source_keys, c.target_keys, {weight} AS w
FROM clusters c
WHERE NOT c.negated AND c.date_start IS NOT NULL
  AND c.date_start >= coalesce(?::DATE, DATE '0001-01-01')
  AND c.date_start <= coalesce(?::DATE, DATE '9999-12-31')
  {actor_filter}
"""

#: one row per (cluster, unordered pair), a < b. The pairs are built with list functions and
#: unnested in the select list: much faster in DuckDB than a lateral join over two unnests.
#: list_distinct keeps a joint action's pair once (it comes out of both sides).
PAIRS_SQL = """
SELECT id, p[1] AS a, p[2] AS b
FROM (
    SELECT u.id, unnest(list_distinct(list_filter(
        flatten(list_transform(
            u.source_keys, lambda x: list_transform(u.target_keys, lambda y: [least(x, y), greatest(x, y)])
        )),
        lambda q: q[1] <> q[2]))) AS p
    FROM units u
)
"""

#: one row per (cluster, ordered pair)
DIRECTED_PAIRS_SQL = """
SELECT id, p[1] AS a, p[2] AS b
FROM (
    SELECT u.id, unnest(list_filter(
        flatten(list_transform(u.source_keys, lambda x: list_transform(u.target_keys, lambda y: [x, y]))),
        lambda q: q[1] <> q[2])) AS p
    FROM units u
)
"""


def units_cte(actors: tuple[str, ...] = ()) -> tuple[str, int]:
    """``units AS (...)`` for a WITH clause; returns the SQL and how many actor parameters
    follow the (since, until) parameters. With actors, only clusters naming one of them."""
    actor_filter = " ".join(
        "AND (list_contains(c.source_keys, ?) OR list_contains(c.target_keys, ?))" for _ in actors
    )
    # several actors: an event must name each of them (a dyad's events name both)
    sql = UNITS_SQL.format(weight=weight_sql("c"), actor_filter=actor_filter)
    return f"units AS ({sql})", 2 * len(actors)


def check_period(by: str) -> str:
    if by not in PERIODS:
        raise ComityError(E.E702, where="by", detail=f"{by!r}: use day, week or month")
    return PERIODS[by]


def dyad_series(
    store: Store,
    a: str,
    b: str,
    *,
    by: str = "week",
    directed: bool = False,
    since: str | None = None,
    until: str | None = None,
    fill: bool = True,
) -> pandas.DataFrame:
    """The series of dyad ``a``-``b`` (actor keys: ``RUS``, ``European Union``) per period,
    oldest first; ``fill`` adds the empty periods between the first and the last."""
    part = check_period(by)
    a, b = normalise_key(a), normalise_key(b)
    ensure_clusters(store)
    units, _ = units_cte((a, b))
    pairs = DIRECTED_PAIRS_SQL if directed else PAIRS_SQL
    wanted = "p.a = ? AND p.b = ?"
    pair = (a, b) if directed else tuple(sorted((a, b)))
    types = ",\n       ".join(
        f"count(*) FILTER (WHERE u.event = '{t.value}') AS {t.value}" for t in PloverType
    )
    sql = f"""
WITH {units},
pairs AS ({pairs})
SELECT date_trunc('{part}', u.date_start)::DATE AS period,
       count(*) AS events,
       sum(u.mentions)::BIGINT AS mentions,
       sum(u.w) AS weight,
       sum(u.w * u.goldstein) AS goldstein_sum,
       sum(u.w * u.goldstein) / nullif(sum(u.w), 0) AS goldstein_mean,
       count(*) FILTER (WHERE u.quad = 1) AS quad1,
       count(*) FILTER (WHERE u.quad = 2) AS quad2,
       count(*) FILTER (WHERE u.quad = 3) AS quad3,
       count(*) FILTER (WHERE u.quad = 4) AS quad4,
       {types}
FROM pairs p JOIN units u ON u.id = p.id
WHERE {wanted}
GROUP BY period
ORDER BY period
"""
    params = [since, until, a, a, b, b, *pair]
    frame = as_days(store.con.execute(sql, params).df(), "period")
    if fill and len(frame) > 1:
        frame = _fill(frame, part)
    return frame


def _fill(frame: pandas.DataFrame, part: str) -> pandas.DataFrame:
    """Add the empty periods (zero counts, no mean) between the first and last period."""
    import pandas as pd

    freq = {"day": "D", "week": "W-MON", "month": "MS"}[part]
    periods = pd.to_datetime(frame["period"])
    full = pd.date_range(periods.min(), periods.max(), freq=freq)
    filled = frame.assign(period=periods).set_index("period").reindex(full)
    counts = [c for c in filled.columns if c != "goldstein_mean"]
    filled[counts] = filled[counts].fillna(0)
    for column in counts:
        if column not in ("weight", "goldstein_sum"):
            filled[column] = filled[column].astype("int64")
    filled.index.name = "period"
    out = filled.reset_index()
    out["period"] = out["period"].dt.date
    return out


def dyads(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
) -> pandas.DataFrame:
    """Every unordered dyad in the window with its totals (events, mentions, weight,
    weighted Goldstein mean, cooperative and conflictual events, first and last date),
    most events first; ``actor`` keeps the dyads of one actor."""
    ensure_clusters(store)
    actors = (normalise_key(actor),) if actor else ()
    units, _ = units_cte(actors)
    where = "WHERE p.a = ? OR p.b = ?" if actor else ""
    sql = f"""
WITH {units},
pairs AS ({PAIRS_SQL})
SELECT p.a, p.b, count(*) AS events, sum(u.mentions)::BIGINT AS mentions, sum(u.w) AS weight,
       sum(u.w * u.goldstein) / nullif(sum(u.w), 0) AS goldstein_mean,
       count(*) FILTER (WHERE u.quad IN (1, 2)) AS cooperative,
       count(*) FILTER (WHERE u.quad IN (3, 4)) AS conflictual,
       min(u.date_start) AS first, max(u.date_start) AS last
FROM pairs p JOIN units u ON u.id = p.id
{where}
GROUP BY p.a, p.b
ORDER BY events DESC, weight DESC, p.a, p.b
{f"LIMIT {int(limit)}" if limit is not None else ""}
"""
    params: list = [since, until, *(x for k in actors for x in (k, k))]
    if actor:
        params += [actors[0], actors[0]]
    return as_days(store.con.execute(sql, params).df(), "first", "last")

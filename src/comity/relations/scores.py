"""Relation scores: a smoothed cooperation-conflict score per dyad, its trend, label and evidence.

Method. Each event cluster between ``a`` and ``b`` dated on or before the score date ``T`` has a
Goldstein value ``g`` (-10 conflict .. +10 cooperation), a weight ``w`` (modality x confidence x
mention boost, see ``keys.py``) and an age ``T - t`` in days. The score is the exponentially
weighted mean

    score(T) = sum(w * d * g) / sum(w * d),   d = 0.5 ** ((T - t) / half_life_days)

so an event half a life old counts half as much as one on the score date, and the score stays on
the Goldstein scale whatever the volume of news. ``weight`` (the denominator) says how much
recent evidence stands behind it. The trend is ``score(T) - score(T - trend_days)`` (computed from
the events up to that earlier date), "improving" / "worsening" beyond ``trend_threshold``,
else "steady". Labels come from ``relations.labels``: allied >= 3, cooperative >= 0.5,
neutral, strained <= -0.5, hostile <= -3 by default.

``T`` is ``as_of`` if given, else ``until``, else the latest event date in the store. Evidence: the
clusters with the largest ``w * d * |g|``, each with its representative event's sentence, date,
type and document.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from comity.relations.clusters import ensure_clusters
from comity.relations.dyads import PAIRS_SQL, units_cte
from comity.relations.keys import as_days, label, normalise_key, settings

if TYPE_CHECKING:
    import pandas

    from comity.store import Store

#: the (dyad, cluster) rows behind scores and evidence, materialised once per call
_ROWS = """
CREATE OR REPLACE TEMP TABLE _comity_rel_rows AS
WITH {units},
pairs AS ({pairs})
SELECT p.a, p.b, u.id, u.event_id, u.event, u.w, u.goldstein, u.quad, u.mentions, u.documents,
       u.modality, u.date_start,
       pow(0.5, date_diff('day', u.date_start, $as_of) / $half_life) AS d
FROM pairs p JOIN units u ON u.id = p.id
{where}
"""

_SCORES = """
WITH u AS (
    SELECT *, pow(0.5, date_diff('day', date_start, $before) / $half_life) AS d_before
    FROM _comity_rel_rows
)
SELECT a, b, count(*) AS events, sum(mentions)::BIGINT AS mentions,
       sum(w * d) AS weight,
       sum(w * d * goldstein) / nullif(sum(w * d), 0) AS score,
       sum(w * d_before * goldstein) FILTER (WHERE date_start <= $before)
         / nullif(sum(w * d_before) FILTER (WHERE date_start <= $before), 0) AS score_before,
       count(*) FILTER (WHERE quad IN (1, 2)) AS cooperative,
       count(*) FILTER (WHERE quad IN (3, 4)) AS conflictual,
       min(date_start) AS first, max(date_start) AS last
FROM u
GROUP BY a, b
HAVING count(*) >= $min_events
ORDER BY weight DESC, a, b
"""

_EVIDENCE = """
WITH top AS (
    SELECT a, b, max_by(row(id, event_id, w * d * abs(goldstein)),
                        row(w * d * abs(goldstein), date_start, id), $top) AS best
    FROM _comity_rel_rows
    GROUP BY a, b
    HAVING count(*) >= $min_events
),
picked AS (
    SELECT a, b, generate_subscripts(best, 1) AS rank, unnest(best) AS r FROM top
)
SELECT p.a, p.b, p.r[1] AS cluster_id, e.event, e.goldstein, e.modality, e.mentions,
       p.r[3] AS strength, e.date, e.text, e.doc_id, e.id AS event_id
FROM picked p JOIN events e ON e.id = p.r[2]
ORDER BY p.a, p.b, p.rank
"""


def as_of_date(store: Store, as_of: str | None, until: str | None) -> dt.date:
    """The score date: ``as_of``, else ``until``, else the latest clustered event date."""
    for value in (as_of, until):
        if value:
            return dt.date.fromisoformat(value[:10])
    ((latest,),) = store.con.execute(
        "SELECT max(date_start) FROM clusters WHERE date_start IS NOT NULL"
    ).fetchall()
    return latest or dt.date.today()


def _query(
    store: Store, a: str | None, b: str | None, since: str | None, until: str | None
) -> tuple[str, str, list[Any], dict[str, Any]]:
    """The units CTE, the WHERE on pairs and the parameters shared by scores and evidence."""
    actors = tuple(normalise_key(x) for x in (a, b) if x)
    units, _ = units_cte(actors)
    if len(actors) == 2:
        first, second = sorted(actors)
        where, named = "WHERE p.a = $k1 AND p.b = $k2", {"k1": first, "k2": second}
    elif actors:
        where, named = "WHERE p.a = $k1 OR p.b = $k1", {"k1": actors[0]}
    else:
        where, named = "", {}
    # the units CTE uses positional parameters; rewrite them as named ones for one query
    units = _named(units, ["since", "until", *(f"x{i}" for i in range(2 * len(actors)))])
    named.update({"since": since, "until": until})
    for i, key in enumerate(k for k in actors for _ in range(2)):
        named[f"x{i}"] = key
    return units, where, [], named


def _named(sql: str, names: list[str]) -> str:
    parts = sql.split("?")
    assert len(parts) == len(names) + 1, (len(parts), names)
    out = parts[0]
    for name, rest in zip(names, parts[1:], strict=True):
        out += f"${name}" + rest
    return out


def relation_scores(
    store: Store,
    a: str | None = None,
    b: str | None = None,
    *,
    as_of: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_events: int = 1,
    evidence: int = 3,
) -> pandas.DataFrame:
    """One row per unordered dyad (all, those of ``a``, or the dyad ``a``-``b``) with
    ``events``, ``mentions``, ``weight``, ``score``, ``score_before``, ``trend``, ``trend_label``,
    ``label``, ``cooperative``/``conflictual`` counts, ``first``/``last`` dates and ``evidence``
    (a list of dicts: date, event, text, doc_id, ...), strongest evidence first. Sorted by
    weight (how much recent evidence), heaviest first."""
    ensure_clusters(store)
    cfg = settings()
    until = until or as_of
    day = as_of_date(store, as_of, until)
    if until is None:
        until = day.isoformat()
    before = day - dt.timedelta(days=int(cfg["trend_days"]))
    units, where, _, named = _query(store, a, b, since, until)
    named.update({"as_of": day, "half_life": float(cfg["half_life_days"])})
    con = store.con
    con.execute(_ROWS.format(units=units, pairs=PAIRS_SQL, where=where), named)
    try:
        common = {"half_life": named["half_life"], "before": before, "min_events": int(min_events)}
        frame = as_days(con.execute(_SCORES, common).df(), "first", "last")
        threshold = float(cfg["trend_threshold"])
        frame["trend"] = frame["score"] - frame["score_before"]
        frame["trend_label"] = [_trend(t, threshold) for t in frame["trend"]]
        frame["label"] = [label(s) for s in frame["score"]]
        frame["as_of"] = day
        found = (
            _evidence(store, {"min_events": int(min_events), "top": int(evidence)})
            if evidence > 0 and len(frame)
            else {}
        )
    finally:
        con.execute("DROP TABLE IF EXISTS _comity_rel_rows")
    frame["evidence"] = [found.get((x, y), []) for x, y in zip(frame["a"], frame["b"], strict=True)]
    return frame


def _trend(change: float, threshold: float) -> str:
    if math.isnan(change):
        return "new"  # nothing before the trend window
    if change >= threshold:
        return "improving"
    return "worsening" if change <= -threshold else "steady"


def _evidence(store: Store, params: dict[str, Any]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    result = store.con.execute(_EVIDENCE, params)
    names = [d[0] for d in result.description][2:]
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for a, b, *values in result.fetchall():
        out.setdefault((a, b), []).append(dict(zip(names, values, strict=True)))
    return out


def evidence(
    store: Store,
    a: str,
    b: str,
    *,
    top: int = 5,
    as_of: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> pandas.DataFrame:
    """The ``top`` strongest events behind the relation of ``a`` and ``b``."""
    import pandas as pd

    scores = relation_scores(store, a, b, as_of=as_of, since=since, until=until, evidence=top)
    rows = scores["evidence"].iloc[0] if len(scores) else []
    return pd.DataFrame(rows)


def score_series(
    store: Store, a: str, b: str, *, by: str = "week", since: str | None = None, until: str | None = None
) -> pandas.DataFrame:
    """The relation score of ``a``-``b`` at the end of each period (same method as
    :func:`relation_scores`), for timelines: columns ``period``, ``score``, ``weight``, ``label``."""
    import numpy as np
    import pandas as pd

    from comity.relations.dyads import check_period

    part = check_period(by)
    ensure_clusters(store)
    units, _, _, named = _query(store, a, b, since, until)
    first, second = sorted(normalise_key(x) for x in (a, b))
    sql = f"""
WITH {units}, pairs AS ({PAIRS_SQL})
SELECT u.date_start, u.w, u.goldstein FROM pairs p JOIN units u ON u.id = p.id
WHERE p.a = $k1 AND p.b = $k2 ORDER BY u.date_start
"""
    rows = store.con.execute(sql, {**named, "k1": first, "k2": second}).df()
    if rows.empty:
        return pd.DataFrame({"period": [], "score": [], "weight": [], "label": []})
    freq = {"day": "D", "week": "W-MON", "month": "MS"}[part]
    days = pd.to_datetime(rows["date_start"])
    first_day = days.min()
    if part == "week":
        first_day -= pd.Timedelta(days=first_day.weekday())
    elif part == "month":
        first_day = first_day.replace(day=1)
    starts = pd.date_range(first_day, days.max(), freq=freq)
    offset = {"day": pd.Timedelta(days=1), "week": pd.Timedelta(days=7), "month": pd.DateOffset(months=1)}
    half_life = float(settings()["half_life_days"])
    t = days.to_numpy(dtype="datetime64[D]")
    w, g = rows["w"].to_numpy(), rows["goldstein"].to_numpy()
    out = []
    for start in starts:
        end = (start + offset[part] - pd.Timedelta(days=1)).to_datetime64().astype("datetime64[D]")
        mask = t <= end
        age = (end - t[mask]).astype("int64")
        d = np.power(0.5, age / half_life)
        total = float((w[mask] * d).sum())
        score = float((w[mask] * d * g[mask]).sum() / total) if total > 0 else float("nan")
        out.append({"period": start.date(), "score": score, "weight": total, "label": label(score)})
    return pd.DataFrame(out)

"""Claims to verify: the high-impact events that rest on a hedge or on a single publisher.

An event (cluster) enters the queue when it is

- **high-impact** — ``|Goldstein| >= provenance.claims.min_abs_goldstein`` (default 6: attacks,
  sanctions, treaties), or the first event ever stored between two of its actors (a new dyad),
  or among the evidence of a relation alert (``comity.relations.alerts``); and
- **weakly sourced** — hedged (its firmest statement has a modality in
  ``provenance.claims.hedged_modalities``: "reportedly", "may have") or single-source (one
  independent publisher; syndicated copies do not count).

Negated events stay out (nothing is claimed to have happened). The queue is ordered by impact:
``|Goldstein|``, plus 3 for a new dyad, 3 for an alert and 2 for a hedge, then newest first.
Each row says why it is there (``reasons``) and carries its evidence sentence, document and
publishers.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from comity.provenance.quality import ensure_quality
from comity.provenance.sources import display_publisher, hedged_modalities, sql_list
from comity.settings import load_settings

if TYPE_CHECKING:
    import pandas

    from comity.store import Store

NEW_DYAD_BONUS = 3.0
ALERT_BONUS = 3.0
HEDGED_BONUS = 2.0  # a rumour outranks a firm single-source report of the same weight

# the window's weakly sourced clusters that are high-impact, ranked; $-parameters, and the alert
# evidence in _comity_claim_alerts (event_id, why)
_QUEUE = """
WITH pairs AS (
    SELECT id, p[1] AS a, p[2] AS b, date_start
    FROM (
        SELECT c.id, c.date_start, unnest(list_distinct(list_filter(
            flatten(list_transform(c.source_keys, lambda x: list_transform(
                c.target_keys, lambda y: [least(x, y), greatest(x, y)]))),
            lambda q: q[1] <> q[2]))) AS p
        FROM clusters c
        WHERE NOT c.negated AND c.date_start IS NOT NULL
    )
),
firsts AS (
    SELECT a, b, arg_min(id, (date_start, id)) AS id FROM pairs GROUP BY a, b
),
opened AS (
    SELECT id, list_sort(list(a || '-' || b)) AS new_dyads FROM firsts GROUP BY id
),
queue AS (
    SELECT c.*, coalesce(o.new_dyads, []) AS new_dyads, al.why AS alert,
           c.modality IN ({hedged}) AS hedged,
           abs(c.goldstein)
             + CASE WHEN o.new_dyads IS NOT NULL THEN {new_dyad} ELSE 0 END
             + CASE WHEN al.why IS NOT NULL THEN {alert} ELSE 0 END
             + CASE WHEN c.modality IN ({hedged}) THEN {hedge} ELSE 0 END AS priority
    FROM clusters c
    LEFT JOIN opened o ON o.id = c.id
    LEFT JOIN _comity_claim_alerts al ON al.event_id = c.event_id
    WHERE NOT c.negated
      AND (c.date_start IS NULL OR c.date_start >= coalesce($since::DATE, DATE '0001-01-01'))
      AND (c.date_start IS NULL OR c.date_start <= coalesce($until::DATE, DATE '9999-12-31'))
      AND (c.modality IN ({hedged}) OR c.corroboration <= 1)
      AND (abs(c.goldstein) >= $threshold OR o.new_dyads IS NOT NULL OR al.why IS NOT NULL)
)
{select}
"""

_PAGE = """
SELECT q.id AS cluster_id, q.event_id, q.date, q.date_start, q.event, q.goldstein, q.modality,
       q.source_keys, q.target_keys, q.corroboration, q.publishers, q.quality, q.new_dyads, q.alert,
       q.hedged, q.priority, e.text, e.eventText, e.doc_id, d.title, d.url
FROM queue q
JOIN events e ON e.id = q.event_id
LEFT JOIN documents d ON d.id = e.doc_id
ORDER BY q.priority DESC, q.date_start DESC NULLS LAST, q.id
LIMIT $limit OFFSET $offset
"""

COLUMNS = [
    "cluster_id", "event_id", "date", "event", "source", "target", "goldstein", "modality",
    "corroboration", "single_source", "publishers", "quality", "reasons", "priority", "text",
    "eventText", "doc_id", "title", "url",
]  # fmt: skip


def _alert_events(store: Store, since: str | None, until: str | None) -> dict[str, str]:
    """Event ids cited as evidence by relation alerts in the window -> the alert it backs."""
    from comity.relations import alerts

    found: dict[str, str] = {}
    frame = alerts(store, since=since, until=until, evidence=5)
    for row in frame.to_dict("records"):
        week = row["week"]
        week = week.isoformat()[:10] if hasattr(week, "isoformat") else str(week)
        for item in row["evidence"]:
            why = f"alert {row['a']}-{row['b']} week of {week} (z {row['z']:+.1f})"
            found.setdefault(item["event_id"], why)
    return found


def claims(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
    min_abs_goldstein: float | None = None,
) -> pandas.DataFrame:
    """The verification queue (see the module docstring), most important first: one row per
    event with ``reasons`` (list of strings), ``priority``, its evidence and its publishers.
    Ranked in SQL, so only the page asked for is built; ``frame.attrs["total"]`` is the
    length of the whole queue."""
    import pandas as pd
    import pyarrow as pa

    from comity.relations import ensure_clusters

    if not store.read_only:
        ensure_quality(store)
    ensure_clusters(store)
    for value in (since, until):
        if value:
            dt.date.fromisoformat(value[:10])  # ValueError for the caller to report
    cfg = load_settings()["provenance"]["claims"]
    threshold = float(cfg["min_abs_goldstein"] if min_abs_goldstein is None else min_abs_goldstein)
    hedged = sql_list(hedged_modalities())
    alerted = _alert_events(store, since, until)
    table = pa.table(
        {
            "event_id": pa.array(list(alerted), pa.string()),
            "why": pa.array(list(alerted.values()), pa.string()),
        }
    )
    params = {"since": since, "until": until, "threshold": threshold}
    sql = _QUEUE.replace("{hedged}", hedged).format(
        new_dyad=NEW_DYAD_BONUS, alert=ALERT_BONUS, hedge=HEDGED_BONUS, select="{select}"
    )
    store.con.register("_comity_claim_alerts", table)
    try:
        ((total,),) = store.con.execute(sql.format(select="SELECT count(*) FROM queue"), params).fetchall()
        page = {"limit": int(limit) if limit is not None else int(total), "offset": int(offset)}
        frame = store.con.execute(sql.format(select=_PAGE), {**params, **page}).df()
    finally:
        store.con.unregister("_comity_claim_alerts")
    rows = [_row(row, threshold) for row in frame.to_dict("records")]
    out = pd.DataFrame(rows, columns=COLUMNS)
    out.attrs["total"] = int(total)
    return out


def _row(row: dict[str, Any], threshold: float) -> dict[str, Any]:
    """One queue row with its reasons, weak sourcing first, then what makes it high-impact."""
    import pandas as pd

    reasons = []
    if row["hedged"]:
        reasons.append(str(row["modality"]))
    if int(row["corroboration"]) <= 1:
        reasons.append("single source")
    if abs(float(row["goldstein"])) >= threshold:
        reasons.append(f"|Goldstein| {abs(float(row['goldstein'])):.1f}")
    if len(row["new_dyads"]):
        reasons.append("first event between " + ", ".join(row["new_dyads"]))
    if isinstance(row["alert"], str):
        reasons.append(row["alert"])
    return {
        "cluster_id": row["cluster_id"],
        "event_id": row["event_id"],
        "date": row["date"],
        "event": row["event"],
        "source": list(row["source_keys"]),
        "target": list(row["target_keys"]),
        "goldstein": float(row["goldstein"]),
        "modality": row["modality"],
        "corroboration": int(row["corroboration"]),
        "single_source": int(row["corroboration"]) <= 1,
        "publishers": [display_publisher(p) for p in row["publishers"]],
        "quality": None if pd.isna(row["quality"]) else round(float(row["quality"]), 3),
        "reasons": reasons,
        "priority": round(float(row["priority"]), 2),
        "text": row["text"],
        "eventText": row["eventText"],
        "doc_id": row["doc_id"],
        "title": row["title"],
        "url": row["url"],
    }

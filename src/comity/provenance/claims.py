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

# clusters in the window with their evidence, and the dyads (a < b) each one opens
_CANDIDATES = """
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
)
SELECT c.id AS cluster_id, c.event_id, c.date, c.date_start, c.event, c.cameo, c.goldstein, c.quad,
       c.modality, c.confidence, c.source_keys, c.target_keys, c.corroboration, c.publishers,
       c.quality, c.sources, c.documents, coalesce(o.new_dyads, []) AS new_dyads,
       e.text, e.eventText, e.doc_id, d.title, d.url, d.source AS publisher
FROM clusters c
LEFT JOIN opened o ON o.id = c.id
JOIN events e ON e.id = c.event_id
LEFT JOIN documents d ON d.id = e.doc_id
WHERE NOT c.negated
  AND (c.date_start IS NULL OR c.date_start >= coalesce(?::DATE, DATE '0001-01-01'))
  AND (c.date_start IS NULL OR c.date_start <= coalesce(?::DATE, DATE '9999-12-31'))
  AND (c.modality IN ({hedged}) OR c.corroboration <= 1)
"""


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
    min_abs_goldstein: float | None = None,
) -> pandas.DataFrame:
    """The verification queue (see the module docstring), most important first: one row per
    event with ``reasons`` (list of strings), ``priority``, its evidence and its publishers."""
    import pandas as pd

    from comity.relations import ensure_clusters

    if not store.read_only:
        ensure_quality(store)
    ensure_clusters(store)
    for value in (since, until):
        if value:
            dt.date.fromisoformat(value[:10])  # ValueError for the caller to report
    cfg = load_settings()["provenance"]["claims"]
    threshold = float(cfg["min_abs_goldstein"] if min_abs_goldstein is None else min_abs_goldstein)
    hedged = hedged_modalities()
    frame = store.con.execute(_CANDIDATES.format(hedged=sql_list(hedged)), [since, until]).df()
    alerted = _alert_events(store, since, until) if not frame.empty else {}
    rows: list[dict[str, Any]] = []
    for row in frame.to_dict("records"):
        impact: list[str] = []
        priority = abs(float(row["goldstein"]))
        if priority >= threshold:
            impact.append(f"|Goldstein| {priority:.1f}")
        new_dyads = list(row["new_dyads"])
        if new_dyads:
            impact.append("first event between " + ", ".join(new_dyads))
            priority += NEW_DYAD_BONUS
        if row["event_id"] in alerted:
            impact.append(alerted[row["event_id"]])
            priority += ALERT_BONUS
        if not impact:
            continue
        weak = []
        if row["modality"] in hedged:
            weak.append(str(row["modality"]))
            priority += HEDGED_BONUS
        if int(row["corroboration"]) <= 1:
            weak.append("single source")
        publishers = [display_publisher(p) for p in row["publishers"]]
        rows.append(
            {
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
                "publishers": publishers,
                "quality": None if pd.isna(row["quality"]) else round(float(row["quality"]), 3),
                "reasons": weak + impact,
                "priority": round(priority, 2),
                "text": row["text"],
                "eventText": row["eventText"],
                "doc_id": row["doc_id"],
                "title": row["title"],
                "url": row["url"],
                "_day": row["date_start"],
            }
        )
    rows.sort(key=lambda r: (-r["priority"], _desc_day(r["_day"]), r["cluster_id"]))
    for row in rows:
        del row["_day"]
    if limit is not None:
        rows = rows[: int(limit)]
    columns = [
        "cluster_id", "event_id", "date", "event", "source", "target", "goldstein", "modality",
        "corroboration", "single_source", "publishers", "quality", "reasons", "priority", "text",
        "eventText", "doc_id", "title", "url",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _desc_day(day: Any) -> int:
    """Sort key putting newer dates first and undated events last."""
    try:
        return -int(day.toordinal())
    except (AttributeError, ValueError, TypeError):
        return 1

"""Per-publisher figures, and each stored event's corroboration.

:func:`sources` answers "which outlets does this corpus rest on, and how far can I trust each":
per publisher (``comity.provenance.publishers``) its documents, how many of them are copies of
an earlier document, its events, the share of those events that are hedged, the share that an
independent publisher also reports, and the mean quality of its documents.

:func:`event_provenance` gives each event what its cluster knows: ``corroboration`` (independent
publishers reporting it), ``single_source`` (corroboration <= 1), the publishers, and the quality
of the event's own document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from comity.provenance.publishers import UNKNOWN, publisher_sql
from comity.provenance.quality import ensure_quality
from comity.settings import load_settings

if TYPE_CHECKING:
    import pandas

    from comity.store import Store

_SOURCES = """
WITH docs AS (
    SELECT d.id, coalesce({publisher}, '{unknown}') AS source, d.duplicate_of, q.score, q.hedged,
           q.upstream
    FROM documents d LEFT JOIN document_quality q ON q.doc_id = d.id
),
per_doc AS (
    SELECT source, count(*) AS documents, count(duplicate_of) AS copies, count(upstream) AS wire,
           avg(score) AS quality, avg(hedged) AS hedged_sentences
    FROM docs GROUP BY source
),
per_event AS (
    SELECT docs.source, count(*) AS events,
           avg(CASE WHEN e.modality IN ({hedged}) THEN 1.0 ELSE 0.0 END) AS hedged,
           avg(CASE WHEN c.corroboration >= 2 THEN 1.0 ELSE 0.0 END) AS corroborated
    FROM events e
    JOIN docs ON docs.id = e.doc_id
    LEFT JOIN cluster_members m ON m.event_id = e.id
    LEFT JOIN clusters c ON c.id = m.cluster_id
    GROUP BY docs.source
)
SELECT p.source, p.documents, p.copies, p.wire, coalesce(e.events, 0) AS events, e.hedged, e.corroborated,
       p.quality, p.hedged_sentences
FROM per_doc p LEFT JOIN per_event e USING (source)
ORDER BY p.documents DESC, events DESC, p.source
"""


def hedged_modalities() -> tuple[str, ...]:
    return tuple(str(m) for m in load_settings()["provenance"]["claims"]["hedged_modalities"])


def sql_list(values: Iterable[str]) -> str:
    """A SQL list of string literals (quotes doubled), for fixed settings values."""
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values) or "NULL"


def sources(store: Store, *, limit: int | None = None) -> pandas.DataFrame:
    """One row per publisher: ``source``, ``documents``, ``copies`` (near-duplicates of earlier
    documents), ``wire`` (documents crediting a news agency), ``events``, ``hedged`` (share of
    its events hedged), ``corroborated`` (share of its events an independent publisher also
    reports), ``quality`` (mean document score) and
    ``hedged_sentences`` (mean share of hedging sentences)."""
    from comity.relations import ensure_clusters

    if not store.read_only:
        ensure_quality(store)
        ensure_clusters(store)
    sql = _SOURCES.format(publisher=publisher_sql("d"), unknown=UNKNOWN, hedged=sql_list(hedged_modalities()))
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return store.con.execute(sql).df()


_EVENT_PROVENANCE = """
SELECT e.id, m.cluster_id, c.corroboration, c.publishers, c.quality, q.score
FROM events e
LEFT JOIN cluster_members m ON m.event_id = e.id
LEFT JOIN clusters c ON c.id = m.cluster_id
LEFT JOIN document_quality q ON q.doc_id = e.doc_id
WHERE e.id IN (SELECT id FROM _comity_prov_ids)
"""


def event_provenance(store: Store, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """For each event id: ``cluster_id``, ``corroboration``, ``single_source``, ``publishers``
    (``(unknown)`` for documents without one), ``cluster_quality`` and ``doc_quality``. Events
    not clustered yet have ``corroboration`` None."""
    ids = list(dict.fromkeys(event_ids))
    if not ids:
        return {}
    store.con.register("_comity_prov_ids", pa.table({"id": pa.array(ids, pa.string())}))
    try:
        rows = store.con.execute(_EVENT_PROVENANCE).fetchall()
    finally:
        store.con.unregister("_comity_prov_ids")
    out: dict[str, dict[str, Any]] = {}
    for event_id, cluster_id, corroboration, publishers, cluster_quality, doc_quality in rows:
        out[event_id] = {
            "cluster_id": cluster_id,
            "corroboration": corroboration,
            "single_source": None if corroboration is None else corroboration <= 1,
            "publishers": [display_publisher(p) for p in publishers or []],
            "cluster_quality": cluster_quality,
            "doc_quality": doc_quality,
        }
    return out


def display_publisher(key: str) -> str:
    """A stored publisher key for people: documents without a publisher show as (unknown), an
    agency's story as "Reuters (wire)"."""
    if key.startswith("doc:"):
        return UNKNOWN
    if key.startswith("wire:"):
        return f"{key.removeprefix('wire:')} (wire)"
    return key

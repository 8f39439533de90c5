"""SQL behind the event and document endpoints: parameterised queries over ``events``,
``documents``, ``clusters`` and ``cluster_members``, and rows turned into JSON-ready dicts.

Every value from a request is a query parameter; the only SQL built from pieces is the WHERE
clause, from fixed fragments chosen by which filters are present. Events are listed in insertion
order (``seq``, unique), so a page boundary is a seq and cursor pages stay stable while new
events are added.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from comity.provenance.sources import display_publisher
from comity.store import EVENT_COLUMNS as STORE_EVENT_COLUMNS
from comity.store import event_from_row

#: events columns in the order :func:`event_dict` reads them
EVENT_COLUMNS = "e.seq, " + ", ".join(f"e.{name.strip()}" for name in STORE_EVENT_COLUMNS.split(","))

DOCUMENT_COLUMNS = "id, url, title, source, published, text, flags, citations, duplicate_of"

CLUSTER_COLUMNS = (
    "id, match_key, event, negated, source_keys, target_keys, date, date_start, date_end, quad, "
    "goldstein, cameo, modality, confidence, event_id, doc_id, members, mentions, documents, "
    "sources, roots, cameos, corroboration, publishers, quality"
)

#: short members of a cluster shown with one event
MEMBER_LIMIT = 100


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The checked filters of GET /api/events (actor values already normalised keys)."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    types: tuple[str, ...] = ()
    quad: int | None = None
    modalities: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    q: str | None = None  # an ILIKE pattern
    min_corroboration: int | None = None  # independent publishers reporting the event, at least

    def key(self) -> dict[str, Any]:
        """The filters as plain data (for the cursor fingerprint)."""
        return {
            "actor": self.actor, "source": self.source, "target": self.target,
            "dyad": list(self.dyad) if self.dyad else None, "types": list(self.types),
            "quad": self.quad, "modalities": list(self.modalities), "since": self.since,
            "until": self.until, "q": self.q, "min_corroboration": self.min_corroboration,
        }  # fmt: skip


def _side(side: str, name: str) -> str:
    """An actor on one side of the event: by its event code (``IGO``, ``RUS``) or by its actor
    key (a state's code, an organisation's name) as the clusters store it."""
    return (
        f"(list_contains(e.{side}_codes, ${name}) OR e.id IN "
        f"(SELECT event_id FROM cluster_members WHERE list_contains({side}_keys, ${name})))"
    )


def where(f: EventFilter) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (without the keyword; ``TRUE`` when no filter) and its parameters."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    if f.actor is not None:
        parts.append(f"({_side('source', 'actor')} OR {_side('target', 'actor')})")
        params["actor"] = f.actor
    if f.source is not None:
        parts.append(_side("source", "src"))
        params["src"] = f.source
    if f.target is not None:
        parts.append(_side("target", "tgt"))
        params["tgt"] = f.target
    if f.dyad is not None:
        parts.append(
            f"(({_side('source', 'dyad_a')} AND {_side('target', 'dyad_b')}) OR "
            f"({_side('source', 'dyad_b')} AND {_side('target', 'dyad_a')}))"
        )
        params["dyad_a"], params["dyad_b"] = f.dyad
    if f.types:
        parts.append("list_contains($types, e.event)")
        params["types"] = list(f.types)
    if f.quad is not None:
        parts.append("e.quad = $quad")
        params["quad"] = f.quad
    if f.modalities:
        parts.append("list_contains($modalities, e.modality)")
        params["modalities"] = list(f.modalities)
    if f.since is not None:
        parts.append("e.date_start >= $since::DATE")
        params["since"] = f.since
    if f.until is not None:
        parts.append("e.date_start <= $until::DATE")
        params["until"] = f.until
    if f.q is not None:
        parts.append(
            "(e.text ILIKE $q ESCAPE '\\' OR e.doc_id IN "
            "(SELECT id FROM documents WHERE title ILIKE $q ESCAPE '\\'))"
        )
        params["q"] = f.q
    if f.min_corroboration is not None:
        parts.append(
            "e.id IN (SELECT m.event_id FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id "
            "WHERE c.corroboration >= $min_corroboration)"
        )
        params["min_corroboration"] = f.min_corroboration
    return (" AND ".join(parts) or "TRUE"), params


def list_events(
    con: Any, f: EventFilter, *, limit: int, offset: int, after: int | None, descending: bool
) -> list[dict[str, Any]]:
    """Up to ``limit`` events matching ``f`` after seq ``after`` (or from ``offset``)."""
    clause, params = where(f)
    if after is not None:
        clause += " AND e.seq < $after" if descending else " AND e.seq > $after"
        params["after"] = after
        offset = 0
    order = "DESC" if descending else "ASC"
    sql = (
        f"SELECT {EVENT_COLUMNS} FROM events e WHERE {clause} "
        f"ORDER BY e.seq {order} LIMIT $limit OFFSET $offset"
    )
    params.update({"limit": limit, "offset": offset})
    rows = con.execute(sql, params).fetchall()
    return decorate(con, [event_dict(row) for row in rows])


def count_events(con: Any, f: EventFilter) -> int:
    clause, params = where(f)
    ((total,),) = con.execute(f"SELECT count(*) FROM events e WHERE {clause}", params).fetchall()
    return int(total)


def decorate(con: Any, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``document`` (id, title, url, source, published, quality score), ``cluster_id`` and the cluster's
    provenance — ``corroboration`` (independent publishers), ``single_source``, ``publishers``
    — to events (None when the event is not clustered yet)."""
    if not events:
        return events
    doc_ids = sorted({e["doc_id"] for e in events})
    docs = {
        row[0]: {
            "id": row[0], "title": row[1], "url": row[2], "source": row[3], "published": row[4],
            "quality": row[5],
        }
        for row in con.execute(
            "SELECT d.id, d.title, d.url, d.source, d.published, q.score FROM documents d "
            "LEFT JOIN document_quality q ON q.doc_id = d.id WHERE list_contains($ids, d.id)",
            {"ids": doc_ids},
        ).fetchall()
    }  # fmt: skip
    clusters = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT m.event_id, m.cluster_id, c.corroboration, c.publishers FROM cluster_members m "
            "LEFT JOIN clusters c ON c.id = m.cluster_id WHERE list_contains($ids, m.event_id)",
            {"ids": [e["id"] for e in events]},
        ).fetchall()
    }
    for e in events:
        e["document"] = docs.get(e["doc_id"])
        cluster_id, corroboration, publishers = clusters.get(e["id"], (None, None, None))
        e["cluster_id"] = cluster_id
        e["corroboration"] = corroboration
        e["single_source"] = None if corroboration is None else corroboration <= 1
        e["publishers"] = [display_publisher(p) for p in publishers or []]
    return events


def event_dict(row: Sequence[Any]) -> dict[str, Any]:
    """An event object (``Event.to_dict()`` fields, plus ``seq``) from a row of ``seq`` followed
    by the store's columns (EVENT_COLUMNS)."""
    return event_from_row(row[1:]).to_dict() | {"seq": int(row[0])}


def get_event(con: Any, event_id: str) -> dict[str, Any] | None:
    rows = con.execute(f"SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $id", {"id": event_id}).fetchall()
    if not rows:
        return None
    (event,) = decorate(con, [event_dict(rows[0])])
    return event


def get_cluster(con: Any, cluster_id: str) -> dict[str, Any] | None:
    """A cluster row with its first MEMBER_LIMIT members (short event objects)."""
    result = con.execute(f"SELECT {CLUSTER_COLUMNS} FROM clusters WHERE id = $id", {"id": cluster_id})
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    if not rows:
        return None
    cluster = dict(zip(names, rows[0], strict=True))
    for name in ("date_start", "date_end"):
        if cluster[name] is not None:
            cluster[name] = cluster[name].isoformat()
    cluster["members_total"] = int(
        con.execute(
            "SELECT count(*) FROM cluster_members WHERE cluster_id = $id", {"id": cluster_id}
        ).fetchone()[0]
    )
    members = con.execute(
        """
SELECT e.id, e.doc_id, e.date, e.event, e.modality, e.negated, e.confidence, e.text, e.eventText,
       d.title
FROM cluster_members m JOIN events e ON e.id = m.event_id LEFT JOIN documents d ON d.id = e.doc_id
WHERE m.cluster_id = $id
ORDER BY e.date_start NULLS LAST, e.seq
LIMIT $limit
""",
        {"id": cluster_id, "limit": MEMBER_LIMIT},
    ).fetchall()
    keys = ("id", "doc_id", "date", "event", "modality", "negated", "confidence", "text", "eventText")
    cluster["members"] = [{**dict(zip(keys, m[:-1], strict=True)), "document_title": m[-1]} for m in members]
    return cluster


def get_document(con: Any, doc_id: str) -> dict[str, Any] | None:
    rows = con.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = $id", {"id": doc_id}).fetchall()
    if not rows:
        return None
    doc_id, url, title, source, published, text, flags, citations, duplicate_of = rows[0]
    quality = con.execute(
        "SELECT score, hedged, restated, detail FROM document_quality WHERE doc_id = $id", {"id": doc_id}
    ).fetchall()
    events = con.execute(
        f"SELECT {EVENT_COLUMNS} FROM events e WHERE e.doc_id = $id ORDER BY e.span_start, e.seq",
        {"id": doc_id},
    ).fetchall()
    return {
        "id": doc_id,
        "title": title,
        "url": url,
        "source": source,
        "published": published,
        "text": text,
        "flags": json.loads(flags),
        "citations": json.loads(citations),
        "duplicate_of": duplicate_of,
        "quality": _quality(quality[0]) if quality else None,
        "events": decorate(con, [event_dict(row) for row in events]),
    }


def _quality(row: Sequence[Any]) -> dict[str, Any]:
    """A document_quality row as {score, hedged, restated, flags: [{flag, value, penalty, about}]}."""
    score, hedged, restated, detail = row
    return {"score": score, "hedged": hedged, "restated": restated, "flags": json.loads(detail)}


def event_counts(con: Any, doc_ids: Sequence[str]) -> dict[str, int]:
    """How many events each of these documents has in the store."""
    if not doc_ids:
        return {}
    rows = con.execute(
        "SELECT doc_id, count(*) FROM events WHERE list_contains($ids, doc_id) GROUP BY doc_id",
        {"ids": list(doc_ids)},
    ).fetchall()
    return {doc_id: int(n) for doc_id, n in rows}


def evidence_details(con: Any, event_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """eventText, spans and document title of evidence events, by event id (one query)."""
    if not event_ids:
        return {}
    rows = con.execute(
        """
SELECT e.id, e.eventText, e.span_start, e.span_end, e.trigger_start, e.trigger_end, d.title
FROM events e LEFT JOIN documents d ON d.id = e.doc_id
WHERE list_contains($ids, e.id)
""",
        {"ids": sorted(set(event_ids))},
    ).fetchall()
    return {
        row[0]: {
            "eventText": row[1],
            "span": [int(row[2]), int(row[3])],
            "trigger_span": [int(row[4]), int(row[5])] if row[4] is not None else None,
            "document_title": row[6],
        }
        for row in rows
    }

"""Event clusters: one real-world event, however many times and places it is stated.

Two stored events are mentions of one event when all of these hold:

1. the same PLOVER type, the same negation, and the same actor keys on each side (sorted sets
   of :func:`comity.relations.keys.actor_key`, so "Putin" and "Russia" are one side ``RUS``);
2. their dates (``date_start``) are at most ``relations.cluster_window_days`` apart from some
   member of the cluster (an undated event only joins undated mentions of its own document);
3. they come from the same document, or from near-duplicate documents (``duplicate_of``), or
   their wording is alike: the same CAMEO code or a shared trigger word stem (first four
   letters, so "agreed"/"agreement" and "strike"/"strikes" match).

A cluster counts ``mentions`` (statements, summed over member events; a near-duplicate copy of a
document adds nothing), ``documents`` (near-duplicates counted once) and ``sources`` (outlets)
— the GDELT NumMentions/NumArticles/NumSources idea, per event — and ``corroboration``: how many
independent publishers report it (``comity.provenance.publishers``; a near-duplicate copy counts
as its original's publisher, and a story credited to a news agency counts as the agency's, so
syndication adds nothing), with ``publishers`` and ``quality``
(the best document quality among its statements, ``comity.provenance.quality``). Its representative event (the
evidence shown) is the firmest statement: highest modality weight x confidence, then earliest.

:func:`update_clusters` is incremental: it clusters the events of the given documents (or every
event not clustered yet) against the stored clusters, in one transaction, and recomputes only
the clusters it touched. Call it after each ingest batch; the relation queries call
:func:`ensure_clusters` first, which clusters whatever is missing.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from comity.errors import ComityError, E
from comity.provenance.publishers import publisher_sql
from comity.provenance.quality import ensure_quality
from comity.relations.keys import keys_of_json, modality_weight_sql, settings

if TYPE_CHECKING:
    from comity.store import Store

_STOP = frozenset(
    {
        "the", "and", "but", "for", "with", "from", "into", "onto", "over", "under", "about", "after",
        "before", "their", "them", "they", "this", "that", "these", "those", "its", "his", "her", "our",
        "your", "said", "says", "will", "would", "could", "should", "have", "has", "had", "been", "being",
        "was", "were", "are", "not", "also", "more", "most", "very",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z]+")

_MEMBER_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("cluster_id", pa.string()),
        ("doc_id", pa.string()),
        ("root", pa.string()),
        ("match_key", pa.string()),
        ("source_keys", pa.list_(pa.string())),
        ("target_keys", pa.list_(pa.string())),
        ("stems", pa.list_(pa.string())),
    ]
)

# events not clustered yet (of the documents in _comity_rel_docs, or all): what matching needs
_NEW_EVENTS = """
SELECT e.id, e.doc_id, coalesce(d.duplicate_of, e.doc_id) AS root, e.event, e.negated, e.cameo,
       e.date_start, e.eventText, e.source::VARCHAR, e.target::VARCHAR
FROM events e
LEFT JOIN documents d ON d.id = e.doc_id
ANTI JOIN cluster_members m ON m.event_id = e.id
{where}
ORDER BY e.date_start NULLS LAST, e.seq
"""

# stored clusters that new events may join: same match key, dates within reach
_CANDIDATES = """
SELECT c.id, c.match_key, c.date_start, c.date_end, c.roots, c.cameos, c.stems
FROM clusters c
JOIN _comity_rel_keys k ON k.match_key = c.match_key
WHERE (c.date_start IS NULL AND k.first IS NULL)
   OR (c.date_end >= k.first - CAST(? AS INTEGER) AND c.date_start <= k.last + CAST(? AS INTEGER))
"""

# recompute the clusters listed in _comity_rel_ids from their members
_AGGREGATE = """
INSERT INTO clusters
WITH m AS (
    SELECT m.cluster_id, m.match_key, m.source_keys, m.target_keys, m.root, m.stems,
           e.id, e.doc_id, e.seq, e.date, e.date_start, e.event, e.negated, e.quad, e.goldstein,
           e.cameo, e.modality, e.confidence, e.mentions,
           coalesce(nullif(d.source, ''), m.root) AS outlet,
           coalesce('wire:' || rq.upstream, {publisher}, 'doc:' || m.root) AS publisher,
           q.score AS quality,
           {firmness} AS firmness
    FROM cluster_members m
    JOIN events e ON e.id = m.event_id
    LEFT JOIN documents d ON d.id = e.doc_id
    LEFT JOIN documents r ON r.id = m.root
    LEFT JOIN document_quality q ON q.doc_id = e.doc_id
    LEFT JOIN document_quality rq ON rq.doc_id = m.root
    WHERE m.cluster_id IN (SELECT id FROM _comity_rel_ids)
),
rep AS (
    SELECT * FROM m
    QUALIFY row_number() OVER (PARTITION BY cluster_id ORDER BY firmness DESC, date_start, seq) = 1
),
per_doc AS (
    SELECT cluster_id, root, doc_id, sum(mentions) AS mentions FROM m GROUP BY ALL
),
per_root AS (
    SELECT cluster_id, sum(mentions) AS mentions
    FROM (SELECT cluster_id, root, max(mentions) AS mentions FROM per_doc GROUP BY ALL)
    GROUP BY cluster_id
),
agg AS (
    SELECT cluster_id, count(*) AS members, min(date_start) AS date_start,
           max(date_start) AS date_end, count(DISTINCT root) AS documents,
           count(DISTINCT outlet) AS sources, list_sort(list(DISTINCT root)) AS roots,
           list_sort(list(DISTINCT cameo)) AS cameos,
           list_sort(list_distinct(flatten(list(stems)))) AS stems,
           count(DISTINCT publisher) AS corroboration,
           list_sort(list(DISTINCT publisher)) AS publishers, max(quality) AS quality
    FROM m GROUP BY cluster_id
)
SELECT r.cluster_id, r.match_key, r.event, r.negated, r.source_keys, r.target_keys, r.date,
       a.date_start, a.date_end, r.quad, r.goldstein, r.cameo, r.modality, r.confidence, r.id,
       r.doc_id, a.members, p.mentions, a.documents, a.sources, a.roots, a.cameos, a.stems,
       a.corroboration, a.publishers, a.quality
FROM rep r JOIN agg a USING (cluster_id) JOIN per_root p USING (cluster_id)
"""


@dataclass(frozen=True, slots=True)
class ClusterUpdate:
    events: int  # events clustered by this call
    new_clusters: int
    joined: int  # of those events, how many joined a cluster (stored or new) as a further mention
    removed: int  # memberships of events no longer stored, dropped
    seconds: float


def trigger_stems(text: str) -> list[str]:
    """Four-letter stems of the content words of a trigger ("agreed fortify" -> agre, fort)."""
    words = _WORD.findall(text.lower())
    return sorted({w[:4] for w in words if len(w) >= 3 and w not in _STOP})


def match_key(event: str, negated: bool, source: tuple[str, ...], target: tuple[str, ...]) -> str:
    return f"{event}|{int(bool(negated))}|{','.join(source)}|{','.join(target)}"


@dataclass(slots=True)
class _Open:
    """A cluster while matching: what a candidate event is compared with."""

    id: str
    first: dt.date | None
    last: dt.date | None
    roots: set[str]
    cameos: set[str]
    stems: set[str]

    def accepts(self, day: dt.date | None, root: str, cameo: str, stems: set[str], window: int) -> bool:
        if day is None or self.first is None or self.last is None:
            return day is None and self.first is None and root in self.roots
        if (self.first - day).days > window or (day - self.last).days > window:
            return False
        return root in self.roots or (bool(cameo) and cameo in self.cameos) or bool(stems & self.stems)

    def add(self, day: dt.date | None, root: str, cameo: str, stems: set[str]) -> None:
        if day is not None and self.first is not None and self.last is not None:
            self.first, self.last = min(self.first, day), max(self.last, day)
        self.roots.add(root)
        if cameo:
            self.cameos.add(cameo)
        self.stems |= stems


def ensure_clusters(store: Store) -> None:
    """Cluster any stored event that is not clustered yet (cheap when all are)."""
    ((events, members),) = store.con.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM cluster_members)"
    ).fetchall()
    if events == members:
        return
    if not store.read_only:
        ensure_quality(store)  # clusters carry their documents' quality
    if store.read_only:
        detail = (
            f"{events - members:+d} events not clustered; open the store writable once "
            "(e.g. `comity relations --db FILE`) to cluster them"
        )
        raise ComityError(E.E301, where=store.path, detail=detail)
    update_clusters(store)


def rebuild_clusters(store: Store) -> ClusterUpdate:
    """Drop every cluster and cluster all stored events afresh (after changing the settings)."""
    with _transaction(store):
        store.con.execute("DELETE FROM cluster_members")
        store.con.execute("DELETE FROM clusters")
    return update_clusters(store)


def update_clusters(store: Store, doc_ids: Iterable[str] | None = None) -> ClusterUpdate:
    """Cluster the not-yet-clustered events of ``doc_ids`` (all documents when None) against the
    stored clusters, in one transaction. Memberships of events that were deleted or re-coded
    (``Store.replace_events``) are dropped first and their clusters recomputed."""
    t0 = time.perf_counter()
    con = store.con
    window = int(settings()["cluster_window_days"])
    docs = None if doc_ids is None else sorted(set(doc_ids))
    with _transaction(store):
        if docs is not None:
            con.register("_comity_rel_docs", pa.table({"id": pa.array(docs, pa.string())}))
        try:
            mine = "" if docs is None else "AND m.doc_id IN (SELECT id FROM _comity_rel_docs)"
            stale = con.execute(
                "SELECT m.event_id, m.cluster_id FROM cluster_members m "
                f"WHERE m.event_id NOT IN (SELECT id FROM events) {mine}"
            ).fetchall()
            touched: set[str] = {cluster for _, cluster in stale}
            if stale:
                _register_ids(store, "_comity_rel_gone", [event for event, _ in stale])
                con.execute("DELETE FROM cluster_members WHERE event_id IN (SELECT id FROM _comity_rel_gone)")
                con.unregister("_comity_rel_gone")
            where = "" if docs is None else "WHERE e.doc_id IN (SELECT id FROM _comity_rel_docs)"
            rows = con.execute(_NEW_EVENTS.format(where=where)).fetchall()
        finally:
            if docs is not None:
                con.unregister("_comity_rel_docs")
        members, new_ids, joined = _match(store, rows, window)
        touched |= set(members["cluster_id"])
        if members["event_id"]:
            table = pa.Table.from_pydict(members, schema=_MEMBER_SCHEMA)
            con.register("_comity_rel_members", table)
            try:
                con.execute("INSERT INTO cluster_members SELECT * FROM _comity_rel_members")
            finally:
                con.unregister("_comity_rel_members")
        if touched:
            _register_ids(store, "_comity_rel_ids", sorted(touched))
            try:
                con.execute("DELETE FROM clusters WHERE id IN (SELECT id FROM _comity_rel_ids)")
                aggregate = _AGGREGATE.format(firmness=modality_weight_sql("e"), publisher=publisher_sql("r"))
                con.execute(aggregate)
            finally:
                con.unregister("_comity_rel_ids")
    return ClusterUpdate(
        events=len(rows),
        new_clusters=len(new_ids),
        joined=joined,
        removed=len(stale),
        seconds=time.perf_counter() - t0,
    )


def _match(store: Store, rows: list[tuple[Any, ...]], window: int) -> tuple[dict[str, list], set[str], int]:
    """Assign each new event (rows of ``_NEW_EVENTS``) to a stored, a new-in-this-batch or a new
    cluster. Returns the member rows, the ids of new clusters and how many events joined."""
    members: dict[str, list] = {name: [] for name in _MEMBER_SCHEMA.names}
    prepared = []
    spans: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    for event_id, doc_id, root, event, negated, cameo, day, trigger, source, target in rows:
        skeys, tkeys = keys_of_json(source), keys_of_json(target)
        key = match_key(event, negated, skeys, tkeys)
        prepared.append((event_id, doc_id, root, key, skeys, tkeys, cameo, day, trigger_stems(trigger)))
        first, last = spans.get(key, (day, day))
        if day is not None:
            first = day if first is None else min(first, day)
            last = day if last is None else max(last, day)
        spans[key] = (first, last)
    open_: dict[str, list[_Open]] = {}
    if spans:
        keys = pa.table(
            {
                "match_key": pa.array(list(spans), pa.string()),
                "first": pa.array([s[0] for s in spans.values()], pa.date32()),
                "last": pa.array([s[1] for s in spans.values()], pa.date32()),
            }
        )
        store.con.register("_comity_rel_keys", keys)
        try:
            for cid, key, first, last, roots, cameos, stems in store.con.execute(
                _CANDIDATES, [window, window]
            ).fetchall():
                open_.setdefault(key, []).append(_Open(cid, first, last, set(roots), set(cameos), set(stems)))
        finally:
            store.con.unregister("_comity_rel_keys")
    new_ids: set[str] = set()
    joined = 0
    for event_id, doc_id, root, key, skeys, tkeys, cameo, day, stems in prepared:
        stem_set = set(stems)
        found = next((c for c in open_.get(key, ()) if c.accepts(day, root, cameo, stem_set, window)), None)
        if found is None:
            found = _Open("c" + event_id.removeprefix("e"), day, day, set(), set(), set())
            open_.setdefault(key, []).append(found)
            new_ids.add(found.id)
        else:
            joined += 1
        found.add(day, root, cameo, stem_set)
        for name, value in zip(
            _MEMBER_SCHEMA.names,
            (event_id, found.id, doc_id, root, key, list(skeys), list(tkeys), stems),
            strict=True,
        ):
            members[name].append(value)
    return members, new_ids, joined


def _register_ids(store: Store, name: str, ids: list[str]) -> None:
    store.con.register(name, pa.table({"id": pa.array(ids, pa.string())}))


class _transaction:
    """BEGIN ... COMMIT on the store's connection; ROLLBACK and E301 on a database error."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> None:
        if self.store.read_only:
            raise ComityError(E.E301, where=self.store.path, detail="store is open read-only")
        self.store.con.begin()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        con = self.store.con
        if exc_type is None:
            con.commit()
            return
        with suppress(Exception):  # the first error is the one to report
            con.rollback()
        if exc is not None and type(exc).__module__.startswith(("duckdb", "_duckdb")):
            raise ComityError(E.E301, where=self.store.path, detail=f"clusters: {exc}") from exc

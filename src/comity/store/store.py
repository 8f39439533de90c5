"""The DuckDB store: documents and their events, written in idempotent, transactional batches.

One ``Store`` wraps one DuckDB connection. DuckDB lets one process open a database file for
writing, and while it does no other process can open the file at all (not even read-only);
the second process gets ``E301 <file>: database is locked ...``. Within one process, use one
Store per file (a connection is not thread-safe; use ``store.con.cursor()`` per thread).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from comity.errors import ComityError, E
from comity.model import Document, Event
from comity.settings import load_settings
from comity.store.migrate import migrate

if TYPE_CHECKING:
    import pandas

#: how many ids one known_ids() query looks up
ID_CHUNK = 50_000

#: statement types sql() accepts: it is a read-only helper
_READ_STATEMENTS = frozenset({"SELECT", "EXPLAIN"})

_DOCUMENT_COLUMNS = "id, url, title, source, published, text, origin, flags, citations, duplicate_of"

EVENT_COLUMNS = (
    "id, doc_id, date, event, mode, context, cameo, goldstein, quad, source, target, text, "
    "eventText, span_start, span_end, trigger_start, trigger_end, modality, negated, confidence, "
    "location, mentions, speaker, rules"
)

# first day of the date's precision: 2024 -> 2024-01-01, 2024-03 -> 2024-03-01; else NULL
_DATE_START = r"""TRY_CAST(CASE
    WHEN regexp_full_match(date, '\d{4}') THEN date || '-01-01'
    WHEN regexp_full_match(date, '\d{4}-\d{2}') THEN date || '-01'
    WHEN regexp_full_match(date, '\d{4}-\d{2}-\d{2}') THEN date
END AS DATE)"""

_DOCUMENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("source", pa.string()),
        ("published", pa.string()),
        ("text", pa.string()),
        ("origin", pa.string()),
        ("flags", pa.string()),
        ("citations", pa.string()),
        ("duplicate_of", pa.string()),
        ("minhash", pa.binary()),
        ("seq", pa.int64()),
    ]
)

_EVENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("doc_id", pa.string()),
        ("seq", pa.int64()),
        ("date", pa.string()),
        ("event", pa.string()),
        ("mode", pa.string()),
        ("context", pa.string()),
        ("cameo", pa.string()),
        ("goldstein", pa.float64()),
        ("quad", pa.int32()),
        ("source", pa.string()),
        ("target", pa.string()),
        ("source_codes", pa.list_(pa.string())),
        ("target_codes", pa.list_(pa.string())),
        ("text", pa.string()),
        ("eventText", pa.string()),
        ("span_start", pa.int64()),
        ("span_end", pa.int64()),
        ("trigger_start", pa.int64()),
        ("trigger_end", pa.int64()),
        ("modality", pa.string()),
        ("negated", pa.bool_()),
        ("confidence", pa.float64()),
        ("location", pa.string()),
        ("loc_country", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("mentions", pa.int32()),
        ("speaker", pa.string()),
        ("rules", pa.string()),
    ]
)

_INSERT_DOCUMENTS = """
INSERT INTO documents (id, url, title, source, published, text, origin, flags, citations,
                       duplicate_of, minhash, seq, ingested_at)
SELECT id, url, title, source, published, text, origin, flags::JSON, citations::JSON,
       duplicate_of, minhash, seq, ?::TIMESTAMP
FROM _comity_documents
"""

_INSERT_EVENTS = f"""
INSERT INTO events (id, doc_id, seq, date, date_start, event, mode, context, cameo, goldstein,
                    quad, source, target, source_codes, target_codes, text, eventText,
                    span_start, span_end, trigger_start, trigger_end, modality, negated,
                    confidence, location, loc_country, lat, lon, mentions, speaker, rules)
SELECT id, doc_id, seq, date, {_DATE_START}, event, mode, context, cameo, goldstein,
       quad, source::JSON, target::JSON, source_codes, target_codes, text, eventText,
       span_start, span_end, trigger_start, trigger_end, modality, negated,
       confidence, location::JSON, loc_country, lat, lon, mentions, speaker::JSON, rules::JSON
FROM _comity_events
"""


@dataclass(frozen=True, slots=True)
class BatchResult:
    new_documents: int
    skipped_documents: int
    new_events: int


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _open_detail(exc: duckdb.Error) -> str:
    message = str(exc)
    if "Could not set lock" in message:
        pid = re.search(r"PID (\d+)", message)
        holder = f" (PID {pid.group(1)})" if pid else ""
        return (
            f"database is locked by another process{holder}; DuckDB lets one process write "
            "a file and no other process open it meanwhile, not even read-only"
        )
    if "different configuration" in message:
        return "already open in this process with other options (read_only); close that Store"
    return message


class Store:
    """Documents and events in one DuckDB file (or in memory)."""

    def __init__(self, path: str | os.PathLike = ":memory:", *, read_only: bool = False) -> None:
        self.path = os.fspath(path)
        self.read_only = read_only
        try:
            # DuckDB's buffer pool is the store's cache; bounding it keeps a long ingest's
            # memory flat instead of growing towards 80 % of RAM (store.memory_limit)
            limit = str(load_settings().get("store.memory_limit", "1GB"))
            self._con: duckdb.DuckDBPyConnection | None = duckdb.connect(
                self.path, read_only=read_only, config={"memory_limit": limit}
            )
        except duckdb.Error as exc:
            raise ComityError(E.E301, where=self.path, detail=_open_detail(exc)) from exc
        try:
            self.version = migrate(self._con, where=self.path, read_only=read_only)
        except BaseException:
            self.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The raw connection, for modules that need their own SQL (relations)."""
        if self._con is None:
            raise ComityError(E.E301, where=self.path, detail="store is closed")
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = ", read_only=True" if self.read_only else ""
        return f"Store({self.path!r}{mode})"

    # -- writing ---------------------------------------------------------------------------

    def add_batch(
        self,
        documents: Sequence[Document],
        events: Sequence[Event] = (),
        *,
        signatures: Mapping[str, bytes] | None = None,
    ) -> BatchResult:
        """Store the documents not stored yet, with their signatures and events, in one
        transaction. Documents already stored (by id) are skipped together with their events,
        so re-running the same input adds nothing. On any error nothing of the batch is kept.
        """
        self._check_writable()
        signatures = dict(signatures or {})
        batch_ids = {document.id for document in documents}
        for event in events:
            if event.doc_id not in batch_ids:
                detail = f"event {event.id} belongs to document {event.doc_id}, not in the batch"
                raise ComityError(E.E301, where=self.path, detail=detail)
        for doc_id in signatures:
            if doc_id not in batch_ids:
                detail = f"signature for document {doc_id}, not in the batch"
                raise ComityError(E.E301, where=self.path, detail=detail)
        with self._transaction("batch"):
            stored = self.known_ids(batch_ids)
            new: dict[str, Document] = {}
            for document in documents:
                if document.id not in stored and document.id not in new:
                    new[document.id] = document
            new_events = [event for event in events if event.doc_id in new]
            self._insert_documents(list(new.values()), signatures)
            self._insert_events(new_events)
        return BatchResult(len(new), len(documents) - len(new), len(new_events))

    def replace_events(self, doc_id: str, events: Sequence[Event]) -> int:
        """Replace all events of one stored document (re-coding); returns how many were stored."""
        self._check_writable()
        for event in events:
            if event.doc_id != doc_id:
                detail = f"event {event.id} belongs to document {event.doc_id}, not {doc_id}"
                raise ComityError(E.E301, where=self.path, detail=detail)
        with self._transaction("replace_events"):
            if not self.known_ids([doc_id]):
                raise ComityError(E.E301, where=self.path, detail=f"no document {doc_id}")
            self.con.execute("DELETE FROM events WHERE doc_id = ?", [doc_id])
            self._insert_events(list(events))
        return len(events)

    def _check_writable(self) -> None:
        if self.read_only:
            raise ComityError(E.E301, where=self.path, detail="store is open read-only")

    @contextmanager
    def _transaction(self, what: str) -> Iterator[None]:
        con = self.con
        con.begin()
        try:
            yield
            con.commit()
        except BaseException as exc:
            with suppress(duckdb.Error):
                con.rollback()
            if isinstance(exc, duckdb.Error | pa.ArrowException):
                detail = f"{what} rolled back: {exc}".replace("\n", " ")
                raise ComityError(E.E301, where=self.path, detail=detail) from exc
            raise

    def _next_seq(self, table: str) -> int:
        rows = self.con.execute(f"SELECT coalesce(max(seq), 0) FROM {table}").fetchall()
        return int(rows[0][0]) + 1

    def _insert_documents(self, documents: list[Document], signatures: Mapping[str, bytes]) -> None:
        if not documents:
            return
        first = self._next_seq("documents")
        columns: dict[str, list[Any]] = {name: [] for name in _DOCUMENT_SCHEMA.names}
        for n, document in enumerate(documents):
            try:
                flags, citations = _json(document.flags), _json(document.citations)
            except (TypeError, ValueError) as exc:
                detail = f"document {document.id}: flags/citations are not JSON ({exc})"
                raise ComityError(E.E301, where=self.path, detail=detail) from exc
            columns["id"].append(document.id)
            columns["url"].append(document.url)
            columns["title"].append(document.title)
            columns["source"].append(document.source)
            columns["published"].append(document.published)
            columns["text"].append(document.text)
            columns["origin"].append(document.origin)
            columns["flags"].append(flags)
            columns["citations"].append(citations)
            columns["duplicate_of"].append(document.duplicate_of)
            columns["minhash"].append(signatures.get(document.id))
            columns["seq"].append(first + n)
        now = datetime.now(UTC).replace(tzinfo=None)
        self._insert(_INSERT_DOCUMENTS, "_comity_documents", columns, _DOCUMENT_SCHEMA, [now])

    def _insert_events(self, events: list[Event]) -> None:
        if not events:
            return
        seen: set[str] = set()
        for event in events:
            if event.id in seen:
                detail = f"event id {event.id} twice in one batch (document {event.doc_id})"
                raise ComityError(E.E301, where=self.path, detail=detail)
            seen.add(event.id)
        first = self._next_seq("events")
        columns: dict[str, list[Any]] = {name: [] for name in _EVENT_SCHEMA.names}
        for n, event in enumerate(events):
            try:
                row = _event_row(event)
            except (TypeError, ValueError) as exc:
                detail = f"event {event.id}: cannot store ({exc})"
                raise ComityError(E.E301, where=self.path, detail=detail) from exc
            row["seq"] = first + n
            for name, value in row.items():
                columns[name].append(value)
        self._insert(_INSERT_EVENTS, "_comity_events", columns, _EVENT_SCHEMA, [])

    def _insert(
        self,
        sql: str,
        view: str,
        columns: dict[str, list[Any]],
        schema: pa.Schema,
        params: list[Any],
    ) -> None:
        table = pa.Table.from_pydict(columns, schema=schema)
        self.con.register(view, table)
        try:
            self.con.execute(sql, params)
        finally:
            self.con.unregister(view)

    # -- reading ---------------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these document ids are stored."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for start in range(0, len(wanted), ID_CHUNK):
            chunk = wanted[start : start + ID_CHUNK]
            table = pa.table({"id": pa.array(chunk, pa.string())})
            self.con.register("_comity_ids", table)
            try:
                rows = self.con.execute(
                    "SELECT id FROM documents WHERE id IN (SELECT id FROM _comity_ids)"
                ).fetchall()
            finally:
                self.con.unregister("_comity_ids")
            found.update(row[0] for row in rows)
        return found

    def document(self, doc_id: str) -> Document | None:
        rows = self.con.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [doc_id]
        ).fetchall()
        return _document(rows[0]) if rows else None

    def documents(
        self, *, limit: int | None = None, offset: int = 0, duplicates: bool = True
    ) -> list[Document]:
        """Stored documents in ingest order; ``duplicates=False`` leaves out near-duplicates."""
        where = "" if duplicates else "WHERE duplicate_of IS NULL"
        sql = f"SELECT {_DOCUMENT_COLUMNS} FROM documents {where} ORDER BY seq"
        rows = self.con.execute(sql + _page(limit, offset)).fetchall()
        return [_document(row) for row in rows]

    def iter_signatures(
        self, *, batch: int = 10_000, recent: int | None = None
    ) -> Iterator[tuple[str, bytes]]:
        """(doc_id, MinHash signature) of every document that has one — or of the ``recent``
        last ones — in ingest order."""
        last = 0
        if recent is not None:
            row = self.con.execute(
                "SELECT min(seq) FROM (SELECT seq FROM documents WHERE minhash IS NOT NULL "
                "ORDER BY seq DESC LIMIT ?)",
                [recent],
            ).fetchone()
            last = (row[0] - 1) if row and row[0] is not None else 0
        while True:
            rows = self.con.execute(
                "SELECT seq, id, minhash FROM documents WHERE minhash IS NOT NULL AND seq > ? "
                "ORDER BY seq LIMIT ?",
                [last, batch],
            ).fetchall()
            for _, doc_id, signature in rows:
                yield doc_id, bytes(signature)
            if len(rows) < batch:
                return
            last = rows[-1][0]

    def events(self, *, doc_id: str | None = None, limit: int | None = None, offset: int = 0) -> list[Event]:
        """Stored events in insertion order, all or those of one document."""
        where, params = ("WHERE doc_id = ?", [doc_id]) if doc_id is not None else ("", [])
        sql = f"SELECT {EVENT_COLUMNS} FROM events {where} ORDER BY seq" + _page(limit, offset)
        return [event_from_row(row) for row in self.con.execute(sql, params).fetchall()]

    def iter_events(self, *, batch: int = 10_000) -> Iterator[Event]:
        """Every stored event in insertion order, fetched ``batch`` rows at a time."""
        last = 0
        while True:
            rows = self.con.execute(
                f"SELECT seq, {EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                [last, batch],
            ).fetchall()
            for row in rows:
                yield event_from_row(row[1:])
            if len(rows) < batch:
                return
            last = rows[-1][0]

    def counts(self) -> dict[str, int]:
        (row,) = self.con.execute(
            "SELECT (SELECT count(*) FROM documents), "
            "(SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL), "
            "(SELECT count(*) FROM events)"
        ).fetchall()
        return {"documents": int(row[0]), "duplicates": int(row[1]), "events": int(row[2])}

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pandas.DataFrame:
        """Run one read-only query (SELECT, WITH ... SELECT, EXPLAIN) and return a DataFrame."""
        try:
            statements = duckdb.extract_statements(query)
        except duckdb.Error as exc:
            raise ComityError(E.E301, where=self.path, detail=str(exc)) from exc
        if len(statements) != 1:
            detail = f"sql() runs one statement, got {len(statements)}"
            raise ComityError(E.E301, where=self.path, detail=detail)
        kind = statements[0].type.name
        if kind not in _READ_STATEMENTS:
            detail = f"sql() is read-only, got a {kind} statement"
            raise ComityError(E.E301, where=self.path, detail=detail)
        try:
            result = self.con.execute(query, list(params)) if params else self.con.execute(query)
            return result.df()
        except duckdb.Error as exc:
            raise ComityError(E.E301, where=self.path, detail=str(exc)) from exc


def _page(limit: int | None, offset: int) -> str:
    sql = f" LIMIT {int(limit)}" if limit is not None else ""
    return sql + (f" OFFSET {int(offset)}" if offset else "")


def _event_row(event: Event) -> dict[str, Any]:
    """One events row (without seq and date_start, which the insert adds)."""
    location = event.location
    trigger = event.trigger_span
    return {
        "id": event.id,
        "doc_id": event.doc_id,
        "date": event.date,
        "event": event.event,
        "mode": event.mode,
        "context": event.context,
        "cameo": event.cameo,
        "goldstein": float(event.goldstein),
        "quad": int(event.quad),
        "source": _json([actor.to_dict() for actor in event.source]),
        "target": _json([actor.to_dict() for actor in event.target]),
        "source_codes": [actor.code for actor in event.source],
        "target_codes": [actor.code for actor in event.target],
        "text": event.text,
        "eventText": event.eventText,
        "span_start": int(event.span[0]),
        "span_end": int(event.span[1]),
        "trigger_start": int(trigger[0]) if trigger else None,
        "trigger_end": int(trigger[1]) if trigger else None,
        "modality": event.modality,
        "negated": bool(event.negated),
        "confidence": float(event.confidence),
        "location": _json(location.to_dict()) if location else None,
        "loc_country": location.country if location else None,
        "lat": location.lat if location else None,
        "lon": location.lon if location else None,
        "mentions": int(event.mentions),
        "speaker": _json(event.speaker.to_dict()) if event.speaker else None,
        "rules": _json(list(event.rules)),
    }


def event_from_row(row: Sequence[Any]) -> Event:
    """An Event from a row of ``events`` columns in ``EVENT_COLUMNS`` order (the one place
    that reads a stored event back; the HTTP API uses it too)."""
    (
        event_id, doc_id, date, event, mode, context, cameo, goldstein, quad, source, target,
        text, event_text, span_start, span_end, trigger_start, trigger_end, modality, negated,
        confidence, location, mentions, speaker, rules,
    ) = row  # fmt: skip
    return Event.from_dict(
        {
            "id": event_id,
            "doc_id": doc_id,
            "date": date,
            "event": event,
            "mode": mode,
            "context": context,
            "cameo": cameo,
            "goldstein": goldstein,
            "quad": quad,
            "source": json.loads(source),
            "target": json.loads(target),
            "text": text,
            "eventText": event_text,
            "span": [span_start, span_end],
            "trigger_span": [trigger_start, trigger_end] if trigger_start is not None else None,
            "modality": modality,
            "negated": negated,
            "confidence": confidence,
            "location": json.loads(location) if location is not None else None,
            "mentions": mentions,
            "speaker": json.loads(speaker) if speaker is not None else None,
            "rules": json.loads(rules) if rules is not None else [],
        }
    )


def _document(row: Sequence[Any]) -> Document:
    """A Document from a row in ``_DOCUMENT_COLUMNS`` order."""
    doc_id, url, title, source, published, text, origin, flags, citations, duplicate_of = row
    return Document(
        id=doc_id,
        text=text,
        title=title,
        url=url,
        source=source,
        published=published,
        origin=origin,
        flags=json.loads(flags),
        citations=json.loads(citations),
        duplicate_of=duplicate_of,
    )

"""The main jobs: read inputs, code them, and store documents and events in batches.

Library functions here print nothing; progress goes through a callback. The CLI renders.

Everything streams: documents are read lazily, coded in chunks (at most ``nlp.batch_size``
documents or ~20,000 characters) and stored in transactions of ``store.batch_size``; no stage
holds the corpus. What does grow with the corpus is the near-duplicate index
(:mod:`comity.ingest.dedup`, in memory, a few KiB per stored document) and DuckDB's own caches.
With ``workers > 1`` the chunks are coded in a pool of spawned processes, each loading the
model and the actor dictionary once; at most ``2 * workers + 1`` chunks are in flight, and
results come back in input order, so batches are committed whole and in order.

The one place a batch is written is :func:`_store_batch` (ingest, load and watch go through it).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from comity.model import Document, Event
from comity.pipeline import CoderOptions, code_documents
from comity.settings import load_settings

if TYPE_CHECKING:
    from comity.ingest.dedup import NearDuplicateIndex
    from comity.store import Store

Progress = Callable[[str, int], None]  # (what happened, how many) -> None

T = TypeVar("T")
R = TypeVar("R")


@dataclass(slots=True)
class IngestReport:
    read: int = 0
    new_documents: int = 0
    skipped_documents: int = 0
    near_duplicates: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)

    def to_dict(self) -> dict:
        return {
            "read": self.read,
            "new_documents": self.new_documents,
            "skipped_documents": self.skipped_documents,
            "near_duplicates": self.near_duplicates,
            "events": self.events,
            "failed": self.failed,
            "errors": self.errors,
        }


def read_inputs(
    inputs: Iterable[str],
    *,
    date: str | None = None,
    source: str | None = None,
    columns: Mapping[str, str] | None = None,
    errors: list[str] | None = None,
) -> Iterator[Document]:
    """Documents from files, directories, URLs or stdin; bad inputs are appended to ``errors``."""
    from comity.ingest.readers import ReadError, iter_documents

    for item in iter_documents(inputs, date=date, source=source, columns=columns):
        if isinstance(item, ReadError):
            if errors is not None:
                errors.append(item.message)
            continue
        yield item


# --------------------------------------------------------------------------- parallel coding


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


#: a coding chunk stops at this many characters (or ``nlp.batch_size`` documents), so long
#: articles come in small chunks and workers finish close together
CHUNK_CHARS = 20_000


def _coding_chunks(documents: Iterable[Document]) -> Iterator[list[Document]]:
    """Documents in coding chunks of at most ``nlp.batch_size`` documents or ~CHUNK_CHARS."""
    limit = max(1, int(load_settings().get("nlp.batch_size", 16)))
    chunk: list[Document] = []
    chars = 0
    for document in documents:
        chunk.append(document)
        chars += len(document.text)
        if len(chunk) >= limit or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


class InlineExecutor(Executor):
    """Runs each call at submit time, in this process (the one-worker path)."""

    def submit(self, fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> Future[R]:
        future: Future[R] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def ordered_map(
    fn: Callable[[Any], R],
    items: Iterable[T],
    *,
    executor: Executor,
    window: int,
    arg: Callable[[T], Any] | None = None,
) -> Iterator[tuple[T, R]]:
    """``(item, fn(arg(item)))`` in input order, with at most ``window`` calls submitted ahead.

    Unlike ``Executor.map`` (which submits every item at once), this reads ``items`` only as
    fast as results are taken, so a corpus of any size is held ``window`` items at a time.
    ``arg`` picks what is sent to ``fn`` (for a process pool: only the picklable part)."""
    pending: deque[tuple[T, Future[R]]] = deque()
    for item in items:
        pending.append((item, executor.submit(fn, arg(item) if arg else item)))
        while len(pending) >= max(1, window):
            head, future = pending.popleft()
            yield head, future.result()
    while pending:
        head, future = pending.popleft()
        yield head, future.result()


def _watch_parent(parent: int) -> None:
    """Exit this worker when the process that started it is gone (killed with SIGKILL)."""

    def loop() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=loop, name="comity-parent-watch", daemon=True).start()


def _worker_init(options: CoderOptions, parent: int) -> None:
    """Set up one coding worker: ignore Ctrl-C (the parent stops the pool), exit with the parent,
    and load the model, the actor dictionary, its phrase matcher and the gazetteer once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent(parent)
    warm = Document(id="warm-up", text="Russian troops shelled Kharkiv on Monday.", published="2019-03-04")
    list(code_documents([warm], options=options))


def code_chunk(documents: list[Document], options: CoderOptions | None = None) -> list[list[Event]]:
    """The events of each document of one chunk, in order (what a pool worker runs)."""
    return [events for _document, events in code_documents(documents, options=options)]


class CodingPool:
    """Where chunks of documents are coded: this process (``workers <= 1``) or a process pool.

    Use as a context manager; leaving it by an exception (Ctrl-C included) terminates the
    workers at once instead of waiting for their chunks."""

    def __init__(self, workers: int = 1, *, options: CoderOptions | None = None) -> None:
        self.workers = max(1, int(workers))
        self.options = options or CoderOptions.from_settings()
        self.executor: Executor = InlineExecutor()

    def __enter__(self) -> CodingPool:
        if self.workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(self.options, os.getpid()),
            )
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.executor.shutdown(wait=True)
            return
        processes = dict(getattr(self.executor, "_processes", None) or {})
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes.values():
            process.terminate()

    @property
    def window(self) -> int:
        return 1 if self.workers <= 1 else 2 * self.workers + 1

    def code(
        self, chunks: Iterable[T], documents_of: Callable[[T], list[Document]]
    ) -> Iterator[tuple[T, list[list[Event]]]]:
        """``(chunk, the events of each of its documents)`` in input order."""
        from functools import partial

        run = partial(code_chunk, options=self.options)
        return ordered_map(run, chunks, executor=self.executor, window=self.window, arg=documents_of)


def code_inputs(
    inputs: Iterable[str],
    *,
    date: str | None = None,
    source: str | None = None,
    columns: Mapping[str, str] | None = None,
    errors: list[str] | None = None,
    options: CoderOptions | None = None,
    progress: Progress | None = None,
    workers: int = 1,
) -> Iterator[tuple[Document, list[Event]]]:
    """Code inputs without storing: yields (document, events) in input order, coded in this
    process or, with ``workers > 1``, in that many worker processes."""
    docs = read_inputs(inputs, date=date, source=source, columns=columns, errors=errors)
    with CodingPool(workers, options=options) as pool:
        for chunk, results in pool.code(_coding_chunks(docs), lambda chunk: chunk):
            for document, events in zip(chunk, results, strict=True):
                if progress:
                    progress("document", 1)
                yield document, events


# --------------------------------------------------------------------------- ingest


@dataclass(slots=True)
class _Batch:
    """One transaction's worth of documents on its way to the store."""

    fresh: list[Document]  # not stored yet, not seen earlier in this run
    signatures: dict[str, bytes]
    events: list[Event] = field(default_factory=list)
    read: int = 0


def near_duplicate_index(store: Store) -> NearDuplicateIndex:
    """The near-duplicate index over the store's most recent documents (``dedup.window``)."""
    from comity.ingest.dedup import NearDuplicateIndex

    index = NearDuplicateIndex()
    for doc_id, sig in store.iter_signatures(recent=index.window):
        index.add(doc_id, sig)
    return index


def _prepare(
    documents: list[Document],
    *,
    store: Store,
    index: NearDuplicateIndex,
    pending: set[str],
    report: IngestReport,
    signatures: Mapping[str, bytes | None] | None = None,
) -> _Batch:
    """Skip documents already stored (or already on their way: ``pending``), and link
    near-duplicates of earlier documents. ``signatures`` may bring precomputed MinHashes."""
    from comity.ingest.dedup import signature

    report.read += len(documents)
    known = store.known_ids([d.id for d in documents])
    batch = _Batch(fresh=[], signatures={}, read=len(documents))
    for document in documents:
        if document.id in known or document.id in pending:
            report.skipped_documents += 1
            continue
        pending.add(document.id)
        batch.fresh.append(document)
    for document in batch.fresh:
        sig = (signatures or {}).get(document.id) or signature(document.text)
        batch.signatures[document.id] = sig
        dup = index.add(document.id, sig)
        if dup is not None:
            document.duplicate_of = dup
            document.flags["near_duplicate"] = 1
            report.near_duplicates += 1
    return batch


def _store_batch(store: Store, batch: _Batch, *, pending: set[str], report: IngestReport) -> None:
    """Write one batch in one transaction (idempotent: stored ids are skipped). Ingest, load
    and watch all write through here."""
    from comity.provenance.quality import update_quality
    from comity.relations import update_clusters

    result = store.add_batch(batch.fresh, batch.events, signatures=batch.signatures)
    if result.new_documents:
        # quality flags and score of each new document, before its events are clustered
        update_quality(store, [document.id for document in batch.fresh])
    if result.new_events:
        # one real-world event, many mentions: clusters follow each committed batch
        update_clusters(store, [document.id for document in batch.fresh])
    report.new_documents += result.new_documents
    report.skipped_documents += result.skipped_documents
    report.events += result.new_events
    pending.difference_update(document.id for document in batch.fresh)


def ingest_documents(
    store: Store,
    documents: list[Document],
    *,
    index: NearDuplicateIndex,
    options: CoderOptions | None = None,
    write_guard: AbstractContextManager | None = None,
) -> tuple[IngestReport, set[str]]:
    """Ingest documents already in memory into an open store as ``comity ingest`` does: skip the
    stored ones, link near-duplicates through ``index`` (from :func:`near_duplicate_index`, kept
    between calls), code, then store in one transaction with quality and clusters. The store
    step runs inside ``write_guard`` (a server's write lock). Returns the report and the ids of
    the documents stored by this call."""
    report = IngestReport()
    pending: set[str] = set()
    batch = _prepare(documents, store=store, index=index, pending=pending, report=report)
    for chunk in _coding_chunks(batch.fresh):
        for events in code_chunk(chunk, options=options):
            batch.events.extend(events)
    with write_guard or nullcontext():
        _store_batch(store, batch, pending=pending, report=report)
    return report, {document.id for document in batch.fresh}


def _parts(batches: Iterable[_Batch]) -> Iterator[tuple[_Batch, list[Document], bool]]:
    """Each batch's fresh documents in coding chunks: (batch, chunk, is the batch's last)."""
    for batch in batches:
        parts = list(_coding_chunks(batch.fresh)) or [[]]
        for k, part in enumerate(parts):
            yield batch, part, k == len(parts) - 1


def ingest(
    inputs: Iterable[str],
    *,
    db: str | Path,
    date: str | None = None,
    source: str | None = None,
    columns: Mapping[str, str] | None = None,
    code: bool = True,
    options: CoderOptions | None = None,
    progress: Progress | None = None,
    workers: int = 1,
) -> IngestReport:
    """Read, clean, link near-duplicates, code and store. Each batch is one transaction; documents
    already stored are skipped before coding, so an interrupted run resumes where it stopped.

    With ``workers > 1`` the coding runs in that many processes while this one reads ahead and
    stores; batches are still committed whole and in input order."""
    from comity.store import Store

    report = IngestReport()
    batch_size = int(load_settings().get("store.batch_size", 200))
    pending: set[str] = set()  # ids read and not yet committed
    with Store(db) as store, CodingPool(workers if code else 1, options=options) as pool:
        index = near_duplicate_index(store)
        docs = read_inputs(inputs, date=date, source=source, columns=columns, errors=report.errors)
        batches = (
            _prepare(chunk, store=store, index=index, pending=pending, report=report)
            for chunk in _chunks(docs, batch_size)
        )
        if not code:
            for batch in batches:
                _store_batch(store, batch, pending=pending, report=report)
                if progress:
                    progress("batch", batch.read)
            return report
        for (batch, _part, last), results in pool.code(_parts(batches), lambda p: p[1]):
            for events in results:
                batch.events.extend(events)
            if last:
                _store_batch(store, batch, pending=pending, report=report)
                if progress:
                    progress("batch", batch.read)
    return report


def load_shards(directory: str | Path, *, db: str | Path, progress: Progress | None = None) -> IngestReport:
    """Merge the Parquet shards of ``comity code --out DIR`` into a store: documents (with their
    near-duplicate links) and events, in batches, idempotently (stored documents are skipped
    together with their events, so loading twice adds nothing)."""
    from comity.distributed import iter_shard_batches
    from comity.store import Store

    report = IngestReport()
    batch_size = int(load_settings().get("store.batch_size", 200))
    pending: set[str] = set()
    with Store(db) as store:
        index = near_duplicate_index(store)
        for documents, signatures, events in iter_shard_batches(
            directory, batch_size=batch_size, errors=report.errors
        ):
            batch = _prepare(
                documents, store=store, index=index, pending=pending, report=report, signatures=signatures
            )
            batch.events = [e for d in batch.fresh for e in events.get(d.id, ())]
            _store_batch(store, batch, pending=pending, report=report)
            if progress:
                progress("batch", batch.read)
    return report


# --------------------------------------------------------------------------- watch


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def _watch_files(target: Path) -> list[Path]:
    if target.is_file():
        return [target]
    from comity.ingest.readers import READERS, _walk

    extensions = tuple(e.lower() for e in load_settings().get("ingest.extensions") or READERS)
    return list(_walk(target, extensions))


def watch_state_file(db: str | Path) -> Path:
    """Where ``watch`` remembers which files it has read: next to the store."""
    return Path(f"{os.fspath(db)}.watch.json")


def watch_round(
    target: str,
    *,
    db: str | Path,
    state: str | Path | None = None,
    date: str | None = None,
    source: str | None = None,
    code: bool = True,
    options: CoderOptions | None = None,
    workers: int = 1,
) -> IngestReport:
    """One look at ``target`` (a directory, a feed or corpus file, or an http(s) URL): ingest
    what is new. Files are re-read only when their size or modification time changed (recorded
    in ``state``, by default ``DB.watch.json``, after each round); URLs are fetched every round.
    Documents already stored are skipped by id, so a round that was killed midway is simply
    repeated by the next one: nothing is lost or stored twice."""
    import re

    run = {"db": db, "date": date, "source": source, "code": code, "options": options, "workers": workers}
    if re.match(r"https?://", target, re.I):
        return ingest([target], **run)  # type: ignore[arg-type]
    root = Path(target)
    if not root.exists():
        from comity.errors import ComityError, E

        raise ComityError(E.E111, where=target)
    state_file = Path(state) if state else watch_state_file(db)
    saved: dict[str, dict[str, list[int]]] = {}
    if state_file.exists():
        saved = json.loads(state_file.read_text(encoding="utf-8"))
    key = str(root.resolve())
    seen = saved.get(key, {})
    stamps = {str(f): _stamp(f) for f in _watch_files(root)}  # taken before reading: a file
    changed = [f for f, stamp in stamps.items() if seen.get(f) != stamp]  # written meanwhile is re-read
    report = ingest(changed, **run) if changed else IngestReport()  # type: ignore[arg-type]
    seen.update({f: stamps[f] for f in changed})
    saved[key] = seen
    tmp = state_file.with_name(state_file.name + ".tmp")
    tmp.write_text(json.dumps(saved, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, state_file)
    return report


def watch(
    target: str,
    *,
    every: float,
    rounds: int | None = None,
    on_round: Callable[[IngestReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    **kwargs: Any,
) -> None:
    """Run :func:`watch_round` every ``every`` seconds (``rounds`` times, or until interrupted)."""
    done = 0
    while rounds is None or done < rounds:
        started = time.monotonic()
        report = watch_round(target, **kwargs)
        done += 1
        if on_round:
            on_round(report)
        if rounds is not None and done >= rounds:
            return
        sleep(max(0.0, every - (time.monotonic() - started)))


def examples_dir() -> Path:
    """The bundled example corpus (the repository's ``examples/``)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "examples"
        if candidate.is_dir() and (parent / "pyproject.toml").exists():
            return candidate
    return Path.cwd() / "examples"

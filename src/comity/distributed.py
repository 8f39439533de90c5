"""Coding a corpus into Parquet shards, in this process, a local process pool or on a Dask cluster.

The unit of work is one input file (a partition). Coding a partition writes shard pairs into the
output directory and, last, a small manifest; a partition with a manifest is done, so a rerun
after a crash only codes the partitions that are missing (shards are written to a temporary
name and renamed, so a shard is never seen half-written)::

    part-<hash of the input path>-00000.events.parquet      the event records (EVENT_SCHEMA)
    part-<hash of the input path>-00000.documents.parquet   their documents (DOCUMENT_SCHEMA)
    part-<hash of the input path>.json                      manifest: input, shards, counts, errors

The events shards all have one schema, the event record of ``Event.to_dict()`` with nested
actor, location and speaker structs, so any Parquet reader (DuckDB, pandas, Spark) reads them.
The documents shards carry the cleaned text that event spans index into, plus each document's
MinHash signature, so ``comity load`` (:func:`comity.runner.load_shards`) can create the
documents, link near-duplicates across partitions and store the events without re-reading the
inputs. dask is imported only by :func:`run_dask`, and only when it is called.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from comity.arrow_types import ACTOR, LOCATION
from comity.errors import ComityError, E
from comity.model import Document, Event
from comity.pipeline import CoderOptions, code_documents

#: documents per shard pair: bounds what one worker holds and what ``load`` reads at a time
SHARD_DOCUMENTS = 5000

EVENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("doc_id", pa.string()),
        ("date", pa.string()),
        ("event", pa.string()),
        ("mode", pa.string()),
        ("context", pa.string()),
        ("cameo", pa.string()),
        ("goldstein", pa.float64()),
        ("quad", pa.int32()),
        ("source", pa.list_(ACTOR)),
        ("target", pa.list_(ACTOR)),
        ("text", pa.string()),
        ("eventText", pa.string()),
        ("span", pa.list_(pa.int64())),
        ("trigger_span", pa.list_(pa.int64())),
        ("modality", pa.string()),
        ("negated", pa.bool_()),
        ("confidence", pa.float64()),
        ("location", LOCATION),
        ("mentions", pa.int32()),
        ("speaker", ACTOR),
        ("rules", pa.list_(pa.string())),
    ]
)

#: a document as ``Document`` holds it, flags as a JSON object, plus its MinHash signature
DOCUMENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("source", pa.string()),
        ("published", pa.string()),
        ("text", pa.string()),
        ("origin", pa.string()),
        ("flags", pa.string()),
        ("citations", pa.list_(pa.string())),
        ("minhash", pa.binary()),
    ]
)


@dataclass(slots=True)
class PartitionResult:
    """What coding one input file wrote."""

    input: str
    shards: list[str] = field(default_factory=list)
    documents: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    skipped: bool = False  # already done by an earlier run

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "shards": self.shards,
            "documents": self.documents,
            "events": self.events,
            "errors": self.errors,
            "skipped": self.skipped,
        }


@dataclass(slots=True)
class CodeSummary:
    """What a sharded run wrote, over all partitions."""

    out: str
    partitions: int = 0
    skipped_partitions: int = 0
    documents: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, result: PartitionResult) -> None:
        self.partitions += 1
        self.skipped_partitions += int(result.skipped)
        self.documents += result.documents
        self.events += result.events
        self.errors.extend(result.errors)

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": self.out,
            "partitions": self.partitions,
            "skipped_partitions": self.skipped_partitions,
            "documents": self.documents,
            "events": self.events,
            "failed": len(self.errors),
            "errors": self.errors,
        }


# --------------------------------------------------------------------------- inputs


def expand_inputs(patterns: Iterable[str]) -> list[str]:
    """Input files (absolute paths, sorted per pattern) from glob patterns, directories (read as
    ``comity ingest`` reads them) and file names. Raises E111 when a pattern matches nothing."""
    from comity.ingest.readers import READERS, _walk
    from comity.settings import load_settings

    extensions = tuple(e.lower() for e in load_settings().get("ingest.extensions") or READERS)
    files: list[str] = []
    for pattern in patterns:
        matches = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else [pattern]
        found = False
        for match in matches:
            path = Path(match)
            if path.is_dir():
                for file in _walk(path, extensions):
                    files.append(str(file.resolve()))
                    found = True
            elif path.is_file():
                files.append(str(path.resolve()))
                found = True
        if not found:
            raise ComityError(E.E111, where=pattern)
    return list(dict.fromkeys(files))


def partition_name(path: str) -> str:
    """The shard prefix of one input file: a hash of its absolute path."""
    return "part-" + hashlib.sha256(os.path.abspath(path).encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- writing


def _document_row(document: Document) -> dict[str, Any]:
    from comity.ingest.dedup import signature

    return {
        "id": document.id,
        "url": document.url,
        "title": document.title,
        "source": document.source,
        "published": document.published,
        "text": document.text,
        "origin": document.origin,
        "flags": json.dumps(document.flags, ensure_ascii=False),
        "citations": list(document.citations),
        "minhash": signature(document.text),
    }


def _write_atomic(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _flush(out: Path, prefix: str, k: int, documents: list[dict], events: list[dict]) -> str:
    shard = f"{prefix}-{k:05d}"
    _write_atomic(pa.Table.from_pylist(events, schema=EVENT_SCHEMA), out / f"{shard}.events.parquet")
    _write_atomic(pa.Table.from_pylist(documents, schema=DOCUMENT_SCHEMA), out / f"{shard}.documents.parquet")
    return shard


def code_file(
    path: str,
    out_dir: str,
    *,
    options: CoderOptions | None = None,
    date: str | None = None,
    source: str | None = None,
    columns: Mapping[str, str] | None = None,
    force: bool = False,
    shard_documents: int = SHARD_DOCUMENTS,
) -> PartitionResult:
    """Code one input file into shards in ``out_dir`` (what a pool or Dask worker runs).

    A file whose manifest exists is skipped unless ``force``. Bad records do not stop it: they
    are listed in the result (and the manifest) like ``comity ingest`` lists them."""
    from comity.runner import read_inputs

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    prefix = partition_name(path)
    manifest = out / f"{prefix}.json"
    if manifest.exists() and not force:
        saved = json.loads(manifest.read_text(encoding="utf-8"))
        return PartitionResult(
            input=saved["input"],
            shards=saved["shards"],
            documents=saved["documents"],
            events=saved["events"],
            errors=saved["errors"],
            skipped=True,
        )
    result = PartitionResult(input=path)
    docs = read_inputs([path], date=date, source=source, columns=columns, errors=result.errors)
    doc_rows: list[dict] = []
    event_rows: list[dict] = []
    for document, events in code_documents(docs, options=options):
        doc_rows.append(_document_row(document))
        event_rows.extend(e.to_dict() for e in events)
        result.documents += 1
        result.events += len(events)
        if len(doc_rows) >= shard_documents:
            result.shards.append(_flush(out, prefix, len(result.shards), doc_rows, event_rows))
            doc_rows, event_rows = [], []
    if doc_rows:
        result.shards.append(_flush(out, prefix, len(result.shards), doc_rows, event_rows))
    record = result.to_dict()
    record.pop("skipped")
    tmp = manifest.with_name(manifest.name + ".tmp")
    tmp.write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, manifest)
    return result


def code_to_shards(
    inputs: Iterable[str],
    out_dir: str | Path,
    *,
    workers: int = 1,
    options: CoderOptions | None = None,
    date: str | None = None,
    source: str | None = None,
    force: bool = False,
    on_partition: Callable[[PartitionResult], None] | None = None,
) -> CodeSummary:
    """Code every input file into shards on this machine, ``workers`` files at a time."""
    from functools import partial

    from comity.runner import CodingPool, ordered_map

    files = expand_inputs(inputs)
    out = Path(out_dir).resolve()
    summary = CodeSummary(out=str(out))
    run = partial(code_file, out_dir=str(out), options=options, date=date, source=source, force=force)
    with CodingPool(workers, options=options) as pool:
        for _file, result in ordered_map(run, files, executor=pool.executor, window=pool.window):
            summary.add(result)
            if on_partition:
                on_partition(result)
    return summary


def run_dask(
    inputs: Iterable[str],
    out_dir: str | Path,
    *,
    address: str,
    options: CoderOptions | None = None,
    date: str | None = None,
    source: str | None = None,
    force: bool = False,
    on_partition: Callable[[PartitionResult], None] | None = None,
) -> CodeSummary:
    """Code every input file into shards on the Dask cluster whose scheduler is at ``address``
    (``tcp://host:8786``). Input files and ``out_dir`` must be reachable under the same paths
    from every worker (a shared file system), and comity must be installed on the workers."""
    try:
        from dask.distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise ComityError(E.E601, where=address, detail=f"dask.distributed is not installed ({exc})") from exc

    files = expand_inputs(inputs)
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    summary = CodeSummary(out=str(out))
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise ComityError(E.E601, where=address, detail=f"cannot reach the scheduler ({exc})") from exc
    with client:
        futures = client.map(
            code_file,
            files,
            out_dir=str(out),
            options=options,
            date=date,
            source=source,
            force=force,
            pure=False,
            key=[f"comity-code-{partition_name(f)}" for f in files],
        )
        for future in as_completed(futures):
            result = future.result()
            summary.add(result)
            if on_partition:
                on_partition(result)
    return summary


# --------------------------------------------------------------------------- reading


def _manifests(directory: Path) -> list[dict[str, Any]]:
    found = []
    for path in directory.glob("part-*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        found.append(record)
    return sorted(found, key=lambda r: (r["input"], r["shards"]))


def _document(row: dict[str, Any]) -> Document:
    return Document(
        id=row["id"],
        text=row["text"],
        title=row["title"] or "",
        url=row["url"] or "",
        source=row["source"] or "",
        published=row["published"],
        origin=row["origin"] or "",
        flags=json.loads(row["flags"] or "{}"),
        citations=list(row["citations"] or []),
    )


def read_events(path: str | Path) -> Iterator[Event]:
    """The events of one events shard."""
    for batch in pq.ParquetFile(path).iter_batches():
        for row in batch.to_pylist():
            yield Event.from_dict(row)


def iter_shard_events(directory: str | Path) -> Iterator[Event]:
    """Every event of the finished partitions in ``directory``."""
    for record in _manifests(Path(directory)):
        for shard in record["shards"]:
            yield from read_events(Path(directory) / f"{shard}.events.parquet")


def iter_shard_batches(
    directory: str | Path, *, batch_size: int, errors: list[str] | None = None
) -> Iterator[tuple[list[Document], dict[str, bytes | None], dict[str, list[Event]]]]:
    """(documents, their signatures, events by document id) in batches of ``batch_size``
    documents, from the finished partitions in ``directory`` in input order. A shard that
    cannot be read is reported in ``errors`` and skipped."""
    root = Path(directory)
    if not root.is_dir():
        raise ComityError(E.E111, where=str(directory))
    for record in _manifests(root):
        for shard in record["shards"]:
            try:
                events: dict[str, list[Event]] = {}
                for event in read_events(root / f"{shard}.events.parquet"):
                    events.setdefault(event.doc_id, []).append(event)
                documents = pq.ParquetFile(root / f"{shard}.documents.parquet")
                for batch in documents.iter_batches(batch_size=batch_size):
                    rows = batch.to_pylist()
                    signatures = {row["id"]: row["minhash"] for row in rows}
                    yield [_document(row) for row in rows], signatures, events
            except (OSError, pa.ArrowException) as exc:
                if errors is None:
                    raise
                error = ComityError(E.E602, where=str(root / shard), detail=str(exc).splitlines()[0])
                errors.append(str(error))

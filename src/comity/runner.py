"""The main jobs: read inputs, code them, and store documents and events in batches.

Library functions here print nothing; progress goes through a callback. The CLI renders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from comity.model import Document, Event
from comity.pipeline import CoderOptions, code_documents
from comity.settings import load_settings

Progress = Callable[[str, int], None]  # (what happened, how many) -> None


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


def code_inputs(
    inputs: Iterable[str],
    *,
    date: str | None = None,
    source: str | None = None,
    columns: Mapping[str, str] | None = None,
    errors: list[str] | None = None,
    options: CoderOptions | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[Document, list[Event]]]:
    """Code inputs without storing: yields (document, events) in input order."""
    docs = read_inputs(inputs, date=date, source=source, columns=columns, errors=errors)

    def tick(_doc: Document, n_events: int) -> None:
        if progress:
            progress("document", 1)

    yield from code_documents(docs, options=options, on_document=tick)


def _batches(items: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while True:
        batch = list(islice(items, size))
        if not batch:
            return
        yield batch


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
) -> IngestReport:
    """Read, clean, link near-duplicates, code and store. Each batch is one transaction; documents
    already stored are skipped before coding, so an interrupted run resumes where it stopped."""
    from comity.ingest.dedup import NearDuplicateIndex, signature
    from comity.store import Store

    settings = load_settings()
    report = IngestReport()
    batch_size = int(settings.get("store.batch_size", 200))
    with Store(db) as store:
        index = NearDuplicateIndex()
        for doc_id, sig in store.iter_signatures():
            index.add(doc_id, sig)
        docs = read_inputs(inputs, date=date, source=source, columns=columns, errors=report.errors)
        for batch in _batches(docs, batch_size):
            report.read += len(batch)
            known = store.known_ids([d.id for d in batch])
            fresh: list[Document] = []
            seen: set[str] = set()
            for d in batch:
                if d.id in known or d.id in seen:
                    report.skipped_documents += 1
                    continue
                seen.add(d.id)
                fresh.append(d)
            sigs: dict[str, bytes] = {}
            for d in fresh:
                sig = signature(d.text)
                sigs[d.id] = sig
                dup = index.add(d.id, sig)
                if dup is not None:
                    d.duplicate_of = dup
                    d.flags["near_duplicate"] = 1
                    report.near_duplicates += 1
            events: list[Event] = []
            if code and fresh:
                for _document, evs in code_documents(fresh, options=options):
                    events.extend(evs)
            result = store.add_batch(fresh, events, signatures=sigs)
            report.new_documents += result.new_documents
            report.skipped_documents += result.skipped_documents
            report.events += result.new_events
            if progress:
                progress("batch", len(batch))
    return report


def examples_dir() -> Path:
    """The bundled example corpus (the repository's ``examples/``)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "examples"
        if candidate.is_dir() and (parent / "pyproject.toml").exists():
            return candidate
    return Path.cwd() / "examples"

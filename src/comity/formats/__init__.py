"""Interop formats: exporters by format name, importers of GDELT and ICEWS files.

Usage::

    from comity.formats import Selection, export_events, import_files
    with Store("comity.duckdb") as store:
        report = export_events(store, "gdelt", Path("events.CSV"), selection=Selection(actor="RUS"))
        report = import_files(store, "gdelt", [Path("20240305.export.CSV.zip")])

``EXPORTERS`` maps each format name to its writer (plover-json, jsonl, csv, parquet, gdelt,
icews, graphml, gexf); ``IMPORTERS`` maps gdelt and icews to their row parsers. Imported events
are stored like coded ones (one synthetic document per source row, ``documents.source`` =
the format's name, ids prefixed ``gdelt:`` / ``icews:``), so relations and plots see them too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comity.errors import ComityError, E
from comity.formats import gdelt, graph, icews, plover, tabular
from comity.formats.common import (
    DocInfo,
    ImportReport,
    Malformed,
    Progress,
    Record,
    RowResult,
    Selection,
    records_of,
    select,
    store_rows,
)
from comity.formats.graph import EdgeScores

if TYPE_CHECKING:
    from comity.store import Store

__all__ = [
    "EXPORTERS",
    "IMPORTERS",
    "DocInfo",
    "ExportOptions",
    "ExportReport",
    "Exporter",
    "ImportReport",
    "Record",
    "Selection",
    "export_events",
    "export_records",
    "import_files",
    "records_of",
]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Hooks some formats use: extra edge attributes for the network (relation scores), and
    (NumMentions, NumSources, NumArticles) per event for GDELT (event clusters)."""

    edge_scores: EdgeScores | None = None
    counts: gdelt.Counts | None = None


@dataclass(frozen=True, slots=True)
class Exporter:
    name: str
    suffix: str  # the usual file name ending
    unit: str  # what the writer counts: records, rows, edges
    write: Callable[[Iterable[Record], Path, ExportOptions], int]
    description: str


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("plover-json", ".json", "records", lambda r, p, o: plover.write(r, p),
                 "PLOVER JSON records (a JSON array, one record a line)"),
        Exporter("jsonl", ".jsonl", "records", lambda r, p, o: tabular.write_jsonl(r, p),
                 "comity event records as JSON lines"),
        Exporter("csv", ".csv", "rows", lambda r, p, o: tabular.write_csv(r, p),
                 "event records as flat CSV"),
        Exporter("parquet", ".parquet", "rows", lambda r, p, o: tabular.write_parquet(r, p),
                 "event records as Parquet with nested actor lists"),
        Exporter("gdelt", ".CSV", "rows", lambda r, p, o: gdelt.write(r, p, counts=o.counts),
                 "GDELT 2.0 events, 61 tab-separated columns, no header"),
        Exporter("icews", ".tsv", "rows", lambda r, p, o: icews.write(r, p),
                 "ICEWS-style coded events, 20 tab-separated columns with a header"),
        Exporter("graphml", ".graphml", "edges",
                 lambda r, p, o: graph.write_graphml(r, p, edge_scores=o.edge_scores),
                 "actor network as GraphML"),
        Exporter("gexf", ".gexf", "edges",
                 lambda r, p, o: graph.write_gexf(r, p, edge_scores=o.edge_scores),
                 "actor network as GEXF (Gephi)"),
    )
}  # fmt: skip

#: format name -> (path -> parsed rows); parsers raise ComityError for an unreadable file
IMPORTERS: dict[str, Callable[[Path], Iterator[RowResult]]] = {
    "gdelt": gdelt.parse_file,
    "icews": icews.parse_file,
}

#: readers that give back the events an export wrote (round trips, scripts)
READERS: dict[str, Callable[[Path], list[Any]]] = {
    "plover-json": plover.read,
    "jsonl": tabular.read_jsonl,
    "csv": tabular.read_csv,
    "parquet": tabular.read_parquet,
}


@dataclass(frozen=True, slots=True)
class ExportReport:
    format: str
    path: str
    events: int  # events selected
    written: int  # what the file holds, in ``unit``
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "path": self.path,
            "events": self.events,
            "written": self.written,
            "unit": self.unit,
        }


def exporter(name: str) -> Exporter:
    found = EXPORTERS.get(name)
    if found is None:
        raise ComityError(E.E120, where="--format", detail=f"{name!r}: use {', '.join(EXPORTERS)}")
    return found


def export_records(
    records: Iterable[Record],
    fmt: str,
    path: Path,
    *,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> ExportReport:
    """Write these records in format ``fmt`` to ``path``."""
    chosen = exporter(fmt)
    seen = [0]

    def counted() -> Iterator[Record]:
        for record in records:
            seen[0] += 1
            if progress and seen[0] % 1000 == 0:
                progress("events", 1000)
            yield record

    try:
        written = chosen.write(counted(), Path(path), options or ExportOptions())
    except OSError as exc:
        raise ComityError(E.E100, where=str(path), detail=f"cannot write ({exc})") from exc
    if progress and seen[0] % 1000:
        progress("events", seen[0] % 1000)
    return ExportReport(fmt, str(path), seen[0], written, chosen.unit)


def export_events(
    store: Store,
    fmt: str,
    path: Path,
    *,
    selection: Selection | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> ExportReport:
    """Write the stored events that match ``selection`` in format ``fmt`` to ``path``."""
    exporter(fmt)  # fail before reading anything
    records = select(store, selection or Selection())
    return export_records(records, fmt, path, options=options, progress=progress)


def import_files(
    store: Store,
    fmt: str,
    paths: Sequence[Path],
    *,
    batch_size: int = 5_000,
    progress: Progress | None = None,
) -> ImportReport:
    """Load GDELT or ICEWS event files into the store. Malformed rows (and unreadable files)
    become one message each in ``report.errors``; importing a file again adds nothing."""
    parse = IMPORTERS.get(fmt)
    if parse is None:
        raise ComityError(E.E120, where="import", detail=f"{fmt!r}: use {', '.join(IMPORTERS)}")
    report = ImportReport(format=fmt)
    for path in paths:
        report.files += 1
        store_rows(store, _guarded(parse, Path(path)), report, batch_size=batch_size, progress=progress)
    return report


def _guarded(parse: Callable[[Path], Iterator[RowResult]], path: Path) -> Iterator[RowResult]:
    """The parser's rows; a file-level error ends the file as one more error row."""
    try:
        yield from parse(path)
    except ComityError as exc:
        yield Malformed(str(exc))

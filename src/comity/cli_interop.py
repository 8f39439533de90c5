"""CLI commands for interop (registered on the main app by comity.cli): ``export``,
``import-gdelt`` and ``import-icews``, thin over :mod:`comity.formats`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from comity.cli import (
    DbOpt,
    JsonOpt,
    _check_date,
    _console,
    _counts_table,
    _fail,
    _progress,
    _report_errors,
    app,
)
from comity.errors import ComityError

FORMAT_HELP = "plover-json, jsonl, csv, parquet, gdelt, icews, graphml or gexf."


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    db: DbOpt = Path("comity.duckdb"),
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only events with this actor code (USA, IGO).")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Export stored events as PLOVER JSON, JSONL, CSV, Parquet, GDELT, ICEWS, GraphML or GEXF."""
    from comity.formats import Selection, export_events, exporter
    from comity.store import Store

    since, until = _check_date(since), _check_date(until)
    selection = Selection(since=since, until=until, actor=actor.upper() if actor else None)
    try:
        exporter(fmt)
        with Store(db, read_only=True) as store:
            progress, task = _progress(store.counts()["events"], f"export {fmt}")
            with progress:
                report = export_events(
                    store, fmt, output, selection=selection,
                    progress=lambda _what, n: progress.advance(task, n),
                )  # fmt: skip
    except ComityError as exc:
        _fail(exc)
    if json_out:
        print(json.dumps(report.to_dict()))
        return
    from rich.table import Table

    table = Table(title=f"export from {db}")
    for col in ("format", "events", report.unit, "file"):
        table.add_column(col, justify="left" if col in ("format", "file") else "right")
    table.add_row(report.format, str(report.events), str(report.written), report.path)
    _console().print(table)


FilesArg = Annotated[list[Path], typer.Argument(help="Event files, plain or .zip.")]


def _import(fmt: str, files: list[Path], db: Path, json_out: bool) -> None:
    from comity.formats import import_files
    from comity.store import Store

    try:
        with Store(db) as store:
            progress, task = _progress(None, f"import {fmt}")
            with progress:
                report = import_files(store, fmt, files, progress=lambda _what, n: progress.advance(task, n))
    except ComityError as exc:
        _fail(exc)
    _report_errors(report.errors)
    if json_out:
        print(json.dumps(report.to_dict()))
    else:
        counts = {
            "files": report.files,
            "rows": report.rows,
            "imported": report.imported,
            "already stored": report.already_stored,
            "skipped": sum(report.skipped.values()),
            "failed": report.failed,
        }
        _counts_table(f"import {fmt} into {db}", counts)
        console = _console()
        for reason, count in report.skipped.most_common():
            console.print(f"skipped {count}: {reason}")
    if report.failed:
        raise typer.Exit(1)


@app.command("import-gdelt")
def import_gdelt(files: FilesArg, db: DbOpt = Path("comity.duckdb"), json_out: JsonOpt = False) -> None:
    """Load GDELT 2.0 event files (.CSV, .tsv or .export.CSV.zip) into the store (idempotent)."""
    _import("gdelt", files, db, json_out)


@app.command("import-icews")
def import_icews(files: FilesArg, db: DbOpt = Path("comity.duckdb"), json_out: JsonOpt = False) -> None:
    """Load ICEWS coded event files (tab-separated, header first; plain or .zip) into the store."""
    _import("icews", files, db, json_out)

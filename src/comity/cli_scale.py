"""CLI commands for scale (registered on the main app by comity.cli): ``load`` and ``watch``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from comity.cli import (
    DateOpt,
    DbOpt,
    JsonOpt,
    _check_date,
    _counts_table,
    _fail,
    _options,
    _report_errors,
    app,
    ingest_counts,
)
from comity.errors import ComityError

if TYPE_CHECKING:
    from comity.runner import IngestReport

_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(value: str) -> float:
    """Seconds from ``30``, ``30s``, ``5m``, ``1.5h`` or ``1d``."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value.lower())
    if not match or float(match.group(1)) <= 0:
        raise typer.BadParameter(f"{value!r}: use a positive number of seconds or 30s, 5m, 1h, 1d")
    return float(match.group(1)) * _UNITS[match.group(2)]


@app.command()
def load(
    directory: Annotated[Path, typer.Argument(help="Shard directory written by `comity code --out`.")],
    db: DbOpt = Path("comity.duckdb"),
    json_out: JsonOpt = False,
) -> None:
    """Merge Parquet shards (documents and events) into the store; loading twice adds nothing."""
    from comity.runner import load_shards

    try:
        report = load_shards(directory, db=db)
    except ComityError as exc:
        _fail(exc)
    _report_errors(report.errors)
    if json_out:
        print(json.dumps(report.to_dict()))
    else:
        _counts_table(f"load {directory} into {db}", ingest_counts(report))
    if report.failed:
        raise typer.Exit(1)


@app.command()
def watch(
    target: Annotated[str, typer.Argument(help="A directory, a feed or corpus file, or a feed URL.")],
    every: Annotated[str, typer.Option("--every", help="How often to look: 30s, 5m, 1h.")] = "5m",
    db: DbOpt = Path("comity.duckdb"),
    once: Annotated[bool, typer.Option("--once", help="Look once and exit.")] = False,
    date: DateOpt = None,
    source: Annotated[str | None, typer.Option(help="Source name for documents that have none.")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Coding processes.")] = 1,
    json_out: JsonOpt = False,
) -> None:
    """Code new documents as they arrive (safe to stop and restart: stored ids are skipped)."""
    import datetime as dt

    from comity.runner import watch as run_watch

    seconds = parse_every(every)
    date = _check_date(date)
    failed = False

    def show(report: IngestReport) -> None:
        nonlocal failed
        failed = failed or bool(report.failed)
        _report_errors(report.errors)
        if json_out:
            print(json.dumps(report.to_dict()), flush=True)
        else:
            now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
            _counts_table(f"watch {target} at {now}", ingest_counts(report))

    try:
        run_watch(
            target,
            every=seconds,
            rounds=1 if once else None,
            on_round=show,
            db=db,
            date=date,
            source=source,
            options=_options(None),
            workers=workers,
        )
    except ComityError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    if once and failed:
        raise typer.Exit(1)

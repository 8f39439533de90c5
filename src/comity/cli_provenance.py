"""CLI commands for provenance (registered on the main app by comity.cli): sources, claims and
quality. Each opens the store (writable, so documents and events not assessed or clustered yet
are), calls one function of :mod:`comity.provenance`, and prints a table or JSON lines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from comity.cli import DbOpt, JsonOpt, _check_date, _console, _fail, app
from comity.cli_relations import SinceOpt, UntilOpt, _num, _open, _print_json
from comity.errors import ComityError, E


def _share(value: object) -> str:
    text = _num(value, 3)
    return f"{float(text) * 100:.0f}%" if text else ""


@app.command("sources")
def sources_cmd(
    db: DbOpt = Path("comity.duckdb"),
    limit: Annotated[int, typer.Option(help="How many publishers.")] = 50,
    json_out: JsonOpt = False,
) -> None:
    """Publishers: documents, copies, agency (wire) stories, events, share hedged, share
    corroborated, mean quality."""
    from comity.provenance.sources import sources

    try:
        with _open(db) as store:
            frame = sources(store, limit=limit)
    except ComityError as exc:
        _fail(exc)
    if json_out:
        _print_json(frame.to_dict("records"))
        return
    from rich.table import Table

    table = Table(title=f"sources ({len(frame)} publishers; corroborated = another publisher reports it too)")
    columns = ("source", "documents", "copies", "wire", "events", "hedged", "corroborated", "quality")
    for col in columns:
        table.add_column(col, justify="left" if col == "source" else "right", overflow="fold")
    for r in frame.to_dict("records"):
        table.add_row(
            r["source"],
            str(r["documents"]),
            str(r["copies"]),
            str(r["wire"]),
            str(r["events"]),
            _share(r["hedged"]),
            _share(r["corroborated"]),
            _num(r["quality"]),
        )
    _console().print(table)


@app.command("claims")
def claims_cmd(
    db: DbOpt = Path("comity.duckdb"),
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_goldstein: Annotated[
        float | None,
        typer.Option("--min-goldstein", help="High impact from this |Goldstein| (default: the setting, 6)."),
    ] = None,
    limit: Annotated[int, typer.Option(help="How many claims.")] = 30,
    json_out: JsonOpt = False,
) -> None:
    """The verification queue: high-impact events that are hedged or single-source."""
    from comity.provenance.claims import claims

    for value in (since, until):
        _check_date(value)
    try:
        with _open(db) as store:
            frame = claims(store, since=since, until=until, limit=limit, min_abs_goldstein=min_goldstein)
    except ComityError as exc:
        _fail(exc)
    if json_out:
        _print_json(frame.to_dict("records"))
        return
    from rich.table import Table

    table = Table(title=f"claims to verify ({len(frame)}, most important first)")
    for col in ("date", "event", "source", "target", "goldstein", "why", "publishers", "evidence"):
        table.add_column(col, overflow="fold")
    for r in frame.to_dict("records"):
        table.add_row(
            str(r["date"]),
            r["event"],
            ", ".join(r["source"]),
            ", ".join(r["target"]),
            _num(r["goldstein"], 1),
            "; ".join(r["reasons"]),
            ", ".join(r["publishers"]),
            " ".join(str(r["text"]).split())[:160],
        )
    _console().print(table)


@app.command("quality")
def quality_cmd(
    doc_id: Annotated[
        str | None, typer.Argument(help="A document id: show each flag's contribution.")
    ] = None,
    db: DbOpt = Path("comity.duckdb"),
    limit: Annotated[int, typer.Option(help="How many documents (lowest quality first).")] = 30,
    json_out: JsonOpt = False,
) -> None:
    """Document quality: the 0..1 score and the flags behind it, lowest first or for one document."""
    from comity.provenance.quality import ensure_quality, stored_quality

    try:
        with _open(db) as store:
            ensure_quality(store)
            if doc_id is not None:
                quality = stored_quality(store, doc_id)
                if quality is None:
                    _fail(ComityError(E.E301, where=str(db), detail=f"no document {doc_id}"))
                _show_one(doc_id, quality.to_dict(), json_out)
                return
            frame = store.sql(
                "SELECT d.id, d.title, d.source, q.score, q.hedged, q.detail::VARCHAR AS detail "
                "FROM documents d JOIN document_quality q ON q.doc_id = d.id "
                "ORDER BY q.score, d.seq LIMIT ?",
                [limit],
            )
    except ComityError as exc:
        _fail(exc)
    import json

    rows = frame.to_dict("records")
    for row in rows:
        row["flags"] = json.loads(row.pop("detail"))
    if json_out:
        _print_json(rows)
        return
    from rich.table import Table

    table = Table(title=f"document quality ({len(rows)} documents, lowest first)")
    for col in ("document", "title", "source", "quality", "what costs most"):
        table.add_column(col, overflow="fold")
    for r in rows:
        costs = ", ".join(f"{f['flag']} -{f['penalty']:.2f}" for f in r["flags"][:4])
        table.add_row(r["id"], str(r["title"])[:60], r["source"], _num(r["score"]), costs)
    _console().print(table)


def _show_one(doc_id: str, quality: dict, json_out: bool) -> None:
    if json_out:
        _print_json([{"id": doc_id, **quality}])
        return
    from rich.table import Table

    table = Table(title=f"{doc_id}: quality {quality['score']:.2f} = 1 - the penalties below")
    for col in ("flag", "value", "penalty", "what it means"):
        table.add_column(col, overflow="fold")
    for f in quality["flags"]:
        table.add_row(f["flag"], f"{f['value']:g}", f"-{f['penalty']:.3f}", f["about"])
    _console().print(table)


__all__ = ["claims_cmd", "quality_cmd", "sources_cmd"]

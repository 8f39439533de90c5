"""The comity command line: thin Typer commands over the library.

Each command parses its arguments, calls one library function, and renders the result: a rich
table for people, JSON lines (``--json`` / ``--format jsonl``) for programs. Heavy libraries are
imported inside the commands so ``comity --help`` is instant.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from comity.errors import ComityError

app = typer.Typer(
    help="comity: political event data from news, and the relations it reveals.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB store file.")]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="Document date YYYY-MM-DD when the input has none.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON lines instead of a table.")]
ActorsOpt = Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor YAML file(s).")]


def _console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # piped output is read in editors and logs: wide enough for an event table
    width = None if stream.isatty() else 160
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


def _fail(exc: ComityError) -> None:
    _console(stderr=True).print(f"[red]{exc}[/red]")
    raise typer.Exit(1)


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        from comity.errors import E

        _fail(ComityError(E.E113, where="--date", detail=repr(value)))
    return value


def _progress(total: int | None, description: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    progress = Progress(
        *columns, console=_console(stderr=True), transient=True, disable=not sys.stderr.isatty()
    )
    task = progress.add_task(description, total=total)
    return progress, task


def _options(actors: list[Path] | None):
    from comity.pipeline import CoderOptions

    return CoderOptions.from_settings(actor_files=tuple(str(p) for p in actors or ()))


def _counts_table(title: str, counts: dict[str, Any]) -> None:
    """What a run did, as a one-row table of counts (ingest, load, watch, import)."""
    from rich.table import Table

    table = Table(title=title)
    for col in counts:
        table.add_column(col, justify="right")
    table.add_row(*(str(value) for value in counts.values()))
    _console().print(table)


def ingest_counts(report: Any) -> dict[str, int]:
    """The counts of an IngestReport, by the column names people read."""
    return {
        "read": report.read,
        "new": report.new_documents,
        "already stored": report.skipped_documents,
        "near-duplicates": report.near_duplicates,
        "events": report.events,
        "failed": report.failed,
    }


def _report_errors(errors: list[str]) -> None:
    console = _console(stderr=True)
    for message in errors:
        console.print(f"[yellow]{message}[/yellow]", markup=True, highlight=False)


# --------------------------------------------------------------------------- ingest / docs


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, URLs, or - for stdin.")],
    db: DbOpt = Path("comity.duckdb"),
    date: DateOpt = None,
    source: Annotated[str | None, typer.Option(help="Source name for documents that have none.")] = None,
    no_code: Annotated[
        bool, typer.Option("--no-code", help="Store documents without coding events.")
    ] = False,
    actors: ActorsOpt = None,
    json_out: JsonOpt = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Coding processes (each loads the model once).")
    ] = 1,
) -> None:
    """Read, clean, code and store documents (idempotent: re-running adds nothing)."""
    from comity.runner import ingest as run_ingest

    date = _check_date(date)
    progress, task = _progress(None, "ingesting")
    try:
        with progress:
            report = run_ingest(
                paths,
                db=db,
                date=date,
                source=source,
                code=not no_code,
                options=_options(actors),
                progress=lambda _what, n: progress.advance(task, n),
                workers=workers,
            )
    except ComityError as exc:
        _fail(exc)
    _report_errors(report.errors)
    if json_out:
        print(json.dumps(report.to_dict()))
    else:
        _counts_table(f"ingest into {db}", ingest_counts(report))
    if report.failed:
        raise typer.Exit(1)


@app.command()
def docs(
    db: DbOpt = Path("comity.duckdb"),
    limit: Annotated[int, typer.Option(help="How many documents.")] = 50,
    json_out: JsonOpt = False,
) -> None:
    """List stored documents with their quality score and flags (`comity quality DOC` explains a score)."""
    from comity.store import Store

    try:
        with Store(db, read_only=True) as store:
            documents = store.documents(limit=limit)
            counts = store.counts()
            scores = dict(
                store.con.execute(
                    "SELECT doc_id, score FROM document_quality "
                    "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                    [[d.id for d in documents]],
                ).fetchall()
            )
    except ComityError as exc:
        _fail(exc)
    if json_out:
        for d in documents:
            row = d.to_dict()
            row.pop("text", None)
            row["quality"] = scores.get(d.id)
            print(json.dumps(row))
        return
    from rich.table import Table

    table = Table(title=f"{counts.get('documents', 0)} documents, {counts.get('events', 0)} events in {db}")
    for col in ("id", "date", "source", "title", "chars", "quality", "flags", "duplicate of"):
        table.add_column(col, overflow="fold")
    for d in documents:
        flags = ", ".join(f"{k}={v}" for k, v in sorted(d.flags.items()) if v)
        table.add_row(
            d.id,
            d.published or "",
            d.source,
            (d.title or "")[:60],
            str(len(d.text)),
            "" if scores.get(d.id) is None else f"{scores[d.id]:.2f}",
            flags[:60],
            d.duplicate_of or "",
        )
    _console().print(table)


# --------------------------------------------------------------------------- code


def _event_row(e: dict[str, Any]) -> list[str]:
    src = ", ".join(a["code"] + (f" {a['sector']}" if a.get("sector") else "") for a in e["source"])
    tgt = ", ".join(a["code"] + (f" {a['sector']}" if a.get("sector") else "") for a in e["target"])
    return [
        e["date"],
        src,
        e["event"],
        tgt,
        e["modality"] + (" neg" if e["negated"] else ""),
        f"{e['confidence']:.2f}",
        str(e["mentions"]),
        e["eventText"],
        e["text"][:110],
    ]


TSV_FIELDS = [
    "id",
    "doc_id",
    "date",
    "event",
    "mode",
    "context",
    "cameo",
    "goldstein",
    "quad",
    "source_codes",
    "target_codes",
    "modality",
    "negated",
    "confidence",
    "mentions",
    "eventText",
    "text",
]


@app.command("code")
def code_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, URLs, or - for stdin.")],
    date: DateOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, tsv or table.")] = "jsonl",
    actors: ActorsOpt = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Coding processes (each loads the model once).")
    ] = 1,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write Parquet shards here instead (`comity load` stores them)."),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Code on this Dask scheduler (tcp://HOST:8786); needs --out."),
    ] = None,
) -> None:
    """Code documents and print their events, without storing anything (or, with --out, write
    them as Parquet shards, one partition per input file, locally or on a Dask cluster)."""
    from comity.runner import code_inputs

    if fmt not in ("jsonl", "tsv", "table"):
        from comity.errors import E

        _fail(ComityError(E.E114, where="--format", detail=repr(fmt)))
    date = _check_date(date)
    if dask and out is None:
        raise typer.BadParameter("--dask needs --out DIR (where the workers write their shards)")
    if out is not None:
        from comity import distributed

        def done(result: distributed.PartitionResult) -> None:
            state = f"{result.documents} documents, {result.events} events"
            state += " (done before)" if result.skipped else ""
            _console(stderr=True).print(f"{result.input}: {state}", highlight=False, markup=False)

        kwargs: dict[str, Any] = {"options": _options(actors), "date": date, "on_partition": done}
        try:
            if dask:
                summary = distributed.run_dask(paths, out, address=dask, **kwargs)
            else:
                summary = distributed.code_to_shards(paths, out, workers=workers, **kwargs)
        except ComityError as exc:
            _fail(exc)
        _report_errors(summary.errors)
        print(json.dumps(summary.to_dict()))
        if summary.errors:
            raise typer.Exit(1)
        return
    errors: list[str] = []
    rows: list[dict[str, Any]] = []
    out = sys.stdout
    if fmt == "tsv":
        out.write("\t".join(TSV_FIELDS) + "\n")
    try:
        coded = code_inputs(paths, date=date, errors=errors, options=_options(actors), workers=workers)
        for _document, events in coded:
            for e in events:
                d = e.to_dict()
                if fmt == "jsonl":
                    out.write(json.dumps(d, ensure_ascii=False) + "\n")
                elif fmt == "tsv":
                    d["source_codes"] = ",".join(a["code"] for a in d["source"])
                    d["target_codes"] = ",".join(a["code"] for a in d["target"])
                    out.write(
                        "\t".join(str(d[k]).replace("\t", " ").replace("\n", " ") for k in TSV_FIELDS) + "\n"
                    )
                else:
                    rows.append(d)
    except ComityError as exc:
        _fail(exc)
    if fmt == "table":
        from rich.table import Table

        table = Table(title=f"{len(rows)} events")
        for col in ("date", "source", "event", "target", "modality", "conf", "n", "trigger", "evidence"):
            table.add_column(col, overflow="fold")
        for d in rows:
            table.add_row(*_event_row(d))
        _console().print(table)
    _report_errors(errors)
    if errors:
        raise typer.Exit(1)


# --------------------------------------------------------------------------- eval


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="PLOVER gold JSON file, or the annotated corpus (.jsonl).")],
    json_out: JsonOpt = False,
    misses: Annotated[bool, typer.Option("--misses", help="List the records coded wrong.")] = False,
    split: Annotated[
        list[str] | None,
        typer.Option("--split", help="Corpus split(s) to score (default: train, dev, test)."),
    ] = None,
    pages: Annotated[Path | None, typer.Option(help="news_pages JSONL the corpus points into.")] = None,
) -> None:
    """Score the coder against PLOVER gold records or the annotated corpus: type accuracy,
    macro-F1, actor codes; on the corpus also no-event false positives, modality, event date
    and calibration, per split."""
    if gold.suffix == ".jsonl":
        _eval_corpus(gold, tuple(split or ("train", "dev", "test")), pages, json_out=json_out)
        return
    from comity.evaluate import evaluate

    try:
        result = evaluate(gold)
    except ComityError as exc:
        _fail(exc)
    if json_out:
        print(json.dumps(result.to_dict()))
        return
    from rich.table import Table

    summary = Table(title=f"comity eval {gold.name}: {result.records} records")
    summary.add_column("metric")
    summary.add_column("value", justify="right")
    for key, value in result.to_dict().items():
        if key != "per_type":
            summary.add_row(key, str(value))
    console = _console()
    console.print(summary)
    console.print(_per_type_table(result.per_type))
    if misses:
        table = Table(title="misses")
        for col in ("id", "gold", "got", "text"):
            table.add_column(col, overflow="fold")
        for m in result.misses:
            table.add_row(m["id"], m["gold"], str(m["got"]), m["text"][:140])
        console.print(table)


def _per_type_table(per_type):
    from rich.table import Table

    per = Table(title="per type (top event)")
    for col in ("type", "gold", "predicted", "correct", "precision", "recall", "F1"):
        per.add_column(col, justify="right")
    for t in per_type:
        per.add_row(
            t.type,
            str(t.gold),
            str(t.predicted),
            str(t.correct),
            f"{t.precision:.2f}",
            f"{t.recall:.2f}",
            f"{t.f1:.2f}",
        )
    return per


CORPUS_ROWS = (
    "sentences", "event_sentences", "null_sentences", "acc_top", "acc_any", "macro_f1", "source_overlap",
    "source_exact", "target_overlap", "target_exact", "target_empty_ok", "no_event_fp", "no_event_rate",
    "modality_acc", "event_date_acc", "event_date_n", "events_per_sentence", "ece",
)  # fmt: skip


def _eval_corpus(path: Path, splits: tuple[str, ...], pages: Path | None, *, json_out: bool) -> None:
    from comity.corpus.score import evaluate_corpus
    from comity.corpus.standoff import AnnotationError

    try:
        results = evaluate_corpus(str(path), splits=splits, pages=str(pages) if pages else None)
    except (AnnotationError, FileNotFoundError) as exc:
        _console(stderr=True).print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    if json_out:
        for r in results:
            print(json.dumps(r.to_dict()))
        return
    from rich.table import Table

    console = _console()
    summary = Table(title=f"comity eval {path.name}")
    summary.add_column("metric")
    dicts = [r.to_dict() for r in results]
    for r in results:
        summary.add_column(r.split, justify="right")
    for key in CORPUS_ROWS:
        summary.add_row(key, *[str(d[key]) for d in dicts])
    console.print(summary)
    for r in results:
        table = _per_type_table(r.per_type)
        table.title = f"{r.split}: per type (top event; events on no-event sentences count against precision)"
        console.print(table)
        rel = Table(title=f"{r.split}: reliability of the top event's confidence (ECE {r.ece})")
        for col in ("confidence bin", "n", "mean confidence", "accuracy"):
            rel.add_column(col, justify="right")
        for b in r.reliability:
            rel.add_row(b["bin"], str(b["n"]), f"{b['confidence']:.3f}", f"{b['accuracy']:.3f}")
        console.print(rel)


# --------------------------------------------------------------------------- actor


@app.command()
def actor(
    text: Annotated[str, typer.Argument(help="The mention to resolve.")],
    context: Annotated[str, typer.Option(help="Text before the mention (for surnames, pronouns).")] = "",
    date: DateOpt = None,
    actors: ActorsOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Resolve one actor mention to a code, sector and canonical name."""
    from comity.actors.dictionary import load_dictionary
    from comity.actors.resolve import resolve_actor

    date = _check_date(date)
    try:
        found = resolve_actor(
            text, context, date, dictionary=load_dictionary(tuple(str(p) for p in actors or ()))
        )
    except ComityError as exc:
        _fail(exc)
    if json_out:
        print(json.dumps(found.to_dict() if found else None))
    elif found is None:
        _console().print(f"{text!r}: no known actor")
    else:
        from rich.table import Table

        table = Table(title=text)
        for col in ("code", "sectors", "name", "kind", "id"):
            table.add_column(col)
        table.add_row(found.code, " ".join(found.sectors), found.name, found.kind.value, found.id)
        _console().print(table)
    if found is None:
        raise typer.Exit(1)


# --------------------------------------------------------------------------- demo


@app.command()
def demo(
    db: DbOpt = Path("comity.duckdb"),
    report: Annotated[Path, typer.Option(help="HTML report to write.")] = Path("comity-report.html"),
) -> None:
    """The main job on the bundled example corpus: ingest, code, store, summarise."""
    from comity.demo import run_demo

    console = _console()
    progress, task = _progress(None, "coding examples/")
    try:
        with progress:
            summary = run_demo(db=db, report=report, progress=lambda _w, n: progress.advance(task, n))
    except ComityError as exc:
        _fail(exc)
    from comity.demo import render_summary

    render_summary(summary, console)


# commands of other stages live in their own modules and register on `app` when imported
from comity import cli_interop, cli_provenance, cli_relations, cli_scale, cli_web  # noqa: E402, F401


def main() -> None:
    app()


if __name__ == "__main__":
    main()

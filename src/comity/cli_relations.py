"""CLI commands for relations (registered on the main app by comity.cli): relations, dyad,
network, triads, alerts, plot. Each opens the store (writable, so events not clustered yet get
clustered), calls one function of :mod:`comity.relations`, and prints a table or JSON lines."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Annotated, Any

import typer

from comity.cli import DbOpt, JsonOpt, _check_date, _console, _fail, app
from comity.errors import ComityError

SinceOpt = Annotated[str | None, typer.Option("--since", help="First event date YYYY-MM-DD.")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Last event date YYYY-MM-DD.")]


def _plain(value: Any) -> Any:
    """A JSON-ready copy: numpy scalars as Python numbers, NaN as null, dates as ISO strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        return _plain(value.tolist())
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _print_json(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        print(json.dumps(_plain(row), ensure_ascii=False))


def _num(x: Any, digits: int = 2) -> str:
    try:
        value = float(x)
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(value) else f"{value:.{digits}f}"


def _top(evidence: list[dict[str, Any]], width: int = 90) -> str:
    if not evidence:
        return ""
    e = evidence[0]
    return f"{e['date']} {e['event']}: {' '.join(str(e['text']).split())[:width]}"


def _open(db: Path):
    from comity.store import Store

    return Store(db)


def _dates(*values: str | None) -> None:
    for value in values:
        _check_date(value)


@app.command("relations")
def relations_cmd(
    a: Annotated[
        str | None, typer.Argument(help="Actor key: a state code (RUS) or an organisation name.")
    ] = None,
    b: Annotated[str | None, typer.Argument(help="Second actor: show one dyad.")] = None,
    db: DbOpt = Path("comity.duckdb"),
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Score date (default: the latest event).")
    ] = None,
    since: SinceOpt = None,
    min_events: Annotated[int, typer.Option("--min-events", help="Leave out dyads with fewer events.")] = 1,
    limit: Annotated[int, typer.Option(help="How many dyads.")] = 30,
    json_out: JsonOpt = False,
) -> None:
    """Relation scores per dyad: smoothed score, trend, label and the top evidence."""
    from comity.relations import relation_scores

    _dates(as_of, since)
    try:
        with _open(db) as store:
            frame = relation_scores(store, a, b, as_of=as_of, since=since, min_events=min_events)
    except ComityError as exc:
        _fail(exc)
    frame = frame.head(limit)
    if json_out:
        _print_json(frame.to_dict("records"))
        return
    from rich.table import Table

    day = frame["as_of"].iloc[0] if len(frame) else as_of
    table = Table(title=f"relations as of {day} ({len(frame)} dyads, heaviest recent evidence first)")
    for col in ("dyad", "label", "score", "trend", "events", "weight", "last", "top evidence"):
        table.add_column(col, overflow="fold")
    for r in frame.to_dict("records"):
        trend = (
            r["trend_label"]
            if r["trend_label"] in ("new", "steady")
            else f"{r['trend_label']} {_num(r['trend'])}"
        )
        table.add_row(
            f"{r['a']}-{r['b']}",
            r["label"],
            _num(r["score"]),
            trend,
            str(r["events"]),
            _num(r["weight"]),
            str(r["last"]),
            _top(r["evidence"]),
        )
    _console().print(table)


@app.command("dyad")
def dyad_cmd(
    a: Annotated[str, typer.Argument(help="First actor key.")],
    b: Annotated[str, typer.Argument(help="Second actor key.")],
    by: Annotated[str, typer.Option("--by", help="day, week or month.")] = "week",
    directed: Annotated[bool, typer.Option("--directed", help="Only events from A to B.")] = False,
    db: DbOpt = Path("comity.duckdb"),
    since: SinceOpt = None,
    until: UntilOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """The dyad's series per period: events per quad class, weighted Goldstein sum and mean."""
    from comity.relations import dyad_series

    _dates(since, until)
    try:
        with _open(db) as store:
            frame = dyad_series(store, a, b, by=by, directed=directed, since=since, until=until)
    except ComityError as exc:
        _fail(exc)
    if json_out:
        _print_json(frame.to_dict("records"))
        return
    from rich.table import Table

    arrow = "->" if directed else "-"
    table = Table(title=f"{a}{arrow}{b} per {by}: {int(frame['events'].sum()) if len(frame) else 0} events")
    for col in (
        "period",
        "events",
        "mentions",
        "verbal coop",
        "material coop",
        "verbal conflict",
        "material conflict",
        "Goldstein sum",
        "mean",
        "types",
    ):
        table.add_column(col, justify="right" if col not in ("period", "types") else "left")
    type_columns = [c for c in frame.columns if c.isupper()]
    for r in frame.to_dict("records"):
        types = ", ".join(f"{t} {r[t]}" for t in type_columns if r[t])
        table.add_row(
            str(r["period"]),
            str(r["events"]),
            str(r["mentions"]),
            str(r["quad1"]),
            str(r["quad2"]),
            str(r["quad3"]),
            str(r["quad4"]),
            _num(r["goldstein_sum"]),
            _num(r["goldstein_mean"]),
            types,
        )
    _console().print(table)


@app.command("network")
def network_cmd(
    db: DbOpt = Path("comity.duckdb"),
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_events: Annotated[int, typer.Option("--min-events", help="Leave out dyads with fewer events.")] = 1,
    json_out: JsonOpt = False,
) -> None:
    """The signed actor network of a window: blocs (signed communities) and the edges."""
    from comity.relations import network

    _dates(since, until)
    try:
        with _open(db) as store:
            net = network(store, since, until, min_events=min_events)
    except ComityError as exc:
        _fail(exc)
    if json_out:
        _print_json([{"kind": "node", **r} for r in net.nodes.to_dict("records")])
        edges = net.edges[["a", "b", "score", "sign", "label", "events", "weight", "strength"]]
        _print_json([{"kind": "edge", **r} for r in edges.to_dict("records")])
        return
    from rich.table import Table

    blocs = Table(title=f"blocs of the signed network ({len(net.nodes)} actors, {len(net.edges)} relations)")
    for col in ("bloc", "members (most events first)"):
        blocs.add_column(col, overflow="fold")
    for number, group in net.nodes.groupby("bloc", sort=True):
        blocs.add_row(str(number), ", ".join(group["key"]))
    edges = Table(title="relations (sign: + cooperative or allied, - strained or hostile)")
    for col in ("dyad", "sign", "label", "score", "events"):
        edges.add_column(col)
    for r in net.edges.sort_values("strength", ascending=False).head(40).to_dict("records"):
        edges.add_row(
            f"{r['a']}-{r['b']}",
            {1: "+", -1: "-", 0: "0"}[r["sign"]],
            r["label"],
            _num(r["score"]),
            str(r["events"]),
        )
    console = _console()
    console.print(blocs)
    console.print(edges)


@app.command("triads")
def triads_cmd(
    db: DbOpt = Path("comity.duckdb"),
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only triads with this actor.")] = None,
    all_triads: Annotated[bool, typer.Option("--all", help="Balanced triads too.")] = False,
    limit: Annotated[int, typer.Option(help="How many triads.")] = 30,
    json_out: JsonOpt = False,
) -> None:
    """Unbalanced triads (sign product negative) of the signed network, with evidence per edge."""
    from comity.relations import triads

    _dates(since, until)
    try:
        with _open(db) as store:
            frame = triads(
                store, since=since, until=until, actor=actor, unbalanced_only=not all_triads, limit=limit
            )
    except ComityError as exc:
        _fail(exc)
    if json_out:
        _print_json(frame.to_dict("records"))
        return
    from rich.table import Table

    table = Table(title=f"{len(frame)} {'triads' if all_triads else 'unbalanced triads'} (signs: ab, bc, ac)")
    for col in ("triad", "signs", "balanced", "edges with top evidence"):
        table.add_column(col, overflow="fold")
    for r in frame.to_dict("records"):
        lines = "\n".join(
            f"{e['pair']} {e['label']} {_num(e['score'])}: {_top(e['evidence'], 80)}" for e in r["edges"]
        )
        table.add_row(f"{r['a']} / {r['b']} / {r['c']}", r["signs"], "yes" if r["balanced"] else "no", lines)
    _console().print(table)


@app.command("alerts")
def alerts_cmd(
    db: DbOpt = Path("comity.duckdb"),
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only dyads of this actor.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Dyad-weeks since D that break with the dyad's own baseline (z-score on the weekly series)."""
    from comity.relations import alerts

    _dates(since, until)
    try:
        with _open(db) as store:
            frame = alerts(store, since=since, until=until, actor=actor)
    except ComityError as exc:
        _fail(exc)
    if json_out:
        _print_json(frame.to_dict("records"))
        return
    from rich.table import Table

    table = Table(title=f"{len(frame)} alerts")
    for col in ("week", "dyad", "direction", "z", "value", "baseline", "events", "top evidence"):
        table.add_column(col, overflow="fold")
    for r in frame.to_dict("records"):
        table.add_row(
            str(r["week"]),
            f"{r['a']}-{r['b']}",
            r["direction"],
            _num(r["z"], 1),
            _num(r["value"]),
            _num(r["baseline"]),
            str(r["events"]),
            _top(r["evidence"]),
        )
    _console().print(table)


@app.command("plot")
def plot_cmd(
    a: Annotated[str | None, typer.Argument(help="First actor key (dyad timeline).")] = None,
    b: Annotated[str | None, typer.Argument(help="Second actor key.")] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Figure file: .html (or .png with kaleido).")
    ] = Path("comity-plot.html"),
    network_plot: Annotated[bool, typer.Option("--network", help="Draw the signed network instead.")] = False,
    by: Annotated[str, typer.Option("--by", help="day, week or month.")] = "week",
    db: DbOpt = Path("comity.duckdb"),
    since: SinceOpt = None,
    until: UntilOpt = None,
) -> None:
    """Draw a dyad timeline (quad classes stacked, score line, top events) or the network."""
    from comity.relations import network
    from comity.relations.plots import dyad_figure, network_figure, write_figure

    _dates(since, until)
    if not network_plot and not (a and b):
        _console(stderr=True).print("give two actors (comity plot RUS PRK -o f.html) or --network")
        raise typer.Exit(2)
    try:
        with _open(db) as store:
            if network_plot:
                figure = network_figure(network(store, since, until))
            else:
                figure = dyad_figure(store, a or "", b or "", by=by, since=since, until=until)
        path = write_figure(figure, output)
    except ComityError as exc:
        _fail(exc)
    _console().print(f"wrote {path}")

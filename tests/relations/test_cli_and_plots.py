"""The relations commands and figures, on a small stored event set."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from comity.cli import app
from comity.relations import network
from comity.relations.plots import dyad_figure, network_figure, write_figure
from comity.store import Store


@pytest.fixture
def db(tmp_path, add, event):
    path = tmp_path / "r.duckdb"
    with Store(path) as store:
        add(
            store,
            [
                event("d1", "AGREE", "CHN", "RUS", "2025-05-09"),
                event("d1", "AGREE", "RUS", "PRK", "2025-05-09"),
                event("d1", "DISAPPROVE", "CHN", "PRK", "2025-05-09"),
                event("d1", "THREATEN", "RUS", "USA", "2025-05-02"),
            ],
        )
        add(store, [event("d2", "CONSULT", "CHN", "RUS", "2025-05-01")])
        store.con.execute("UPDATE events SET text = 'Xi <b>met</b> Putin' WHERE doc_id = 'd2'")
    return path


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (
            ["relations", "--json"],
            lambda rows: {(r["a"], r["b"]) for r in rows} >= {("CHN", "RUS"), ("PRK", "RUS")},
        ),
        (["relations", "CHN", "RUS", "--json"], lambda rows: rows[0]["label"] in ("cooperative", "allied")),
        (["dyad", "CHN", "RUS", "--by", "week", "--json"], lambda rows: sum(r["events"] for r in rows) == 2),
        (["network", "--json"], lambda rows: {r["kind"] for r in rows} == {"node", "edge"}),
        (
            ["triads", "--json"],
            lambda rows: [(r["a"], r["b"], r["c"]) for r in rows] == [("CHN", "PRK", "RUS")],
        ),
        (["alerts", "--since", "2025-01-01", "--json"], lambda rows: rows == []),
    ],
)
def test_json_commands(db, args, check):
    result = run(*args, "--db", db)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert check(rows)


@pytest.mark.parametrize("command", ["relations", "network", "triads", "alerts"])
def test_tables(db, command):
    result = run(command, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()


def test_plot_html_embeds_plotly_and_escapes_text(db, tmp_path):
    out = tmp_path / "d.html"
    result = run("plot", "CHN", "RUS", "-o", out, "--db", db)
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert "<script src=" not in page and "Plotly" in page  # plotly.js inline, no CDN
    assert "<b>met</b>" not in page  # document markup never reaches the page unescaped
    result = run("plot", "--network", "-o", tmp_path / "n.html", "--db", db)
    assert result.exit_code == 0 and (tmp_path / "n.html").exists()


def test_plot_errors(db, tmp_path):
    result = run("plot", "CHN", "RUS", "-o", tmp_path / "d.gif", "--db", db)
    assert result.exit_code == 1 and "E701" in result.output
    assert run("plot", "--db", db).exit_code == 2


def test_figures(db, tmp_path):
    with Store(db) as store:
        fig = dyad_figure(store, "CHN", "RUS", by="day")
        assert {t.name for t in fig.data} >= {"verbal cooperation", "relation score"}
        assert fig.layout.annotations
        net_fig = network_figure(network(store))
        assert any(t.mode == "markers+text" for t in net_fig.data)
    for name, figure in (("dyad.png", fig), ("network.png", net_fig)):
        written = write_figure(figure, tmp_path / name)
        assert written.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and written.stat().st_size > 10_000

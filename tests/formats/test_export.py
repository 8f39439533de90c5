"""comity.formats: the registry, selections, CAMEO helpers and the CLI commands."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from comity.cli import app
from comity.errors import ComityError
from comity.formats import EXPORTERS, IMPORTERS, Selection, export_events
from comity.formats.common import cameo_code, cameo_quad, numeric_id, plover_reading
from comity.store import Store

from .conftest import GDELT_SAMPLE, ICEWS_SAMPLE, sample_documents, sample_events

runner = CliRunner()


def test_registry():
    assert list(EXPORTERS) == ["plover-json", "jsonl", "csv", "parquet", "gdelt", "icews", "graphml", "gexf"]
    assert set(IMPORTERS) == {"gdelt", "icews"}


def test_unknown_format(store, tmp_path):
    with pytest.raises(ComityError, match="E120 --format: unknown export format 'xml'"):
        export_events(store, "xml", tmp_path / "x")


@pytest.mark.parametrize(
    ("selection", "ids"),
    [
        (Selection(), [1, 2, 3, 4, 5, 6, 7, 8]),
        (Selection(since="2024-03-06"), [2, 3, 4, 6, 7]),
        (Selection(until="2024-03-05"), [1, 5, 8]),
        (Selection(since="2024-01-01", until="2024-06-30"), [1, 3, 6, 7, 8]),
        (Selection(since="2024-06-02", until="2024-12-31"), [4]),  # 2024-06 starts on the 1st
        (Selection(actor="USA"), [3, 6]),
        (Selection(actor="rus"), [1, 6, 8]),
        (Selection(actor="IGO", since="2024-01-01"), [4]),
    ],
)
def test_selection(store, tmp_path, selection, ids):
    path = tmp_path / "x.jsonl"
    export_events(store, "jsonl", path, selection=selection)
    got = [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert got == [f"e{n:020d}" for n in sorted(ids)]


@pytest.mark.parametrize(
    ("raw", "code", "plover"),
    [
        ("042", "042", ("CONSULT", "visit")),
        ("42", "042", ("CONSULT", "visit")),  # a spreadsheet dropped the leading zero
        ("190", "190", ("FIGHT", "")),
        ("19", "19", ("FIGHT", "")),
        ("0256", "0256", ("DEMAND", "yield")),  # appeal -> the mode of its CAMEO 10 twin (1056)
        ("256", "0256", ("DEMAND", "yield")),
        ("026", "026", ("DEMAND", "meet")),
        ("013", "013", None),  # CAMEO 01: dropped by PLOVER
        ("999", None, None),
        ("abc", None, None),
    ],
)
def test_cameo_codes(raw, code, plover):
    assert cameo_code(raw) == code
    if code:
        reading = plover_reading(code)
        assert (reading.type, reading.mode) == plover if reading else plover is None


@pytest.mark.parametrize(
    ("code", "quad"),
    [("010", 1), ("0233", 1), ("057", 1), ("061", 2), ("0874", 2), ("112", 3), ("138", 3), ("145", 4),
     ("195", 4), ("", 0)],
)  # fmt: skip
def test_cameo_quad(code, quad):
    assert cameo_quad(code) == quad


def test_numeric_ids_are_stable_and_keep_imported_numbers():
    assert numeric_id("gdelt:1160000001", "gdelt") == 1160000001
    assert numeric_id("icews:41000001", "gdelt") == numeric_id("icews:41000001", "gdelt") < 2**60
    assert numeric_id("e1", "gdelt") != numeric_id("e2", "gdelt")


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "store.duckdb"
    events = sample_events()
    with Store(path) as store:
        store.add_batch(sample_documents(events), events)
    return str(path)


def test_cli_export(db, tmp_path):
    out = tmp_path / "events.export.CSV"
    result = runner.invoke(app, ["export", "--db", db, "--format", "gdelt", "-o", str(out), "--actor", "RUS",
                                 "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"format": "gdelt", "path": str(out), "events": 3, "written": 3,
                                         "unit": "rows"}  # fmt: skip
    graph = str(tmp_path / "g.graphml")
    table = runner.invoke(app, ["export", "--db", db, "--format", "graphml", "-o", graph])
    assert table.exit_code == 0 and "edges" in table.stdout and "graphml" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "E120"),
        (["--format", "csv", "--since", "March"], "E113"),
    ],
)
def test_cli_export_errors(db, tmp_path, args, message):
    result = runner.invoke(app, ["export", "--db", db, "-o", str(tmp_path / "x"), *args])
    assert result.exit_code == 1 and message in result.output


def test_cli_import_gdelt_and_icews(tmp_path):
    db = str(tmp_path / "store.duckdb")
    first = runner.invoke(app, ["import-gdelt", str(GDELT_SAMPLE), "--db", db, "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["imported"] == 6
    again = runner.invoke(app, ["import-gdelt", str(GDELT_SAMPLE), "--db", db])
    assert again.exit_code == 0 and "skipped 1: CAMEO 01: no PLOVER type" in again.stdout
    icews = runner.invoke(app, ["import-icews", str(ICEWS_SAMPLE), "--db", db, "--json"])
    assert json.loads(icews.stdout)["imported"] == 4
    with Store(db, read_only=True) as store:
        assert store.counts()["events"] == 10
        sources = store.sql("SELECT source, count(*) AS n FROM documents GROUP BY source ORDER BY source")
        assert sources.to_dict("records") == [{"source": "gdelt", "n": 6}, {"source": "icews", "n": 4}]


def test_cli_import_with_a_bad_row_exits_1(tmp_path):
    bad = tmp_path / "bad.CSV"
    lines = GDELT_SAMPLE.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([lines[0], "1\t2\t3", lines[1]]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["import-gdelt", str(bad), "--db", str(tmp_path / "s.duckdb"), "--json"])
    assert result.exit_code == 1
    assert f"E121 {bad}:2: malformed event row (3 columns, expected 61)" in result.stderr
    report = json.loads(result.stdout)
    assert (report["imported"], report["failed"]) == (2, 1)

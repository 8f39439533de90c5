"""`comity watch DIR --once`: each round stores what is new since the last one."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from comity.cli import app
from comity.cli_scale import parse_every
from comity.runner import watch, watch_round, watch_state_file
from comity.store import Store

from .conftest import write_corpus


def _watch_once(runner, folder, db):
    done = runner.invoke(app, ["watch", str(folder), "--once", "--db", str(db), "--json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_files_added_between_rounds_are_coded_once(tmp_path):
    folder, db = tmp_path / "inbox", tmp_path / "store.duckdb"
    folder.mkdir()
    runner = CliRunner()
    write_corpus(folder / "monday.jsonl", 3, prefix="mon")
    first = _watch_once(runner, folder, db)
    assert (first["new_documents"], first["failed"]) == (3, 0) and first["events"] > 0

    write_corpus(folder / "tuesday.jsonl", 4, prefix="tue")
    second = _watch_once(runner, folder, db)
    assert (second["read"], second["new_documents"]) == (4, 4)  # monday.jsonl was not re-read

    third = _watch_once(runner, folder, db)
    assert (third["read"], third["new_documents"]) == (0, 0)

    # a file that grows is re-read; its stored documents are skipped by id
    with (folder / "monday.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"id": "mon-late", "text": "Germany hosted talks with Poland in Berlin."}) + "\n")
    fourth = _watch_once(runner, folder, db)
    assert (fourth["read"], fourth["new_documents"], fourth["skipped_documents"]) == (4, 1, 3)
    with Store(db) as store:
        assert store.counts()["documents"] == 8


def test_a_lost_state_file_only_costs_a_reread(tmp_path):
    folder, db = tmp_path / "inbox", tmp_path / "store.duckdb"
    folder.mkdir()
    write_corpus(folder / "a.jsonl", 2, prefix="a")
    assert watch_round(str(folder), db=db, code=False).new_documents == 2
    watch_state_file(db).unlink()  # e.g. killed before the state was saved
    again = watch_round(str(folder), db=db, code=False)
    assert (again.read, again.new_documents, again.skipped_documents) == (2, 0, 2)


def test_watch_loop_sleeps_between_rounds(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_corpus(folder / "a.jsonl", 2, prefix="a")
    naps, reports = [], []
    watch(
        str(folder), every=300, rounds=3, on_round=reports.append, sleep=naps.append,
        db=tmp_path / "s.duckdb", code=False,
    )  # fmt: skip
    assert [r.new_documents for r in reports] == [2, 0, 0]
    assert len(naps) == 2 and all(0 < n <= 300 for n in naps)


@pytest.mark.parametrize(
    ("text", "seconds"), [("30", 30), ("30s", 30), ("5m", 300), ("1.5h", 5400), ("1d", 86400)]
)
def test_parse_every(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "-5m", "5 minutes", "m"])
def test_parse_every_refuses(text):
    with pytest.raises(typer.BadParameter):
        parse_every(text)

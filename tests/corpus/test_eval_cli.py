"""`comity eval CORPUS.jsonl`: the corpus format scored per split, as a table and as JSON lines."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from comity.cli import app
from comity.corpus.split import corpus_dir
from comity.corpus.standoff import read_jsonl


def _small_corpus(tmp_path, n=12):
    splits = json.loads((corpus_dir() / "splits.json").read_text())["pages"]
    rows = [r for _, r in read_jsonl(corpus_dir() / "annotations.jsonl") if r.get("kind") != "furniture"]
    dev = [r for r in rows if splits[r["page"]] == "dev"]
    path = tmp_path / "annotations.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in dev[:n]), encoding="utf-8")
    (tmp_path / "splits.json").write_text((corpus_dir() / "splits.json").read_text(), encoding="utf-8")
    return path, dev[:n]


def test_eval_scores_a_corpus_split_as_json(shared, tmp_path):
    shared("data", "news_pages", "pages.jsonl")
    path, rows = _small_corpus(tmp_path)
    result = CliRunner().invoke(app, ["eval", str(path), "--split", "dev", "--json"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    got = json.loads(line)
    assert got["split"] == "dev" and got["sentences"] == len(rows)
    assert got["event_sentences"] == sum(1 for r in rows if r["event"])
    assert 0 <= got["acc_top"] <= 1 and 0 <= got["no_event_fp"] <= 1
    assert sum(b["n"] for b in got["reliability"]) <= len(rows)


def test_eval_table_and_a_broken_offset(shared, tmp_path):
    shared("data", "news_pages", "pages.jsonl")
    path, rows = _small_corpus(tmp_path, n=4)
    table = CliRunner().invoke(app, ["eval", str(path), "--split", "dev"])
    assert table.exit_code == 0 and "acc_top" in table.stdout and "reliability" in table.stdout
    broken = {**rows[0], "span": [rows[0]["span"][0], rows[0]["span"][0] + 10**7]}
    path.write_text(json.dumps(broken) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(path), "--split", "dev"])
    assert result.exit_code == 1
    assert f"{path}:1: {rows[0]['id']}: sentence offsets" in result.output

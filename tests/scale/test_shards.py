"""`comity code --out DIR` (no cluster) and `comity load DIR`: shards hold the event record and
the documents; partitions are resumable and loading is idempotent."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from comity.cli import app
from comity.distributed import (
    DOCUMENT_SCHEMA,
    EVENT_SCHEMA,
    code_file,
    code_to_shards,
    expand_inputs,
    iter_shard_events,
    partition_name,
)
from comity.errors import ComityError
from comity.runner import code_inputs, load_shards
from comity.store import Store


def test_shards_hold_the_local_events_and_documents(corpus_dir, tmp_path):
    out = tmp_path / "shards"
    summary = code_to_shards([str(corpus_dir / "*.jsonl")], out)
    assert (summary.partitions, summary.documents, summary.skipped_partitions) == (3, 18, 0)
    local = {e.id: e.to_dict() for _d, evs in code_inputs([str(corpus_dir)]) for e in evs}
    shards = {e.id: e.to_dict() for e in iter_shard_events(out)}
    assert shards == local and summary.events == len(local)
    for path in out.glob("*.events.parquet"):
        assert pq.read_schema(path).equals(EVENT_SCHEMA)
    for path in out.glob("*.documents.parquet"):
        assert pq.read_schema(path).equals(DOCUMENT_SCHEMA)
    manifest = json.loads((out / f"{partition_name(str(corpus_dir / 'part0.jsonl'))}.json").read_text())
    assert (manifest["documents"], manifest["errors"]) == (6, [])

    again = code_to_shards([str(corpus_dir)], out)  # a directory names the same files
    assert again.skipped_partitions == 3 and again.events == summary.events


def test_load_is_idempotent_and_ignores_unfinished_partitions(corpus_dir, tmp_path):
    out = tmp_path / "shards"
    code_file(str(corpus_dir / "part0.jsonl"), str(out))
    code_file(str(corpus_dir / "part1.jsonl"), str(out))
    # a partition killed before its manifest was written: shards without a manifest are not loaded
    (out / "part-0000000000000000-00000.events.parquet.tmp").write_bytes(b"half")
    db = tmp_path / "store.duckdb"
    first = load_shards(out, db=db)
    assert (first.new_documents, first.failed) == (12, 0)
    assert first.events == sum(1 for _ in iter_shard_events(out))
    second = load_shards(out, db=db)
    assert (second.new_documents, second.skipped_documents, second.events) == (0, 12, 0)
    code_file(str(corpus_dir / "part2.jsonl"), str(out))
    third = load_shards(out, db=db)
    assert (third.new_documents, third.skipped_documents) == (6, 12)
    with Store(db) as store:
        assert store.counts()["documents"] == 18
        document = store.document("p2-0003")
        assert document is not None and document.text.startswith("Item p2 3.")
        assert all(e.doc_id in {d.id for d in store.documents()} for e in store.events())


def test_a_bad_record_is_reported_and_the_rest_coded(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "a", "text": "France sent aid to Lebanon."}\n{not json}\n', encoding="utf-8")
    result = code_file(str(path), str(tmp_path / "out"))
    assert result.documents == 1
    assert len(result.errors) == 1 and result.errors[0].startswith("E104")


def test_expand_inputs(corpus_dir):
    files = expand_inputs([str(corpus_dir / "part*.jsonl"), str(corpus_dir / "part0.jsonl")])
    assert [f.rsplit("/", 1)[1] for f in files] == ["part0.jsonl", "part1.jsonl", "part2.jsonl"]
    with pytest.raises(ComityError, match="E111"):
        expand_inputs([str(corpus_dir / "*.csv")])


def test_cli_code_out_and_load(corpus_dir, tmp_path):
    runner = CliRunner()
    out, db = tmp_path / "shards", tmp_path / "store.duckdb"
    done = runner.invoke(app, ["code", str(corpus_dir / "*.jsonl"), "--out", str(out)])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["documents"] == 18
    loaded = runner.invoke(app, ["load", str(out), "--db", str(db), "--json"])
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout.strip().splitlines()[-1])["events"] == summary["events"]
    refused = runner.invoke(app, ["code", str(corpus_dir), "--dask", "tcp://127.0.0.1:1"])
    assert refused.exit_code == 2  # --dask needs --out

"""`comity code GLOB --dask ADDRESS --out DIR` on a real Dask LocalCluster (2 worker processes)
writes exactly the events a local run codes from the same input, and `comity load` stores them
like `comity ingest` does."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from comity.distributed import EVENT_SCHEMA, iter_shard_events
from comity.runner import code_inputs, ingest, load_shards
from comity.store import Store

from .conftest import write_corpus


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    ) as local:
        yield local.scheduler_address


def _by_id(events):
    return {e["id"]: e for e in events}


@pytest.mark.slow
def test_dask_run_yields_exactly_the_local_events(cluster, tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for k in range(4):
        write_corpus(root / f"day{k}.jsonl", 8, prefix=f"day{k}")
    pattern = str(root / "*.jsonl")
    out = tmp_path / "shards"

    done = subprocess.run(
        [sys.executable, "-m", "comity", "code", pattern, "--dask", cluster, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert (summary["partitions"], summary["documents"], summary["failed"]) == (4, 32, 0)

    local = [e.to_dict() for _d, evs in code_inputs(sorted(str(p) for p in root.iterdir())) for e in evs]
    remote = [e.to_dict() for e in iter_shard_events(out)]
    assert len(remote) == len(local) == summary["events"] > 32
    assert _by_id(remote) == _by_id(local)  # same ids, every field equal
    for shard in out.glob("*.events.parquet"):
        assert pq.read_schema(shard).equals(EVENT_SCHEMA)

    # merged into a store: the documents and events of a local ingest; loading again adds nothing
    loaded = load_shards(out, db=tmp_path / "loaded.duckdb")
    assert (loaded.new_documents, loaded.events) == (32, len(local))
    again = load_shards(out, db=tmp_path / "loaded.duckdb")
    assert (again.new_documents, again.skipped_documents, again.events) == (0, 32, 0)
    ingest([pattern.replace("*.jsonl", "")], db=tmp_path / "ingested.duckdb")
    with Store(tmp_path / "loaded.duckdb") as a, Store(tmp_path / "ingested.duckdb") as b:
        assert [d.to_dict() for d in a.documents()] == [d.to_dict() for d in b.documents()]
        assert _by_id(e.to_dict() for e in a.events()) == _by_id(e.to_dict() for e in b.events())

    # a rerun finds every partition done and codes nothing
    rerun = subprocess.run(
        [sys.executable, "-m", "comity", "code", pattern, "--dask", cluster, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout.strip().splitlines()[-1])["skipped_partitions"] == 4

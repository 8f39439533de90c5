"""`comity ingest --workers 2` interrupted by SIGINT or killed with SIGKILL: whole batches are
committed, the coding workers go away with their parent, and a rerun completes the store
without losing or duplicating anything."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from comity.store import Store

from .conftest import write_corpus

N_DOCS = 240
BATCH = 8


def _children(pid: int) -> set[int]:
    """Live processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _ingest(args, env):
    return subprocess.Popen(
        [sys.executable, "-m", "comity", "ingest", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the worker processes")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_parallel_ingest_resumes(tmp_path, sig):
    corpus = tmp_path / "corpus.jsonl"
    ids = write_corpus(corpus, N_DOCS)
    config = tmp_path / "comity.yaml"
    config.write_text(f"store:\n  batch_size: {BATCH}\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    env = {**os.environ, "COMITY_CONFIG": str(config)}
    args = [str(corpus), "--db", str(db), "--json", "--workers", "2"]

    proc = _ingest(args, env)
    workers: set[int] = set()
    wal = tmp_path / "store.duckdb.wal"
    deadline = time.monotonic() + 120
    baseline = None
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        workers |= _children(proc.pid)
        if not wal.exists():
            continue
        size = wal.stat().st_size
        baseline = size if baseline is None else baseline
        if size > baseline + 16384:  # a few batches of documents and events went in
            break
    assert proc.poll() is None, "the run finished before it could be interrupted"
    workers |= _children(proc.pid)
    assert len(workers) >= 2, f"expected 2 coding workers, saw {workers}"
    proc.send_signal(sig)
    proc.wait(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode != 0  # interrupted, not finished
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers), "coding workers outlived their parent"

    with Store(db) as store:
        after = store.counts()
        stored = [d.id for d in store.documents()]
    assert after["documents"] % BATCH == 0  # batches are atomic
    assert len(set(stored)) == len(stored) == after["documents"]
    assert 0 < after["documents"] < N_DOCS
    assert stored == ids[: len(stored)]  # committed in input order: a prefix of the corpus

    rerun = _ingest(args, env)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    report = json.loads(out.decode().strip().splitlines()[-1])
    assert report["new_documents"] == N_DOCS - after["documents"]
    assert report["skipped_documents"] == after["documents"]
    with Store(db) as store:
        assert store.counts()["documents"] == N_DOCS
        assert [d.id for d in store.documents()] == ids
        rows = store.sql("SELECT count(*) AS n, count(DISTINCT id) AS d FROM events").to_dict("records")[0]
        assert rows["n"] == rows["d"] >= N_DOCS

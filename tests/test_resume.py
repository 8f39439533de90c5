"""A real `comity ingest` killed mid-run loses nothing committed, and a rerun completes it
without duplicates."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest

from comity.store import Store

N_DOCS = 200
BATCH = 5


def _corpus(path):
    with path.open("w", encoding="utf-8") as f:
        for i in range(N_DOCS):
            text = (
                f"Report {i}. Russia and China signed a trade agreement in Beijing on Tuesday. "
                f"Israeli warplanes struck targets near Damascus, the Syrian army said (item {i})."
            )
            f.write(json.dumps({"id": f"doc-{i:03d}", "text": text, "date": "2025-03-07"}) + "\n")


def _ingest(args, env):
    return subprocess.Popen(
        [sys.executable, "-m", "comity", "ingest", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus)
    config = tmp_path / "comity.yaml"
    config.write_text(f"store:\n  batch_size: {BATCH}\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    env = {**__import__("os").environ, "COMITY_CONFIG": str(config)}

    proc = _ingest([str(corpus), "--db", str(db), "--json"], env)
    # wait until at least one batch is committed, then kill the writer hard
    wal = tmp_path / "store.duckdb.wal"
    deadline = time.monotonic() + 120
    baseline = None
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if not wal.exists():
            continue
        size = wal.stat().st_size
        baseline = size if baseline is None else baseline
        if size > baseline + 8192:  # batches of documents and events went in
            time.sleep(0.5)
            break
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    with Store(db) as store:
        after_kill = store.counts()
        ids = {d.id for d in store.documents()}
    print(f"documents committed when killed: {after_kill['documents']} of {N_DOCS}")
    # batches are atomic: whatever was committed is whole batches
    assert after_kill["documents"] % BATCH == 0 or after_kill["documents"] == N_DOCS
    assert len(ids) == after_kill["documents"]
    assert after_kill["documents"] < N_DOCS, "the run finished before it could be killed"

    rerun = _ingest([str(corpus), "--db", str(db), "--json"], env)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    report = json.loads(out.decode().strip().splitlines()[-1])
    assert report["new_documents"] == N_DOCS - after_kill["documents"]
    with Store(db) as store:
        final = store.counts()
        assert final["documents"] == N_DOCS
        assert {d.id for d in store.documents()} == {f"doc-{i:03d}" for i in range(N_DOCS)}
        rows = store.sql("SELECT count(*) AS n, count(DISTINCT id) AS d FROM events").to_dict("records")[0]
        assert rows["n"] == rows["d"] and rows["n"] >= N_DOCS  # every document's events once

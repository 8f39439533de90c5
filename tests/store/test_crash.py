"""Crash safety and locking, with real child processes: a writer killed with SIGKILL loses
nothing it committed and leaves no partial batch; a second process gets a clear E301."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter

import pytest

from comity.errors import ComityError, E
from comity.store import Store

BATCHES, DOCS, EVENTS = 40, 50, 4

# Adds BATCHES batches of DOCS documents (EVENTS events each), printing each committed batch.
WRITER = f"""
import sys, time
from comity.model import ActorRef, Document, Event
from comity.store import Store

with Store(sys.argv[1]) as store:
    for b in range({BATCHES}):
        docs = [Document(id=f"b{{b:03d}}-{{i:03d}}", text="x " * 200) for i in range({DOCS})]
        events = [
            Event(id=f"{{d.id}}-{{k}}", doc_id=d.id, date="2024-01-02", event="AID",
                  source=[ActorRef("Japan", "JPN")], target=[], text="x", eventText="x",
                  span=(0, 1))
            for d in docs for k in range({EVENTS})
        ]
        result = store.add_batch(docs, events)
        print(b, result.new_documents, flush=True)
        time.sleep(float(sys.argv[2]))
"""


def _writer(path, pause: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(pause)],
        stdout=subprocess.PIPE,
        text=True,
    )


def _batch_sizes(store: Store) -> Counter[str]:
    frame = store.sql("SELECT id FROM documents")
    return Counter(doc_id.split("-")[0] for doc_id in frame["id"])


def test_killed_writer_leaves_whole_batches_and_rerun_completes(tmp_path):
    path = tmp_path / "crash.duckdb"
    child = _writer(path, 0.01)
    assert child.stdout is not None
    try:
        for _ in range(3):
            line = child.stdout.readline()
            assert line, "writer died before committing 3 batches"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL

    with Store(path) as store:
        sizes = _batch_sizes(store)
        assert len(sizes) >= 3  # the batches reported committed are there
        assert set(sizes.values()) == {DOCS}  # every batch whole, none partial
        assert store.counts()["events"] == len(sizes) * DOCS * EVENTS

    rerun = subprocess.run(
        [sys.executable, "-c", WRITER, str(path), "0"], capture_output=True, text=True, check=True
    )
    added = [int(line.split()[1]) for line in rerun.stdout.splitlines()]
    assert added.count(0) == len(sizes)  # the committed batches were skipped
    with Store(path, read_only=True) as store:
        assert store.counts() == {
            "documents": BATCHES * DOCS,
            "duplicates": 0,
            "events": BATCHES * DOCS * EVENTS,
        }
        assert set(_batch_sizes(store).values()) == {DOCS}
        distinct = store.sql("SELECT count(DISTINCT id) AS n FROM events")["n"][0]
        assert distinct == BATCHES * DOCS * EVENTS


@pytest.mark.parametrize("read_only", [False, True])
def test_locked_store_gives_a_clear_error(tmp_path, read_only):
    path = tmp_path / "locked.duckdb"
    child = _writer(path, 30)  # commits one batch, then holds the file open
    assert child.stdout is not None
    try:
        assert child.stdout.readline(), "writer did not start"
        with pytest.raises(ComityError) as info:
            Store(path, read_only=read_only)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert info.value.code is E.E301
    assert str(path) in str(info.value)
    assert f"locked by another process (PID {child.pid})" in str(info.value)
    with Store(path, read_only=read_only) as store:  # free again once the writer is gone
        assert store.counts()["documents"] == DOCS

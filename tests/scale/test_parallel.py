"""Parallel coding: bounded read-ahead, results in input order, the same events as one process."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from comity.runner import CodingPool, InlineExecutor, code_inputs, ingest, ordered_map
from comity.store import Store


@pytest.mark.parametrize(("workers", "window"), [(1, 1), (2, 3), (4, 9)])
def test_ordered_map_keeps_order_and_reads_at_most_window_ahead(workers, window):
    taken = 0
    lock = threading.Lock()

    def items():
        nonlocal taken
        for i in range(200):
            with lock:
                taken += 1
            yield i

    consumed = 0
    with ThreadPoolExecutor(workers) as executor:
        for item, result in ordered_map(lambda x: x * x, items(), executor=executor, window=window):
            assert result == item * item
            assert item == consumed  # input order
            consumed += 1
            assert taken <= consumed + window  # never more than `window` in flight
    assert consumed == 200


def test_inline_executor_runs_at_submit_and_keeps_exceptions():
    executor = InlineExecutor()
    assert executor.submit(pow, 2, 5).result() == 32
    with pytest.raises(ZeroDivisionError):
        executor.submit(lambda: 1 / 0).result()


def test_coding_pool_window():
    assert CodingPool(1).window == 1
    assert CodingPool(2).window == 5


def _stored(db):
    with Store(db) as store:
        return [d.to_dict() for d in store.documents()], [e.to_dict() for e in store.events()]


def test_two_workers_code_and_store_exactly_what_one_does(corpus_dir, tmp_path):
    files = sorted(str(p) for p in corpus_dir.iterdir())
    one = [(d.id, [e.to_dict() for e in evs]) for d, evs in code_inputs(files)]
    two = [(d.id, [e.to_dict() for e in evs]) for d, evs in code_inputs(files, workers=2)]
    assert two == one  # same documents, same order, same events
    assert sum(len(evs) for _, evs in one) >= len(one)

    r1 = ingest(files, db=tmp_path / "one.duckdb")
    r2 = ingest(files, db=tmp_path / "two.duckdb", workers=2)
    assert r1.to_dict() == r2.to_dict()
    assert r2.new_documents == 18
    assert _stored(tmp_path / "one.duckdb") == _stored(tmp_path / "two.duckdb")
    again = ingest(files, db=tmp_path / "two.duckdb", workers=2)
    assert (again.new_documents, again.skipped_documents, again.events) == (0, 18, 0)

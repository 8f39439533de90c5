"""comity.store.store: batches, idempotency, reading back, errors."""

from __future__ import annotations

import pandas as pd
import pytest

from comity.errors import ComityError, E
from comity.model import Document
from comity.store import BatchResult, Store
from comity.store import store as store_module


def test_add_batch_counts_and_reads_back(store, make_document, make_events):
    docs = [make_document("a"), make_document("b")]
    events = make_events(docs[0], 3) + make_events(docs[1], 1)
    result = store.add_batch(docs, events, signatures={"d-a": b"\x01\x02", "d-b": b"\x03"})
    assert result == BatchResult(new_documents=2, skipped_documents=0, new_events=4)
    assert store.counts() == {"documents": 2, "duplicates": 0, "events": 4}
    assert store.document("d-a") == docs[0]
    assert store.document("nope") is None
    assert store.events() == events
    assert store.events(doc_id="d-b") == events[3:]


def test_re_adding_the_same_input_adds_nothing(store, make_document, make_events):
    docs = [make_document("a"), make_document("b")]
    events = make_events(docs[0]) + make_events(docs[1])
    store.add_batch(docs, events)
    again = store.add_batch(docs, events)
    assert again == BatchResult(new_documents=0, skipped_documents=2, new_events=0)
    assert store.counts() == {"documents": 2, "duplicates": 0, "events": 4}


def test_skipped_documents_events_are_not_added(store, make_document, make_events):
    old, new = make_document("old"), make_document("new")
    store.add_batch([old], make_events(old, 1))
    # the stored document comes back with different events: they are not added
    result = store.add_batch([old, new], make_events(old, 3) + make_events(new, 2))
    assert result == BatchResult(new_documents=1, skipped_documents=1, new_events=2)
    assert len(store.events(doc_id="d-old")) == 1
    assert len(store.events(doc_id="d-new")) == 2


def test_same_id_twice_in_one_batch_is_stored_once(store, make_document):
    document = make_document("a")
    result = store.add_batch([document, document])
    assert result == BatchResult(new_documents=1, skipped_documents=1, new_events=0)


def test_document_fields_round_trip(store):
    document = Document(
        id="d1",
        text="Text with a span.\n\nSecond paragraph, ünïcode, \x00 and 中文.",
        title="A title",
        url="https://example.org/a",
        source="Example News",
        published="2024-03",
        origin="corpus.jsonl:12",
        flags={
            "dropped_teasers": 2,
            "split_headings": 1,
            "ratio": 0.25,
            "nested": {"a": [1, None]},
        },
        citations=["[3]", "[12]"],
        duplicate_of="d0",
    )
    store.add_batch([document])
    assert store.document("d1") == document


def test_documents_order_paging_and_duplicates(store, make_document):
    docs = [make_document(name) for name in "cab"]  # ingest order, not id order
    docs[2].duplicate_of = "d-c"
    store.add_batch(docs[:2])
    store.add_batch(docs[2:])
    assert [d.id for d in store.documents()] == ["d-c", "d-a", "d-b"]
    assert [d.id for d in store.documents(limit=1, offset=1)] == ["d-a"]
    assert [d.id for d in store.documents(duplicates=False)] == ["d-c", "d-a"]
    assert store.counts()["duplicates"] == 1


def test_iter_signatures_in_ingest_order(store, make_document):
    names = ["z", "y", "x", "w", "v"]
    for name in names:
        document = make_document(name)
        signatures = {} if name == "x" else {document.id: name.encode() * 4}
        store.add_batch([document], signatures=signatures)
    expected = [(f"d-{n}", n.encode() * 4) for n in names if n != "x"]
    assert list(store.iter_signatures()) == expected
    assert list(store.iter_signatures(batch=2)) == expected  # several pages


def test_iter_events_pages_in_insertion_order(store, make_document, make_events):
    docs = [make_document(str(n)) for n in range(5)]
    events = [event for document in docs for event in make_events(document, 3)]
    store.add_batch(docs, events)
    assert list(store.iter_events(batch=4)) == events
    assert store.events(limit=5, offset=10) == events[10:15]


def test_replace_events(store, make_document, make_events):
    a, b = make_document("a"), make_document("b")
    store.add_batch([a, b], make_events(a, 3) + make_events(b, 2))
    recoded = make_events(a, 2)  # same ids as two of the old events: delete + insert
    recoded[0].event, recoded[0].confidence = "CONSULT", 0.9
    assert store.replace_events("d-a", recoded) == 2
    assert store.events(doc_id="d-a") == recoded
    assert len(store.events(doc_id="d-b")) == 2
    assert store.replace_events("d-a", []) == 0
    assert store.counts()["events"] == 2


def test_replace_events_needs_the_document(store, make_document, make_events):
    ghost = make_document("ghost")
    with pytest.raises(ComityError, match="no document d-ghost"):
        store.replace_events("d-ghost", make_events(ghost))
    a = make_document("a")
    store.add_batch([a])
    with pytest.raises(ComityError, match="belongs to document d-ghost"):
        store.replace_events("d-a", make_events(ghost))


def test_known_ids_in_chunks(store, make_document, monkeypatch):
    monkeypatch.setattr(store_module, "ID_CHUNK", 3)
    store.add_batch([make_document(str(n)) for n in range(10)])
    asked = [f"d-{n}" for n in range(0, 20, 2)] + ["d-0", "d-other"]
    assert store.known_ids(asked) == {"d-0", "d-2", "d-4", "d-6", "d-8"}
    assert store.known_ids([]) == set()


@pytest.mark.parametrize(
    ("date", "start"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03", "2024-03-01"),
        ("2024", "2024-01-01"),
        ("", None),
        ("2024-02-30", None),
        ("March 2024", None),
        ("2024-3-5", None),
    ],
)
def test_date_start(store, make_document, make_events, date, start):
    document = make_document("a")
    (event,) = make_events(document, 1)
    event.date = date
    store.add_batch([document], [event])
    frame = store.sql("SELECT CAST(date_start AS VARCHAR) AS start FROM events")
    value = frame["start"][0]
    assert (None if pd.isna(value) else value) == start
    assert store.events()[0].date == date


def test_query_columns(store, make_document, make_events):
    document = make_document("a")
    store.add_batch([document], make_events(document, 1))
    frame = store.sql(
        "SELECT source_codes, target_codes, loc_country, lat, trigger_start, "
        "source->>'$[0].code' AS first FROM events WHERE date_start >= ?",
        ["2024-01-01"],
    )
    assert isinstance(frame, pd.DataFrame)
    row = frame.iloc[0]
    assert list(row["source_codes"]) == ["RUS"]
    assert list(row["target_codes"]) == ["CHN"]
    assert (row["loc_country"], row["lat"], row["trigger_start"], row["first"]) == (
        "CHN",
        39.9042,
        21,
        "RUS",
    )


@pytest.mark.parametrize(
    "query",
    [
        "DELETE FROM events",
        "INSERT INTO documents (id) VALUES ('x')",
        "DROP TABLE events",
        "SELECT 1; SELECT 2",
        "SELEC nonsense",
    ],
)
def test_sql_is_read_only(store, query):
    with pytest.raises(ComityError) as info:
        store.sql(query)
    assert info.value.code is E.E301


def test_event_of_a_document_not_in_the_batch_is_refused(store, make_document, make_events):
    a, b = make_document("a"), make_document("b")
    with pytest.raises(ComityError, match="belongs to document d-b, not in the batch"):
        store.add_batch([a], make_events(b))
    with pytest.raises(ComityError, match="signature for document d-b"):
        store.add_batch([a], signatures={"d-b": b"x"})
    assert store.counts()["documents"] == 0


@pytest.mark.parametrize("problem", ["duplicate event id", "NaN flag", "null title"])
def test_bad_batch_rolls_back_entirely(store, make_document, make_events, problem):
    first = make_document("first")
    store.add_batch([first], make_events(first))
    docs = [make_document("a"), make_document("b")]
    events = make_events(docs[0]) + make_events(docs[1])
    if problem == "duplicate event id":
        events[3].id = events[0].id
    elif problem == "NaN flag":
        docs[1].flags = {"ratio": float("nan")}
    else:
        docs[1].title = None  # type: ignore[assignment]
    with pytest.raises(ComityError) as info:
        store.add_batch(docs, events)
    assert info.value.code is E.E301
    assert store.counts() == {"documents": 1, "duplicates": 0, "events": 2}
    assert store.known_ids(["d-a", "d-b"]) == set()


def test_failure_after_documents_were_inserted_rolls_back(store, make_document, make_events, monkeypatch):
    docs = [make_document("a"), make_document("b")]

    def boom(self, events):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_events", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add_batch(docs, make_events(docs[0]))
    monkeypatch.undo()
    assert store.counts()["documents"] == 0
    # the store is still usable
    assert store.add_batch(docs).new_documents == 2


def test_read_only_store(tmp_path, make_document):
    path = tmp_path / "ro.duckdb"
    with Store(path) as store:
        store.add_batch([make_document("a")])
    with Store(path, read_only=True) as store:
        assert store.known_ids(["d-a"]) == {"d-a"}
        with pytest.raises(ComityError, match="read-only"):
            store.add_batch([make_document("b")])


def test_in_memory_stores_are_separate(make_document):
    with Store() as one, Store(":memory:") as two:
        one.add_batch([make_document("a")])
        assert two.counts()["documents"] == 0
        assert repr(one) == "Store(':memory:')"


def test_file_store_persists(tmp_path, make_document, make_events):
    path = tmp_path / "sub.duckdb"
    document = make_document("a")
    events = make_events(document)
    with Store(str(path)) as store:
        store.add_batch([document], events, signatures={"d-a": b"sig"})
    with Store(path) as store:
        assert store.documents() == [document]
        assert store.events() == events
        assert list(store.iter_signatures()) == [("d-a", b"sig")]


def test_closed_store(make_document):
    store = Store()
    store.close()
    store.close()  # twice is fine
    with pytest.raises(ComityError, match="closed"):
        store.add_batch([make_document("a")])


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a database at all" * 50, "not a valid DuckDB database"), (None, "does not exist")],
)
def test_unopenable_file(tmp_path, content, message):
    path = tmp_path / "bad.duckdb"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ComityError, match=message) as info:
        Store(path, read_only=True)
    assert info.value.code is E.E301
    assert str(path) in str(info.value)

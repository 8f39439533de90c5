"""Property tests: every Event and Document field survives a trip through the store."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comity.model import ActorRef, Document, Event, Location, Modality
from comity.store import Store

# any text Python can encode as UTF-8 (lone surrogates cannot be stored anywhere)
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
FLOAT = st.floats(allow_nan=False, allow_infinity=False)
# char offsets: start + length must still fit the store's BIGINT
OFFSET = st.integers(min_value=0, max_value=2**61)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | FLOAT | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)

ACTOR = st.builds(ActorRef, actorText=TEXT, code=TEXT, sector=TEXT, name=TEXT)
LOCATION = st.builds(Location, name=TEXT, country=TEXT, lat=st.none() | FLOAT, lon=st.none() | FLOAT)


@st.composite
def events(draw: st.DrawFn) -> Event:
    start = draw(OFFSET)
    return Event(
        id=draw(TEXT),
        doc_id="d1",
        date=draw(TEXT | st.sampled_from(["2024-03-05", "2024-03", "2024"])),
        event=draw(TEXT),
        source=draw(st.lists(ACTOR, max_size=3)),
        target=draw(st.lists(ACTOR, max_size=3)),
        text=draw(TEXT),
        eventText=draw(TEXT),
        span=(start, start + draw(OFFSET)),
        mode=draw(TEXT),
        context=draw(TEXT),
        cameo=draw(TEXT),
        goldstein=draw(FLOAT),
        quad=draw(st.integers(0, 4)),
        # Event.from_dict turns an empty modality into "asserted" and mentions=0 into 1
        modality=draw(st.sampled_from([m.value for m in Modality]) | TEXT.filter(bool)),
        negated=draw(st.booleans()),
        confidence=draw(FLOAT),
        location=draw(st.none() | LOCATION),
        mentions=draw(st.integers(1, 2**31 - 1)),
        trigger_span=draw(st.none() | st.tuples(OFFSET, OFFSET)),
        speaker=draw(st.none() | ACTOR),
    )


DOCUMENTS = st.builds(
    Document,
    id=TEXT,
    text=TEXT,
    title=TEXT,
    url=TEXT,
    source=TEXT,
    published=st.none() | TEXT,
    origin=TEXT,
    flags=st.dictionaries(TEXT, JSON, max_size=4),
    citations=st.lists(TEXT, max_size=4),
    duplicate_of=st.none() | TEXT,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def shared_store():
    with Store() as store:
        yield store


def _emptied(store: Store) -> Store:
    store.con.execute("DELETE FROM events")
    store.con.execute("DELETE FROM documents")
    return store


@SETTINGS
@given(batch=st.lists(events(), max_size=4, unique_by=lambda event: event.id))
def test_events_round_trip(shared_store, batch):
    store = _emptied(shared_store)
    store.add_batch([Document(id="d1", text="t")], batch)
    stored = store.events()
    assert stored == batch
    assert [Event.from_dict(event.to_dict()) for event in stored] == batch


@SETTINGS
@given(document=DOCUMENTS, signature=st.binary(max_size=64))
def test_documents_round_trip(shared_store, document, signature):
    store = _emptied(shared_store)
    store.add_batch([document], signatures={document.id: signature})
    assert store.document(document.id) == document
    assert store.documents() == [document]
    assert list(store.iter_signatures()) == [(document.id, signature)]

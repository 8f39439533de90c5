"""Hand-built events in an in-memory store, for the relations tests."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from comity.model import QUAD_OF_TYPE, ActorRef, Document, Event, PloverType
from comity.store import Store

GOLDSTEIN = {
    "AGREE": 4.0,
    "CONSULT": 1.0,
    "COOPERATE": 6.0,
    "DISAPPROVE": -2.0,
    "THREATEN": -4.4,
    "FIGHT": -10.0,
}
NAMES = {"IGO": "European Union"}


def ref(key: str) -> ActorRef:
    """``RUS`` -> a state ref; ``IGO:NATO`` -> an IGO ref named NATO."""
    code, _, name = key.partition(":")
    return ActorRef(actorText=name or code, code=code, name=name or code)


_counter = itertools.count()


def make_event(
    doc: str,
    kind: str,
    source: str,
    target: str,
    date: str,
    *,
    trigger: str = "",
    modality: str = "asserted",
    confidence: float = 0.9,
    mentions: int = 1,
    negated: bool = False,
    goldstein: float | None = None,
    cameo: str = "",
) -> Event:
    n = next(_counter)
    return Event(
        id=f"e{n:06d}",
        doc_id=doc,
        date=date,
        event=kind,
        source=[ref(k) for k in source.split(",") if k],
        target=[ref(k) for k in target.split(",") if k],
        text=f"sentence {n}: {source} {kind} {target}",
        eventText=trigger or kind.lower(),
        span=(0, 10),
        cameo=cameo,
        goldstein=GOLDSTEIN.get(kind, 0.0) if goldstein is None else goldstein,
        quad=int(QUAD_OF_TYPE[PloverType(kind)]),
        modality=modality,
        negated=negated,
        confidence=confidence,
        mentions=mentions,
    )


@pytest.fixture
def store() -> Iterator[Store]:
    with Store() as store:
        yield store


@pytest.fixture
def add() -> Callable[..., None]:
    """``add(store, events, doc="d1", duplicate_of=None, source="")`` stores one document."""

    def add_(
        store: Store,
        events: list[Event],
        doc: str | None = None,
        *,
        duplicate_of: str | None = None,
        source: str = "",
    ) -> None:
        doc = doc or events[0].doc_id
        store.add_batch([Document(id=doc, text="x", source=source, duplicate_of=duplicate_of)], events)

    return add_


@pytest.fixture
def event() -> Callable[..., Event]:
    return make_event


@pytest.fixture(autouse=True)
def neutral_provenance(tmp_path_factory, monkeypatch) -> Iterator[None]:
    """The relation maths here is checked with hand-computed weights: provenance weighting
    (single-source and quality factors, tested in tests/provenance) is switched off."""
    from comity.settings import load_settings

    config = tmp_path_factory.mktemp("config") / "neutral.yaml"
    config.write_text("provenance:\n  weights:\n    single_source: 1.0\n    quality: 0.0\n", encoding="utf-8")
    monkeypatch.setenv("COMITY_CONFIG", str(config))
    load_settings.cache_clear()
    yield
    monkeypatch.delenv("COMITY_CONFIG")
    load_settings.cache_clear()

"""Fixtures for the interop tests: a small store of hand-built events (no spaCy) and the sample
files in data/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from comity.model import ActorRef, Document, Event, Location
from comity.store import Store

DATA = Path(__file__).resolve().parent / "data"
GDELT_SAMPLE = DATA / "gdelt_sample.export.CSV"
ICEWS_SAMPLE = DATA / "icews_sample.tab"


def _event(n: int, date: str, event: str, cameo: str, source: list[ActorRef], target: list[ActorRef],
           **fields: object) -> Event:  # fmt: skip
    text = f'Sentence {n}, with a comma, "quotes" and ünïcode.'
    fields.setdefault("trigger_span", (10 * n + 2, 10 * n + 9))
    return Event(
        id=f"e{n:020d}",
        doc_id=f"d{n}",
        date=date,
        event=event,
        cameo=cameo,
        source=source,
        target=target,
        text=text,
        eventText="trigger words",
        span=(10 * n, 10 * n + len(text)),
        **fields,  # type: ignore[arg-type]
    )


def sample_events() -> list[Event]:
    """Events whose type, mode and context are the codebook's reading of their CAMEO code, so
    the GDELT and ICEWS round trips (which re-derive them from the code) can give them back."""
    rus, chn, usa = ActorRef("Moscow", "RUS", "GOV", "Russia"), ActorRef("Beijing", "CHN", "GOV", "China"), \
        ActorRef("Washington", "USA", "GOV", "United States")  # fmt: skip
    return [
        _event(1, "2024-03-05", "SUPPORT", "057", [rus], [chn], context="diplomatic", goldstein=8.0, quad=1,
               location=Location("Beijing", "CHN", 39.9042, 116.4074), mentions=2, confidence=0.9),
        _event(2, "2025-03-03", "FIGHT", "195", [ActorRef("Israeli warplanes", "ISR", "MIL", "Israel")],
               [ActorRef("Syria", "SYR", "", "Syria")], mode="aerial", context="military", goldstein=-10.0,
               quad=4, location=Location("Damascus", "SYR", 33.5138, 36.2765), negated=True),
        _event(3, "2024-06", "SANCTION", "163", [usa], [ActorRef("Iran", "IRN", "", "Iran")],
               mode="discontinue", context="diplomatic", goldstein=-8.0, quad=4, modality="intended"),
        _event(4, "2024-11-20", "DEMAND", "0233", [ActorRef("the UN", "IGO", "IGO", "United Nations")],
               [ActorRef("Kyiv", "UKR", "GOV", "Ukraine")], mode="assist", context="human_security",
               goldstein=3.4, quad=3, location=Location("Kyiv", "UKR", 50.4501, 30.5234),
               speaker=ActorRef("a spokesman", "IGO", "IGO", "United Nations"), modality="reported"),
        _event(5, "2023-01-15", "CONSULT", "042", [ActorRef("Paris", "FRA", "GOV", "France")],
               [ActorRef("Germany", "DEU", "GOV", "Germany")], mode="visit", goldstein=1.9, quad=1,
               location=Location("Germany", "DEU", 51.0, 9.0)),
        _event(6, "2024-03-06", "DISAPPROVE", "112", [chn, rus], [usa], mode="disapprove", goldstein=-2.0,
               quad=3, trigger_span=None, confidence=0.30000000000000004),
        _event(7, "2024-03-07", "COERCE", "173", [ActorRef("police", "TUR", "COP", "Turkey")],
               [ActorRef("protesters", "TUR", "CVL", "Turkey")], mode="arrest", context="legal",
               goldstein=-5.0, quad=4, location=Location("Ankara", "TUR", None, None)),
        _event(8, "2024", "MOBILIZE", "150", [ActorRef("troops", "RUS", "MIL", "Russia")], [],
               goldstein=-7.2, quad=4),
    ]  # fmt: skip


def sample_documents(events: list[Event]) -> list[Document]:
    return [
        Document(id=e.doc_id, text="x" * 200, title=f"Story {e.doc_id}", url=f"https://news.example.org/{e.doc_id}",
                 source="Example News", published="2024-03-08")
        for e in events
    ]  # fmt: skip


@pytest.fixture
def events() -> list[Event]:
    return sample_events()


@pytest.fixture
def store(events) -> Iterator[Store]:
    with Store() as store:
        store.add_batch(sample_documents(events), events)
        yield store


@pytest.fixture
def empty_store() -> Iterator[Store]:
    with Store() as store:
        yield store

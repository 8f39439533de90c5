"""Bulk insert speed: 100k events must take seconds, not minutes (run with ``-m slow``)."""

from __future__ import annotations

import pytest

from comity.model import ActorRef, Document, Event, Location
from comity.store import Store


def _corpus(documents: int, per_document: int) -> tuple[list[Document], list[Event]]:
    docs = [Document(id=f"d{n:07d}", text="x " * 250, flags={"teasers": 1}) for n in range(documents)]
    events = [
        Event(
            id=f"{document.id}-{k}",
            doc_id=document.id,
            date=f"2024-03-{1 + k % 28:02d}",
            event="CONSULT",
            source=[ActorRef("Russia", "RUS", "GOV", "Russia")],
            target=[ActorRef("China", "CHN", "GOV", "China")],
            text="Russia met China in Beijing on Tuesday.",
            eventText="met",
            span=(k * 50, k * 50 + 40),
            trigger_span=(k * 50 + 7, k * 50 + 10),
            cameo="040",
            goldstein=1.0,
            quad=1,
            location=Location("Beijing", "CHN", 39.9042, 116.4074),
        )
        for document in docs
        for k in range(per_document)
    ]
    return docs, events


@pytest.mark.slow
def test_100k_events_in_one_batch(tmp_path):
    # correctness at volume; the insert rate itself is measured by bench/, not asserted here
    docs, events = _corpus(10_000, 10)
    with Store(tmp_path / "bulk.duckdb") as store:
        result = store.add_batch(docs, events)
        assert result.new_events == 100_000
        assert store.counts()["events"] == 100_000

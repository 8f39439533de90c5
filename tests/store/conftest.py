"""Fixtures for the store tests: a fresh in-memory store and small document/event factories."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from comity.model import ActorRef, Document, Event, Location
from comity.store import Store


def _document(name: str, **fields: object) -> Document:
    text = f"Russia and China signed a trade agreement in Beijing. ({name})"
    return Document(id=f"d-{name}", text=text, title=f"Title {name}", **fields)  # type: ignore[arg-type]


def _events(document: Document, count: int = 2) -> list[Event]:
    return [
        Event(
            id=f"e-{document.id}-{n}",
            doc_id=document.id,
            date="2024-03-05",
            event="AGREE",
            source=[ActorRef("Russia", "RUS", "GOV", "Russia")],
            target=[ActorRef("China", "CHN", "GOV", "China")],
            text=document.text,
            eventText="signed",
            span=(0, len(document.text)),
            trigger_span=(21, 27),
            cameo="057",
            goldstein=8.0,
            quad=1,
            location=Location("Beijing", "CHN", 39.9042, 116.4074),
            mentions=n + 1,
        )
        for n in range(count)
    ]


@pytest.fixture
def store() -> Iterator[Store]:
    with Store() as store:
        yield store


@pytest.fixture
def make_document() -> Callable[..., Document]:
    """``make_document("a", url=...)`` -> a Document with id ``d-a``."""
    return _document


@pytest.fixture
def make_events() -> Callable[..., list[Event]]:
    """``make_events(document, 3)`` -> that many events of the document."""
    return _events

from __future__ import annotations

from comity.model import ActorRef, Event
from comity.pipeline import _chunks, merge_mentions


def ev(i, typ, src, tgt, conf, date="2025-05-09", start=0):
    return Event(
        id=str(i),
        doc_id="d",
        date=date,
        event=typ,
        source=[ActorRef(c, c) for c in src],
        target=[ActorRef(c, c) for c in tgt],
        text="",
        eventText="",
        span=(start, start + 1),
        confidence=conf,
    )


def test_restatements_become_one_event_with_mentions():
    events = [
        ev(1, "AGREE", ["CHN", "RUS"], [], 0.7, start=0),
        ev(2, "AGREE", ["RUS"], ["CHN"], 0.9, date="2025-05-08", start=50),
        ev(3, "SUPPORT", ["RUS"], ["PRK"], 0.8, start=90),
        ev(4, "SUPPORT", ["PRK"], ["RUS"], 0.8, start=120),
    ]
    merged = merge_mentions(events)
    assert [(e.id, e.mentions) for e in merged] == [("2", 2), ("3", 1), ("4", 1)]
    assert merged[0].date == "2025-05-08"


def test_most_precise_date_wins():
    merged = merge_mentions(
        [
            ev(1, "CONSULT", ["USA"], ["CHN"], 0.9, date="2025"),
            ev(2, "CONSULT", ["USA"], ["CHN"], 0.5, date="2025-03-02"),
        ]
    )
    assert len(merged) == 1 and merged[0].date == "2025-03-02" and merged[0].id == "1"


def test_long_texts_split_at_paragraphs_and_cover_everything():
    text = "\n\n".join(f"Paragraph {i} " + "word " * 50 for i in range(40))
    chunks = _chunks(text, 1000)
    assert len(chunks) > 5
    assert "".join(c for _, c in chunks) == text
    assert all(text[o : o + len(c)] == c for o, c in chunks)
    assert all(len(c) <= 1000 for _, c in chunks)

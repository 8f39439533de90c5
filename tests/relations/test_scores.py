"""comity.relations.scores: the smoothed score, its trend, label and evidence."""

from __future__ import annotations

import pytest

from comity.relations import evidence, relation_scores, score_series
from comity.relations.keys import label


@pytest.mark.parametrize(
    ("score", "name"),
    [
        (5.0, "allied"),
        (3.0, "allied"),
        (1.0, "cooperative"),
        (0.0, "neutral"),
        (-0.4, "neutral"),
        (-1.0, "strained"),
        (-3.0, "hostile"),
        (-8.0, "hostile"),
        (None, "neutral"),
    ],
)
def test_labels(score, name):
    assert label(score) == name


def test_same_day_events_average(store, add, event):
    add(
        store,
        [
            event("d1", "AGREE", "CHN", "RUS", "2025-05-09", confidence=1.0),
            event("d1", "DISAPPROVE", "CHN", "RUS", "2025-05-09", confidence=1.0),
        ],
    )
    (row,) = relation_scores(store).to_dict("records")
    assert row["score"] == pytest.approx(1.0)
    assert row["label"] == "cooperative"
    assert row["trend_label"] == "new"
    assert [e["event"] for e in row["evidence"]] == ["AGREE", "DISAPPROVE"]  # strongest first
    assert row["evidence"][0]["text"].startswith("sentence")


def test_older_events_count_less_and_the_trend_shows_it(store, add, event):
    add(
        store,
        [
            event("d1", "AGREE", "USA", "CHN", "2025-01-01", confidence=1.0, goldstein=4.0),
            event(
                "d1", "THREATEN", "CHN", "USA", "2025-04-01", confidence=1.0, goldstein=-4.0
            ),  # 90 days later
        ],
    )
    (row,) = relation_scores(store).to_dict("records")
    assert row["score"] == pytest.approx((-4 + 0.5 * 4) / 1.5)
    assert row["label"] == "strained"
    assert row["score_before"] == pytest.approx(4.0)
    assert row["trend_label"] == "worsening"
    as_of = relation_scores(store, as_of="2025-02-01").iloc[0]
    assert as_of["score"] == pytest.approx(4.0) and as_of["events"] == 1


def test_filters_and_evidence(store, add, event):
    add(
        store,
        [
            event("d1", "AGREE", "RUS", "PRK", "2025-05-09", mentions=3),
            event("d1", "FIGHT", "RUS", "UKR", "2025-05-09"),
        ],
    )
    frame = relation_scores(store, "RUS")
    assert list(zip(frame["a"], frame["b"], strict=True)) == [("PRK", "RUS"), ("RUS", "UKR")]  # heavier first
    assert list(relation_scores(store, "prk", "rus")["a"]) == ["PRK"]
    assert list(evidence(store, "RUS", "PRK")["event"]) == ["AGREE"]
    series = score_series(store, "RUS", "PRK", by="week")
    assert list(series["label"]) == ["allied"]

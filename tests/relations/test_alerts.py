"""comity.relations.alerts: weeks that break with the dyad's own baseline."""

from __future__ import annotations

import datetime as dt

import pytest

from comity.relations import alerts


@pytest.fixture
def steady_then_fight(store, add, event):
    start = dt.date(2025, 1, 6)  # a Monday
    events = [
        event("d1", "CONSULT", "RUS", "UKR", (start + dt.timedelta(weeks=n)).isoformat(), confidence=1.0)
        for n in range(10)
    ]
    events.append(event("d1", "FIGHT", "RUS", "UKR", "2025-03-18", confidence=1.0))  # week 11
    add(store, events)
    return store


def test_a_break_alerts_with_evidence(steady_then_fight):
    frame = alerts(steady_then_fight, since="2025-01-01")
    (row,) = frame.to_dict("records")
    assert str(row["week"]) == "2025-03-17"
    assert row["value"] == pytest.approx(-10.0)
    assert row["baseline"] == pytest.approx(1.0)
    assert row["z"] == pytest.approx(-11.0 / 2)  # sd 0 -> sd_floor 2
    assert row["direction"] == "more conflictual"
    assert row["evidence"][0]["event"] == "FIGHT"


def test_since_and_actor_filter(steady_then_fight):
    assert alerts(steady_then_fight, since="2025-03-24").empty
    assert alerts(steady_then_fight, since="2025-01-01", actor="USA").empty
    assert len(alerts(steady_then_fight, since="2025-01-01", actor="ukr")) == 1
    assert len(alerts(steady_then_fight)) == 1  # default: the last four weeks


def test_no_baseline_no_alert(store, add, event):
    add(store, [event("d1", "FIGHT", "RUS", "UKR", "2025-03-18")])
    assert alerts(store, since="2025-01-01").empty

"""comity.relations.dyads: per-period series in SQL, on events with known answers."""

from __future__ import annotations

import pytest

from comity.errors import ComityError
from comity.relations import dyad_series, dyads


@pytest.fixture
def filled(store, add, event):
    add(
        store,
        [
            event("d1", "FIGHT", "RUS", "UKR", "2025-01-06", confidence=1.0),
            event("d1", "AGREE", "UKR,RUS", "UKR,RUS", "2025-01-08", modality="intended", confidence=1.0),
            event("d1", "CONSULT", "RUS", "UKR", "2025-01-20", modality="hedged", confidence=1.0),
            event("d1", "AGREE", "RUS", "UKR", "2025-01-21", negated=True),
            event("d1", "THREATEN", "RUS", "USA,UKR", "2025-02-03", confidence=0.5),
            event("d1", "AGREE", "IGO:European Union", "UKR", "2025-01-07", confidence=1.0),
        ],
    )
    return store


def test_weekly_series(filled):
    frame = dyad_series(filled, "ukr", "rus", by="week")
    rows = {str(r["period"]): r for r in frame.to_dict("records")}
    assert list(rows) == ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27", "2025-02-03"]
    first = rows["2025-01-06"]
    assert (first["events"], first["quad1"], first["quad4"], first["FIGHT"], first["AGREE"]) == (
        2,
        1,
        1,
        1,
        1,
    )
    assert first["weight"] == pytest.approx(1.7)
    assert first["goldstein_sum"] == pytest.approx(-10 + 0.7 * 4)
    assert first["goldstein_mean"] == pytest.approx((-10 + 0.7 * 4) / 1.7)
    assert rows["2025-01-13"]["events"] == 0
    assert rows["2025-01-20"]["goldstein_sum"] == pytest.approx(0.4)  # hedged; the negated one is out
    assert rows["2025-02-03"]["THREATEN"] == 1 and rows["2025-02-03"]["weight"] == pytest.approx(0.5)


def test_directed_series_keeps_one_direction_and_joint_actions(filled):
    frame = dyad_series(filled, "UKR", "RUS", by="month", directed=True)
    (row,) = frame.to_dict("records")
    assert (row["events"], row["AGREE"], row["FIGHT"]) == (1, 1, 0)


def test_organisations_are_their_own_nodes(filled):
    frame = dyad_series(filled, "European Union", "UKR", by="day")
    assert frame["events"].sum() == 1
    assert dyad_series(filled, "IGO", "UKR").empty


def test_dyad_totals(filled):
    frame = dyads(filled)
    top = frame.iloc[0]
    assert (top["a"], top["b"], top["events"], top["conflictual"]) == ("RUS", "UKR", 4, 2)
    assert set(zip(frame["a"], frame["b"], strict=True)) == {
        ("RUS", "UKR"),
        ("RUS", "USA"),
        ("European Union", "UKR"),
    }
    assert list(dyads(filled, actor="USA")["b"]) == ["USA"]


def test_bad_period(filled):
    with pytest.raises(ComityError, match="E702"):
        dyad_series(filled, "RUS", "UKR", by="year")

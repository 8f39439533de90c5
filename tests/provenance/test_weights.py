"""Relation weights by provenance: the documented factors, their settings, and a migrated store."""

from __future__ import annotations

import json

import pytest

from comity.relations.keys import weight_sql
from comity.settings import load_settings
from comity.store import Store
from comity.store import migrate as migrate_module


def _weight(store: Store, corroboration: int, quality: float | None) -> float:
    sql = (
        f"SELECT {weight_sql('c')} FROM (SELECT 'asserted' AS modality, 1.0 AS confidence, 1 AS mentions, "
        "?::INTEGER AS corroboration, ?::DOUBLE AS quality) c"
    )
    return store.con.execute(sql, [corroboration, quality]).fetchone()[0]


@pytest.mark.parametrize(
    ("corroboration", "quality", "weight"),
    [
        (2, 1.0, 1.0),  # corroborated, clean
        (1, 1.0, 0.75),  # single source
        (3, 0.2, 0.6),  # corroborated, but the best page is poor: 0.5 + 0.5 x 0.2
        (1, 0.2, 0.45),
        (1, None, 0.75),  # quality unknown: no penalty
    ],
)
def test_default_provenance_factors(corroboration, quality, weight):
    with Store() as store:
        assert _weight(store, corroboration, quality) == pytest.approx(weight)


def test_provenance_weighting_can_be_switched_off(tmp_path, monkeypatch):
    config = tmp_path / "c.yaml"
    config.write_text("provenance:\n  weights:\n    single_source: 1.0\n    quality: 0\n", encoding="utf-8")
    monkeypatch.setenv("COMITY_CONFIG", str(config))
    load_settings.cache_clear()
    try:
        with Store() as store:
            assert _weight(store, 1, 0.1) == pytest.approx(1.0)
    finally:
        monkeypatch.delenv("COMITY_CONFIG")
        load_settings.cache_clear()


def test_a_version_2_store_gains_quality_and_corroboration_on_migrating(tmp_path, monkeypatch):
    from comity.model import ActorRef, Document, Event
    from comity.relations import ensure_clusters

    db = tmp_path / "old.duckdb"
    monkeypatch.setattr(migrate_module, "MIGRATIONS", migrate_module.MIGRATIONS[:2])
    document = Document(id="d1", text="Russia attacked Ukraine.", source="wire", published="2025-01-06")
    event = Event(
        id="e1", doc_id="d1", date="2025-01-06", event="ASSAULT", source=[ActorRef("Russia", "RUS")],
        target=[ActorRef("Ukraine", "UKR")], text="Russia attacked Ukraine.", eventText="attacked",
        span=(0, 24), goldstein=-9.0, quad=4,
    )  # fmt: skip
    with Store(db) as store:
        assert store.version == 2
        # the rows as version-2 code wrote them (today's writer has columns v2 lacks)
        store.con.execute(
            "INSERT INTO documents VALUES ('d1', '', '', 'wire', '2025-01-06', ?, '', '{}', '[]', NULL,"
            " NULL, 1, now()::TIMESTAMP)",
            [document.text],
        )
        store.con.execute(
            "INSERT INTO events VALUES ('e1', 'd1', 1, '2025-01-06', DATE '2025-01-06', 'ASSAULT', '', '',"
            " '', -9.0, 4, ?, ?, ['RUS'], ['UKR'], ?, 'attacked', 0, 24, NULL, NULL, 'asserted', false,"
            " 1.0, NULL, NULL, NULL, NULL, 1, NULL)",
            [
                json.dumps([a.to_dict() for a in event.source]),
                json.dumps([a.to_dict() for a in event.target]),
                event.text,
            ],
        )
        # a version-2 cluster of it, as the code of that version stored it
        store.con.execute(
            "INSERT INTO cluster_members VALUES ('e1', 'c1', 'd1', 'd1', ?, ['RUS'], ['UKR'], ['atta'])",
            ["ASSAULT|0|RUS|UKR"],
        )
        store.con.execute(
            "INSERT INTO clusters VALUES ('c1', 'ASSAULT|0|RUS|UKR', 'ASSAULT', false, ['RUS'], ['UKR'], "
            "'2025-01-06', DATE '2025-01-06', DATE '2025-01-06', 4, -9.0, '', 'asserted', 1.0, 'e1', 'd1', "
            "1, 1, 1, 1, ['d1'], [], ['atta'])"
        )
    monkeypatch.undo()
    with Store(db) as store:
        assert store.version == migrate_module.code_version()
        ensure_clusters(store)
        (row,) = store.sql("SELECT corroboration, publishers, quality FROM clusters").to_dict("records")
        assert row["corroboration"] == 1 and list(row["publishers"]) == ["wire"]
        assert 0 < row["quality"] < 1  # assessed on the way: no byline

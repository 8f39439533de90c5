"""The seed article, coded and stored with comity.runner.ingest: the issue's measured claims."""

from __future__ import annotations

import pytest

from comity.relations import ensure_clusters, relation_scores, triads
from comity.store import Store


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory, shared):
    from comity.runner import ingest

    path = shared("data", "seed", "steel_allies_article.txt")
    db = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    ingest([str(path)], db=db, date="2025-05-09")
    with Store(db) as store:
        ensure_clusters(store)  # what update_clusters after each ingest batch leaves behind
        yield store


def score(store, a, b):
    (row,) = relation_scores(store, a, b).to_dict("records")
    return row


def test_the_vow_restated_is_one_cluster(seed_store):
    rows = seed_store.sql(
        "SELECT mentions FROM clusters WHERE event = 'AGREE' AND list_contains(source_keys, 'CHN') "
        "AND list_contains(source_keys, 'RUS') AND date_start = DATE '2025-05-09'"
    )
    assert rows["mentions"].max() >= 2


@pytest.mark.parametrize(
    ("a", "b", "labels"),
    [
        ("CHN", "RUS", {"cooperative", "allied"}),
        ("RUS", "PRK", {"cooperative", "allied"}),
        ("RUS", "USA", {"strained", "hostile"}),
        ("CHN", "USA", {"strained", "hostile"}),
    ],
)
def test_seed_relations(seed_store, a, b, labels):
    row = score(seed_store, a, b)
    print(f"\n{a}-{b}: {row['label']} {row['score']:.2f} ({row['events']} events)")
    assert row["label"] in labels
    assert row["evidence"] and all(e["text"] and e["doc_id"] for e in row["evidence"])


def test_the_china_russia_north_korea_triad_is_flagged(seed_store):
    found = triads(seed_store)
    flagged = {(r["a"], r["b"], r["c"]) for r in found.to_dict("records")}
    assert ("CHN", "PRK", "RUS") in flagged

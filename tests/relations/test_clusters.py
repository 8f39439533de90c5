"""comity.relations.clusters: one real-world event, many mentions."""

from __future__ import annotations

import pytest

from comity.errors import ComityError
from comity.relations import actor_key, update_clusters
from comity.relations.clusters import ensure_clusters, rebuild_clusters, trigger_stems


def clusters(store):
    return store.sql("SELECT * FROM clusters ORDER BY date_start, id").to_dict("records")


@pytest.mark.parametrize(
    ("ref", "key"),
    [
        ({"code": "RUS", "name": "Vladimir Putin"}, "RUS"),
        ({"code": "RUS", "name": "Russia"}, "RUS"),
        ({"code": "IGO", "name": "European Union"}, "European Union"),
        ({"code": "IGO", "name": "NATO"}, "NATO"),
        ({"code": "NGO", "name": "Amnesty International"}, "Amnesty International"),
        ({"code": "IMG", "name": "Islamic State"}, "Islamic State"),
        ({"code": "IGO", "name": ""}, "IGO"),
    ],
)
def test_actor_key(ref, key):
    assert actor_key(ref) == key


@pytest.mark.parametrize(
    ("trigger", "stems"),
    [("agreed to fortify", ["agre", "fort"]), ("agreement", ["agre"]), ("the strikes", ["stri"])],
)
def test_trigger_stems(trigger, stems):
    assert trigger_stems(trigger) == stems


def test_restatements_in_one_document_are_one_cluster(store, add, event):
    add(
        store,
        [
            event("d1", "AGREE", "RUS,CHN", "RUS,CHN", "2025-05-09", trigger="vowed", mentions=2),
            event("d1", "AGREE", "CHN", "RUS", "2025-05-08", trigger="pledged"),  # other sides: apart
            event("d1", "AGREE", "CHN,RUS", "CHN,RUS", "2025-05-08", trigger="promised"),
            event("d1", "AGREE", "CHN,RUS", "CHN,RUS", "2025-04-01", trigger="promised"),  # too early
        ],
    )
    result = update_clusters(store, ["d1"])
    assert (result.events, result.new_clusters, result.joined) == (4, 3, 1)
    (vow,) = [c for c in clusters(store) if c["members"] == 2]
    assert vow["mentions"] == 3 and vow["documents"] == 1
    assert list(vow["source_keys"]) == ["CHN", "RUS"]
    assert str(vow["date_start"])[:10] == "2025-05-08" and str(vow["date_end"])[:10] == "2025-05-09"


def test_across_documents_needs_similar_wording(store, add, event):
    add(store, [event("d1", "AGREE", "RUS", "PRK", "2025-05-09", trigger="signed a treaty")], source="A")
    add(store, [event("d2", "AGREE", "RUS", "PRK", "2025-05-10", trigger="signing")], source="B")
    add(store, [event("d3", "AGREE", "RUS", "PRK", "2025-05-10", trigger="pledged")], source="B")
    update_clusters(store)
    rows = clusters(store)
    assert sorted(c["members"] for c in rows) == [1, 2]
    (two,) = [c for c in rows if c["members"] == 2]
    assert (two["documents"], two["sources"], two["mentions"]) == (2, 2, 2)


def test_near_duplicate_documents_count_once(store, add, event):
    add(store, [event("d1", "FIGHT", "RUS", "UKR", "2025-01-12", trigger="struck", mentions=2)], source="A")
    add(
        store,
        [event("d2", "FIGHT", "RUS", "UKR", "2025-01-12", trigger="hit", mentions=2)],
        duplicate_of="d1",
        source="B",
    )
    update_clusters(store)
    (c,) = clusters(store)
    assert (c["members"], c["documents"], c["mentions"], c["sources"]) == (2, 1, 2, 2)


def test_incremental_updates_join_stored_clusters_and_drop_recoded_events(store, add, event):
    add(store, [event("d1", "THREATEN", "IGO:NATO", "RUS", "2025-03-01", trigger="warned")])
    update_clusters(store, ["d1"])
    add(store, [event("d2", "THREATEN", "IGO:NATO", "RUS", "2025-03-02", trigger="warning")])
    add(store, [event("d3", "THREATEN", "IGO:European Union", "RUS", "2025-03-02", trigger="warned")])
    result = update_clusters(store, ["d2", "d3"])
    assert (result.events, result.new_clusters, result.joined) == (2, 1, 1)
    keys = sorted(tuple(c["source_keys"]) for c in clusters(store))
    assert keys == [("European Union",), ("NATO",)]
    store.replace_events("d2", [])
    result = update_clusters(store, ["d2"])
    assert result.removed == 1
    assert sorted(c["members"] for c in clusters(store)) == [1, 1]


def test_negated_and_undated_events_are_clustered_apart(store, add, event):
    add(
        store,
        [
            event("d1", "AGREE", "RUS", "UKR", "2025-06-03"),
            event("d1", "AGREE", "RUS", "UKR", "2025-06-03", negated=True),
            event("d1", "AGREE", "RUS", "UKR", ""),
            event("d1", "AGREE", "RUS", "UKR", ""),
        ],
    )
    update_clusters(store)
    assert sorted((c["negated"], c["date"] == "", c["members"]) for c in clusters(store)) == [
        (False, False, 1),
        (False, True, 2),
        (True, False, 1),
    ]


def test_the_representative_is_the_firmest_statement(store, add, event):
    add(
        store,
        [
            event("d1", "AID", "RUS", "PRK", "2025-03-01", modality="hedged", confidence=0.9, trigger="aid"),
            event(
                "d1", "AID", "RUS", "PRK", "2025-03-02", modality="asserted", confidence=0.6, trigger="aid"
            ),
        ],
    )
    update_clusters(store)
    (c,) = clusters(store)
    assert c["modality"] == "asserted" and c["date"] == "2025-03-02"


def test_rebuild_and_ensure(store, add, event):
    add(store, [event("d1", "CONSULT", "CHN", "RUS", "2025-05-09")])
    ensure_clusters(store)
    assert len(clusters(store)) == 1
    ensure_clusters(store)  # nothing to do
    assert rebuild_clusters(store).events == 1
    assert len(clusters(store)) == 1


def test_read_only_store_with_unclustered_events_is_refused(tmp_path, add, event):
    from comity.store import Store

    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        add(store, [event("d1", "CONSULT", "CHN", "RUS", "2025-05-09")])
    with Store(path, read_only=True) as store, pytest.raises(ComityError, match="not clustered"):
        ensure_clusters(store)

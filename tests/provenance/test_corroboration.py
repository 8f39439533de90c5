"""Corroboration, sources and the claims queue on a corpus written for it: one attack reported by
three independent outlets, a syndicated copy of one of them in a fourth outlet, and a
single-source rumour. The copy must add nothing; the rumour must be queued for checking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from comity.cli import app
from comity.provenance.claims import claims
from comity.provenance.sources import event_provenance, sources
from comity.runner import ingest
from comity.store import Store

ATTACK = (
    "Russian forces attacked the Ukrainian city of Kharkiv on Sunday, killing 12 civilians, regional "
    "officials said. The missiles hit a residential district in the north of the city and set several "
    "buildings on fire. Emergency crews worked through the night to pull survivors from the rubble of a "
    "five-storey block. The regional governor said that two children were among the dead and that more "
    "than 40 people were wounded. Kharkiv, Ukraine's second-largest city, lies about 30 km from the "
    "Russian border and has been shelled repeatedly."
)

CORPUS = [
    {"id": "alpha-1", "source": "alpha-news", "author": "Jane Roe", "date": "2025-03-10",
     "title": "Russian strike on Kharkiv kills 12", "url": "https://alpha-news.example/kharkiv",
     "text": ATTACK},
    {"id": "beta-1", "source": "beta-times", "author": "Sam Poe", "date": "2025-03-10",
     "title": "Kharkiv attack", "url": "https://beta-times.example/k",
     "text": "Russia attacked Kharkiv with missiles on Sunday, killing at least 12 people. Rescue "
             "teams searched the rubble through the night, and the mayor said power had been cut in "
             "three districts."},
    {"id": "gamma-1", "source": "gamma-post", "author": "Ann Lee", "date": "2025-03-11",
     "title": "Deadly strike in Kharkiv", "url": "https://gamma-post.example/a",
     "text": "Russian troops attacked Kharkiv on Sunday in one of the deadliest strikes on the city this "
             "year, local authorities said. Hospitals asked residents to donate blood."},
    # wire copy: alpha's story reprinted by another outlet
    {"id": "delta-1", "source": "delta-daily", "date": "2025-03-11",
     "title": "Russian strike on Kharkiv kills 12", "url": "https://delta-daily.example/wire/kharkiv",
     "text": ATTACK + " This story was first published by Alpha News."},
    # the rumour: one outlet, hedged, high impact
    {"id": "echo-1", "source": "echo-blog", "date": "2025-03-12", "title": "Border incident",
     "url": "https://echo-blog.example/p/1",
     "text": "Belarusian troops may have attacked a Ukrainian border post near Chernihiv on Tuesday, "
             "unconfirmed reports suggest. Neither government has commented."},
]  # fmt: skip


@pytest.fixture(scope="module")
def db(corpus_store) -> Path:
    path, report = corpus_store(CORPUS)
    assert report.new_documents == 5 and not report.errors
    return path


def _cluster_of(store: Store, doc_id: str, event: str) -> dict:
    frame = store.sql(
        "SELECT c.* FROM clusters c JOIN cluster_members m ON m.cluster_id = c.id "
        "JOIN events e ON e.id = m.event_id WHERE e.doc_id = ? AND e.event = ? "
        "ORDER BY c.corroboration DESC LIMIT 1",
        [doc_id, event],
    )
    assert len(frame), f"no {event} event coded in {doc_id}"
    return frame.to_dict("records")[0]


def test_the_copy_is_linked_to_its_original(db):
    with Store(db, read_only=True) as store:
        assert store.document("delta-1").duplicate_of == "alpha-1"


def test_three_independent_outlets_corroborate_and_the_copy_adds_nothing(db):
    with Store(db, read_only=True) as store:
        attack = _cluster_of(store, "gamma-1", "ASSAULT")
    assert attack["corroboration"] == 3
    assert list(attack["publishers"]) == ["alpha-news", "beta-times", "gamma-post"]
    assert attack["sources"] == 4  # delta-daily carries it, but as alpha's copy
    assert "RUS" in list(attack["source_keys"])


def test_the_rumour_is_single_source(db):
    with Store(db, read_only=True) as store:
        rumour = _cluster_of(store, "echo-1", "ASSAULT")
    assert rumour["corroboration"] == 1
    assert list(rumour["publishers"]) == ["echo-blog"]
    assert rumour["modality"] == "hedged"
    assert list(rumour["source_keys"]) == ["BLR"] and list(rumour["target_keys"]) == ["UKR"]


def test_events_carry_corroboration_and_single_source(db):
    with Store(db, read_only=True) as store:
        wanted = ("gamma-1", "echo-1")
        ids = {e.doc_id: e.id for e in store.events() if e.event == "ASSAULT" and e.doc_id in wanted}
        found = event_provenance(store, ids.values())
    assert found[ids["gamma-1"]]["corroboration"] == 3
    assert found[ids["gamma-1"]]["single_source"] is False
    assert found[ids["echo-1"]]["corroboration"] == 1
    assert found[ids["echo-1"]]["single_source"] is True
    assert found[ids["echo-1"]]["doc_quality"] < 0.9  # hedged, no byline


def test_the_claims_queue_holds_the_rumour_not_the_corroborated_attack(db):
    with Store(db) as store:
        queue = claims(store, limit=None)
        attack = _cluster_of(store, "gamma-1", "ASSAULT")
        rumour = _cluster_of(store, "echo-1", "ASSAULT")
    assert rumour["id"] in set(queue["cluster_id"])
    assert attack["id"] not in set(queue["cluster_id"])
    row = queue[queue["cluster_id"] == rumour["id"]].to_dict("records")[0]
    assert {"hedged", "single source"} <= set(row["reasons"])
    assert row["publishers"] == ["echo-blog"]
    assert "may have attacked" in row["text"]
    assert queue["cluster_id"].iloc[0] == rumour["id"]  # a high-impact rumour comes first
    assert queue.attrs["total"] == len(queue)
    assert list(queue["priority"]) == sorted(queue["priority"], reverse=True)


def test_claims_pages_are_slices_of_the_queue(db):
    with Store(db) as store:
        whole = claims(store, limit=None)
        pages = [claims(store, limit=2, offset=k) for k in range(0, len(whole), 2)]
    assert [c for page in pages for c in page["cluster_id"]] == list(whole["cluster_id"])
    assert all(page.attrs["total"] == len(whole) for page in pages)


def test_claims_respect_the_window_and_threshold(db):
    with Store(db) as store:
        assert claims(store, since="2025-04-01").empty
        strict = claims(store, min_abs_goldstein=11, limit=None)
        # nothing reaches |Goldstein| 11: what is left is queued as a dyad's first event
        for reasons in strict["reasons"]:
            assert any(r.startswith(("first event", "alert")) for r in reasons)


def test_per_source_figures(db):
    with Store(db) as store:
        frame = sources(store).set_index("source")
    assert frame.loc["delta-daily", "copies"] == 1
    assert frame.loc["alpha-news", "copies"] == 0
    assert frame.loc["echo-blog", "hedged"] == pytest.approx(1.0)
    assert frame.loc["echo-blog", "corroborated"] == pytest.approx(0.0)
    assert frame.loc["gamma-post", "corroborated"] == pytest.approx(1.0)
    assert frame.loc["echo-blog", "quality"] < frame.loc["gamma-post", "quality"]
    assert set(frame.index) == {"alpha-news", "beta-times", "gamma-post", "delta-daily", "echo-blog"}


def test_ingesting_again_changes_nothing(db, tmp_path):
    clusters = "SELECT id, corroboration, publishers FROM clusters ORDER BY id"
    with Store(db, read_only=True) as store:
        before = store.sql(clusters).to_dict("records")
        quality = store.sql("SELECT * FROM document_quality ORDER BY doc_id").to_dict("records")
    corpus = tmp_path / "again.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in CORPUS), encoding="utf-8")
    report = ingest([str(corpus)], db=db)
    assert report.new_documents == 0
    with Store(db, read_only=True) as store:
        after = store.sql(clusters).to_dict("records")
        assert store.sql("SELECT * FROM document_quality ORDER BY doc_id").to_dict("records") == quality
    assert [(r["id"], r["corroboration"]) for r in after] == [(r["id"], r["corroboration"]) for r in before]


runner = CliRunner()


def test_cli_sources_claims_quality(db):
    out = runner.invoke(app, ["sources", "--db", str(db), "--json"], catch_exceptions=False)
    assert out.exit_code == 0
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert {r["source"] for r in rows} >= {"alpha-news", "echo-blog"}

    out = runner.invoke(app, ["claims", "--db", str(db), "--json"], catch_exceptions=False)
    assert out.exit_code == 0
    queue = [json.loads(line) for line in out.stdout.splitlines()]
    assert any("may have attacked" in r["text"] and "hedged" in r["reasons"] for r in queue)

    out = runner.invoke(app, ["quality", "echo-1", "--db", str(db), "--json"], catch_exceptions=False)
    assert out.exit_code == 0
    (echo,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert "hedged" in {f["flag"] for f in echo["flags"]}

    out = runner.invoke(app, ["claims", "--db", str(db), "--since", "2025-13-01"])
    assert out.exit_code != 0
    out = runner.invoke(app, ["quality", "nope", "--db", str(db)])
    assert out.exit_code != 0 and "no document nope" in out.output

    out = runner.invoke(app, ["claims", "--db", str(db)], catch_exceptions=False)
    assert out.exit_code == 0 and "claims to verify" in out.stdout


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_exports_carry_corroboration(db, tmp_path, fmt):
    import pandas as pd

    out = tmp_path / f"events.{fmt}"
    args = ["export", "--format", fmt, "-o", str(out), "--db", str(db)]
    assert runner.invoke(app, args, catch_exceptions=False).exit_code == 0
    readers = {"jsonl": lambda p: pd.read_json(p, lines=True), "csv": pd.read_csv, "parquet": pd.read_parquet}
    frame = readers[fmt](out)
    gamma = frame[(frame["doc_id"] == "gamma-1") & (frame["event"] == "ASSAULT")].iloc[0]
    echo = frame[(frame["doc_id"] == "echo-1") & (frame["event"] == "ASSAULT")].iloc[0]
    assert int(gamma["corroboration"]) == 3
    assert str(gamma["single_source"]).lower() == "false"
    assert int(echo["corroboration"]) == 1
    assert str(echo["single_source"]).lower() == "true"

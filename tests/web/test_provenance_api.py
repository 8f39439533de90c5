"""Provenance over HTTP: /api/sources, /api/claims, and the corroboration and quality that events
and documents carry — on the example store and on documents posted from three outlets."""

from __future__ import annotations

import pytest

from comity.provenance import claims, sources
from comity.store import Store

ATTACK = [
    ("alpha-news", "Russian forces attacked Kharkiv on Sunday, regional officials said."),
    ("beta-times", "Russian forces attacked Kharkiv on Sunday, killing at least 12 people."),
    ("gamma-post", "Russian troops attacked Kharkiv on Sunday in one of the deadliest strikes this year."),
]
RUMOUR = "Belarusian troops may have attacked a Ukrainian border post on Monday, unconfirmed reports suggest."


def test_sources_are_the_stored_publishers(client, web_db):
    response = client.get("/api/sources")
    assert response.status_code == 200
    body = response.json()
    with Store(web_db, read_only=True) as store:
        expected = sources(store)
    assert body["total"] == len(expected)
    assert [item["source"] for item in body["items"]] == list(expected["source"])
    assert all(0 <= item["quality"] <= 1 for item in body["items"])


def test_claims_are_the_verification_queue(client, web_db):
    response = client.get("/api/claims", params={"limit": 500})
    assert response.status_code == 200
    body = response.json()
    with Store(web_db, read_only=True) as store:
        expected = claims(store, limit=None)
    assert [item["cluster_id"] for item in body["items"]] == list(expected["cluster_id"])
    for item in body["items"]:
        assert item["reasons"] and ("single source" in item["reasons"] or "hedged" in item["reasons"])
        start = item["span"][0]
        if item["trigger_span"]:
            a, b = (x - start for x in item["trigger_span"])
            assert item["text"][a:b]  # the trigger lies inside the evidence sentence


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"since": "2025-13-01"}, "since"),
        ({"min_goldstein": "11"}, "min_goldstein"),
        ({"limit": "0"}, "limit"),
        ({"sine": "2025-01-01"}, "sine"),
    ],
)
def test_bad_claims_params_are_422(client, params, where):
    response = client.get("/api/claims", params=params)
    assert response.status_code == 422
    assert where in response.json()["detail"]


def test_events_and_documents_carry_provenance(client, fetch_all):
    events = fetch_all(client)
    assert events and all(e["corroboration"] is not None for e in events)
    assert all(e["single_source"] == (e["corroboration"] <= 1) for e in events)
    doc = client.get(f"/api/documents/{events[0]['doc_id']}").json()
    assert 0 <= doc["quality"]["score"] <= 1
    assert events[0]["document"]["quality"] == doc["quality"]["score"]
    penalties = sum(f["penalty"] for f in doc["quality"]["flags"])
    assert doc["quality"]["score"] == pytest.approx(max(0, 1 - penalties), abs=0.002)


def test_posted_reports_from_three_outlets_corroborate(make_client, tmp_path, auth):
    client = make_client(tmp_path / "new.duckdb", token=auth["Authorization"].split()[1])
    body = [
        {"text": text, "source": outlet, "published": "2025-03-10", "author": "A. Writer",
         "url": f"https://{outlet}.example/{n}"}
        for n, (outlet, text) in enumerate(ATTACK)
    ] + [{"text": RUMOUR, "source": "echo-blog", "published": "2025-03-11"}]  # fmt: skip
    response = client.post("/api/documents", json=body, headers=auth)
    assert response.status_code == 201, response.text
    attacks = client.get("/api/events", params={"actor": "RUS", "type": "ASSAULT"}).json()["items"]
    assert attacks and all(e["corroboration"] == 3 for e in attacks)
    assert sorted(attacks[0]["publishers"]) == ["alpha-news", "beta-times", "gamma-post"]
    queue = client.get("/api/claims").json()["items"]
    rumour = [c for c in queue if "may have attacked" in c["text"]]
    assert rumour and {"hedged", "single source"} <= set(rumour[0]["reasons"])
    assert not [c for c in queue if c["event"] == "ASSAULT" and "RUS" in c["source"]]
    corroborated = client.get("/api/events", params={"min_corroboration": 2}).json()["items"]
    assert corroborated and {e["id"] for e in corroborated} == {e["id"] for e in attacks}
    bad = client.get("/api/events", params={"min_corroboration": 0})
    assert bad.status_code == 422 and "min_corroboration" in bad.json()["detail"]
    outlets = {s["source"]: s for s in client.get("/api/sources").json()["items"]}
    assert outlets["gamma-post"]["corroborated"] == pytest.approx(1.0)
    assert outlets["echo-blog"]["hedged"] == pytest.approx(1.0)

"""The read API (comity.web) over the example store: every endpoint, filters checked against the
events themselves, pagination, bad input (422), unknown ids (404), static files and the guards."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from comity.model import Modality, PloverType
from comity.relations.keys import actor_key

EXTRA_FIELDS = {"document", "cluster_id", "seq", "corroboration", "single_source", "publishers"}
CONTRACT_PATHS = {
    "/healthz",
    "/api/events",
    "/api/events/{event_id}",
    "/api/documents/{doc_id}",
    "/api/documents",
    "/api/relations",
    "/api/dyads/{a}/{b}/series",
    "/api/network",
    "/api/triads",
    "/api/alerts",
}


def names(side: list[dict[str, Any]]) -> set[str]:
    """What an actor filter matches on one side: event codes and actor keys."""
    return {r["code"] for r in side} | {actor_key(r) for r in side}


def first_day(date: str) -> str | None:
    if re.fullmatch(r"\d{4}", date):
        return f"{date}-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return f"{date}-01"
    return date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None


def between(e: dict[str, Any], since: str | None, until: str | None) -> bool:
    day = first_day(e["date"])
    return day is not None and (since is None or day >= since) and (until is None or day <= until)


def either(e: dict[str, Any], key: str) -> bool:
    return key in names(e["source"]) | names(e["target"])


def text_or_title(e: dict[str, Any], word: str) -> bool:
    return word.lower() in e["text"].lower() or word.lower() in (e["document"]["title"] or "").lower()


FILTERS: list[tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
    ({"actor": "RUS"}, lambda e: either(e, "RUS")),
    ({"actor": "rus"}, lambda e: either(e, "RUS")),
    ({"actor": "European Union"}, lambda e: either(e, "European Union")),
    ({"actor": "IGO"}, lambda e: either(e, "IGO")),
    ({"source": "RUS"}, lambda e: "RUS" in names(e["source"])),
    ({"target": "UKR"}, lambda e: "UKR" in names(e["target"])),
    (
        {"dyad": "RUS,UKR"},
        lambda e: (
            ("RUS" in names(e["source"]) and "UKR" in names(e["target"]))
            or ("UKR" in names(e["source"]) and "RUS" in names(e["target"]))
        ),
    ),
    ({"type": "AGREE"}, lambda e: e["event"] == "AGREE"),
    ({"type": "agree,consult"}, lambda e: e["event"] in ("AGREE", "CONSULT")),
    ({"quad": 4}, lambda e: e["quad"] == 4),
    ({"modality": "reported"}, lambda e: e["modality"] == "reported"),
    ({"since": "2025-01-01"}, lambda e: between(e, "2025-01-01", None)),
    ({"until": "2024-06-30"}, lambda e: between(e, None, "2024-06-30")),
    (
        {"since": "2024-01-01", "until": "2024-12-31", "quad": 1},
        lambda e: between(e, "2024-01-01", "2024-12-31") and e["quad"] == 1,
    ),
    ({"q": "sanction"}, lambda e: text_or_title(e, "sanction")),
    ({"q": "PRISONER"}, lambda e: text_or_title(e, "prisoner")),
]

BAD_EVENT_PARAMS = [
    ({"type": "FOO"}, "type"),
    ({"type": "AGREE,NOPE"}, "type"),
    ({"quad": 5}, "quad"),
    ({"quad": "x"}, "quad"),
    ({"modality": "certain"}, "modality"),
    ({"since": "2024-1-1"}, "since"),
    ({"since": "2024-02-30"}, "since"),
    ({"until": "tomorrow"}, "until"),
    ({"since": "2025-01-02", "until": "2025-01-01"}, "since"),
    ({"limit": 0}, "limit"),
    ({"limit": 501}, "limit"),
    ({"offset": -1}, "offset"),
    ({"dyad": "RUS"}, "dyad"),
    ({"dyad": "RUS,rus"}, "dyad"),
    ({"dyad": "RUS,UKR,USA"}, "dyad"),
    ({"actor": " "}, "actor"),
    ({"actor": "RU\x07S"}, "actor"),
    ({"q": "x" * 501}, "q"),
    ({"order": "sideways"}, "order"),
    ({"cursor": "not-a-cursor"}, "cursor"),
    ({"total": "maybe"}, "total"),
    ({"actr": "RUS"}, "actr"),
]


@pytest.fixture(scope="module")
def events(client, fetch_all) -> list[dict[str, Any]]:
    return fetch_all(client)


def test_healthz_counts_what_the_store_holds(client):
    body = client.get("/healthz").json()
    counts = client.app.state.web.store.counts()
    assert body == {
        "status": "ok",
        "documents": counts["documents"],
        "events": counts["events"],
        "schema_version": client.app.state.web.store.version,
    }
    assert body["documents"] > 20 and body["events"] > 100


def test_events_are_the_stored_events_in_insertion_order(client, events):
    stored = client.app.state.web.store.events()
    assert [e["id"] for e in events] == [e.id for e in stored]
    for item, event in zip(events, stored, strict=True):
        assert {k: v for k, v in item.items() if k not in EXTRA_FIELDS} == event.to_dict()
        assert item["document"]["id"] == event.doc_id
        assert item["cluster_id"] and item["cluster_id"].startswith("c")
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)


@pytest.mark.parametrize(("filters", "keep"), FILTERS, ids=[str(f) for f, _ in FILTERS])
def test_filters_return_exactly_the_matching_events(client, events, filters, keep):
    expected = [e["id"] for e in events if keep(e)]
    assert 0 < len(expected) < len(events), "the example store must exercise this filter"
    response = client.get("/api/events", params={**filters, "limit": 500, "total": "true"})
    assert response.status_code == 200, response.text
    page = response.json()
    assert [e["id"] for e in page["items"]] == expected
    assert page["total"] == len(expected)


def test_total_is_only_counted_when_asked(client, events):
    assert client.get("/api/events", params={"limit": 1}).json()["total"] is None
    assert client.get("/api/events", params={"limit": 1, "total": "true"}).json()["total"] == len(events)


@pytest.mark.parametrize(("params", "where"), BAD_EVENT_PARAMS, ids=[str(p) for p, _ in BAD_EVENT_PARAMS])
def test_bad_event_filters_are_422_with_a_message(client, params, where):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422, response.text[:300]
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.startswith("E801 ")
    assert where in detail


def test_every_plover_type_and_modality_is_accepted(client):
    for value in [t.value for t in PloverType] + [m.value for m in Modality]:
        key = "modality" if value.islower() else "type"
        assert client.get("/api/events", params={key: value, "limit": 1}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "RUS' OR '1'='1"},
        {"q": "%' OR 1=1; DROP TABLE events; --"},
        {"source": "); DELETE FROM events"},
    ],
)
def test_injection_attempts_are_plain_values(client, events, params):
    response = client.get("/api/events", params=params)
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert client.get("/healthz").json()["events"] == len(events)


def test_q_wildcards_match_themselves(client, events):
    with_percent = [e["id"] for e in events if "%" in e["text"] or "%" in (e["document"]["title"] or "")]
    items = client.get("/api/events", params={"q": "%", "limit": 500}).json()["items"]
    assert [e["id"] for e in items] == with_percent


@pytest.mark.parametrize("limit", [1, 7, 50])
def test_cursor_pages_cover_every_event_once(client, events, limit):
    seen: list[str] = []
    params: dict[str, Any] = {"limit": limit}
    while True:
        page = client.get("/api/events", params=params).json()
        assert len(page["items"]) <= limit
        seen += [e["id"] for e in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == [e["id"] for e in events]


def test_offset_pages_and_descending_order(client, events, fetch_all):
    ids = [e["id"] for e in events]
    pages = [
        client.get("/api/events", params={"limit": 40, "offset": k}).json()["items"]
        for k in range(0, len(ids), 40)
    ]
    assert [e["id"] for page in pages for e in page] == ids
    backwards = fetch_all(client, order="desc")
    assert [e["id"] for e in backwards] == ids[::-1]
    last = client.get("/api/events", params={"limit": 5, "offset": len(ids) - 5}).json()
    assert last["next_cursor"] is None and len(last["items"]) == 5


def test_a_cursor_only_works_with_its_own_query(client):
    cursor = client.get("/api/events", params={"limit": 2, "type": "AGREE"}).json()["next_cursor"]
    assert cursor
    assert (
        client.get("/api/events", params={"limit": 2, "type": "AGREE", "cursor": cursor}).status_code == 200
    )
    for other in ({"type": "CONSULT"}, {"type": "AGREE", "order": "desc"}, {}):
        response = client.get("/api/events", params={"limit": 2, "cursor": cursor, **other})
        assert response.status_code == 422
        assert "cursor" in response.json()["detail"]


def test_one_event_with_its_cluster(client, events):
    busiest = max(events, key=lambda e: sum(x["cluster_id"] == e["cluster_id"] for x in events))
    body = client.get(f"/api/events/{busiest['id']}").json()
    assert {k: v for k, v in body.items() if k != "cluster"} == busiest
    cluster = body["cluster"]
    members = [e["id"] for e in events if e["cluster_id"] == busiest["cluster_id"]]
    assert cluster["id"] == busiest["cluster_id"]
    assert cluster["members_total"] == len(members) == len(cluster["members"]) > 1
    assert {m["id"] for m in cluster["members"]} == set(members)
    assert cluster["event"] == busiest["event"]


def test_one_document_with_its_events(client, events):
    event = next(e for e in events if e["trigger_span"])
    body = client.get(f"/api/documents/{event['doc_id']}").json()
    assert body["id"] == event["doc_id"] == event["document"]["id"]
    assert body["title"] == event["document"]["title"]
    assert {e["id"] for e in body["events"]} == {e["id"] for e in events if e["doc_id"] == event["doc_id"]}
    for e in body["events"]:
        assert body["text"][e["span"][0] : e["span"][1]] == e["text"]  # spans index the stored text
    assert isinstance(body["flags"], dict) and isinstance(body["citations"], list)


@pytest.mark.parametrize(
    "path",
    ["/api/events/e-nope", "/api/documents/d-nope", "/api/events/%27%20OR%201=1", "/api/nothing-here"],
)
def test_unknown_ids_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)


def test_relations_scores_with_evidence(client, events):
    body = client.get("/api/relations", params={"limit": 500}).json()
    items = body["items"]
    assert body["total"] == len(items) > 5
    weights = [r["weight"] for r in items]
    assert weights == sorted(weights, reverse=True)
    by_id = {e["id"]: e for e in events}
    for r in items:
        assert r["label"] in ("allied", "cooperative", "neutral", "strained", "hostile")
        assert -10 <= r["score"] <= 10
        for ev in r["evidence"]:
            assert ev["text"] == by_id[ev["event_id"]]["text"]
            assert ev["eventText"] == by_id[ev["event_id"]]["eventText"]
            assert ev["span"] == by_id[ev["event_id"]]["span"]
    page = client.get("/api/relations", params={"limit": 2, "offset": 2}).json()
    assert [(r["a"], r["b"]) for r in page["items"]] == [(r["a"], r["b"]) for r in items[2:4]]


@pytest.mark.parametrize(("params", "check"), [
    ({"actor": "RUS"}, lambda r: "RUS" in (r["a"], r["b"])),
    ({"min_events": 3}, lambda r: r["events"] >= 3),
    ({"until": "2024-12-31"}, lambda r: r["last"] <= "2024-12-31"),
    ({"since": "2025-01-01"}, lambda r: r["first"] >= "2025-01-01"),
])  # fmt: skip
def test_relations_filters(client, params, check):
    everything = client.get("/api/relations", params={"limit": 500}).json()["items"]
    items = client.get("/api/relations", params={**params, "limit": 500}).json()["items"]
    assert 0 < len(items) < len(everything)
    assert all(check(r) for r in items)


def test_relations_as_of_moves_the_score_date(client):
    items = client.get("/api/relations", params={"as_of": "2025-01-31", "limit": 5}).json()["items"]
    assert items and all(r["as_of"] == "2025-01-31" for r in items)


@pytest.mark.parametrize("by", ["day", "week", "month", "year"])
def test_dyad_series(client, events, by):
    body = client.get("/api/dyads/RUS/UKR/series", params={"by": by}).json()
    assert (body["a"], body["b"], body["by"]) == ("RUS", "UKR", by)
    points = body["points"]
    assert points and [p["period"] for p in points] == sorted(p["period"] for p in points)
    assert all(p["cooperative"] + p["conflictual"] == p["events"] for p in points)
    monthly = client.get("/api/dyads/ukr/rus/series", params={"by": "month"}).json()["points"]
    assert sum(p["events"] for p in points) == sum(p["events"] for p in monthly)
    assert points[-1]["score"] is not None
    if by == "year":
        assert all(p["period"].endswith("-01-01") for p in points)


def test_dyad_series_window_and_unknown_actors(client):
    points = client.get("/api/dyads/RUS/UKR/series", params={"by": "month", "since": "2025-01-01"}).json()[
        "points"
    ]
    assert points and all(p["period"] >= "2025-01" for p in points)
    assert client.get("/api/dyads/RUS/ATLANTIS/series").json()["points"] == []


@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("/api/dyads/RUS/UKR/series?by=decade", "by"),
        ("/api/dyads/RUS/rus/series", "b"),
        ("/api/dyads/RUS/UKR/series?since=2025-13-01", "since"),
        ("/api/relations?as_of=soon", "as_of"),
        ("/api/relations?min_events=0", "min_events"),
        ("/api/relations?limit=501", "limit"),
        ("/api/network?since=20250101", "since"),
        ("/api/network?limit=0", "limit"),
        ("/api/triads?all=perhaps", "all"),
        ("/api/alerts?until=2025-02-30", "until"),
        ("/api/alerts?actor=", "actor"),
        ("/api/network?colour=red", "colour"),
    ],
)
def test_bad_relation_params_are_422(client, url, where):
    response = client.get(url)
    assert response.status_code == 422, response.text[:300]
    assert where in response.json()["detail"]


def test_network_nodes_edges_and_blocs(client):
    body = client.get("/api/network", params={"limit": 5000}).json()
    ids = {n["id"] for n in body["nodes"]}
    assert len(ids) == len(body["nodes"]) > 5
    assert {"RUS", "UKR", "CHN", "USA"} <= ids
    assert next(n for n in body["nodes"] if n["id"] == "RUS")["label"] == "Russia"
    assert len(body["edges"]) == body["edges_total"]
    for edge in body["edges"]:
        assert edge["source"] in ids and edge["target"] in ids
        assert edge["sign"] == (1 if edge["label"] in ("allied", "cooperative") else -1 if edge["label"] in (
            "strained", "hostile") else 0)  # fmt: skip
        assert edge["events"] >= 1
    assert body["frustration"] >= 0
    strongest = client.get("/api/network", params={"limit": 3}).json()["edges"]
    assert [e["strength"] for e in strongest] == sorted((e["strength"] for e in body["edges"]), reverse=True)[
        :3
    ]


def test_triads_are_unbalanced_unless_asked(client):
    items = client.get("/api/triads").json()["items"]
    assert items, "the example store has unbalanced triads"
    for t in items:
        signs = [1 if s == "+" else -1 for s in t["signs"].split()]
        assert signs[0] * signs[1] * signs[2] < 0 and not t["balanced"]
        assert len(t["edges"]) == 3 and all(e["evidence"] for e in t["edges"])
    everything = client.get("/api/triads", params={"all": "true", "limit": 500}).json()
    assert everything["total"] >= len(items)
    actor = items[0]["a"]
    mine = client.get("/api/triads", params={"actor": actor}).json()["items"]
    assert mine and all(actor in (t["a"], t["b"], t["c"]) for t in mine)


def test_alerts(client):
    items = client.get("/api/alerts", params={"since": "2024-01-01", "limit": 500}).json()["items"]
    assert items
    for a in items:
        assert a["period"] == a["week"]
        assert a["direction"] == ("more cooperative" if a["z"] > 0 else "more conflictual")
        assert a["evidence"] and all(e["text"] for e in a["evidence"])
    actor = items[0]["a"]
    mine = client.get("/api/alerts", params={"since": "2024-01-01", "actor": actor}).json()["items"]
    assert mine and all(actor in (a["a"], a["b"]) for a in mine)


def test_index_and_plotly_are_served_locally(client):
    from comity.web.app import STATIC

    response = client.get("/static/vendor/plotly.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert b"plotly" in response.content[:2000].lower() and len(response.content) > 1_000_000
    if not (STATIC / "index.html").is_file():
        pytest.skip("static/index.html not written yet")
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")


def test_docs_work_offline_and_redoc_is_off(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and docs.headers["content-type"].startswith("text/html")
    assert "<script" not in docs.text and "cdn" not in docs.text.lower()
    for path in ("/api/events", "/api/dyads/{a}/{b}/series", "/api/network"):
        assert f"<code>{path}</code>" in docs.text
    assert client.get("/redoc").status_code == 404
    assert set(client.get("/openapi.json").json()["paths"]) >= CONTRACT_PATHS


def test_security_headers_and_no_cors_by_default(client):
    response = client.get("/api/events", params={"limit": 1}, headers={"Origin": "http://evil.example"})
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "access-control-allow-origin" not in response.headers
    assert "server" not in response.headers or "uvicorn" not in response.headers["server"]


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.nip.io:8000", "localhost.evil.example"])
def test_foreign_host_headers_are_refused(client, host):
    response = client.get("/healthz", headers={"Host": host})
    assert response.status_code == 400
    assert "Host" in response.json()["detail"]


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000"])
def test_loopback_host_headers_are_served(client, host):
    assert client.get("/healthz", headers={"Host": host}).status_code == 200


def test_cors_only_for_listed_origins(make_client, db_copy):
    cors = make_client(db_copy, cors_origins=["http://dash.example"])
    allowed = cors.get("/healthz", headers={"Origin": "http://dash.example"})
    assert allowed.headers["access-control-allow-origin"] == "http://dash.example"
    other = cors.get("/healthz", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_event_text_is_sent_as_json_strings(client, events):
    response = client.get("/api/events", params={"limit": 3})
    assert response.headers["content-type"] == "application/json"
    for item in response.json()["items"]:
        assert isinstance(item["text"], str) and isinstance(item["eventText"], str)


def test_writes_need_the_token(client):
    response = client.post("/api/documents", json={"text": "x"}, headers={"Authorization": "Bearer no"})
    assert response.status_code == 403

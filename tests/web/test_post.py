"""POST /api/documents: guards (writes off, token, body size, content type, shape), idempotent
ingest identical to ``comity ingest``, clusters updated, hostile text kept verbatim, and cursor
paging that stays exact while documents arrive."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from comity.runner import examples_dir

ARTICLE = {
    "text": (
        "MOSCOW, March 4 - Russia and China signed a new energy agreement in Moscow on Tuesday, "
        "officials said.\n\nThe European Union criticised Russia over the deal on Wednesday."
    ),
    "title": "Russia and China sign energy deal",
    "url": "https://example.org/2025/03/04/energy-deal",
    "source": "example-wire",
    "published": "2025-03-04",
}
XSS_TITLE = "<script>alert('title')</script>Deal"
XSS_TEXT = (
    'Russia condemned the United States <img src=x onerror="alert(1)"> on Monday over new sanctions.\n\n'
    "China criticised Japan </script><script>alert(2)</script> over its defence budget on Tuesday."
)


def stored(client: Any) -> dict[str, int]:
    body = client.get("/healthz").json()
    return {"documents": body["documents"], "events": body["events"]}


def test_writes_are_off_without_a_token(make_client, db_copy, auth):
    reader = make_client(db_copy)
    response = reader.post("/api/documents", json=ARTICLE, headers=auth)
    assert response.status_code == 404
    assert "writes are off" in response.json()["detail"]
    assert reader.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
        ({"Authorization": "Bearer"}, 401),
        ({"Authorization": "Bearer wrong-token-0123456789abcdef"}, 403),
        ({"Authorization": "Bearer test-token-0123456789abcdeX"}, 403),
    ],
)
def test_the_token_is_required(client, headers, status):
    before = stored(client)
    response = client.post("/api/documents", json=ARTICLE, headers=headers)
    assert response.status_code == status
    assert response.json()["detail"].startswith("E806")
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    assert stored(client) == before


def test_a_short_token_is_refused(db_copy):
    from comity.errors import ComityError
    from comity.web import create_app

    with pytest.raises(ComityError, match="E808"):
        create_app(db_copy, token="short")


def test_token_comparison_is_exact(client):
    web = client.app.state.web
    assert web.token_matches(web.token)
    assert not web.token_matches(web.token + "x")
    assert not web.token_matches("")


def test_body_limit_is_enforced_before_parsing(make_client, db_copy, auth):
    small = make_client(db_copy, token=auth["Authorization"].split()[1], body_limit=1000)
    big = json.dumps({"text": "Russia condemned China. " * 100})
    response = small.post("/api/documents", content=big, headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["detail"].startswith("E803")

    def chunks():  # no Content-Length: the limit is counted while reading
        for _ in range(20):
            yield b"x" * 100

    response = small.post("/api/documents", content=chunks(), headers={**auth, "Content-Type": "text/plain"})
    assert response.status_code == 413
    garbage = small.post(
        "/api/documents", content=b"{" * 2000, headers={**auth, "Content-Type": "application/json"}
    )
    assert garbage.status_code == 413  # refused on size, never parsed
    assert (
        small.get("/healthz").json()["documents"] == make_client(db_copy).get("/healthz").json()["documents"]
    )


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b"", "application/json", 400, "E807"),
        (b"{", "application/json", 400, "E807"),
        (b"\xff\xfe{", "application/json", 400, "E807"),
        (b"<doc/>", "application/xml", 415, "E804"),
        (b"text", "", 415, "E804"),
        (b"5", "application/json", 422, "E801"),
        (b"[]", "application/json", 422, "E801"),
        (b"{}", "application/json", 422, "E801"),
        (b'{"text": 5}', "application/json", 422, "E801"),
        (b'{"text": "   "}', "application/json", 422, "E801"),
        (b'{"text": "a", "html": "b"}', "application/json", 422, "E801"),
        (b'{"text": "Russia met China.", "colour": "red"}', "application/json", 422, "E801"),
        (b'{"html": "<p>x</p>", "title": "t"}', "application/json", 422, "E801"),
        (b'{"text": "Russia met China.", "published": "2025-03", "date": "2025-03"}', "application/json", 422,
         "E801"),
        (b'{"text": "Russia met China.", "published": "last Tuesday"}', "application/json", 422, "E113"),
        (b'[{"text": "Russia met China."}, 7]', "application/json", 422, "E801"),
        (b'{"html": "<html><body><nav>Menu</nav></body></html>"}', "application/json", 422, "E107"),
    ],
)  # fmt: skip
def test_bad_bodies_are_clear_4xx(client, auth, content, content_type, status, code):
    before = stored(client)
    headers = {**auth, "Content-Type": content_type} if content_type else auth
    response = client.post("/api/documents", content=content, headers=headers)
    assert response.status_code == status, response.text
    assert code in response.json()["detail"]
    assert stored(client) == before


def test_too_many_documents_in_one_request(client, auth):
    many = [{"text": f"Russia met China on day {n}."} for n in range(client.app.state.web.max_documents + 1)]
    response = client.post("/api/documents", json=many, headers=auth)
    assert response.status_code == 422 and "at most" in response.json()["detail"]


def test_raw_bodies_take_only_their_parameters(client, auth):
    headers = {**auth, "Content-Type": "text/plain"}
    response = client.post(
        "/api/documents", content=b"Russia met China.", headers=headers, params={"title": "x"}
    )
    assert response.status_code == 422 and "title" in response.json()["detail"]
    response = client.post("/api/documents", json=ARTICLE, headers=auth, params={"source": "x"})
    assert response.status_code == 422


def test_post_codes_stores_and_is_idempotent(client, auth):
    before = stored(client)
    first = client.post("/api/documents", json=ARTICLE, headers=auth)
    assert first.status_code == 201, first.text
    (doc,) = first.json()["documents"]
    assert doc["new"] is True and doc["events"] >= 2 and first.json()["errors"] == []
    after = stored(client)
    assert after == {"documents": before["documents"] + 1, "events": before["events"] + doc["events"]}
    again = client.post("/api/documents", json=ARTICLE, headers=auth)
    assert again.status_code == 201
    assert again.json()["documents"] == [{**doc, "new": False}]
    assert stored(client) == after
    document = client.get(f"/api/documents/{doc['id']}").json()
    assert (document["title"], document["url"], document["source"], document["published"]) == (
        ARTICLE["title"], ARTICLE["url"], ARTICLE["source"], ARTICLE["published"],
    )  # fmt: skip
    assert len(document["events"]) == doc["events"]
    for event in document["events"]:  # clustered at once: relation queries see the new events
        assert event["cluster_id"] is not None
        assert client.get(f"/api/events/{event['id']}").json()["cluster"]["id"] == event["cluster_id"]


def test_post_stores_what_comity_ingest_stores(client, auth, tmp_path):
    """The same record posted and ingested from a JSONL file gives the same document and events."""
    from comity.runner import ingest
    from comity.store import Store

    record = {
        **ARTICLE,
        "text": "ANKARA, May 2 - Turkey criticised Greece over a naval exercise in the Aegean on Friday.\n\n"
        "Greek officials rejected the criticism and said the exercise had been announced in advance.",
        "id": "same-record-1",
    }
    response = client.post("/api/documents", json=record, headers=auth)
    assert response.status_code == 201 and response.json()["documents"][0]["new"]
    corpus = tmp_path / "one.jsonl"
    as_jsonl = {**record, "date": record.pop("published")}
    corpus.write_text(json.dumps(as_jsonl) + "\n", encoding="utf-8")
    ingest([str(corpus)], db=tmp_path / "cli.duckdb")
    with Store(tmp_path / "cli.duckdb", read_only=True) as cli_store:
        cli_document = cli_store.document("same-record-1")
        cli_events = [e.to_dict() for e in cli_store.events(doc_id="same-record-1")]
    posted = client.get("/api/documents/same-record-1").json()
    assert cli_document is not None and cli_events
    for name in ("title", "url", "source", "published", "text", "flags", "citations"):
        assert posted[name] == getattr(cli_document, name), name
    strip = {"document", "cluster_id", "seq", "corroboration", "single_source", "publishers"}
    posted_events = sorted(({k: v for k, v in e.items() if k not in strip} for e in posted["events"]),
                           key=lambda e: e["id"])  # fmt: skip
    assert posted_events == sorted(cli_events, key=lambda e: e["id"])


def test_hostile_text_is_stored_and_returned_verbatim(client, auth):
    response = client.post("/api/documents", json={"text": XSS_TEXT, "title": XSS_TITLE}, headers=auth)
    assert response.status_code == 201, response.text
    (doc,) = response.json()["documents"]
    raw = client.get(f"/api/documents/{doc['id']}")
    assert raw.headers["content-type"] == "application/json"
    assert raw.headers["x-content-type-options"] == "nosniff"
    body = raw.json()
    assert body["title"] == XSS_TITLE
    assert (
        '<img src=x onerror="alert(1)">' in body["text"]
        and "</script><script>alert(2)</script>" in body["text"]
    )
    assert json.dumps(XSS_TITLE)[1:-1] in raw.text  # a JSON string, nothing else
    assert body["events"], "the hostile sentences still code as events"
    for event in body["events"]:
        assert body["text"][event["span"][0] : event["span"][1]] == event["text"]
    listed = client.get("/api/events", params={"q": "onerror", "limit": 500}).json()["items"]
    assert listed and all('onerror="alert(1)"' in e["text"] for e in listed)
    assert {e["document"]["title"] for e in listed} == {XSS_TITLE}


def test_raw_text_and_html_bodies(client, auth):
    text = "Japan and South Korea agreed to expand military cooperation in Tokyo on Friday."
    response = client.post(
        "/api/documents", content=text.encode("utf-8"),
        params={"published": "2025-02-07", "source": "raw-wire"},
        headers={**auth, "Content-Type": "text/plain; charset=utf-8"},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    (doc,) = response.json()["documents"]
    document = client.get(f"/api/documents/{doc['id']}").json()
    assert (document["published"], document["source"], document["text"].strip()) == (
        "2025-02-07",
        "raw-wire",
        text,
    )
    page = next(Path(examples_dir(), "pages").glob("*.html")).read_bytes()
    response = client.post("/api/documents", content=page, headers={**auth, "Content-Type": "text/html"})
    assert response.status_code == 201, response.text
    (doc,) = response.json()["documents"]
    assert doc["new"] is False and doc["events"] > 0  # the example page is already stored, by the same id


def test_a_list_with_a_bad_document_stores_the_good_ones(client, auth):
    good = {
        "text": "India and Pakistan agreed to a ceasefire on Saturday, officials said.",
        "published": "2025-05-10",
    }
    bad = {"html": "<html><body><footer>All rights reserved</footer></body></html>"}
    response = client.post("/api/documents", json=[bad, good, good], headers=auth)
    assert response.status_code == 201, response.text
    body = response.json()
    assert [e["index"] for e in body["errors"]] == [0]
    first, second = body["documents"]
    assert first["id"] == second["id"] and first["new"] and not second["new"]


def test_cursor_pages_stay_exact_while_documents_arrive(client, auth, fetch_all):
    before = [e["id"] for e in fetch_all(client)]
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 25}
    added = False
    while True:
        page = client.get("/api/events", params=params).json()
        seen += [e["id"] for e in page["items"]]
        if not added and len(seen) >= 50:
            record = {"text": "Brazil and Argentina signed a trade agreement in Buenos Aires on Monday.",
                      "published": "2025-04-07"}  # fmt: skip
            assert (
                client.post("/api/documents", json=record, headers=auth).json()["documents"][0]["events"] > 0
            )
            added = True
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    after = [e["id"] for e in fetch_all(client)]
    assert added and len(after) > len(before)
    assert seen == after  # every event once, the new ones at the end
    assert after[: len(before)] == before

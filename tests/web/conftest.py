"""Fixtures of the web tests: one store coded from examples/ through the real ingest path, once per
session (``web_db``, never written to), and clients of the app over copies of it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BASE_URL = "http://localhost"  # the app answers loopback Host names only


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> Path:
    """A DuckDB store of the example corpus (ingested, coded, clustered). Do not write to it:
    copy it (``db_copy``) first."""
    from comity.runner import examples_dir, ingest

    path = tmp_path_factory.mktemp("web") / "examples.duckdb"
    report = ingest([str(examples_dir())], db=path)
    assert report.events > 0 and not report.errors, report.to_dict()
    return path


@pytest.fixture
def db_copy(web_db: Path, tmp_path: Path) -> Path:
    """A private copy of the example store for a test that writes."""
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(web_db, path)
    return path


@pytest.fixture(scope="module")
def client(web_db: Path, tmp_path_factory) -> Iterator[Any]:
    """A client of the app (writes on) over a module-wide copy of the example store."""
    from fastapi.testclient import TestClient

    from comity.web import create_app

    path = tmp_path_factory.mktemp("web-client") / "examples.duckdb"
    shutil.copyfile(web_db, path)
    with TestClient(create_app(path, token=TOKEN), base_url=BASE_URL) as test_client:
        yield test_client


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """``make_client(db, **create_app options)`` -> a started TestClient, closed after the test."""
    from fastapi.testclient import TestClient

    from comity.web import create_app

    opened: list[Any] = []

    def make(db: Path, **options: Any) -> Any:
        base_url = options.pop("base_url", BASE_URL)
        test_client = TestClient(create_app(db, **options), base_url=base_url)
        test_client.__enter__()
        opened.append(test_client)
        return test_client

    yield make
    for test_client in reversed(opened):
        test_client.__exit__(None, None, None)


@pytest.fixture(scope="session")
def auth() -> dict[str, str]:
    """The Authorization header of the clients' write token."""
    return dict(AUTH)


@pytest.fixture(scope="session")
def fetch_all() -> Callable[..., list[dict[str, Any]]]:
    """``fetch_all(client, **filters)``: every event of a query, following next_cursor."""
    return all_events


def all_events(client: Any, **filters: Any) -> list[dict[str, Any]]:
    """Every event of a query, following next_cursor."""
    items: list[dict[str, Any]] = []
    params = {**filters, "limit": 500}
    while True:
        response = client.get("/api/events", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        if not page["next_cursor"]:
            return items
        params["cursor"] = page["next_cursor"]

"""``comity serve``: a real server process on a free loopback port, and the command's options."""

from __future__ import annotations

import httpx
import pytest

from comity.cli_web import resolve_token
from comity.errors import ComityError
from comity.web.launch import served, start


@pytest.mark.slow
def test_comity_serve_answers_on_loopback_and_stops(db_copy, tmp_path):
    with served(db_copy, log=tmp_path / "serve.log", args=["--log-level", "warning"]) as server:
        health = httpx.get(f"{server.url}/healthz", timeout=10)
        assert health.status_code == 200
        assert health.json()["status"] == "ok" and health.json()["events"] > 0
        events = httpx.get(f"{server.url}/api/events", params={"limit": 3}, timeout=10)
        assert events.status_code == 200 and len(events.json()["items"]) == 3
        assert "uvicorn" not in events.headers.get("server", "")
        write = httpx.post(f"{server.url}/api/documents", json={"text": "Russia met China."}, timeout=10)
        assert write.status_code == 404  # no token: writes are off
        rebinding = httpx.get(f"{server.url}/healthz", headers={"Host": "attacker.example"}, timeout=10)
        assert rebinding.status_code == 400
    assert server.process.returncode is not None  # stopped


def test_a_server_that_cannot_start_says_why(tmp_path):
    not_a_store = tmp_path / "notes.duckdb"
    not_a_store.write_text("not a database", encoding="utf-8")
    with pytest.raises(ComityError, match=r"E808.*exited") as info:
        start(not_a_store, log=tmp_path / "serve.log", timeout=60)
    assert "E301" in str(info.value)  # the server's own one-line error, from its log


def test_token_sources_in_order(monkeypatch):
    monkeypatch.setenv("MY_TOKEN", "from-the-environment-123")
    assert resolve_token("from-the-option-1234567", "MY_TOKEN") == "from-the-option-1234567"
    assert resolve_token(None, "MY_TOKEN") == "from-the-environment-123"
    monkeypatch.delenv("MY_TOKEN")
    assert resolve_token(None, "MY_TOKEN") is None
    assert resolve_token("   ", "MY_TOKEN") is None


def test_serve_refuses_a_short_token(db_copy):
    from typer.testing import CliRunner

    from comity.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(db_copy), "--token", "short"])
    assert result.exit_code == 1
    assert "E808" in result.output

"""``comity serve``: a real server process on a free loopback port, and the command's options."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from comity.cli_web import resolve_token

START_SECONDS = 60  # model-free start-up, but a loaded 2-core machine is slow to import


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_comity_serve_answers_on_loopback_and_stops(db_copy):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "COMITY_TOKEN"}
    command = [sys.executable, "-m", "comity", "serve", "--db", str(db_copy), "--port", str(port),
               "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert health is not None, (
            process.stderr.read().decode() if process.poll() is not None else "no answer"
        )
        assert health.status_code == 200
        assert health.json()["status"] == "ok" and health.json()["events"] > 0
        events = httpx.get(f"{base}/api/events", params={"limit": 3}, timeout=10)
        assert events.status_code == 200 and len(events.json()["items"]) == 3
        assert "uvicorn" not in events.headers.get("server", "")
        write = httpx.post(f"{base}/api/documents", json={"text": "Russia met China."}, timeout=10)
        assert write.status_code == 404  # no token: writes are off
        rebinding = httpx.get(f"{base}/healthz", headers={"Host": "attacker.example"}, timeout=10)
        assert rebinding.status_code == 400
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    assert process.returncode is not None


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

"""``comity serve``: the HTTP API and dashboard over a store (registered on the main app by
comity.cli). Thin: checks options, builds the app with :func:`comity.web.create_app`, runs uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from comity.cli import DbOpt, _console, _fail, app
from comity.errors import ComityError, E


def resolve_token(token: str | None, token_env: str) -> str | None:
    """The write token: ``--token``, else the environment variable ``token_env``, else the
    setting ``web.token``; None (writes off) when all are empty."""
    from comity.settings import load_settings

    for value in (token, os.environ.get(token_env), load_settings().get("web.token")):
        if value and str(value).strip():
            return str(value).strip()
    return None


@app.command("serve")
def serve_cmd(
    db: DbOpt = Path("comity.duckdb"),
    host: Annotated[str, typer.Option(help="Address to bind; loopback by default.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    token_env: Annotated[
        str, typer.Option("--token-env", help="Environment variable holding the write token.")
    ] = "COMITY_TOKEN",
    token: Annotated[
        str | None,
        typer.Option("--token", help="Write token (visible in the process list: prefer --token-env)."),
    ] = None,
    allow_host: Annotated[
        list[str] | None, typer.Option("--allow-host", help="Also answer requests for this Host name.")
    ] = None,
    cors_origin: Annotated[
        list[str] | None, typer.Option("--cors-origin", help="Allow cross-origin requests from this origin.")
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the HTTP API (/docs lists it) and the dashboard over a store. POST /api/documents
    is on only when a token is set ($COMITY_TOKEN, --token-env, --token or setting web.token)."""
    import uvicorn

    from comity.web import create_app

    secret = resolve_token(token, token_env)
    hosts = list(allow_host or [])
    if host not in ("127.0.0.1", "localhost", "::1"):
        hosts.append("*" if host in ("0.0.0.0", "::") else host)
    try:
        web_app = create_app(db, token=secret, allowed_hosts=hosts, cors_origins=cors_origin or [])
    except ComityError as exc:
        _fail(exc)
    console = _console(stderr=True)
    shown = f"[{host}]" if ":" in host else host
    writes = "on (token set)" if secret else "off (no token)"
    console.print(f"comity serve: {db} on http://{shown}:{port}/  (API docs /docs, writes {writes})")
    try:
        uvicorn.run(web_app, host=host, port=port, log_level=log_level, server_header=False)
    except (OSError, SystemExit) as exc:
        _fail(ComityError(E.E808, where=f"{host}:{port}", detail=str(exc) or "cannot start the server"))

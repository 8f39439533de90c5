"""The FastAPI app: :func:`create_app` opens the store once, mounts the routers, the dashboard's
static files and plotly.js (served from the installed plotly package, no CDN), an offline /docs
page, JSON error bodies, a Host-header check and security headers on every response."""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from comity.errors import ComityError, E
from comity.settings import load_settings
from comity.store import Store
from comity.web.docs import docs_html
from comity.web.params import ApiError
from comity.web.state import LOOPBACK_HOSTS, WebState

STATIC = Path(__file__).resolve().parent / "static"

#: the dashboard's rules: own scripts only (no inline script, no eval), styles may be inline
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class GuardMiddleware:
    """Pure ASGI: refuse a Host header that is not ours (DNS rebinding: a web page whose name
    resolves to 127.0.0.1 must not read the API) and add the security headers."""

    def __init__(self, app: Any, *, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = {h.lower().strip("[]") for h in allowed_hosts}
        self.any_host = "*" in self.hosts

    @staticmethod
    def host_of(scope: dict[str, Any]) -> str:
        for name, value in scope.get("headers", []):
            if name == b"host":
                host = value.decode("latin-1").strip().lower()
                if host.startswith("["):
                    return host[1 : host.find("]")] if "]" in host else ""
                return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        return ""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = self.host_of(scope)
        if not self.any_host and host not in self.hosts:
            error = ComityError(
                E.E801, where="Host", detail=f"{host!r} is not served here (see --allow-host)"
            )
            response = JSONResponse({"detail": str(error)}, status_code=400)
            await _with_headers(response, scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _with_headers(response: Any, scope: Any, receive: Any, send: Any) -> None:
    async def send_with_headers(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
        await send(message)

    await response(scope, receive, send_with_headers)


def plotly_js() -> Path | None:
    """plotly.min.js inside the installed plotly package, if plotly is installed."""
    try:
        import plotly
    except ImportError:
        return None
    path = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    return path if path.is_file() else None


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _error(exc.status, str(exc.error), headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        error = ComityError(E.E801, where=where, detail=str(first.get("msg", "invalid")))
        return _error(422, str(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(ComityError)
    async def comity_error(_request: Request, exc: ComityError) -> JSONResponse:
        return _error(500, str(exc))


def _install_static(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        page = STATIC / "index.html"
        if not page.is_file():
            raise ApiError(404, E.E802, "/", "the dashboard (static/index.html) is not installed")
        return FileResponse(page, media_type="text/html; charset=utf-8")

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly() -> FileResponse:
        path = plotly_js()
        if path is None:
            raise ApiError(404, E.E802, "plotly.min.js", "the plotly package is not installed")
        return FileResponse(path, media_type="text/javascript; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_html(app.openapi()))

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")


def create_app(
    db: str | os.PathLike | Store,
    *,
    token: str | None = None,
    body_limit: int | None = None,
    allowed_hosts: Iterable[str] = (),
    cors_origins: Iterable[str] = (),
) -> FastAPI:
    """The comity web app over a store (a path, opened writable now, or an open Store; a store
    opened here is closed at shutdown). ``token`` turns writes on (POST /api/documents).
    Requests must name a loopback host or one of ``allowed_hosts`` (``"*"``: any). CORS is off
    unless ``cors_origins`` lists origins."""
    from comity.provenance import ensure_quality
    from comity.relations import ensure_clusters
    from comity.web import api, ingest, provenance_api, relations_api

    settings = load_settings()
    owned = not isinstance(db, Store)
    store = Store(db) if owned else db
    try:
        if not store.read_only:
            ensure_quality(store)  # documents from before provenance, or an interrupted run
            ensure_clusters(store)  # relation reads need every event clustered
        web = WebState(
            store=store,
            token=token or None,
            body_limit=int(
                body_limit if body_limit is not None else settings.get("web.body_limit", 5_000_000)
            ),
            max_documents=int(settings.get("web.max_documents", 100)),
        )
    except BaseException:
        if owned:
            store.close()
        raise

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        try:
            yield
        finally:
            if owned:
                store.close()

    from comity import __version__

    app = FastAPI(
        title="comity",
        version=__version__,
        description="Political event data and relations between actors, from a comity store.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.web = web
    app.state.param_names = {}
    _install_handlers(app)
    app.include_router(api.router)
    app.include_router(relations_api.router)
    app.include_router(provenance_api.router)
    app.include_router(ingest.router)
    _install_static(app)
    origins = [o for o in cors_origins if o]
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )  # fmt: skip
    hosts = [*LOOPBACK_HOSTS, *settings.get("web.allowed_hosts", ()), *allowed_hosts]
    app.add_middleware(GuardMiddleware, allowed_hosts=hosts)
    return app

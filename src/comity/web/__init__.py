"""The HTTP API and web dashboard of comity (``comity serve``): FastAPI routes over one store.

from comity.web import create_app
app = create_app("comity.duckdb", token=None)   # read-only API; a token turns writes on
"""

from __future__ import annotations

from comity.web.app import create_app

__all__ = ["create_app"]

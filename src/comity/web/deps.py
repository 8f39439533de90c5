"""FastAPI dependencies shared by the routers: the app's state, and a guard that refuses query
parameters a route does not know (``?actr=RUS`` must not silently list every event)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from comity.web.params import bad
from comity.web.state import WebState


def state(request: Request) -> WebState:
    return request.app.state.web


def _query_names(dependant: Any) -> set[str]:
    """Query parameter names of a route and of its sub-dependencies."""
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_params(request: Request) -> None:
    """422 for a query parameter the matched route does not declare."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    cache = request.app.state.param_names
    names = cache.get(id(route))
    if names is None:
        names = frozenset(_query_names(dependant))
        cache[id(route)] = names
    unknown = sorted(set(request.query_params) - names)
    if unknown:
        known = ", ".join(sorted(names)) or "none"
        raise bad(unknown[0], f"unknown parameter; this endpoint takes: {known}")

"""Provenance routes: /api/sources (per publisher) and /api/claims (the verification queue).
Each calls one function of :mod:`comity.provenance` on a read view of the store."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from comity.web import params, queries
from comity.web.convert import records
from comity.web.deps import known_params, state
from comity.web.state import WebState

router = APIRouter(dependencies=[Depends(known_params)], tags=["provenance"])

State = Annotated[WebState, Depends(state)]


def _page(items: list, limit: int, offset: int, total: int) -> dict:
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next_cursor": None}


@router.get("/api/sources", summary="Publishers: documents, hedging, corroboration, quality")
def sources(
    web: State,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    """One item per publisher: documents, copies (near-duplicates of earlier documents), events,
    hedged (share of its events), corroborated (share another publisher also reports), quality
    (mean document score)."""
    from comity.provenance import sources as find

    with web.reader(relations=True) as view:
        frame = find(view)
    items = records(frame.iloc[offset : offset + limit])
    return JSONResponse(_page(items, limit, offset, len(frame)))


@router.get("/api/claims", summary="Claims to verify: high-impact events, hedged or single-source")
def claims(
    web: State,
    since: Annotated[str | None, Query(description="First event date YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="Last event date YYYY-MM-DD.")] = None,
    min_goldstein: Annotated[
        float | None, Query(ge=0, le=10, description="High impact from this |Goldstein| (default 6).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    """The verification queue, most important first: each item has its ``reasons``, the
    evidence sentence with ``span``/``trigger_span``, the document and the publishers."""
    from comity.provenance import claims as find

    first, last = params.window(since, until)
    with web.reader(relations=True) as view:
        frame = find(
            view, since=first, until=last, limit=limit, offset=offset, min_abs_goldstein=min_goldstein
        )
        items = records(frame)
        details = queries.evidence_details(view.con, [item["event_id"] for item in items])
    for item in items:
        item.update(details.get(item["event_id"], {}))
    return JSONResponse(_page(items, limit, offset, frame.attrs["total"]))

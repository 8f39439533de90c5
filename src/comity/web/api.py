"""Read routes over stored events and documents: /healthz, /api/events, /api/events/{id},
/api/documents/{id}. Handlers are plain functions (FastAPI runs them in its thread pool), each
on its own cursor."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from comity.errors import E
from comity.web import params, queries
from comity.web.deps import known_params, state
from comity.web.params import ApiError
from comity.web.state import WebState

router = APIRouter(dependencies=[Depends(known_params)])

MAX_LIMIT = 500
State = Annotated[WebState, Depends(state)]


def _not_found(kind: str, key: str) -> ApiError:
    return ApiError(404, E.E802, kind, f"no {kind} {key!r}")


@router.get("/healthz", tags=["meta"], summary="Liveness and store counts")
def healthz(web: State) -> JSONResponse:
    """``{"status": "ok", "documents": n, "events": n, "schema_version": v}``."""
    with web.reader() as view:
        ((documents, events),) = view.con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)"
        ).fetchall()
    body = {
        "status": "ok",
        "documents": int(documents),
        "events": int(events),
        "schema_version": view.version,
    }
    return JSONResponse(body)


@router.get("/api/events", tags=["events"], summary="Events, filtered and paged")
def list_events(
    web: State,
    actor: Annotated[str | None, Query(description="Actor key or code on either side (RUS, NATO).")] = None,
    source: Annotated[str | None, Query(description="Actor key or code on the source side.")] = None,
    target: Annotated[str | None, Query(description="Actor key or code on the target side.")] = None,
    dyad: Annotated[str | None, Query(description="A,B: events between A and B, either direction.")] = None,
    event_type: Annotated[
        str | None, Query(alias="type", description="PLOVER type, or a comma list.")
    ] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="Quad class 1-4.")] = None,
    modality: Annotated[
        str | None, Query(description="asserted, intended, hedged, reported, hypothetical.")
    ] = None,
    since: Annotated[str | None, Query(description="First event date YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="Last event date YYYY-MM-DD.")] = None,
    q: Annotated[
        str | None, Query(description="Text in the evidence sentence or the document title.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    cursor: Annotated[
        str | None, Query(max_length=200, description="next_cursor of the previous page.")
    ] = None,
    min_corroboration: Annotated[
        int | None,
        Query(ge=1, le=1000, description="Only events at least this many independent publishers report."),
    ] = None,
    order: Annotated[Literal["asc", "desc"], Query(description="By insertion order.")] = "asc",
    total: Annotated[bool, Query(description="Count every match (slower on big stores).")] = False,
) -> JSONResponse:
    """Events in insertion order with their document and cluster id. Page with ``cursor``
    (stable while events are added) or ``limit``/``offset``."""
    first, last = params.window(since, until)
    f = queries.EventFilter(
        actor=params.actor(actor, "actor"),
        source=params.actor(source, "source"),
        target=params.actor(target, "target"),
        dyad=params.dyad(dyad),
        types=tuple(params.event_types(event_type)),
        quad=quad,
        modalities=tuple(params.modalities(modality)),
        since=first,
        until=last,
        q=params.text_query(q),
        min_corroboration=min_corroboration,
    )
    fingerprint = params.fingerprint({**f.key(), "order": order})
    after = params.decode_cursor(cursor, fingerprint) if cursor else None
    with web.reader() as view:
        rows = queries.list_events(
            view.con, f, limit=limit + 1, offset=offset, after=after, descending=order == "desc"
        )
        count = queries.count_events(view.con, f) if total else None
    more = len(rows) > limit
    items = rows[:limit]
    next_cursor = params.encode_cursor(items[-1]["seq"], fingerprint) if more and items else None
    body = {
        "items": items,
        "total": count,
        "limit": limit,
        "offset": 0 if after is not None else offset,
        "next_cursor": next_cursor,
    }
    return JSONResponse(body)


@router.get("/api/events/{event_id}", tags=["events"], summary="One event with its cluster")
def get_event(event_id: str, web: State) -> JSONResponse:
    """The event, its document and ``cluster``: the real-world event it is a mention of, with
    the other mentions."""
    with web.reader() as view:
        event = queries.get_event(view.con, event_id)
        if event is None:
            raise _not_found("event", event_id)
        event["cluster"] = queries.get_cluster(view.con, event["cluster_id"]) if event["cluster_id"] else None
    return JSONResponse(event)


@router.get("/api/documents/{doc_id}", tags=["documents"], summary="One document with its events")
def get_document(doc_id: str, web: State) -> JSONResponse:
    """The cleaned text (event spans index into it), quality flags, citations, near-duplicate
    link and every event coded from it."""
    with web.reader() as view:
        document = queries.get_document(view.con, doc_id)
    if document is None:
        raise _not_found("document", doc_id)
    return JSONResponse(document)

"""Relation routes: /api/relations, /api/dyads/{a}/{b}/series, /api/network, /api/triads,
/api/alerts. Each calls one function of :mod:`comity.relations` on a read view of the store and
sends its DataFrame as JSON; evidence entries get their trigger words, spans and document title."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from comity.web import params, queries
from comity.web.convert import jsonable, records
from comity.web.deps import known_params, state
from comity.web.series import dyad_points
from comity.web.state import WebState

router = APIRouter(dependencies=[Depends(known_params)], tags=["relations"])

State = Annotated[WebState, Depends(state)]
Since = Annotated[str | None, Query(description="First event date YYYY-MM-DD.")]
Until = Annotated[str | None, Query(description="Last event date YYYY-MM-DD.")]
Actor = Annotated[str | None, Query(description="Only dyads of this actor key (RUS, NATO).")]
MinEvents = Annotated[int, Query(ge=1, le=1_000_000, description="Leave out dyads with fewer events.")]
EVIDENCE = 3


@cache
def actor_label(key: str) -> str:
    """A node's display name: the state's short name for a state code, else the key itself."""
    from comity.actors.dictionary import load_dictionary

    entry = load_dictionary().state(key) if len(key) == 3 and key.isupper() else None
    return entry.name if entry is not None else key


def _enrich(con: Any, evidence_lists: list[list[dict[str, Any]]]) -> None:
    """Add eventText, span, trigger_span and document_title to evidence entries, in place."""
    ids = [e["event_id"] for lst in evidence_lists for e in lst if e.get("event_id")]
    details = queries.evidence_details(con, ids)
    for lst in evidence_lists:
        for e in lst:
            e.update(details.get(e.get("event_id"), {}))


def _page(items: list[Any], limit: int, offset: int, total: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next_cursor": None}


@router.get("/api/relations", summary="Relation scores per dyad, with evidence")
def relations(
    web: State,
    since: Since = None,
    until: Until = None,
    as_of: Annotated[
        str | None, Query(description="Score date YYYY-MM-DD (default: until or the latest event).")
    ] = None,
    actor: Actor = None,
    min_events: MinEvents = 1,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    """Smoothed cooperation-conflict score, trend and label per dyad, heaviest evidence first."""
    from comity.relations import relation_scores

    first, last = params.window(since, until)
    day = params.day(as_of, "as_of")
    key = params.actor(actor, "actor")
    with web.reader(relations=True) as view:
        frame = relation_scores(
            view, key, None, as_of=day.isoformat() if day else None, since=first, until=last,
            min_events=min_events, evidence=EVIDENCE,
        )  # fmt: skip
        total = len(frame)
        items = records(frame.iloc[offset : offset + limit])
        _enrich(view.con, [item["evidence"] for item in items])
    return JSONResponse(_page(items, limit, offset, total))


@router.get("/api/dyads/{a}/{b}/series", summary="A dyad's series per period")
def series(
    a: str,
    b: str,
    web: State,
    by: Annotated[Literal["day", "week", "month", "year"], Query()] = "week",
    since: Since = None,
    until: Until = None,
) -> JSONResponse:
    """Events, cooperative and conflictual counts, weighted mean Goldstein and the relation score
    per period, oldest first, empty periods included."""
    first, last = params.window(since, until)
    key_a, key_b = params.actor(a, "a"), params.actor(b, "b")
    assert key_a is not None and key_b is not None
    if key_a == key_b:
        raise params.bad("b", "the two actors are the same")
    with web.reader(relations=True) as view:
        points = dyad_points(view, key_a, key_b, by=by, since=first, until=last)
    return JSONResponse({"a": key_a, "b": key_b, "by": by, "points": points})


@router.get("/api/network", summary="The signed actor network with blocs")
def network(
    web: State,
    since: Since = None,
    until: Until = None,
    min_events: MinEvents = 1,
    limit: Annotated[int, Query(ge=1, le=5000, description="Most edges sent, strongest first.")] = 300,
) -> JSONResponse:
    """Nodes (actors, their bloc) and edges (relation score, sign, events) of the window;
    ``frustration`` is the strength of edges that go against the blocs."""
    from comity.relations import network as build
    from comity.relations.network import frustration

    first, last = params.window(since, until)
    with web.reader(relations=True) as view:
        net = build(view, first, last, min_events=min_events, evidence=EVIDENCE)
        blocs = {node: data["bloc"] for node, data in net.graph.nodes(data=True)}
        nodes = [
            {"id": row["key"], "label": actor_label(str(row["key"])), "events": row["events"],
             "bloc": row["bloc"], "degree": row["degree"], "positive": row["positive"],
             "negative": row["negative"]}
            for row in records(net.nodes)
        ]  # fmt: skip
        strongest = net.edges.sort_values(["strength", "a", "b"], ascending=[False, True, True]).head(limit)
        edges = [
            {"source": row["a"], "target": row["b"], "score": row["score"], "label": row["label"],
             "events": row["events"], "sign": row["sign"], "strength": row["strength"],
             "weight": row["weight"], "evidence": row["evidence"]}
            for row in records(strongest)
        ]  # fmt: skip
        _enrich(view.con, [edge["evidence"] for edge in edges])
    body = {
        "nodes": nodes,
        "edges": edges,
        "edges_total": len(net.edges),
        "frustration": jsonable(frustration(net.graph, blocs)),
    }
    return JSONResponse(body)


@router.get("/api/triads", summary="Unbalanced triads of the signed network")
def triads(
    web: State,
    since: Since = None,
    until: Until = None,
    actor: Annotated[str | None, Query(description="Only triads with this actor.")] = None,
    balanced: Annotated[bool, Query(alias="all", description="Balanced triads too.")] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    """Triangles whose sign product is negative (under strain), strongest first, each edge with
    its score and evidence."""
    from comity.relations import triads as find

    first, last = params.window(since, until)
    key = params.actor(actor, "actor")
    with web.reader(relations=True) as view:
        frame = find(view, since=first, until=last, actor=key, unbalanced_only=not balanced)
        items = records(frame.iloc[offset : offset + limit])
        _enrich(view.con, [edge["evidence"] for item in items for edge in item["edges"]])
    return JSONResponse(_page(items, limit, offset, len(frame)))


@router.get("/api/alerts", summary="Dyad-weeks that break with their baseline")
def alerts(
    web: State,
    since: Since = None,
    until: Until = None,
    actor: Actor = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    """Weeks since ``since`` (default: the last four weeks of data) whose net weighted Goldstein
    is ``z`` standard deviations from the dyad's own trailing weeks, newest first."""
    from comity.relations import alerts as find

    first, last = params.window(since, until)
    key = params.actor(actor, "actor")
    with web.reader(relations=True) as view:
        frame = find(view, since=first, until=last, actor=key, evidence=EVIDENCE)
        items = records(frame.iloc[offset : offset + limit])
        for item in items:
            item["period"] = item["week"]
        _enrich(view.con, [item["evidence"] for item in items])
    return JSONResponse(_page(items, limit, offset, len(frame)))

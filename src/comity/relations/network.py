"""The signed actor network of a time window, its blocs and its unbalanced triads.

Edges are the relation scores of the window (``scores.py``, scored as of the window's end): an
edge's ``sign`` is +1 for a cooperative or allied dyad, -1 for a strained or hostile one and 0
for a neutral one; its ``strength`` is ``|score| x ln(1 + events)``, so a relation resting on many
events weighs more than one resting on a single report.

Blocs (signed community detection). A partition of the actors is *frustrated* by every positive
edge between two blocs and every negative edge inside one; blocs minimise the total strength of
frustrated edges. Start: the connected components of the positive edges. Then local moves: each
actor in turn (sorted, so the result is reproducible) moves to the bloc of a neighbour, or to a
bloc of its own, when that lowers the frustration, until a full pass moves no one (at most 50
passes). Blocs are numbered by size, largest first.

Triads. By structural balance a triangle is balanced when the product of its three edge signs
is positive (friend of a friend, enemy of an enemy) and unbalanced — under strain — when it is
negative (two friends who fall out over a third, or three mutual enemies). :func:`triads` lists
the triangles of non-neutral edges, unbalanced first, each edge with its score and evidence.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from comity.relations.keys import normalise_key, sign
from comity.relations.scores import relation_scores

if TYPE_CHECKING:
    import networkx as nx
    import pandas

    from comity.store import Store

MAX_PASSES = 50


@dataclass(slots=True)
class Network:
    """A signed actor graph: ``graph`` (networkx, edge attributes ``score``, ``sign``, ``label``,
    ``events``, ``weight``, ``strength``, ``evidence``; node attribute ``bloc``), ``nodes``
    (key, bloc, degree, positive, negative, events) and ``edges`` (the relation scores with
    ``sign`` and ``strength``)."""

    graph: nx.Graph
    nodes: pandas.DataFrame
    edges: pandas.DataFrame
    since: str | None
    until: str | None


def network(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    *,
    min_events: int = 1,
    evidence: int = 3,
) -> Network:
    """The signed network of the events dated in [since, until], with blocs."""
    import networkx as nx
    import pandas as pd

    edges = relation_scores(store, since=since, until=until, min_events=min_events, evidence=evidence)
    edges["sign"] = [sign(s) for s in edges["score"]]
    edges["strength"] = [abs(s) * math.log1p(n) for s, n in zip(edges["score"], edges["events"], strict=True)]
    graph = nx.Graph()
    attrs = ("score", "sign", "label", "events", "weight", "strength", "trend", "evidence")
    for row in edges[["a", "b", *attrs]].itertuples(index=False):
        graph.add_edge(row.a, row.b, **{name: getattr(row, name) for name in attrs})
    blocs = signed_blocs(graph)
    nx.set_node_attributes(graph, blocs, "bloc")
    nodes = pd.DataFrame(
        [
            {
                "key": node,
                "bloc": blocs[node],
                "degree": graph.degree(node),
                "positive": sum(1 for _, _, d in graph.edges(node, data=True) if d["sign"] > 0),
                "negative": sum(1 for _, _, d in graph.edges(node, data=True) if d["sign"] < 0),
                "events": int(sum(d["events"] for _, _, d in graph.edges(node, data=True))),
            }
            for node in sorted(graph)
        ],
        columns=["key", "bloc", "degree", "positive", "negative", "events"],
    )
    if len(nodes):
        nodes = nodes.sort_values(["bloc", "events", "key"], ascending=[True, False, True]).reset_index(
            drop=True
        )
    return Network(graph=graph, nodes=nodes, edges=edges, since=since, until=until)


def frustration(graph: nx.Graph, blocs: dict[Any, int]) -> float:
    """Total strength of positive edges between blocs and negative edges within one."""
    total = 0.0
    for u, v, data in graph.edges(data=True):
        same = blocs[u] == blocs[v]
        if (data.get("sign", 0) > 0 and not same) or (data.get("sign", 0) < 0 and same):
            total += float(data.get("strength", 1.0))
    return total


def signed_blocs(graph: nx.Graph) -> dict[Any, int]:
    """Blocs of a signed graph (edge attributes ``sign`` and ``strength``): node -> bloc number."""
    import networkx as nx

    positive = nx.Graph()
    positive.add_nodes_from(graph)
    positive.add_edges_from((u, v) for u, v, d in graph.edges(data=True) if d.get("sign", 0) > 0)
    bloc: dict[Any, int] = {}
    for number, component in enumerate(sorted(nx.connected_components(positive), key=_order)):
        for node in component:
            bloc[node] = number
    fresh = len(set(bloc.values()))
    for _ in range(MAX_PASSES):
        moved = False
        for node in sorted(graph, key=str):
            # net[B]: strength of positive minus negative edges from node into bloc B;
            # the frustration around node is lowest in the bloc with the highest net
            net: dict[int, float] = defaultdict(float)
            for other, data in graph[node].items():
                if other != node:
                    net[bloc[other]] += float(data.get("strength", 1.0)) * (data.get("sign", 0) or 0)
            here = net.get(bloc[node], 0.0)
            best, best_net = bloc[node], here
            for candidate in sorted(net):
                if net[candidate] > best_net + 1e-9:
                    best, best_net = candidate, net[candidate]
            if best_net < -1e-9:
                best, best_net = fresh, 0.0  # better alone than among enemies
            if best != bloc[node] and best_net > here + 1e-9:
                bloc[node] = best
                fresh += best == fresh
                moved = True
        if not moved:
            break
    members: dict[int, list[Any]] = defaultdict(list)
    for node, number in bloc.items():
        members[number].append(node)
    ordered = sorted(members.values(), key=_order)
    return {node: rank for rank, group in enumerate(ordered) for node in group}


def _order(group: Any) -> tuple[int, str]:
    return (-len(group), min(str(n) for n in group))


def triads(
    store: Store | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    unbalanced_only: bool = True,
    limit: int | None = None,
    net: Network | None = None,
) -> pandas.DataFrame:
    """Triangles of non-neutral edges (from ``net``, or the network of the window): columns
    ``a``, ``b``, ``c`` (sorted), ``signs`` ("+ + -" for ab, bc, ac), ``balanced``, ``strain``
    (the weakest edge's strength: how firmly the triangle is established) and ``edges`` (a list
    of dicts: pair, score, label, events, evidence). Unbalanced first, then by strain."""
    import pandas as pd

    if net is None:
        if store is None:
            raise ValueError("triads() needs a store or a network")
        net = network(store, since, until)
    graph = net.graph
    signed = {n: {m for m, d in graph[n].items() if d["sign"] != 0 and m != n} for n in graph}
    wanted = normalise_key(actor) if actor else None
    rows = []
    for a in sorted(signed, key=str):
        for b in sorted((n for n in signed[a] if str(n) > str(a)), key=str):
            for c in sorted((n for n in signed[a] & signed[b] if str(n) > str(b)), key=str):
                if wanted and wanted not in (a, b, c):
                    continue
                trio = [(a, b), (b, c), (a, c)]
                signs = [graph[x][y]["sign"] for x, y in trio]
                balanced = signs[0] * signs[1] * signs[2] > 0
                if unbalanced_only and balanced:
                    continue
                rows.append(
                    {
                        "a": a,
                        "b": b,
                        "c": c,
                        "signs": " ".join("+" if s > 0 else "-" for s in signs),
                        "balanced": balanced,
                        "strain": min(graph[x][y]["strength"] for x, y in trio),
                        "edges": [_edge(graph, x, y) for x, y in trio],
                    }
                )
    columns = ["a", "b", "c", "signs", "balanced", "strain", "edges"]
    frame = pd.DataFrame(rows, columns=columns)
    if len(frame):
        frame = frame.sort_values(
            ["balanced", "strain", "a", "b", "c"], ascending=[True, False, True, True, True]
        )
        frame = frame.reset_index(drop=True)
    return frame.head(limit) if limit is not None else frame


def _edge(graph: nx.Graph, x: str, y: str) -> dict[str, Any]:
    data = graph[x][y]
    return {
        "pair": f"{x}-{y}",
        "score": float(data["score"]),
        "label": data["label"],
        "events": int(data["events"]),
        "evidence": data["evidence"],
    }

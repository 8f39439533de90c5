"""The actor network as GraphML or GEXF (Gephi, networkx, igraph, R).

Nodes are actor codes (``USA``, ``IGO``) with a ``label`` (the country's name for states),
``events_sent`` and ``events_received``. A directed edge runs from each source code to each
target code of an event (an event counts once per pair; an actor acting on its own code is no
edge). Edge attributes: ``events``, ``cooperative`` (quad 1-2), ``conflictual`` (quad 3-4),
``verbal_cooperation``, ``material_cooperation``, ``verbal_conflict``, ``material_conflict``,
``mean_goldstein``, ``first_date``, ``last_date``. ``edge_scores`` adds more numbers per
``(source, target)`` pair, e.g. relation scores from the relations stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from comity.formats.common import Record, event_quad, is_state, state_name

if TYPE_CHECKING:
    import networkx as nx

#: (source code, target code) -> {attribute: value}: extra edge attributes
EdgeScores = Mapping[tuple[str, str], Mapping[str, float]]

QUAD_NAMES = {
    1: "verbal_cooperation",
    2: "material_cooperation",
    3: "verbal_conflict",
    4: "material_conflict",
}


@dataclass(slots=True)
class _Edge:
    events: int = 0
    goldstein: float = 0.0
    first: str = ""
    last: str = ""

    def add(self, goldstein: float, date: str) -> None:
        self.events += 1
        self.goldstein += goldstein
        if date and (not self.first or date < self.first):
            self.first = date
        if date and date > self.last:
            self.last = date


def build(records: Iterable[Record], *, edge_scores: EdgeScores | None = None) -> nx.DiGraph:
    """The directed actor network of these events."""
    import networkx as nx

    graph = nx.DiGraph()
    edges: dict[tuple[str, str], _Edge] = {}
    quads: dict[tuple[str, str], dict[int, int]] = {}
    sent: dict[str, int] = {}
    received: dict[str, int] = {}
    for record in records:
        event = record.event
        sources = {a.code for a in event.source if a.code}
        targets = {a.code for a in event.target if a.code}
        for code in sources:
            sent[code] = sent.get(code, 0) + 1
        for code in targets:
            received[code] = received.get(code, 0) + 1
        quad = event_quad(event)
        for s in sorted(sources):
            for t in sorted(targets - {s}):
                edges.setdefault((s, t), _Edge()).add(event.goldstein, event.date)
                counts = quads.setdefault((s, t), {})
                counts[quad] = counts.get(quad, 0) + 1
    for code in sorted(set(sent) | set(received)):
        graph.add_node(
            code,
            label=(state_name(code) if is_state(code) else "") or code,
            events_sent=sent.get(code, 0),
            events_received=received.get(code, 0),
        )
    for (s, t), edge in sorted(edges.items()):
        counts = quads[(s, t)]
        attributes: dict[str, float | int | str] = {
            "events": edge.events,
            "cooperative": counts.get(1, 0) + counts.get(2, 0),
            "conflictual": counts.get(3, 0) + counts.get(4, 0),
            **{name: counts.get(q, 0) for q, name in QUAD_NAMES.items()},
            "mean_goldstein": round(edge.goldstein / edge.events, 4),
            "first_date": edge.first,
            "last_date": edge.last,
        }
        attributes |= {k: float(v) for k, v in (edge_scores or {}).get((s, t), {}).items()}
        graph.add_edge(s, t, **attributes)
    return graph


def write_graphml(records: Iterable[Record], path: Path, *, edge_scores: EdgeScores | None = None) -> int:
    """Write the network as GraphML; returns the number of edges."""
    import networkx as nx

    graph = build(records, edge_scores=edge_scores)
    nx.write_graphml(graph, path)
    return graph.number_of_edges()


def write_gexf(records: Iterable[Record], path: Path, *, edge_scores: EdgeScores | None = None) -> int:
    """Write the network as GEXF; returns the number of edges."""
    import networkx as nx

    graph = build(records, edge_scores=edge_scores)
    nx.write_gexf(graph, path)
    return graph.number_of_edges()

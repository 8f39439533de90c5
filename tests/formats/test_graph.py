"""comity.formats.graph: the actor network, read back by networkx."""

from __future__ import annotations

import networkx as nx
import pytest

from comity.formats import ExportOptions, export_events

# (source, target) -> events, cooperative, conflictual, mean Goldstein
EDGES = {
    ("RUS", "CHN"): (1, 1, 0, 8.0),
    ("ISR", "SYR"): (1, 0, 1, -10.0),
    ("USA", "IRN"): (1, 0, 1, -8.0),
    ("IGO", "UKR"): (1, 0, 1, 3.4),
    ("FRA", "DEU"): (1, 1, 0, 1.9),
    ("CHN", "USA"): (1, 0, 1, -2.0),  # one event with two sources: one edge from each
    ("RUS", "USA"): (1, 0, 1, -2.0),
}


@pytest.fixture
def graphml(store, tmp_path):
    path = tmp_path / "network.graphml"
    report = export_events(store, "graphml", path)
    assert (report.events, report.written, report.unit) == (8, len(EDGES), "edges")
    return nx.read_graphml(path)


def test_graphml_has_the_expected_edges(graphml):
    assert isinstance(graphml, nx.DiGraph)
    assert set(graphml.edges) == set(EDGES)  # no self-loop for the domestic TUR -> TUR arrest


@pytest.mark.parametrize("edge", sorted(EDGES))
def test_edge_attributes(graphml, edge):
    data = graphml.edges[edge]
    assert (data["events"], data["cooperative"], data["conflictual"], data["mean_goldstein"]) == EDGES[edge]
    quads = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
    assert sum(data[q] for q in quads) == data["events"]
    assert data["first_date"] <= data["last_date"]


def test_node_attributes(graphml):
    assert graphml.nodes["RUS"] == {"label": "Russia", "events_sent": 3, "events_received": 0}
    assert graphml.nodes["CHN"] == {"label": "China", "events_sent": 1, "events_received": 1}
    assert graphml.nodes["IGO"]["label"] == "IGO"
    assert graphml.nodes["TUR"]["events_sent"] == 1  # counted, though it has no edge


def test_edge_scores_hook(store, tmp_path):
    path = tmp_path / "network.graphml"
    scores = {("RUS", "CHN"): {"relation": 0.75}}
    export_events(store, "graphml", path, options=ExportOptions(edge_scores=scores))
    graph = nx.read_graphml(path)
    assert graph.edges["RUS", "CHN"]["relation"] == 0.75
    assert "relation" not in graph.edges["ISR", "SYR"]


def test_gexf_reads_back(store, tmp_path):
    path = tmp_path / "network.gexf"
    export_events(store, "gexf", path)
    graph = nx.read_gexf(path)
    assert {(u, v) for u, v in graph.edges} == set(EDGES)
    assert graph.edges["ISR", "SYR"]["mean_goldstein"] == -10.0

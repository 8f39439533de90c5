"""comity.relations.network: signed graph, blocs by frustration, unbalanced triads."""

from __future__ import annotations

import networkx as nx
import pytest

from comity.relations import network, signed_blocs, triads
from comity.relations.network import frustration


def signed(edges):
    graph = nx.Graph()
    for u, v, s in edges:
        graph.add_edge(u, v, sign=s, strength=1.0)
    return graph


@pytest.mark.parametrize(
    ("edges", "groups"),
    [
        # two camps of friends, enemies across
        (
            [
                ("A", "B", 1),
                ("B", "C", 1),
                ("A", "C", 1),
                ("D", "E", 1),
                ("E", "F", 1),
                ("D", "F", 1),
                ("A", "D", -1),
                ("B", "E", -1),
                ("C", "F", -1),
            ],
            [{"A", "B", "C"}, {"D", "E", "F"}],
        ),
        # a positive chain with one weak friend of both camps pulled to the camp it has more friends in
        (
            [("A", "B", 1), ("B", "C", 1), ("C", "D", 1), ("A", "D", -1), ("B", "D", -1)],
            [{"A", "B", "C"}, {"D"}],
        ),
        # enemies only: everyone alone
        ([("A", "B", -1), ("B", "C", -1)], [{"A"}, {"B"}, {"C"}]),
    ],
)
def test_signed_blocs(edges, groups):
    graph = signed(edges)
    blocs = signed_blocs(graph)
    found = {}
    for node, number in blocs.items():
        found.setdefault(number, set()).add(node)
    assert sorted(found.values(), key=lambda g: (-len(g), sorted(g))) == groups
    assert frustration(graph, blocs) <= frustration(graph, dict.fromkeys(graph, 0))


def test_network_and_triads_from_events(store, add, event):
    add(
        store,
        [
            event("d1", "AGREE", "CHN", "RUS", "2025-05-09"),
            event("d1", "AGREE", "RUS", "PRK", "2025-05-09"),
            event("d1", "DISAPPROVE", "CHN", "PRK", "2025-05-09"),
            event("d1", "THREATEN", "RUS", "USA", "2025-05-09"),
            event("d1", "THREATEN", "CHN", "USA", "2025-05-09"),
            event("d1", "CONSULT", "USA", "JPN", "2025-05-09", goldstein=0.0),  # neutral edge
        ],
    )
    net = network(store)
    assert net.graph["CHN"]["RUS"]["sign"] == 1 and net.graph["CHN"]["PRK"]["sign"] == -1
    assert net.graph["USA"]["JPN"]["sign"] == 0
    bloc = dict(zip(net.nodes["key"], net.nodes["bloc"], strict=True))
    assert bloc["CHN"] == bloc["RUS"] and bloc["USA"] != bloc["RUS"]
    found = triads(store)
    assert [(r["a"], r["b"], r["c"], r["signs"]) for r in found.to_dict("records")] == [
        ("CHN", "PRK", "RUS", "- + +")
    ]
    edges = found.iloc[0]["edges"]
    assert [e["pair"] for e in edges] == ["CHN-PRK", "PRK-RUS", "CHN-RUS"]
    assert all(e["evidence"] for e in edges)
    every = triads(store, unbalanced_only=False)
    assert list(every["balanced"]) == [False, True]  # CHN/RUS/USA: + - -
    assert triads(store, actor="USA").empty


def test_window(store, add, event):
    add(
        store,
        [
            event("d1", "AGREE", "CHN", "RUS", "2024-05-09"),
            event("d1", "FIGHT", "RUS", "UKR", "2025-05-09"),
        ],
    )
    net = network(store, since="2025-01-01", until="2025-12-31")
    assert sorted(net.graph.edges) == [("RUS", "UKR")]

"""Figures with plotly: a dyad's timeline and the signed network.

Document text (evidence sentences, actor names) is HTML-escaped before it reaches a figure:
plotly renders a subset of HTML in labels and hover text, and news text may carry markup.
HTML files embed plotly.js from the installed plotly package (no CDN, works offline). PNG needs
the kaleido package; without it :func:`write_figure` raises E701 naming the problem.
"""

from __future__ import annotations

import html
import importlib.util
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comity.errors import ComityError, E
from comity.relations.dyads import dyad_series
from comity.relations.keys import normalise_key
from comity.relations.scores import relation_scores, score_series

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from comity.relations.network import Network
    from comity.store import Store

QUADS = (
    ("quad1", "verbal cooperation", "#7fbf7b"),
    ("quad2", "material cooperation", "#1b7837"),
    ("quad3", "verbal conflict", "#f1a340"),
    ("quad4", "material conflict", "#b2182b"),
)
SIGN_COLOURS = {1: "#1b7837", -1: "#b2182b", 0: "#bbbbbb"}
BLOC_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def _short(text: str, n: int = 70) -> str:
    text = " ".join(str(text).split())
    return html.escape(text if len(text) <= n else text[: n - 1] + "…")


def dyad_figure(
    store: Store,
    a: str,
    b: str,
    *,
    by: str = "week",
    since: str | None = None,
    until: str | None = None,
    top: int = 5,
) -> go.Figure:
    """Stacked bars of events per quad class per period, the relation score as a line (right
    axis), and the ``top`` strongest events annotated at their dates."""
    import plotly.graph_objects as go

    a, b = normalise_key(a), normalise_key(b)
    series = dyad_series(store, a, b, by=by, since=since, until=until)
    scores = score_series(store, a, b, by=by, since=since, until=until)
    fig = go.Figure()
    for column, name, colour in QUADS:
        fig.add_bar(
            x=series["period"] if len(series) else [],
            y=series[column] if len(series) else [],
            name=name,
            marker_color=colour,
        )
    if len(scores):
        fig.add_scatter(
            x=scores["period"],
            y=scores["score"],
            name="relation score",
            yaxis="y2",
            mode="lines+markers",
            line={"color": "#222222", "width": 2},
            hovertext=[
                f"{s:.2f} ({html.escape(lab)})"
                for s, lab in zip(scores["score"], scores["label"], strict=True)
            ],
        )
    rel = relation_scores(store, a, b, since=since, until=until, evidence=top)
    title = f"{html.escape(a)} – {html.escape(b)}"
    if len(rel):
        row = rel.iloc[0]
        title += f": {html.escape(row['label'])} (score {row['score']:.2f}, {int(row['events'])} events)"
        for n, ev in enumerate(row["evidence"]):
            fig.add_annotation(
                x=str(ev["date"])[:10] if len(str(ev["date"])) >= 10 else f"{ev['date']}-01"[:10],
                y=1.0 - 0.07 * n,
                yref="paper",
                showarrow=True,
                arrowhead=2,
                ax=0,
                ay=-20,
                text=f"{html.escape(ev['event'])}: {_short(ev['text'], 60)}",
                hovertext=_short(ev["text"], 400),
                font={"size": 10},
                bgcolor="rgba(255,255,255,0.8)",
            )
    fig.update_layout(
        title=title,
        barmode="stack",
        xaxis={"title": by},
        yaxis={"title": "events"},
        yaxis2={"title": "score (Goldstein scale)", "overlaying": "y", "side": "right", "range": [-10, 10]},
        legend={"orientation": "h", "y": -0.2},
        template="plotly_white",
    )
    return fig


def network_figure(net: Network, *, seed: int = 7) -> go.Figure:
    """The signed graph: green edges cooperative, red strained or hostile, grey neutral; nodes
    coloured by bloc; hover shows each edge's score and top evidence."""
    import networkx as nx
    import plotly.graph_objects as go

    graph = net.graph
    fig = go.Figure()
    if graph.number_of_nodes() == 0:
        fig.update_layout(title="no relations in this window")
        return fig
    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(graph)
    for u, v, d in graph.edges(data=True):
        # friends close, enemies and strangers farther apart
        layout_graph.add_edge(u, v, weight=1.0 + d["strength"] if d["sign"] > 0 else 0.2)
    pos = nx.spring_layout(layout_graph, seed=seed, weight="weight", k=1.5 / math.sqrt(len(graph)))
    for value in (1, -1, 0):
        xs: list[Any] = []
        ys: list[Any] = []
        for u, v, d in graph.edges(data=True):
            if d["sign"] == value:
                xs += [pos[u][0], pos[v][0], None]
                ys += [pos[u][1], pos[v][1], None]
        if xs:
            name = {1: "cooperative", -1: "strained / hostile", 0: "neutral"}[value]
            fig.add_scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=name,
                hoverinfo="skip",
                line={"color": SIGN_COLOURS[value], "width": 1.5},
            )
    mids_x, mids_y, mids_text = [], [], []
    for u, v, d in graph.edges(data=True):
        mids_x.append((pos[u][0] + pos[v][0]) / 2)
        mids_y.append((pos[u][1] + pos[v][1]) / 2)
        top = d["evidence"][0] if d["evidence"] else None
        line = f"<br>{html.escape(top['event'])}: {_short(top['text'], 90)}" if top else ""
        mids_text.append(
            f"{html.escape(str(u))} – {html.escape(str(v))}: {html.escape(d['label'])} "
            f"({d['score']:.2f}, {d['events']} events){line}"
        )
    fig.add_scatter(
        x=mids_x,
        y=mids_y,
        mode="markers",
        marker={"size": 6, "opacity": 0},
        hovertext=mids_text,
        hoverinfo="text",
        showlegend=False,
    )
    nodes = sorted(graph, key=str)
    fig.add_scatter(
        x=[pos[n][0] for n in nodes],
        y=[pos[n][1] for n in nodes],
        mode="markers+text",
        text=[html.escape(str(n)) for n in nodes],
        textposition="top center",
        showlegend=False,
        marker={
            "size": 14,
            "color": [BLOC_COLOURS[graph.nodes[n]["bloc"] % len(BLOC_COLOURS)] for n in nodes],
            "line": {"width": 1, "color": "#333333"},
        },
        hovertext=[f"{html.escape(str(n))}: bloc {graph.nodes[n]['bloc']}" for n in nodes],
        hoverinfo="text",
    )
    window = f"{net.since or 'start'} to {net.until or 'latest'}"
    fig.update_layout(
        title=f"signed actor network, {html.escape(window)} (colour: bloc)",
        xaxis={"visible": False},
        yaxis={"visible": False},
        template="plotly_white",
        legend={"orientation": "h", "y": -0.05},
    )
    return fig


def figure_html(fig: go.Figure, *, full: bool = True) -> str:
    """The figure as HTML with plotly.js inline (``full=False``: a fragment without plotly.js)."""
    return fig.to_html(include_plotlyjs=full, full_html=full)


def write_figure(fig: go.Figure, path: str | Path) -> Path:
    """Write ``.html`` (plotly.js inline) or ``.png`` (needs kaleido)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        try:
            path.write_text(figure_html(fig), encoding="utf-8")
        except OSError as exc:
            raise ComityError(E.E701, where=str(path), detail=exc.strerror or str(exc)) from exc
        return path
    if suffix == ".png":
        if importlib.util.find_spec("kaleido") is None:
            detail = "PNG export needs the kaleido package, which is not installed; write .html instead"
            raise ComityError(E.E701, where=str(path), detail=detail)
        try:
            fig.write_image(str(path))
        except Exception as exc:
            raise ComityError(E.E701, where=str(path), detail=str(exc).splitlines()[0]) from exc
        return path
    raise ComityError(E.E701, where=str(path), detail=f"unknown figure type {suffix!r}: use .html or .png")

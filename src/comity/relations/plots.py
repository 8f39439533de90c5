"""Figures with plotly: a dyad's timeline and the signed network.

Document text (evidence sentences, actor names) is HTML-escaped before it reaches a figure:
plotly renders a subset of HTML in labels and hover text, and news text may carry markup.
HTML files embed plotly.js from the installed plotly package (no CDN, works offline). PNG files
are drawn with matplotlib from the same figure (plotly's own PNG export needs a browser).
"""

from __future__ import annotations

import html
import itertools
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
    """Write ``.html`` (plotly.js inline) or ``.png`` (matplotlib)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        try:
            path.write_text(figure_html(fig), encoding="utf-8")
        except OSError as exc:
            raise ComityError(E.E701, where=str(path), detail=exc.strerror or str(exc)) from exc
        return path
    if suffix == ".png":
        try:
            _write_png(fig, path)
        except OSError as exc:
            raise ComityError(E.E701, where=str(path), detail=exc.strerror or str(exc)) from exc
        return path
    raise ComityError(E.E701, where=str(path), detail=f"unknown figure type {suffix!r}: use .html or .png")


def _x_values(values: list[Any]) -> list[Any]:
    """Numbers stay numbers (network layout); anything else is read as dates."""
    import numpy as np
    import pandas as pd

    if all(v is None or isinstance(v, (int, float)) for v in values):
        return [np.nan if v is None else v for v in values]
    return list(pd.to_datetime(pd.Series(values), errors="coerce"))


def _write_png(fig: go.Figure, path: Path) -> None:
    """Draw a plotly figure's bars, lines, markers, labels and annotations with matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    figure, ax = plt.subplots(figsize=(11, 5.5), dpi=110)
    right = None
    bottoms: dict[Any, float] = {}
    for trace in fig.data:
        axis = ax
        if getattr(trace, "yaxis", None) == "y2":
            right = right or ax.twinx()
            axis = right
        xs = _x_values(list(trace.x) if trace.x is not None else [])
        ys = [np.nan if y is None else y for y in (list(trace.y) if trace.y is not None else [])]
        marker = getattr(trace, "marker", None)
        colour = marker.color if marker is not None and isinstance(marker.color, str) else None
        if trace.type == "bar":
            days = sorted({x for x in xs if x is not None and not isinstance(x, float)})
            width = (
                max(1.0, min((b - a).days for a, b in itertools.pairwise(days)) * 0.8)
                if len(days) > 1
                else 5.0
            )
            base = [bottoms.get(x, 0.0) for x in xs]
            axis.bar(xs, ys, bottom=base, width=width, color=colour, label=trace.name)
            for x, y in zip(xs, ys, strict=False):
                bottoms[x] = bottoms.get(x, 0.0) + (0.0 if math.isnan(y) else y)
            continue
        mode = trace.mode or "lines"
        line = getattr(trace, "line", None)
        line_colour = line.color if line is not None and line.color else colour
        if "lines" in mode:
            axis.plot(
                xs,
                ys,
                color=line_colour,
                linewidth=1.2,
                label=trace.name if trace.showlegend is not False else None,
            )
        hidden = marker is not None and marker.opacity == 0  # hover targets, invisible in plotly
        if "markers" in mode and not hidden:
            colours = marker.color if marker is not None and not isinstance(marker.color, str) else colour
            axis.scatter(xs, ys, c=colours, s=40, zorder=3, label=trace.name if "lines" not in mode else None)
        if "text" in mode and trace.text is not None:
            for x, y, text in zip(xs, ys, trace.text, strict=False):
                axis.annotate(
                    html.unescape(str(text)), (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points"
                )
    for note in fig.layout.annotations or ():
        if note.x is not None and note.y is not None and note.xref not in ("paper",):
            x = _x_values([note.x])[0]
            ax.annotate(
                html.unescape(str(note.text or ""))[:60],
                (x, note.y),
                fontsize=6,
                rotation=20,
                xytext=(0, 12),
                textcoords="offset points",
                arrowprops={"arrowstyle": "-", "lw": 0.5},
            )
    title = fig.layout.title.text if fig.layout.title else ""
    ax.set_title(html.unescape(title or ""))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="upper left")
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path, format="png")
    plt.close(figure)

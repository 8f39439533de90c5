"""The relations part of ``comity demo``: summary rows, the report section and the charts file.

The report itself (``comity-report.html``) stays script-free: its network picture is inline SVG
drawn here from the same layout the interactive chart uses. The interactive plotly charts (the
network and the top dyads' timelines, plotly.js embedded from the installed package) go to a
second file next to it, ``<report>-charts.html``, linked from the report. All document text is
HTML-escaped.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comity.relations.network import Network, network, triads
from comity.relations.plots import BLOC_COLOURS, SIGN_COLOURS, dyad_figure, network_figure
from comity.relations.scores import relation_scores

if TYPE_CHECKING:
    from comity.store import Store

MIN_EVENTS = 2  # dyads in the summary rest on at least this many events
TIMELINES = 3  # dyad timelines in the charts file


def summarise(
    store: Store, report: str | Path, top: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str, str]:
    """Relation rows, unbalanced triads, the network SVG and the charts file's path."""
    net = network(store, min_events=MIN_EVENTS)
    scores = relation_scores(store, min_events=MIN_EVENTS).head(top)
    relations = scores.to_dict("records")
    found = triads(net=net).head(top).to_dict("records")
    charts = Path(report).with_name(Path(report).stem + "-charts.html")
    figures = [network_figure(net)]
    figures += [dyad_figure(store, r["a"], r["b"], by="month") for r in relations[:TIMELINES]]
    charts.write_text(_charts_page(figures, relations[:TIMELINES]), encoding="utf-8")
    return relations, found, network_svg(net), str(charts)


def _evidence_rows(evidence: list[dict[str, Any]]) -> str:
    e = html.escape
    return "".join(
        f"<tr><td>{e(str(x['date']))}</td><td>{e(str(x['event']))}</td><td>{e(str(x['modality']))}</td>"
        f"<td>{e(' '.join(str(x['text']).split()))}</td><td>{e(str(x['doc_id']))}</td></tr>"
        for x in evidence
    )


def _charts_page(figures: list[Any], relations: list[dict[str, Any]]) -> str:
    e = html.escape
    # the first figure carries plotly.js inline; later ones reuse it
    parts = [figures[0].to_html(include_plotlyjs=True, full_html=False)]
    for fig, rel in zip(figures[1:], relations, strict=False):
        parts.append(fig.to_html(include_plotlyjs=False, full_html=False))
        parts.append(
            f"<h3>Evidence {e(rel['a'])}-{e(rel['b'])}</h3><table><tr><th>date</th><th>type</th>"
            f"<th>modality</th><th>sentence</th><th>document</th></tr>{_evidence_rows(rel['evidence'])}</table>"
        )
    body = "\n".join(parts)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>comity charts</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}}
table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top}}</style>
</head><body><h1>comity: relations charts</h1>
{body}
</body></html>
"""


def network_svg(net: Network, *, width: int = 860, height: int = 520, seed: int = 7) -> str:
    """The signed network as inline SVG: green cooperative, red strained/hostile edges; nodes
    coloured by bloc."""
    import math

    import networkx as nx

    graph = net.graph
    if graph.number_of_nodes() == 0:
        return ""
    layout = nx.Graph()
    layout.add_nodes_from(graph)
    for u, v, d in graph.edges(data=True):
        layout.add_edge(u, v, weight=1.0 + d["strength"] if d["sign"] > 0 else 0.2)
    pos = nx.spring_layout(layout, seed=seed, weight="weight", k=1.5 / math.sqrt(len(graph)))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def at(node: Any) -> tuple[float, float]:
        x, y = pos[node]
        return 60 + (x - min(xs)) / span_x * (width - 120), 40 + (y - min(ys)) / span_y * (height - 80)

    e = html.escape
    lines = []
    for u, v, d in graph.edges(data=True):
        (x1, y1), (x2, y2) = at(u), at(v)
        title = f"{u}-{v}: {d['label']} ({d['score']:.2f}, {d['events']} events)"
        lines.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{SIGN_COLOURS[d["sign"]]}" '
            f'stroke-width="{1 + min(d["strength"], 6) / 2:.1f}"><title>{e(title)}</title></line>'
        )
    for node in sorted(graph, key=str):
        x, y = at(node)
        colour = BLOC_COLOURS[graph.nodes[node]["bloc"] % len(BLOC_COLOURS)]
        lines.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}" stroke="#333">'
            f"<title>{e(str(node))}: bloc {graph.nodes[node]['bloc']}</title></circle>"
            f'<text x="{x + 9:.1f}" y="{y - 9:.1f}" font-size="11">{e(str(node))}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="signed actor network">'
        + "".join(lines)
        + "</svg>"
    )


def relations_html(summary: Any) -> str:
    """The report's relations section: scores with evidence, unbalanced triads, the network."""
    e = html.escape
    rows = []
    for r in summary.relations:
        evidence = "<br>".join(
            f"{e(str(x['date']))} {e(str(x['event']))}: {e(' '.join(str(x['text']).split()))}"
            for x in r["evidence"]
        )
        rows.append(
            f"<tr><td>{e(r['a'])}-{e(r['b'])}</td><td>{e(r['label'])}</td><td>{r['score']:.2f}</td>"
            f"<td>{e(r['trend_label'])}</td><td>{int(r['events'])}</td><td>{evidence}</td></tr>"
        )
    triad_rows = []
    for t in summary.triads:
        edges = "<br>".join(
            f"{e(x['pair'])} {e(x['label'])} {x['score']:.2f}: "
            + (e(" ".join(str(x["evidence"][0]["text"]).split())) if x["evidence"] else "")
            for x in t["edges"]
        )
        triad_rows.append(
            f"<tr><td>{e(t['a'])} / {e(t['b'])} / {e(t['c'])}</td><td>{e(t['signs'])}</td>"
            f"<td>{edges}</td></tr>"
        )
    charts = Path(summary.charts_path).name if summary.charts_path else ""
    link = f'<p>Interactive charts: <a href="{e(charts)}">{e(charts)}</a></p>' if charts else ""
    return f"""<h2>Relations</h2>
<p>Scores: exponentially weighted mean Goldstein of each dyad's events (one event counted once),
as of the latest event; dyads with at least {MIN_EVENTS} events.</p>
<table><tr><th>dyad</th><th>label</th><th>score</th><th>trend</th><th>events</th><th>evidence</th></tr>
{"".join(rows)}</table>
<h2>Unbalanced triads</h2>
<table><tr><th>triad</th><th>signs</th><th>edges and evidence</th></tr>{"".join(triad_rows)}</table>
<h2>Signed network</h2>
{summary.network_svg}
{link}"""


def render_relations(summary: Any, console: Any) -> None:
    """Print the relation summary and the unbalanced triads as rich tables."""
    from rich.table import Table

    table = Table(title="relations (smoothed score, label, trend, top evidence)")
    for col in ("dyad", "label", "score", "trend", "events", "top evidence"):
        table.add_column(col, overflow="fold")
    for r in summary.relations:
        ev = r["evidence"][0] if r["evidence"] else None
        top = f"{ev['event']}: {' '.join(str(ev['text']).split())[:90]}" if ev else ""
        table.add_row(
            f"{r['a']}-{r['b']}", r["label"], f"{r['score']:.2f}", r["trend_label"], str(r["events"]), top
        )
    console.print(table)
    triads_table = Table(title="unbalanced triads (signs ab, bc, ac)")
    for col in ("triad", "signs", "edges"):
        triads_table.add_column(col, overflow="fold")
    for t in summary.triads:
        edges = "; ".join(f"{x['pair']} {x['label']}" for x in t["edges"])
        triads_table.add_row(f"{t['a']} / {t['b']} / {t['c']}", t["signs"], edges)
    console.print(triads_table)

"""`comity demo`: code the bundled example corpus into a store and summarise what it found."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from comity.relations.report import relations_html, render_relations
from comity.relations.report import summarise as _relations
from comity.runner import IngestReport, Progress, examples_dir, ingest

DYADS_SQL = """
WITH pairs AS (
    SELECT least(s.code, t.code) AS a, greatest(s.code, t.code) AS b, e.*
    FROM events e,
         unnest(e.source_codes) AS s(code),
         unnest(CASE WHEN len(e.target_codes) > 0 THEN e.target_codes ELSE e.source_codes END) AS t(code)
    WHERE s.code <> t.code
)
SELECT a, b, count(DISTINCT id) AS events,
       count(DISTINCT id) FILTER (WHERE quad IN (1, 2)) AS cooperative,
       count(DISTINCT id) FILTER (WHERE quad IN (3, 4)) AS conflictual,
       round(avg(goldstein), 2) AS mean_goldstein,
       min(date) AS first, max(date) AS last
FROM pairs
GROUP BY a, b
ORDER BY events DESC, abs(avg(goldstein)) DESC
LIMIT ?
"""

EVENTS_SQL = """
SELECT date, event, source_codes, target_codes, modality, confidence, mentions, eventText, text
FROM events
WHERE len(target_codes) > 0
ORDER BY confidence DESC, mentions DESC, date DESC
LIMIT ?
"""

EVIDENCE_SQL = """
SELECT date, event, source_codes, target_codes, modality, confidence, eventText, text
FROM events
WHERE (list_contains(source_codes, ?) AND list_contains(source_codes || target_codes, ?))
   OR (list_contains(source_codes, ?) AND list_contains(source_codes || target_codes, ?))
ORDER BY confidence DESC, date DESC
LIMIT 3
"""


@dataclass(slots=True)
class DemoSummary:
    db: str
    report_path: str
    ingest: IngestReport
    counts: dict[str, int]
    types: list[tuple[str, int]] = field(default_factory=list)
    dyads: list[dict[str, Any]] = field(default_factory=list)
    evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)  # relation scores (comity.relations)
    triads: list[dict[str, Any]] = field(default_factory=list)  # unbalanced triads
    network_svg: str = ""  # the signed network drawn as inline SVG (no script)
    charts_path: str = ""  # interactive plotly charts next to the report
    sources: list[dict[str, Any]] = field(default_factory=list)  # per publisher (comity.provenance)
    claims: list[dict[str, Any]] = field(default_factory=list)  # the verification queue, top first


def relation_label(mean_goldstein: float) -> str:
    if mean_goldstein >= 3:
        return "strongly cooperative"
    if mean_goldstein >= 1:
        return "cooperative"
    if mean_goldstein > -1:
        return "mixed"
    if mean_goldstein > -4:
        return "conflictual"
    return "hostile"


def run_demo(
    *,
    db: str | Path = "comity.duckdb",
    report: str | Path = "comity-report.html",
    progress: Progress | None = None,
    top: int = 12,
) -> DemoSummary:
    from comity import provenance
    from comity.store import Store

    corpus = examples_dir()
    result = ingest([str(corpus)], db=db, progress=progress)
    with Store(db, read_only=False) as store:
        counts = store.counts()
        types = [
            (r["event"], int(r["n"]))
            for r in store.sql(
                "SELECT event, count(*) AS n FROM events GROUP BY event ORDER BY n DESC"
            ).to_dict("records")
        ]
        dyads = store.sql(DYADS_SQL, [top]).to_dict("records")
        events = store.sql(EVENTS_SQL, [top + 8]).to_dict("records")
        evidence = {}
        for d in dyads:
            rows = store.sql(EVIDENCE_SQL, [d["a"], d["b"], d["b"], d["a"]]).to_dict("records")
            evidence[f"{d['a']}-{d['b']}"] = rows
        relations, triads, svg, charts = _relations(store, report, top)
        sources = provenance.sources(store).to_dict("records")
        claims = provenance.claims(store, limit=8).to_dict("records")
    for d in dyads:
        d["relation"] = relation_label(float(d["mean_goldstein"] or 0))
    summary = DemoSummary(
        db=str(db),
        report_path=str(report),
        ingest=result,
        counts=counts,
        types=types,
        dyads=dyads,
        evidence=evidence,
        events=events,
        relations=relations,
        triads=triads,
        network_svg=svg,
        charts_path=charts,
        sources=sources,
        claims=claims,
    )
    Path(report).write_text(render_html(summary), encoding="utf-8")
    return summary


def render_summary(summary: DemoSummary, console: Any) -> None:
    """Print the demo summary as rich tables."""
    from rich.table import Table

    r = summary.ingest
    console.print(
        f"examples/: {r.read} documents read, {r.new_documents} new, "
        f"{r.skipped_documents} already stored, {r.near_duplicates} near-duplicates, "
        f"{r.failed} failed; store {summary.db}: {summary.counts.get('documents', 0)} documents, "
        f"{summary.counts.get('events', 0)} events"
    )
    types = Table(title="events by PLOVER type")
    types.add_column("type")
    types.add_column("events", justify="right")
    for t, n in summary.types:
        types.add_row(t, str(n))
    console.print(types)
    events = Table(title="most confident events")
    for col in ("date", "source", "event", "target", "modality", "conf", "n", "evidence"):
        events.add_column(col, overflow="fold")
    for e in summary.events:
        events.add_row(
            str(e["date"]),
            ",".join(e["source_codes"]),
            e["event"],
            ",".join(e["target_codes"]),
            e["modality"],
            f"{e['confidence']:.2f}",
            str(e["mentions"]),
            e["text"][:100],
        )
    console.print(events)
    dyads = Table(title="strongest dyads, with evidence")
    for col in ("dyad", "events", "coop", "conflict", "mean Goldstein", "relation", "top evidence"):
        dyads.add_column(col, overflow="fold")
    for d in summary.dyads:
        key = f"{d['a']}-{d['b']}"
        ev = summary.evidence.get(key) or []
        top = f"{ev[0]['event']}: {ev[0]['text'][:90]}" if ev else ""
        dyads.add_row(
            key,
            str(d["events"]),
            str(d["cooperative"]),
            str(d["conflictual"]),
            f"{d['mean_goldstein']}",
            d["relation"],
            top,
        )
    console.print(dyads)
    render_relations(summary, console)
    _render_provenance(summary, console)
    console.print(f"report written to {summary.report_path} (interactive charts: {summary.charts_path})")


def _share(value: Any) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return ""


def _render_provenance(summary: DemoSummary, console: Any) -> None:
    from rich.table import Table

    sources = Table(title="sources (corroborated: another publisher reports the event too)")
    for col in ("source", "documents", "copies", "wire", "events", "hedged", "corroborated", "quality"):
        sources.add_column(col, justify="left" if col == "source" else "right")
    for r in summary.sources:
        sources.add_row(
            r["source"], str(r["documents"]), str(r["copies"]), str(r["wire"]), str(r["events"]),
            _share(r["hedged"]), _share(r["corroborated"]), f"{r['quality']:.2f}",
        )  # fmt: skip
    console.print(sources)
    claims = Table(title="claims to verify (high impact, hedged or single-source; `comity claims`)")
    for col in ("date", "event", "dyad", "why", "evidence"):
        claims.add_column(col, overflow="fold")
    for c in summary.claims:
        dyad = f"{','.join(c['source'])} -> {','.join(c['target'])}"
        evidence = " ".join(str(c["text"]).split())[:100]
        claims.add_row(str(c["date"]), c["event"], dyad, "; ".join(c["reasons"]), evidence)
    console.print(claims)


def _provenance_html(summary: DemoSummary) -> str:
    e = html.escape
    sources = "".join(
        f"<tr><td>{e(str(r['source']))}</td><td>{r['documents']}</td><td>{r['copies']}</td><td>{r['wire']}</td>"
        f"<td>{r['events']}</td><td>{_share(r['hedged'])}</td><td>{_share(r['corroborated'])}</td>"
        f"<td>{float(r['quality']):.2f}</td></tr>"
        for r in summary.sources
    )
    claims = "".join(
        f"<tr><td>{e(str(c['date']))}</td><td>{e(str(c['event']))}</td>"
        f"<td>{e(','.join(c['source']))} &rarr; {e(','.join(c['target']))}</td>"
        f"<td>{e('; '.join(c['reasons']))}</td><td>{e(str(c['text']))}</td></tr>"
        for c in summary.claims
    )
    return (
        "<h2>Sources</h2><table><tr><th>source</th><th>documents</th><th>copies</th><th>wire</th><th>events</th>"
        f"<th>hedged</th><th>corroborated</th><th>quality</th></tr>{sources}</table>"
        "<h2>Claims to verify</h2><p>High-impact events that are hedged or rest on one publisher.</p>"
        "<table><tr><th>date</th><th>event</th><th>dyad</th><th>why</th><th>evidence</th></tr>"
        f"{claims}</table>"
    )


def render_html(summary: DemoSummary) -> str:
    """A self-contained HTML report. All document text is escaped: news may carry markup."""
    e = html.escape
    rows = []
    for d in summary.dyads:
        key = f"{d['a']}-{d['b']}"
        evidence = "".join(
            f"<li><b>{e(str(x['event']))}</b> {e(str(x['date']))} ({e(str(x['modality']))}): "
            f"{e(str(x['text']))}</li>"
            for x in summary.evidence.get(key, [])
        )
        rows.append(
            f"<tr><td>{e(key)}</td><td>{d['events']}</td><td>{d['cooperative']}</td>"
            f"<td>{d['conflictual']}</td><td>{e(str(d['mean_goldstein']))}</td>"
            f"<td>{e(d['relation'])}</td><td><ul>{evidence}</ul></td></tr>"
        )
    types = "".join(f"<tr><td>{e(t)}</td><td>{n}</td></tr>" for t, n in summary.types)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>comity report</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}}
table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top}}
th{{background:#f3f3f3}}</style></head><body>
<h1>comity report</h1>
<p>{summary.counts.get("documents", 0)} documents, {summary.counts.get("events", 0)} events
in {e(summary.db)}.</p>
<h2>Strongest dyads</h2>
<table><tr><th>dyad</th><th>events</th><th>cooperative</th><th>conflictual</th><th>mean Goldstein</th>
<th>relation</th><th>evidence</th></tr>{"".join(rows)}</table>
<h2>Events by PLOVER type</h2><table><tr><th>type</th><th>events</th></tr>{types}</table>
{relations_html(summary)}
{_provenance_html(summary)}
</body></html>
"""

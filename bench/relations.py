"""Relations on a generated store of synthetic events: cluster updates, dyad series, network.

The generator writes N synthetic events (1,000,000; 100,000 with ``--quick``) straight into a
fresh comity store with DuckDB SQL (no Python loop over events): 150 actors (140 state-like codes
and 10 organisations keyed by name), drawn with a skew so a few dyads are busy and most are
quiet; the 19 PLOVER types with their usual Goldstein values; modalities, confidences and
mentions; dates spread over three years (2023-2025); 10 events per document. Then:

- full clustering of every event (``update_clusters(store)``), the initial build;
- an incremental update: 1,000 new documents with 10,000 events, the way ``runner.ingest`` adds a
  batch, clustered with ``update_clusters(store, doc_ids)`` against the stored clusters;
  compared with the coder's events per second from the Coder section of results.md;
- ``dyad_series`` of the busiest dyad per week, and ``network`` of one year (2025), each timed
  cold (first call) and warm (best of 3); the target is under 2 s;
- ``relation_scores`` of everything, ``alerts`` of the last four weeks and ``triads`` of the year.

    .venv/bin/python bench/relations.py [--quick] [--json] [--no-write]
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as c

NAME = "relations"
SIZES = {"full": 1_000_000, "quick": 100_000}
INCREMENT = 10_000  # events in the incremental batch
TARGET_SECONDS = 2.0

TYPES = [  # PLOVER type, quad class, a synthetic Goldstein-scale value, a trigger word
    ("AGREE", 1, 4.0, "agreed"), ("CONSULT", 1, 1.0, "met"), ("SUPPORT", 1, 3.4, "backed"),
    ("COOPERATE", 2, 6.0, "cooperated"), ("AID", 2, 7.0, "aid"), ("RETREAT", 2, 7.0, "withdrew"),
    ("CONCEDE", 2, 5.0, "eased"), ("INVESTIGATE", 3, -2.0, "investigated"),
    ("DEMAND", 3, -5.0, "demanded"), ("DISAPPROVE", 3, -2.0, "criticised"),
    ("REJECT", 3, -4.0, "rejected"), ("THREATEN", 3, -4.4, "threatened"),
    ("PROTEST", 4, -6.5, "protested"), ("SANCTION", 4, -8.0, "sanctioned"),
    ("MOBILIZE", 4, -7.2, "mobilised"),
    ("COERCE", 4, -7.0, "seized"), ("ASSAULT", 4, -9.0, "attacked"), ("FIGHT", 4, -10.0, "fought"),
    ("CRIME", 4, -9.0, "smuggled"),
]  # fmt: skip
MODALITIES = ["asserted"] * 6 + ["reported", "intended", "hedged", "hypothetical"]
ORGS = ["Org Alpha", "Org Beta", "Org Gamma", "Org Delta", "Org Epsilon",
        "Org Zeta", "Org Eta", "Org Theta", "Org Iota", "Org Kappa"]  # fmt: skip


def _actor_json(alias: str) -> str:
    """SQL for one actor JSON list from an actor number column ``alias`` (0-149)."""
    orgs = "[" + ", ".join(f"'{o}'" for o in ORGS) + "]"
    return (
        f'CASE WHEN {alias} >= 140 THEN \'[{{"actorText": "org", "code": "IGO", "sector": "IGO", '
        f'"name": "\' || {orgs}[{alias} - 139] || \'"}}]\' '
        f'ELSE \'[{{"actorText": "S\' || lpad({alias}::VARCHAR, 3, \'0\') || \'", "code": "S\' || '
        f'lpad({alias}::VARCHAR, 3, \'0\') || \'", "sector": "GOV", "name": "state"}}]\' END'
    )


def generate(store: Any, n: int, *, first: int = 0, doc_prefix: str = "d") -> list[str]:
    """Insert ``n`` synthetic events (and their documents, 10 events each) with SQL; returns the
    new document ids."""
    con = store.con
    types = "[" + ", ".join(f"{{'t': '{t}', 'q': {q}, 'g': {g}, 'w': '{w}'}}" for t, q, g, w in TYPES) + "]"
    modalities = "[" + ", ".join(f"'{m}'" for m in MODALITIES) + "]"
    docs = n // 10
    con.execute("BEGIN")
    con.execute(
        f"""
INSERT INTO documents (id, url, title, source, published, text, origin, flags, citations,
                       duplicate_of, minhash, seq, ingested_at)
SELECT '{doc_prefix}' || (i + {first // 10}), '', '', 'outlet' || (i % 50), NULL, 'synthetic', 'bench',
       '{{}}'::JSON, '[]'::JSON, NULL, NULL, i + {first // 10} + 1, now()::TIMESTAMP
FROM range({docs}) r(i)
"""
    )
    con.execute(
        f"""
INSERT INTO events
WITH base AS (
    SELECT i + {first} AS i,
           least(149, floor(150 * pow(random(), 2)))::INTEGER AS s,
           least(149, floor(150 * pow(random(), 2)))::INTEGER AS t0,
           {types}[1 + floor(random() * {len(TYPES)})::INTEGER] AS ty,
           DATE '2023-01-01' + floor(random() * 1095)::INTEGER AS day,
           {modalities}[1 + floor(random() * {len(MODALITIES)})::INTEGER] AS modality,
           0.3 + 0.7 * random() AS confidence,
           1 + floor(pow(random(), 3) * 3)::INTEGER AS mentions
    FROM range({n}) r(i)
), ev AS (
    SELECT *, CASE WHEN t0 = s THEN (s + 1) % 150 ELSE t0 END AS t FROM base
)
SELECT 'e' || i, '{doc_prefix}' || (i // 10), i + 1, day::VARCHAR, day, ty.t, '', '', '000',
       ty.g, ty.q, ({_actor_json("s")})::JSON, ({_actor_json("t")})::JSON,
       [CASE WHEN s >= 140 THEN 'IGO' ELSE 'S' || lpad(s::VARCHAR, 3, '0') END],
       [CASE WHEN t >= 140 THEN 'IGO' ELSE 'S' || lpad(t::VARCHAR, 3, '0') END],
       'synthetic sentence ' || i, ty.w, 0, 10, 0, 5, modality, false, confidence, NULL, NULL,
       NULL, NULL, mentions, NULL
FROM ev
"""
    )
    con.execute("COMMIT")
    return [f"{doc_prefix}{i + first // 10}" for i in range(docs)]


def _timed(fn, repeat: int = 3) -> tuple[float, float, Any]:
    """(first call seconds, best of ``repeat`` further calls, result)."""
    t0 = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - t0
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return cold, best, result


def coder_events_per_s() -> float | None:
    """The coder's events per second from the Coder section's summary, when there is one."""
    try:
        saved = json.loads(c.SUMMARIES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for s in saved.get("summaries", []):
        if s.get("bench") == "coder" and "coder" in s:
            return s["events"] / s["coder"]["seconds"]
    return None


def run(quick: bool) -> dict[str, Any]:
    from comity.provenance import claims, update_quality
    from comity.relations import alerts, dyad_series, network, relation_scores, triads, update_clusters
    from comity.store import Store

    n = SIZES["quick" if quick else "full"]
    summary: dict[str, Any] = {"bench": NAME, "quick": quick, "machine": c.machine(), "events": n}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        with Store(path) as store:
            t0 = time.perf_counter()
            generate(store, n)
            summary["generate_seconds"] = time.perf_counter() - t0
            build = update_clusters(store)
            summary["build"] = {
                "events": build.events,
                "clusters": build.new_clusters,
                "joined": build.joined,
                "seconds": build.seconds,
            }
            new_docs = generate(store, INCREMENT, first=n + 1000, doc_prefix="n")
            step = update_clusters(store, new_docs)
            summary["increment"] = {
                "events": step.events,
                "new_clusters": step.new_clusters,
                "joined": step.joined,
                "seconds": step.seconds,
            }
            summary["clusters"] = int(store.con.execute("SELECT count(*) FROM clusters").fetchone()[0])
            summary["file_mb"] = path.stat().st_size / 1e6
            a, b = store.con.execute(
                "SELECT least(s.k, t.k), greatest(s.k, t.k) FROM clusters, unnest(source_keys) s(k), "
                "unnest(target_keys) t(k) WHERE s.k <> t.k GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()
            cold, warm, series = _timed(lambda: dyad_series(store, a, b, by="week"))
            summary["dyad"] = {
                "pair": f"{a}-{b}",
                "cold": cold,
                "warm": warm,
                "periods": len(series),
                "events": int(series["events"].sum()),
            }
            cold, warm, net = _timed(lambda: network(store, "2025-01-01", "2025-12-31"))
            summary["network"] = {
                "cold": cold,
                "warm": warm,
                "nodes": net.graph.number_of_nodes(),
                "edges": net.graph.number_of_edges(),
                "blocs": int(net.nodes["bloc"].nunique()),
            }
            cold, warm, scores = _timed(lambda: relation_scores(store), repeat=1)
            summary["scores"] = {"cold": cold, "warm": warm, "dyads": len(scores)}
            cold, warm, found = _timed(lambda: alerts(store, since="2025-12-01"), repeat=1)
            summary["alerts"] = {"cold": cold, "warm": warm, "alerts": len(found)}
            t0 = time.perf_counter()
            assessed = update_quality(store)
            summary["quality"] = {"documents": assessed, "seconds": time.perf_counter() - t0}
            cold, warm, queue = _timed(lambda: claims(store, limit=50), repeat=1)
            summary["claims"] = {"cold": cold, "warm": warm, "total": int(queue.attrs["total"])}
            t0 = time.perf_counter()
            tri = triads(net=net, unbalanced_only=False)
            summary["triads"] = {
                "seconds": time.perf_counter() - t0,
                "triads": len(tri),
                "unbalanced": int((~tri["balanced"]).sum()) if len(tri) else 0,
            }
    summary["coder_events_per_s"] = coder_events_per_s()
    summary["rss_mb"] = c.peak_rss_mb()
    return summary


def render(s: dict[str, Any]) -> str:
    build, inc, quality = s["build"], s["increment"], s["quality"]
    build_rate = c.rate(build["events"], build["seconds"])
    inc_rate = c.rate(inc["events"], inc["seconds"])
    coder = s.get("coder_events_per_s")
    versus = (
        f"The coder produces {c.fmt(coder, 0)} events/s (Coder section: events / coder seconds), so "
        f"incremental clustering is {c.fmt(inc_rate / coder, 0)}x faster than events arrive."
        if coder
        else "Run bench/coder.py for the coder's events/s to compare with."
    )

    def ok(x: float) -> str:
        return "yes" if x < TARGET_SECONDS else "**no**"

    rows = [
        ("generate events + documents (SQL)", f"{s['events']:,}", c.fmt(s["generate_seconds"], 2), "", ""),
        (
            "cluster all events (initial build)",
            f"{build['events']:,}",
            c.fmt(build["seconds"], 2),
            f"{c.fmt(build_rate)} events/s",
            "",
        ),
        (
            "cluster a new batch (`update_clusters(store, doc_ids)`)",
            f"{inc['events']:,}",
            c.fmt(inc["seconds"], 2),
            f"{c.fmt(inc_rate)} events/s",
            "",
        ),
        (
            f"`dyad_series` {s['dyad']['pair']} by week, cold / warm",
            f"{s['dyad']['events']:,} events",
            f"{c.fmt(s['dyad']['cold'], 3)} / {c.fmt(s['dyad']['warm'], 3)}",
            f"{s['dyad']['periods']} weeks",
            ok(s["dyad"]["cold"]),
        ),
        (
            "`network` 2025 (scores, evidence, graph, blocs), cold / warm",
            f"{s['network']['nodes']} actors, {s['network']['edges']:,} edges",
            f"{c.fmt(s['network']['cold'], 3)} / {c.fmt(s['network']['warm'], 3)}",
            f"{s['network']['blocs']} blocs",
            ok(s["network"]["cold"]),
        ),
        (
            "`relation_scores` of every dyad, all time",
            f"{s['scores']['dyads']:,} dyads",
            c.fmt(s["scores"]["cold"], 3),
            "",
            "",
        ),
        (
            "`alerts` since 2025-12-01",
            f"{s['alerts']['alerts']} alerts",
            c.fmt(s["alerts"]["cold"], 3),
            "",
            "",
        ),
        (
            "`update_quality` of every document (flags, score, wire credit)",
            f"{quality['documents']:,} docs",
            c.fmt(quality["seconds"], 2),
            f"{c.fmt(c.rate(quality['documents'], quality['seconds']))} docs/s",
            "",
        ),
        (
            "`claims` first page of 50, all time",
            f"{s['claims']['total']:,} in the queue",
            c.fmt(s["claims"]["cold"], 3),
            "",
            "",
        ),
        (
            "`triads` of the 2025 network (all)",
            f"{s['triads']['triads']:,} ({s['triads']['unbalanced']:,} unbalanced)",
            c.fmt(s["triads"]["seconds"], 3),
            "",
            "",
        ),
    ]
    return "\n".join(
        [
            "## Relations",
            "",
            f"A generated store of {s['events']:,} synthetic events (plus a batch of {inc['events']:,}) "
            f"in {s['events'] // 10:,} documents, 150 actors, three years; {s['clusters']:,} clusters after "
            f"both updates; DuckDB file {c.fmt(s['file_mb'])} MB. Cold = first call after the "
            "clusters were built; warm = best of 3 further calls.",
            "",
            c.table(["step", "size", "seconds", "rate / result", f"< {TARGET_SECONDS:.0f} s"], rows),
            "",
            f"{versus} Peak RSS {c.fmt(s['rss_mb'])} MiB.",
        ]
    )


def main() -> None:
    args = c.parse_args(__doc__.splitlines()[0])
    c.finish(NAME, run(args.quick), render, args)


if __name__ == "__main__":
    main()

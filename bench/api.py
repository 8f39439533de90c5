"""HTTP API under load: `comity serve` over a store of 1,000,000 synthetic events.

The store is generated with the Relations benchmark's SQL generator (``relations.generate``, then
``update_clusters``) and cached under the system temp directory, so later runs reuse it
(100,000 events with ``--quick``). `comity serve` runs as a subprocess on a free 127.0.0.1 port;
a load generator in this process (``CLIENTS`` threads, one httpx client each, loopback) sends
each scenario's requests back to back, bounded by a request count and a time budget per
scenario, after a short warm-up. Figures: requests per second over all clients, and the p50 and
p95 latency of single requests.

Scenarios: the first page of /api/events; a filtered page (actor and type); cursor pages at
several depths of the event list (cursors taken from the API beforehand); a text search (q,
a scan over every sentence); the weekly series of the busiest dyad.

    .venv/bin/python bench/api.py [--quick] [--json] [--no-write]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import _common as c

NAME = "api"
SIZES = {"full": 1_000_000, "quick": 100_000}
CLIENTS = 4
MAX_REQUESTS = {"full": 400, "quick": 100}  # per scenario, over all clients
MAX_SECONDS = {"full": 20.0, "quick": 6.0}  # per scenario
WARM_UP = 4  # requests per scenario before timing
START_SECONDS = 120
CACHE = Path(tempfile.gettempdir()) / "comity-bench"


def build_store(n: int) -> tuple[Path, float | None]:
    """The cached store of ``n`` synthetic events (clustered); (path, build seconds or None)."""
    from comity.relations import update_clusters
    from comity.store import Store
    from relations import generate

    path = CACHE / f"api-{n}.duckdb"
    if path.exists():
        try:
            with Store(path) as store:
                events, members = store.con.execute(
                    "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM cluster_members)"
                ).fetchone()
            if events == n and members == n:
                return path, None
        except Exception as exc:  # a damaged cache is rebuilt
            print(f"rebuilding {path}: {exc}", file=sys.stderr)
        path.unlink(missing_ok=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with Store(partial) as store:
        store.con.execute("SET enable_progress_bar = false")
        generate(store, n)
        update_clusters(store)
    os.replace(partial, path)
    return path, time.perf_counter() - t0


def load(base: str, urls: list[str], *, max_requests: int, max_seconds: float) -> dict[str, Any]:
    """Send ``urls`` (cycled) from CLIENTS threads until max_requests or max_seconds."""
    import httpx

    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    issued = 0
    deadline = time.perf_counter() + max_seconds

    def take() -> int | None:
        nonlocal issued
        with lock:
            if issued >= max_requests or time.perf_counter() >= deadline:
                return None
            issued += 1
            return issued

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            for n in range(WARM_UP // CLIENTS + 1):
                http.get(urls[n % len(urls)])
            while (k := take()) is not None:
                t0 = time.perf_counter()
                response = http.get(urls[k % len(urls)])
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {response.text[:100]}")

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - t0
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "seconds": seconds,
        "rps": c.rate(len(latencies), seconds),
        "p50_ms": 1000 * statistics.median(ordered) if ordered else 0.0,
        "p95_ms": 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0,
    }


def scenarios(base: str, n: int) -> list[tuple[str, list[str]]]:
    """(name, URLs) per scenario; cursors are taken from the API at several depths."""
    import httpx

    with httpx.Client(base_url=base, timeout=120) as http:
        cursors = []
        for depth in (0, n // 4, n // 2, 3 * n // 4, n - 100):
            page = http.get("/api/events", params={"limit": 50, "offset": depth}).json()
            cursors.append(page["next_cursor"])
    return [
        ("first page `/api/events?limit=50`", ["/api/events?limit=50"]),
        ("filtered page `actor=S001&type=FIGHT`", ["/api/events?actor=S001&type=FIGHT&limit=50"]),
        ("cursor pages at 5 depths", [f"/api/events?limit=50&cursor={cur}" for cur in cursors]),
        ("text search `q=sentence 4242`", ["/api/events?q=sentence%204242&limit=50"]),
        ("dyad series `S000/S001?by=week`", ["/api/dyads/S000/S001/series?by=week"]),
    ]


def run(quick: bool) -> dict[str, Any]:
    size = "quick" if quick else "full"
    n = SIZES[size]
    summary: dict[str, Any] = {"bench": NAME, "quick": quick, "machine": c.machine(), "events": n,
                               "clients": CLIENTS, "max_requests": MAX_REQUESTS[size],
                               "max_seconds": MAX_SECONDS[size]}  # fmt: skip
    db, built = build_store(n)
    summary["build_seconds"] = built
    summary["file_mb"] = db.stat().st_size / 1e6
    from comity.web.launch import start

    server = start(db, timeout=START_SECONDS, args=["--log-level", "warning"])
    summary["start_seconds"] = server.seconds
    base = server.url
    try:
        results = []
        for name, urls in scenarios(base, n):
            figures = load(base, urls, max_requests=MAX_REQUESTS[size], max_seconds=MAX_SECONDS[size])
            results.append({"scenario": name, **figures})
            print(f"  {name}: {figures['rps']:.1f} req/s, p50 {figures['p50_ms']:.0f} ms", file=sys.stderr)
        summary["scenarios"] = results
    finally:
        server.stop()
    return summary


def render(s: dict[str, Any]) -> str:
    rows = [
        (
            r["scenario"],
            r["requests"],
            r["errors"],
            c.fmt(r["rps"], 1),
            c.fmt(r["p50_ms"], 1),
            c.fmt(r["p95_ms"], 1),
        )
        for r in s["scenarios"]
    ]
    built = (
        f"generated and clustered in {c.fmt(s['build_seconds'])} s"
        if s.get("build_seconds")
        else "reused from the cache"
    )
    return "\n".join(
        [
            "## API",
            "",
            f"`comity serve` over a store of {s['events']:,} synthetic events (the Relations generator; "
            f"{built}; DuckDB file {c.fmt(s['file_mb'])} MB), started in {c.fmt(s['start_seconds'], 1)} s. "
            f"{s['clients']} client threads on loopback (httpx) in the same machine; each scenario stops "
            f"after {s['max_requests']} requests or {s['max_seconds']:.0f} s.",
            "",
            c.table(["scenario", "requests", "errors", "requests/s", "p50 ms", "p95 ms"], rows),
        ]
    )


def main() -> None:
    args = c.parse_args(__doc__.splitlines()[0])
    c.finish(NAME, run(args.quick), render, args)


if __name__ == "__main__":
    main()

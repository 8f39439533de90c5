"""Scale: 1 vs 2 coding workers, peak memory vs corpus size, Dask LocalCluster vs local shards.

Every measurement runs in its own subprocess (this script started with ``--worker MODE``), so
peak RSS (``getrusage``: this process, and separately the largest of its worker processes) is
that run's alone. Times are end to end from a cold process: they include loading the model and
the actor dictionary (in each worker, in parallel, for ``--workers 2``).

    .venv/bin/python bench/scale.py [--quick] [--json] [--no-write]
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as c

NAME = "scale"
#: (Guardian articles for 1 vs 2 workers, coded sizes, ingested-only sizes, articles for Dask)
SIZES = {
    "full": (249, (2_000, 10_000), (10_000, 100_000), 120),
    "quick": (48, (200, 1_000), (1_000, 10_000), 32),
}
WORKER_TIMEOUT = 600
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘])")


# --------------------------------------------------------------------------- inputs


def _short_corpus(path: Path, n: int, sentences: list[str]) -> int:
    """``n`` short JSONL documents of three real sentences each (seeded, so every run and size
    reads the same documents: the 10k corpus starts with the 2k one). Returns the word count."""
    rng = random.Random(7)
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            text = " ".join(rng.choice(sentences) for _ in range(3))
            words += len(text.split())
            handle.write(json.dumps({"id": f"s{i:06d}", "text": text, "date": "2019-06-01"}) + "\n")
    return words


def _sentences(rows: list[dict[str, str]]) -> list[str]:
    found = []
    for row in rows:
        for sentence in _SENTENCE.split(row["text"]):
            if 8 <= len(sentence.split()) <= 50:
                found.append(" ".join(sentence.split()))
    return found


def _split_csv(rows: list[dict[str, str]], folder: Path, parts: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    step = -(-len(rows) // parts)
    for k in range(parts):
        paths.append(folder / f"guardian_{k}.csv")
        c.write_csv(paths[-1], rows[k * step : (k + 1) * step])
    return paths


# --------------------------------------------------------------------------- workers


def _rss() -> dict[str, float]:
    """Peak RSS of this process and of its largest (finished) child; CPU seconds of both."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    return {"rss_mb": c.peak_rss_mb(), "children_rss_mb": kids.ru_maxrss / 1024, "cpu_seconds": cpu}


def _worker_ingest(path: str, workers: int, *, code: bool) -> dict[str, Any]:
    from comity.runner import ingest

    columns = {"id": ""} if path.endswith(".csv") else None  # the sample's unnamed id column
    with tempfile.TemporaryDirectory(prefix="comity-bench-") as tmp:
        t0 = time.perf_counter()
        report = ingest([path], db=str(Path(tmp, "s.duckdb")), code=code, columns=columns, workers=workers)
        seconds = time.perf_counter() - t0
    return {"docs": report.new_documents, "events": report.events, "seconds": seconds, **_rss()}


def _worker_shards(spec: str, *, dask: bool) -> dict[str, Any]:
    from comity import distributed

    inputs, out = spec.split("::")
    result: dict[str, Any] = {}
    t0 = time.perf_counter()
    if dask:
        from dask.distributed import LocalCluster

        with LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
            dashboard_address=None, silence_logs=40,
        ) as cluster:  # fmt: skip
            result["cluster_seconds"] = time.perf_counter() - t0
            summary = distributed.run_dask([inputs], out, address=cluster.scheduler_address)
            result["seconds"] = time.perf_counter() - t0
    else:
        summary = distributed.code_to_shards([inputs], out, workers=2)
        result["seconds"] = time.perf_counter() - t0
    result.update({"docs": summary.documents, "events": summary.events, **_rss()})
    return result


def worker(mode: str, path: str, workers: int) -> dict[str, Any]:
    load = os.getloadavg()
    import comity.runner  # noqa: F401 - imports are not part of the timed run

    if mode == "ingest":
        result = _worker_ingest(path, workers, code=True)
    elif mode == "nocode":
        result = _worker_ingest(path, 1, code=False)
    else:
        result = _worker_shards(path, dask=mode == "dask")
    result["loadavg"] = [round(load[0], 2), round(os.getloadavg()[0], 2)]
    return result


# --------------------------------------------------------------------------- driver


def _spawn(mode: str, path: str, workers: int = 1) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", mode, "--input", path, "--repeat", str(workers)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=WORKER_TIMEOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"worker {mode} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["docs_per_s"] = c.rate(result["docs"], result["seconds"])
    return result


def _same_events(a: Path, b: Path) -> dict[str, Any]:
    from comity.distributed import iter_shard_events

    left = {e.id: e.to_dict() for e in iter_shard_events(a)}
    right = {e.id: e.to_dict() for e in iter_shard_events(b)}
    return {"events": len(left), "identical": left == right, "same_ids": set(left) == set(right)}


def run(quick: bool) -> dict[str, Any]:
    info = c.machine()  # first: the load average before this run
    n_guardian, coded_sizes, nocode_sizes, n_dask = SIZES["quick" if quick else "full"]
    rows = c.guardian_rows()
    out: dict[str, Any] = {"bench": NAME, "quick": quick, "machine": info, "input": str(c.GUARDIAN)}
    with tempfile.TemporaryDirectory(prefix="comity-bench-") as tmp:
        # 1 vs 2 workers, same input, one after the other
        sample = Path(tmp, "guardian.csv")
        c.write_csv(sample, rows[:n_guardian])
        words = sum(len(r["text"].split()) for r in rows[:n_guardian])
        parallel = {str(w): _spawn("ingest", str(sample), w) for w in (1, 2)}
        for r in parallel.values():
            r["words_per_s"] = c.rate(words, r["seconds"])
        out["parallel"] = {"docs": n_guardian, "words": words, "runs": parallel}
        out["speedup"] = parallel["2"]["docs_per_s"] / parallel["1"]["docs_per_s"]

        # peak RSS vs corpus size: short JSONL documents made of real sentences
        sentences = _sentences(rows)
        memory = []
        for mode, sizes in (("ingest", coded_sizes), ("nocode", nocode_sizes)):
            for n in sizes:
                path = Path(tmp, f"short_{n}.jsonl")
                if not path.exists():
                    _short_corpus(path, n, sentences)
                memory.append({"mode": mode, "n": n, **_spawn(mode, str(path), 1)})
        out["memory"] = memory
        out["sentences"] = len(sentences)

        # Dask LocalCluster vs local process pool, the same four CSV files
        files = _split_csv(rows[:n_dask], Path(tmp, "parts"), 4)
        pattern = str(files[0].parent / "*.csv")
        local_out, dask_out = Path(tmp, "local"), Path(tmp, "dask")
        out["dask"] = {
            "docs": n_dask,
            "files": len(files),
            "local": _spawn("local", f"{pattern}::{local_out}"),
            "dask": _spawn("dask", f"{pattern}::{dask_out}"),
            "compare": _same_events(local_out, dask_out),
        }
    return out


# --------------------------------------------------------------------------- rendering


def _rss_cell(r: dict[str, Any]) -> str:
    cell = c.fmt(r["rss_mb"])
    if r.get("children_rss_mb", 0) > 1:
        cell += f" (largest worker {c.fmt(r['children_rss_mb'])})"
    return cell


def render(s: dict[str, Any]) -> str:
    p = s["parallel"]
    one, two = p["runs"]["1"], p["runs"]["2"]
    verdict = "meets" if s["speedup"] >= 1.6 else "misses"
    par_rows = [
        [
            f"`ingest --workers {w}`",
            c.fmt(r["docs"]),
            f"{r['seconds']:.1f}",
            c.fmt(r["docs_per_s"], 2),
            c.fmt(r["words_per_s"]),
            c.fmt(r["events"]),
            f"{r['cpu_seconds']:.1f}",
            _rss_cell(r),
            " -> ".join(f"{x:.2f}" for x in r["loadavg"]),
        ]
        for w, r in ((1, one), (2, two))
    ]
    mem_rows = []
    for r in s["memory"]:
        label = "ingest with coding" if r["mode"] == "ingest" else "ingest without coding"
        mem_rows.append(
            [label, c.fmt(r["n"]), f"{r['seconds']:.1f}", c.fmt(r["docs_per_s"], 1), c.fmt(r["rss_mb"])]
        )
    coded = [r for r in s["memory"] if r["mode"] == "ingest"]
    plain = [r for r in s["memory"] if r["mode"] == "nocode"]

    def growth(pair: list[dict[str, Any]]) -> str:
        small, big = pair[0], pair[-1]
        per_k = (big["rss_mb"] - small["rss_mb"]) / ((big["n"] - small["n"]) / 1000)
        return (
            f"{c.fmt(small['n'])} -> {c.fmt(big['n'])} documents: {c.fmt(small['rss_mb'])} -> "
            f"{c.fmt(big['rss_mb'])} MiB ({per_k:+.2f} MiB per 1,000 documents)"
        )

    d = s["dask"]
    local, dask, cmp_ = d["local"], d["dask"], d["compare"]
    lines = [
        "## Scale" + (" (quick run)" if s["quick"] else ""),
        "",
        "Each row is one cold subprocess (imports excluded; model, actor dictionary, matcher and "
        "gazetteer loading included, in each worker for 2 workers) and a fresh DuckDB file. Peak "
        "RSS from `getrusage`: the main process, and the largest worker process. The load "
        "column is the 1-minute load average at the start and end of the row: the machine "
        "was shared, so other developers' jobs competed for the 2 cores.",
        "",
        f"### 1 vs 2 workers (Guardian sample, {p['docs']} articles, {c.fmt(p['words'])} words)",
        "",
        c.table(
            ["run", "docs", "time s", "docs/s", "words/s", "events", "CPU s", "peak RSS MiB", "load"],
            par_rows,
        ),
        "",
        f"**Speed-up with 2 workers: {s['speedup']:.2f}x** ({verdict} the target of >= 1.6x). "
        "Same documents and events either way (the test suite checks the stores are identical). "
        f"CPU seconds (all processes) over wall time: {one['cpu_seconds'] / one['seconds']:.2f} "
        f"for 1 worker, {two['cpu_seconds'] / two['seconds']:.2f} for 2: below 2.0 for 2 workers "
        "means the 2 cores were not both ours (see the load column).",
        "",
        f"### Peak memory vs corpus size (short JSONL documents: 3 random real sentences of the "
        f"sample each, from {c.fmt(s['sentences'])} sentences, seeded)",
        "",
        c.table(["run", "documents", "time s", "docs/s", "peak RSS MiB"], mem_rows),
        "",
        f"With coding (one process), {growth(coded)}. Without coding, {growth(plain)}. "
        "Documents stream through in bounded batches (read lazily, coded 16 at a time, stored "
        "200 per transaction). What still grows with the corpus: the near-duplicate index "
        "(`comity.ingest.dedup`, in memory: a 128-value MinHash and its LSH band keys per stored "
        "document, about 7 KiB each) and DuckDB's own buffer pool and primary-key indexes "
        "(about 4 KiB per short document).",
        "",
        f"### Dask LocalCluster vs local (Guardian, first {d['docs']} articles in {d['files']} CSV files)",
        "",
        c.table(
            ["run", "docs", "time s", "docs/s", "events", "load"],
            [
                [
                    "`comity code --out` (local pool, 2 workers)",
                    c.fmt(local["docs"]),
                    f"{local['seconds']:.1f}",
                    c.fmt(local["docs_per_s"], 2),
                    c.fmt(local["events"]),
                    " -> ".join(f"{x:.2f}" for x in local["loadavg"]),
                ],
                [
                    "`comity code --dask` (LocalCluster, 2 worker processes)",
                    c.fmt(dask["docs"]),
                    f"{dask['seconds']:.1f} (cluster start {dask['cluster_seconds']:.1f})",
                    c.fmt(dask["docs_per_s"], 2),
                    c.fmt(dask["events"]),
                    " -> ".join(f"{x:.2f}" for x in dask["loadavg"]),
                ],
            ],
        ),
        "",
        f"Events identical (ids and every field): **{'yes' if cmp_['identical'] else 'NO'}** "
        f"({c.fmt(cmp_['events'])} events). With 4 files on 2 workers the partitions are coarse; "
        "both runs pay the model load once per worker.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    args = c.parse_args(__doc__.splitlines()[0])
    if args.worker:
        print(json.dumps(worker(args.worker, args.input, args.repeat)))
        return
    reason = c.data_missing()
    if reason:
        c.skip(NAME, reason, args)
        return
    c.finish(NAME, run(args.quick), render, args)


if __name__ == "__main__":
    csv.field_size_limit(1 << 30)
    main()

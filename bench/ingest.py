"""Ingest throughput: read+clean, ingest into DuckDB without coding, and with coding.

Each mode runs in its own subprocess (this script started with ``--worker MODE``) so that peak RSS
is that mode's alone. Timings exclude start-up (imports, model and dictionary loading), which is
reported separately as ``setup``.

    .venv/bin/python bench/ingest.py [--quick] [--json] [--no-write]
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as c

NAME = "ingest"
#: (read repeats of the whole sample, documents ingested without coding, documents coded)
SIZES = {"full": (20, 249, 249), "quick": (4, 249, 40)}
NOCODE_RUNS = 3
WORKER_TIMEOUT = 300  # seconds; a worker that takes longer is a bug or an overloaded machine


# --------------------------------------------------------------------------- workers


def _warm_coder() -> None:
    """Load the model, the actor dictionary, the phrase matcher and the gazetteer."""
    import comity

    comity.code("Russian troops shelled Kharkiv, Ukraine's second city, on Monday.", date="2019-03-04")


def _worker_read(path: str, repeat: int) -> dict[str, Any]:
    from comity.runner import read_inputs

    errors: list[str] = []
    gc.collect()
    t0 = time.perf_counter()
    docs = sum(1 for _ in read_inputs([path] * repeat, errors=errors))
    seconds = time.perf_counter() - t0
    return {"docs": docs, "seconds": seconds, "runs": [seconds], "errors": len(errors)}


def _worker_ingest(path: str, repeat: int, *, code: bool) -> dict[str, Any]:
    from comity.runner import ingest

    runs: list[float] = []
    report: dict[str, Any] = {}
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="comity-bench-") as tmp:
        db = ""
        for k in range(repeat):
            db = str(Path(tmp, f"run{k}.duckdb"))
            gc.collect()
            t0 = time.perf_counter()
            report = ingest([path], db=db, code=code).to_dict()
            runs.append(time.perf_counter() - t0)
        if not code:
            # the same input again: every document is already stored and skipped before coding
            t0 = time.perf_counter()
            again = ingest([path], db=db, code=code).to_dict()
            out["resume_seconds"] = time.perf_counter() - t0
            out["resume_skipped"] = again["skipped_documents"]
    report.pop("errors", None)
    out.update({"docs": report["new_documents"], "seconds": min(runs), "runs": runs, "report": report})
    return out


def worker(mode: str, path: str, repeat: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    import comity.runner

    if mode == "code":
        _warm_coder()
    elif mode == "nocode":
        import comity.ingest.dedup
        import comity.store  # noqa: F401
    setup = time.perf_counter() - t0
    setup_rss = c.peak_rss_mb()
    if mode == "read":
        result = _worker_read(path, repeat)
    else:
        result = _worker_ingest(path, repeat, code=mode == "code")
    result.update(
        {"mode": mode, "setup_seconds": setup, "setup_rss_mb": setup_rss, "rss_mb": c.peak_rss_mb()}
    )
    return result


# --------------------------------------------------------------------------- driver


def _spawn(mode: str, path: Path, repeat: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", mode, "--input", str(path), "--repeat", str(repeat)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=WORKER_TIMEOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"worker {mode} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(quick: bool) -> dict[str, Any]:
    info = c.machine()  # first: the load average before this run
    read_repeat, n_nocode, n_code = SIZES["quick" if quick else "full"]
    rows = c.guardian_rows()
    words = {n: sum(len(r["text"].split()) for r in rows[:n]) for n in {n_nocode, n_code, len(rows)}}
    with tempfile.TemporaryDirectory(prefix="comity-bench-") as tmp:
        paths = {}
        for n in {n_nocode, n_code}:
            paths[n] = Path(tmp, f"guardian_{n}.csv")
            c.write_csv(paths[n], rows[:n])
        results = {
            "read": _spawn("read", c.GUARDIAN, read_repeat),
            "nocode": _spawn("nocode", paths[n_nocode], NOCODE_RUNS if not quick else 2),
            "code": _spawn("code", paths[n_code], 1),
        }
    results["read"]["words"] = words[len(rows)] * read_repeat
    results["nocode"]["words"] = words[n_nocode]
    results["code"]["words"] = words[n_code]
    for r in results.values():
        r["docs_per_s"] = c.rate(r["docs"], r["seconds"])
        r["words_per_s"] = c.rate(r["words"], r["seconds"])
    return {
        "bench": NAME,
        "quick": quick,
        "machine": info,
        "input": str(c.GUARDIAN),
        "sample_docs": len(rows),
        "read_repeat": read_repeat,
        "modes": results,
    }


LABELS = {
    "read": "read + clean (`read_inputs`)",
    "nocode": "ingest, no coding (`ingest(code=False)`)",
    "code": "ingest with coding (`ingest(code=True)`)",
}


def render(s: dict[str, Any]) -> str:
    rows = []
    for mode, r in s["modes"].items():
        runs = ", ".join(f"{x:.2f}" for x in r["runs"])
        rows.append(
            [
                LABELS[mode],
                c.fmt(r["docs"]),
                f"{r['seconds']:.2f} ({runs})",
                c.fmt(r["docs_per_s"], 1),
                c.fmt(r["words_per_s"]),
                f"{r['setup_seconds']:.2f}",
                f"{c.fmt(r['rss_mb'])} ({c.fmt(r['setup_rss_mb'])})",
            ]
        )
    nocode, code = s["modes"]["nocode"], s["modes"]["code"]
    lines = [
        "## Ingest" + (" (quick run)" if s["quick"] else ""),
        "",
        f"Input: the Guardian 2019 sample ({s['sample_docs']} articles, CSV read with comity's CSV "
        "reader). Read+clean reads the whole file "
        f"{s['read_repeat']} times; the ingest rows use the "
        "first N rows written to a temporary CSV and a fresh temporary DuckDB file per run "
        f"(no-coding: best of {len(nocode['runs'])} runs). Each mode runs in its own subprocess; "
        "time excludes start-up (`setup`: imports, and for coding the model, actor dictionary, "
        "phrase matcher and gazetteer), peak RSS includes it. Words are whitespace-separated words "
        "of the input text.",
        "",
        c.table(
            ["mode", "docs", "time s (runs)", "docs/s", "words/s", "setup s", "peak RSS MiB (after setup)"],
            rows,
        ),
        "",
        f"Re-ingesting the same {nocode['docs']} documents into the same store (all skipped, the "
        f"resume path): {nocode['resume_seconds']:.2f} s "
        f"({c.fmt(c.rate(nocode['resume_skipped'], nocode['resume_seconds']))} docs/s). "
        f"Coding stored {c.fmt(code['report']['events'])} events for {code['docs']} documents. "
        "The peak RSS of coding is spaCy's batch parse (see the Coder section), not the store.",
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
    main()

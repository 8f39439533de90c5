"""Run every benchmark and rewrite bench/results.md completely from their JSON summaries.

Each script runs in its own process with ``--json --no-write`` (and ``--quick`` when given); its
last stdout line is its summary. A script that is skipped (no ../shared) or fails gets a line
saying so in results.md instead of figures. The summaries are kept in ``bench/results.json``;
``--render`` rewrites results.md from that file without measuring again.

    .venv/bin/python bench/run_all.py [--quick] [--render]
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import time
from typing import Any

import _common as c

SCRIPTS = (*c.ORDER, "scale", "relations", "api")  # ingest, coder, actors, then scale, relations, api
SUMMARIES = c.SUMMARIES
TIMEOUT = 600  # seconds per script; each is designed to take under 3 minutes


def _run(name: str, quick: bool) -> dict[str, Any]:
    cmd = [sys.executable, str(c.BENCH / f"{name}.py"), "--json", "--no-write"]
    if quick:
        cmd.append("--quick")
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return {"bench": name, "failed": f"timed out after {TIMEOUT} s"}
    elapsed = time.perf_counter() - t0
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        return {"bench": name, "failed": f"exit code {done.returncode}: {tail[0]}"}
    summary = json.loads(lines[-1])
    summary["wall_seconds"] = elapsed
    return summary


def _section(summary: dict[str, Any]) -> str:
    name = summary["bench"]
    if "skipped" in summary:
        body = f"## {name.capitalize()}\n\n{summary['skipped']}\n"
    elif "failed" in summary:
        body = f"## {name.capitalize()}\n\nFailed: {summary['failed']}\n"
    else:
        module = importlib.import_module(name)
        body = module.render(summary)
        body += f"\n_Script wall time {summary['wall_seconds']:.0f} s._\n"
    return c.wrap_section(name, body)


def _write(info: dict[str, Any], summaries: list[dict[str, Any]]) -> None:
    text = c.header(info) + "\n" + "\n".join(_section(s) for s in summaries)
    c.RESULTS.write_text(text, encoding="utf-8")
    print(f"wrote {c.RESULTS}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="pass --quick to every benchmark")
    parser.add_argument("--render", action="store_true", help="rewrite results.md from results.json")
    args = parser.parse_args()
    if args.render:
        saved = json.loads(SUMMARIES.read_text(encoding="utf-8"))
        _write(saved["machine"], saved["summaries"])
        return
    reason = c.data_missing()
    if reason:
        print(reason)
        return
    info = c.machine()  # taken before the runs: the load average shows how busy the machine was
    summaries = []
    for name in SCRIPTS:
        print(f"running bench/{name}.py{' --quick' if args.quick else ''} ...", flush=True)
        summary = _run(name, args.quick)
        summaries.append(summary)
        status = summary.get("failed") or summary.get("skipped") or f"{summary['wall_seconds']:.0f} s"
        print(f"  {name}: {status}", flush=True)
    SUMMARIES.write_text(
        json.dumps({"machine": info, "summaries": summaries}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    _write(info, summaries)
    if any("failed" in s for s in summaries):
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Shared helpers of the benchmark scripts: the Guardian sample, machine details, results.md.

Benchmarks are scripts, not tests. Each one measures, prints a small table, and writes its own
section of ``bench/results.md`` between ``<!-- bench:NAME -->`` markers; ``run_all.py`` rewrites
the whole file from the scripts' JSON summaries.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import resource
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SHARED = REPO.parent / "shared"
GUARDIAN = SHARED / "data" / "news_sample" / "guardian_2019_sample.csv"
RESULTS = BENCH / "results.md"
SUMMARIES = BENCH / "results.json"  # the JSON summaries results.md was written from
ORDER = ("ingest", "coder", "actors")  # sections of results.md, in this order

SHARED_NOTE = (
    "Figures were taken on a shared 2-core development machine while other developers were "
    "working on it; expect a spread of 10-20% between runs. Compare rows within one run, not "
    "across runs."
)


def parse_args(description: str, argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="a smaller run (a few seconds to ~1 minute)")
    parser.add_argument("--json", action="store_true", help="print one JSON summary line on stdout")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/results.md")
    parser.add_argument("--worker", default="", help=argparse.SUPPRESS)
    parser.add_argument("--input", default="", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def data_missing() -> str | None:
    """Why the benchmarks cannot run here, or None when the Guardian sample is present."""
    if not GUARDIAN.is_file():
        return f"skipped: {GUARDIAN} not found (the benchmarks read the shared Guardian sample in ../shared)"
    return None


def guardian_rows(limit: int | None = None) -> list[dict[str, str]]:
    """Rows of the Guardian sample (columns: unnamed row id, date, text, source)."""
    csv.field_size_limit(1 << 30)
    with GUARDIAN.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows[:limit] if limit is not None else rows


def write_csv(path: Path, rows: Iterable[dict[str, str]]) -> int:
    """Write rows with the Guardian sample's columns; returns how many were written."""
    rows = list(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_model() -> str:
    """The model name of /proc/cpuinfo, with family/model and whether it is a virtual machine."""
    try:
        fields: dict[str, str] = {}
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if not line.strip():
                break  # the first processor is enough
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    except OSError:
        return platform.processor() or "unknown"
    name = fields.get("model name", "unknown")
    extra = [f"family {fields['cpu family']} model {fields['model']}"] if "cpu family" in fields else []
    if "hypervisor" in fields.get("flags", "").split():
        extra.append("virtual machine")
    return f"{name} ({', '.join(extra)})" if extra else name


def _ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def machine() -> dict[str, Any]:
    """Where the figures were taken: CPU, cores, RAM, Python, spaCy and model, date, load."""
    import spacy
    import spacy.util

    from comity.settings import load_settings

    model = "none installed"
    for name in load_settings()["nlp"]["models"]:  # the order load_nlp() tries them in
        if spacy.util.is_package(name):
            model = f"{name} {spacy.util.get_package_version(name)}"
            break
    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count() or 0,
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0,
        "ram_gib": round(_ram_gib(), 1),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": model,
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "loadavg": [round(x, 2) for x in load],
    }


def header(info: dict[str, Any]) -> str:
    load = ", ".join(f"{x:.2f}" for x in info.get("loadavg", []))
    return "\n".join(
        [
            "# comity benchmarks",
            "",
            "Written by the scripts in `bench/` (`.venv/bin/python bench/run_all.py`, or one script at a",
            "time; `--quick` for a smaller run). Do not edit by hand: the next run rewrites it.",
            "",
            "| machine | |",
            "|---|---|",
            f"| CPU | {info['cpu']} |",
            f"| cores | {info['cores']} (usable by this process: {info['usable_cores']}) |",
            f"| RAM | {info['ram_gib']} GiB |",
            f"| Python | {info['python']} |",
            f"| spaCy | {info['spacy']} |",
            f"| model | {info['model']} |",
            f"| date | {info['date']} |",
            f"| load average at start | {load} |",
            "",
            f"**{SHARED_NOTE}**",
            "",
        ]
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A Markdown table (also readable as plain text on a terminal)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _marker(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"


def wrap_section(name: str, body: str) -> str:
    start, end = _marker(name)
    return f"{start}\n{body.rstrip()}\n{end}\n"


def update_section(name: str, body: str, info: dict[str, Any]) -> None:
    """Replace (or append) one script's section of results.md and refresh the machine header."""
    section = wrap_section(name, body)
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    pattern = re.compile(r"<!-- bench:(\w+) -->\n.*?<!-- /bench:\1 -->\n", flags=re.S)
    kept = {m.group(1): m.group(0) for m in pattern.finditer(old)}
    kept[name] = section
    order = [s for s in ORDER if s in kept] + [s for s in kept if s not in ORDER]
    RESULTS.write_text(header(info) + "\n" + "\n".join(kept[s] for s in order), encoding="utf-8")


def _update_summary(summary: dict[str, Any]) -> None:
    """Replace this script's entry in results.json (written in full by run_all.py)."""
    saved: dict[str, Any] = {"machine": summary.get("machine", {}), "summaries": []}
    if SUMMARIES.exists():
        saved = json.loads(SUMMARIES.read_text(encoding="utf-8"))
    others = [s for s in saved["summaries"] if s.get("bench") != summary["bench"]]
    saved["summaries"] = sorted(
        [*others, summary], key=lambda s: ORDER.index(s["bench"]) if s["bench"] in ORDER else len(ORDER)
    )
    SUMMARIES.write_text(json.dumps(saved, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def finish(
    name: str,
    summary: dict[str, Any],
    render: Callable[[dict[str, Any]], str],
    args: argparse.Namespace,
) -> None:
    """Print the table (stderr when --json), the JSON line, and update results.md."""
    body = render(summary)
    print(body, file=sys.stderr if args.json else sys.stdout)
    if not args.no_write:
        update_section(name, body, summary.get("machine") or machine())
        _update_summary(summary)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))


def skip(name: str, reason: str, args: argparse.Namespace) -> None:
    print(reason, file=sys.stderr)
    if args.json:
        print(json.dumps({"bench": name, "skipped": reason}))


def rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


def fmt(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"

"""Annotators' helper: list a page's units, check a work file, convert it to standoff.

    python -m comity.corpus.worktool units NP-0001 [NP-0002 ...]
    python -m comity.corpus.worktool check WORK.jsonl
    python -m comity.corpus.worktool convert WORK.jsonl --annotator A1 --out OUT.jsonl [--sample S]
    python -m comity.corpus.worktool merge OUT.jsonl WORK.jsonl:A1 [WORK.jsonl:A2 ...]

``merge`` converts several work files into one standoff file in page and unit order, leaving
out (and reporting) the records that do not check.
"""

from __future__ import annotations

import argparse
import sys

from comity.corpus.segment import segment
from comity.corpus.standoff import AnnotationError, load_pages, read_jsonl, to_standoff, write_jsonl


def _units(ids: list[str]) -> None:
    pages = load_pages()
    for pid in ids:
        page = pages[pid]
        est = " (date estimated)" if page.get("date_estimated") else ""
        print(f"=== {pid} | {page.get('outlet')} | {page.get('date')}{est} | {page.get('url')}")
        for u in segment(pid, page["text"]):
            print(f"{u.sid}\t{page['text'][u.start : u.end]}")
        print()


def _convert(path: str, annotator: str, sample: str) -> tuple[list[dict], list[str], int]:
    out, errors, seen = [], [], set()
    n = 0
    for line_no, rec in read_jsonl(path):
        n += 1
        try:
            row = to_standoff(rec, annotator=annotator, sample=sample)
        except (AnnotationError, KeyError) as exc:
            errors.append(f"{path}:{line_no}: {exc}")
            continue
        if row["id"] in seen:
            errors.append(f"{path}:{line_no}: {row['id']} labelled twice")
            continue
        seen.add(row["id"])
        out.append(row)
    return out, errors, n


def _order(row: dict) -> tuple[str, int]:
    page, unit = row["id"].split(":s")
    return page, int(unit)


def _merge(out: str, works: list[str], sample: str) -> int:
    rows: dict[str, dict] = {}
    bad = 0
    for spec in works:
        path, _, annotator = spec.rpartition(":")
        got, errors, _ = _convert(path, annotator, sample)
        bad += len(errors)
        for e in errors:
            print(e, file=sys.stderr)
        for row in got:
            rows.setdefault(row["id"], row)
    write_jsonl(out, sorted(rows.values(), key=_order))
    events = sum(1 for r in rows.values() if r["event"])
    print(
        f"{len(rows)} records ({events} with an event) on {len({r['page'] for r in rows.values()})} pages;"
        f" {bad} left out"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="comity.corpus.worktool")
    sub = ap.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("units")
    u.add_argument("pages", nargs="+")
    for name in ("check", "convert"):
        c = sub.add_parser(name)
        c.add_argument("work")
        c.add_argument("--annotator", default="?")
        c.add_argument("--sample", default="full")
        c.add_argument("--out")
    m = sub.add_parser("merge")
    m.add_argument("out")
    m.add_argument("works", nargs="+", help="WORK.jsonl:ANNOTATOR")
    m.add_argument("--sample", default="full")
    args = ap.parse_args(argv)
    if args.cmd == "merge":
        return _merge(args.out, args.works, args.sample)
    if args.cmd == "units":
        _units(args.pages)
        return 0
    rows, errors, n = _convert(args.work, args.annotator, args.sample)
    for e in errors:
        print(e, file=sys.stderr)
    events = sum(1 for r in rows if r["event"])
    pages = len({r["page"] for r in rows})
    print(f"{n} records, {len(rows)} valid ({events} with an event) on {pages} pages, {len(errors)} errors")
    if args.cmd == "convert" and args.out:
        write_jsonl(args.out, rows)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())

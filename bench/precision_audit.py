"""Precision on whole pages: code test-split pages end to end, draw a seeded sample of the events.

    python bench/precision_audit.py draw  [--pages 60] [--events 150] [--seed 2026]
    python bench/precision_audit.py score corpus/audit/judgments.jsonl

``draw`` picks test-split pages (seeded), codes them with ``comity code`` exactly as a user
would (the readers clean each page first), samples events (seeded) and writes
``corpus/audit/sample.jsonl`` — ids, types, codes and offsets only, no page text — plus, outside
the repository, a packet for the judge with each page's cleaned text and the event in full
(``/tmp/comity-audit/packet.md``). The judge sees only ANNOTATION.md, the page and the event,
and writes one judgment per event: ``{"event_id", "real", "type_ok", "source_ok",
"target_ok", "note"}``. ``score`` prints the real-event and fully-right rates.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def draw(n_pages: int, n_events: int, seed: int) -> None:
    from comity.corpus.split import load_split
    from comity.corpus.standoff import load_pages

    pages = load_pages()
    test = sorted(p for p, s in load_split().items() if s == "test")
    chosen = sorted(random.Random(seed).sample(test, n_pages))
    work = Path(tempfile.gettempdir()) / "comity-audit"
    work.mkdir(exist_ok=True)
    docs = work / "pages.jsonl"
    with docs.open("w", encoding="utf-8") as f:
        for pid in chosen:
            p = pages[pid]
            f.write(
                json.dumps(
                    {"id": pid, "text": p["text"], "date": p["date"], "url": p["url"], "source": p["outlet"]}
                )
                + "\n"
            )
    comity = Path(sys.executable).parent / "comity"
    out = subprocess.run(
        [str(comity), "code", str(docs), "--format", "jsonl"], capture_output=True, text=True, check=True
    )
    events = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    sample = sorted(
        random.Random(seed).sample(events, min(n_events, len(events))),
        key=lambda e: (e["doc_id"], e["span"][0]),
    )
    rows = [
        {
            "event_id": e["id"],
            "doc_id": e["doc_id"],
            "event": e["event"],
            "source": [a["code"] for a in e["source"]],
            "target": [a["code"] for a in e["target"]],
            "span": e["span"],
            "trigger_span": e["trigger_span"],
            "confidence": e["confidence"],
        }
        for e in sample
    ]
    meta = {"pages": chosen, "seed": seed, "events_emitted": len(events), "sampled": len(rows)}
    (ROOT / "corpus" / "audit" / "sample.json").write_text(
        json.dumps({"meta": meta, "events": rows}, indent=1) + "\n"
    )
    with (work / "packet.md").open("w", encoding="utf-8") as f:
        by_doc: dict[str, list[dict]] = {}
        for e in sample:
            by_doc.setdefault(e["doc_id"], []).append(e)
        for pid, evs in by_doc.items():
            f.write(f"# PAGE {pid} (published {pages[pid]['date']})\n\n{pages[pid]['text']}\n\n")
            for e in evs:
                f.write(_event_entry(e))
    print(f"{len(events)} events on {len(chosen)} pages; sampled {len(rows)}; packet in {work / 'packet.md'}")


def _actors(xs: list[dict]) -> str:
    return "; ".join(
        f"{a['actorText']!r}={a['code']}" + (f"/{a['sector']}" if a["sector"] else "") for a in xs
    )


def _event_entry(e: dict) -> str:
    negated = " (negated)" if e["negated"] else ""
    return (
        f"## EVENT {e['id']}\nsentence: {e['text']}\ntrigger: {e['eventText']!r}\ntype: {e['event']}\n"
        f"source: {_actors(e['source'])}\ntarget: {_actors(e['target']) or '(none)'}\n"
        f"modality: {e['modality']}{negated}\n\n"
    )


def score(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    n = len(rows)
    real = sum(bool(r["real"]) for r in rows)
    full = sum(bool(r["real"] and r["type_ok"] and r["source_ok"] and r["target_ok"]) for r in rows)
    typed = sum(bool(r["real"] and r["type_ok"]) for r in rows)
    print(
        json.dumps(
            {
                "judged": n,
                "real_event": round(real / n, 4),
                "real_and_type": round(typed / n, 4),
                "fully_right": round(full / n, 4),
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--pages", type=int, default=60)
    d.add_argument("--events", type=int, default=150)
    d.add_argument("--seed", type=int, default=2026)
    s = sub.add_parser("score")
    s.add_argument("judgments", type=Path)
    args = ap.parse_args()
    if args.cmd == "draw":
        draw(args.pages, args.events, args.seed)
    else:
        score(args.judgments)


if __name__ == "__main__":
    main()

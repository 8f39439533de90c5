"""Agreement between two independent codings of the same units (Cohen's kappa and more).

``python -m comity.corpus.agreement corpus/annotations.jsonl corpus/double/second_coder.jsonl``
prints, over the units both coded (furniture left out):

- Cohen's kappa on the event type, "no event" counted as a category of its own;
- raw agreement on the type, and on event vs no event;
- where both coded the same type: agreement on the source codes and on the target codes
  (exact set, and overlap).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from comity.corpus.standoff import read_jsonl

NO_EVENT = "-"


def _codes(actors: list[dict[str, Any]] | None) -> frozenset[str]:
    return frozenset((a.get("code") or "") + "/" + (a.get("sector") or "") for a in actors or [])


def _country(actors: list[dict[str, Any]] | None) -> frozenset[str]:
    return frozenset(a.get("code") or "" for a in actors or [])


def cohen_kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    if not n:
        return 0.0
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return round((po - pe) / (1 - pe), 4) if pe < 1 else 1.0


def agreement(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    a = {r["id"]: r for r in first}
    b = {r["id"]: r for r in second}
    both = [
        i
        for i in sorted(a.keys() & b.keys())
        if a[i].get("kind") != "furniture" or b[i].get("kind") != "furniture"
    ]
    ta = [a[i].get("event") or NO_EVENT for i in both]
    tb = [b[i].get("event") or NO_EVENT for i in both]
    same = [i for i, x, y in zip(both, ta, tb, strict=True) if x == y and x != NO_EVENT]
    src_exact = sum(_country(a[i]["source"]) == _country(b[i]["source"]) for i in same)
    src_over = sum(bool(_country(a[i]["source"]) & _country(b[i]["source"])) for i in same)
    tgt = [i for i in same if a[i]["target"] or b[i]["target"]]
    tgt_exact = sum(_country(a[i]["target"]) == _country(b[i]["target"]) for i in tgt)
    tgt_over = sum(bool(_country(a[i]["target"]) & _country(b[i]["target"])) for i in tgt)
    n = len(both)
    return {
        "units": n,
        "pages": len({i.split(":")[0] for i in both}),
        "type_kappa": cohen_kappa(ta, tb),
        "type_agreement": round(sum(x == y for x, y in zip(ta, tb, strict=True)) / n, 4) if n else 0.0,
        "event_vs_none_kappa": cohen_kappa(
            [str(x != NO_EVENT) for x in ta], [str(y != NO_EVENT) for y in tb]
        ),
        "both_event_same_type": len(same),
        "source_code_exact": round(src_exact / len(same), 4) if same else 0.0,
        "source_code_overlap": round(src_over / len(same), 4) if same else 0.0,
        "target_pairs": len(tgt),
        "target_code_exact": round(tgt_exact / len(tgt), 4) if tgt else 0.0,
        "target_code_overlap": round(tgt_over / len(tgt), 4) if tgt else 0.0,
        "disagreements": [i for i, x, y in zip(both, ta, tb, strict=True) if x != y],
    }


def main(argv: list[str]) -> int:
    first = [r for _, r in read_jsonl(argv[0])]
    second = [r for _, r in read_jsonl(argv[1])]
    res = agreement(first, second)
    if len(argv) > 2:
        Path(argv[2]).write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    res.pop("disagreements")
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

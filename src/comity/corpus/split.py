"""The corpus split by page: train / dev / test, seeded, stratified by region.

The split is made once over *all* pages (before any page was labelled) and committed as
``corpus/splits.json``; a page's sentences all go where the page goes, so no test sentence
shares a page with a training one. ``python -m comity.corpus.split`` rewrites the file from the
pages and the seed, and a test checks that the committed file is what this function makes.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

SEED = 14
SHARES = (("test", 0.25), ("dev", 0.15))  # the rest is train


def make_split(pages: dict[str, dict[str, Any]], *, seed: int = SEED) -> dict[str, str]:
    """Page id -> split name."""
    rng = random.Random(seed)
    by_region: dict[str, list[str]] = defaultdict(list)
    for pid, page in sorted(pages.items()):
        by_region[str(page.get("region") or "")].append(pid)
    out: dict[str, str] = {}
    for region in sorted(by_region):
        ids = sorted(by_region[region])
        rng.shuffle(ids)
        k = 0
        for name, share in SHARES:
            n = round(len(ids) * share)
            for pid in ids[k : k + n]:
                out[pid] = name
            k += n
        for pid in ids[k:]:
            out[pid] = "train"
    return dict(sorted(out.items()))


def corpus_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "corpus"


def load_split(path: str | Path | None = None) -> dict[str, str]:
    p = Path(path) if path else corpus_dir() / "splits.json"
    return json.loads(p.read_text(encoding="utf-8"))["pages"]


def main() -> None:
    from comity.corpus.standoff import load_pages

    split = make_split(load_pages())
    counts = {name: sum(1 for v in split.values() if v == name) for name in ("train", "dev", "test")}
    doc = {"seed": SEED, "shares": dict(SHARES), "counts": counts, "pages": split}
    (corpus_dir() / "splits.json").write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(counts)


if __name__ == "__main__":
    main()

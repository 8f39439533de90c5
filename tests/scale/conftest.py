"""Small generated corpora for the scale tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SENTENCES = (
    "Russia and China signed a trade agreement in Beijing on Tuesday.",
    "Israeli warplanes struck targets near Damascus, the Syrian army said.",
    "Protesters marched on the parliament in Nairobi to demand the president's resignation.",
    "The European Union imposed new sanctions on Iran over its nuclear programme.",
    "France sent humanitarian aid to Lebanon after the explosion.",
)


def write_corpus(path: Path, n: int, *, prefix: str = "doc") -> list[str]:
    """A JSONL corpus of ``n`` short distinct news items; returns their ids."""
    ids = []
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            a, b = SENTENCES[i % len(SENTENCES)], SENTENCES[(i + 2) % len(SENTENCES)]
            text = f"Item {prefix} {i}. {a} {b} Officials confirmed the report number {i}."
            ids.append(f"{prefix}-{i:04d}")
            f.write(json.dumps({"id": ids[-1], "text": text, "date": "2025-03-07"}) + "\n")
    return ids


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """Three JSONL files of 6 documents each."""
    root = tmp_path / "corpus"
    root.mkdir()
    for k in range(3):
        write_corpus(root / f"part{k}.jsonl", 6, prefix=f"p{k}")
    return root

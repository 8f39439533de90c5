"""Stores built through the real ingest path from corpora the provenance tests write.

They are coded by the rules alone: provenance (clusters, corroboration, weights) is tested on a
fixed coder, so that retraining the learned decision does not move what these tests count."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from comity.pipeline import CoderOptions
from comity.runner import IngestReport, ingest


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Callable[[list[dict[str, Any]]], tuple[Path, IngestReport]]:
    """``corpus_store(records)`` -> (store path, ingest report) of the records as a JSONL corpus."""

    def build(records: list[dict[str, Any]]) -> tuple[Path, IngestReport]:
        folder = tmp_path_factory.mktemp("corpus")
        corpus = folder / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        path = folder / "store.duckdb"
        return path, ingest([str(corpus)], db=path, options=CoderOptions(learned=False))

    return build

"""Read the annotated corpus: standoff records -> gold records, checked against the pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from comity.corpus.split import corpus_dir, load_split
from comity.corpus.standoff import AnnotationError, check_labels, materialize, read_jsonl


def annotations_path() -> Path:
    return corpus_dir() / "annotations.jsonl"


def written_path(folder: Path | None = None) -> Path:
    """Sentences the project wrote itself (rare types, hard negatives): text in the record."""
    return (folder or corpus_dir()) / "written.jsonl"


def load_written(path: Path) -> list[dict[str, Any]]:
    """Written sentences as gold records (all in train), their quotes checked against the text."""
    out = []
    for line_no, rec in read_jsonl(path):
        text = rec.get("text") or ""
        try:
            check_labels(rec, str(rec.get("id")))
        except AnnotationError as exc:
            raise AnnotationError(f"{path}:{line_no}: {exc}") from exc
        for key in ("source", "target"):
            for a in rec.get(key) or []:
                if a.get("actorText") and a["actorText"] not in text:
                    raise AnnotationError(f"{path}:{line_no}: {key} actorText is not in the text")
        trig = rec.get("eventText") or ""
        spans = []
        pos = 0
        for piece in [p.strip() for p in trig.split("...") if p.strip()]:
            i = text.find(piece, pos)
            if i < 0:
                raise AnnotationError(f"{path}:{line_no}: eventText {piece!r} is not in the text")
            spans.append([i, i + len(piece)])
            pos = i + len(piece)
        out.append({**rec, "page": None, "split": "train", "trigger_rel": spans, "kind": rec.get("kind")})
    return out


def load_corpus(
    path: str | Path | None = None,
    *,
    split: str | None = None,
    pages: str | None = None,
    include_furniture: bool = False,
) -> list[dict[str, Any]]:
    """Gold records of the corpus (all, or one split), each with its ``split``.

    Every offset is checked against its page; a mismatch raises AnnotationError naming the
    file, line and unit. Units labelled ``furniture`` (menus, bylines ...) are left out unless
    asked for: they are not sentences, and ingest removes them before coding.
    """
    path = Path(path) if path else annotations_path()
    splits = load_split(path.parent / "splits.json" if (path.parent / "splits.json").exists() else None)
    out = []
    for line_no, rec in read_jsonl(path):
        try:
            gold = materialize(rec, path=pages)
        except AnnotationError as exc:
            raise AnnotationError(f"{path}:{line_no}: {exc}") from exc
        gold["split"] = splits.get(rec["page"], "train")
        if split and gold["split"] != split:
            continue
        if gold.get("kind") == "furniture" and not include_furniture:
            continue
        out.append(gold)
    written = written_path(path.parent)
    if written.exists() and split in (None, "train"):
        out.extend(load_written(written))
    return out

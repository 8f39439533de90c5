"""Coding throughput against a bare spaCy parse of the same texts, and where the coder's time goes.

Documents are read from the Guardian sample exactly as ``comity code`` reads them
(``comity.runner.read_inputs``: CSV reader and cleaning), outside the timings. In one process,
alternating (bare, coder, bare, coder), the best of two runs each:

- bare:  ``load_nlp()`` then ``nlp.pipe(texts, batch_size=64)``, consuming every Doc;
- coder: ``comity.pipeline.code_documents(documents, nlp=nlp)``, consuming every event list.

Both use the same pipeline (``load_nlp()``, which includes comity's paragraph-break component), so
the ratio coder/bare measures comity's own per-document work: actor mentions and resolution, event
extraction, dates, places, merging. A cProfile of that work alone (``code_doc`` +
``merge_mentions`` over pre-parsed Docs) shows where it goes.

    .venv/bin/python bench/coder.py [--quick] [--json] [--no-write]
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import re
import time
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import _common as c

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from comity.model import Document
    from comity.pipeline import CoderOptions

NAME = "coder"
#: (documents timed, documents profiled, documents joined into one long document)
SIZES = {"full": (120, 40, 20), "quick": (30, 10, 8)}
TARGET_RATIO = 0.7
TOP = 15


def _bare(nlp: Language, texts: list[str]) -> tuple[float, int]:
    gc.collect()
    t0 = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=64):
        tokens += len(doc)
    return time.perf_counter() - t0, tokens


def _coder(nlp: Language, documents: list[Document]) -> tuple[float, int]:
    from comity.pipeline import code_documents

    gc.collect()
    t0 = time.perf_counter()
    events = 0
    for _document, evs in code_documents(documents, nlp=nlp):
        events += len(evs)
    return time.perf_counter() - t0, events


def _code_parsed(docs: list[Doc], documents: list[Document], nlp: Language, options: CoderOptions) -> int:
    """comity's part of coding: everything ``code_documents`` does after the parse."""
    from comity.pipeline import code_doc, merge_mentions

    events = 0
    for doc, document in zip(docs, documents, strict=True):
        events += len(merge_mentions(code_doc(doc, document, nlp=nlp, options=options)))
    return events


def _property_name(path: str, line: int) -> str | None:
    """The property a compiled ``__get__`` implements, read from the .pyx source next to it."""
    import spacy

    source = Path(spacy.__file__).parent.parent / path
    try:
        lines = source.read_text(encoding="utf-8").splitlines()[line - 1 : line + 2]
    except OSError:
        return None
    for text in lines:
        if m := re.match(r"\s*(?:def|property)\s+(\w+)", text):
            return m.group(1)
    return None


def _label(key: tuple[str, int, str]) -> str:
    path, line, func = key
    if path == "~":
        return func.replace("<", "").replace(">", "")
    if func == "__get__" and path.startswith("spacy/") and path.endswith(".pyx"):
        prop = _property_name(path, line)
        func = f"{prop} (property)" if prop else func
    for marker in ("/src/comity/", "/site-packages/", "/lib/python3"):
        if marker in path:
            tail = path.split(marker, 1)[1]
            path = ("comity/" if marker == "/src/comity/" else "") + tail
            break
    return f"{path}:{line} {func}"


def _profile_rows(stats: pstats.Stats, total: float, *, by: str, top: int) -> list[dict[str, Any]]:
    rows = []
    for key, (_cc, calls, own, cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        name = key[2]
        if name in ("_code_parsed", "<method 'disable' of '_lsprof.Profiler' objects>"):
            continue
        rows.append(
            {
                "function": _label(key),
                "calls": calls,
                "own_s": own,
                "cum_s": cum,
                "cum_share": cum / total if total else 0.0,
            }
        )
    rows.sort(key=lambda r: r[by], reverse=True)
    return rows[:top]


def _profiled(
    docs: list[Doc], documents: list[Document], nlp: Language, options: CoderOptions
) -> tuple[pstats.Stats, float]:
    """cProfile of comity's part, and the profiled total (``_code_parsed``'s cumulative time)."""
    profiler = cProfile.Profile()
    profiler.enable()
    _code_parsed(docs, documents, nlp, options)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = max((v[3] for k, v in stats.stats.items() if k[2] == "_code_parsed"), default=0.0)  # type: ignore[attr-defined]
    return stats, total


def _profile(nlp: Language, documents: list[Document], docs: list[Doc], parse: float) -> dict[str, Any]:
    from comity.pipeline import CoderOptions

    options = CoderOptions()
    gc.collect()
    t0 = time.perf_counter()
    events = _code_parsed(docs, documents, nlp, options)
    comity_part = time.perf_counter() - t0
    stats, total = _profiled(docs, documents, nlp, options)
    return {
        "docs": len(documents),
        "events": events,
        "parse_seconds": parse,
        "comity_seconds": comity_part,
        "comity_share": comity_part / (parse + comity_part),
        "profiled_seconds": total,
        "by_cumulative": _profile_rows(stats, total, by="cum_s", top=TOP),
        "by_own": _profile_rows(stats, total, by="own_s", top=10),
    }


def _scaling(nlp: Language, documents: list[Document], docs: list[Doc]) -> dict[str, Any]:
    """comity's part on N articles as N documents, and on the same articles joined into one.

    The parse is linear in length; comity's per-document work should be too. The ratio of the
    two times shows any work that grows with (sentences x document size)."""
    from comity.model import Document
    from comity.pipeline import CoderOptions

    options = CoderOptions()
    joined = Document(
        id="joined", text="\n\n".join(d.text for d in documents), published=documents[0].published
    )
    long_doc = nlp(joined.text)
    gc.collect()
    t0 = time.perf_counter()
    _code_parsed(docs, documents, nlp, options)
    separate = time.perf_counter() - t0
    gc.collect()
    t0 = time.perf_counter()
    _code_parsed([long_doc], [joined], nlp, options)
    one = time.perf_counter() - t0
    stats, total = _profiled([long_doc], [joined], nlp, options)
    return {
        "docs": len(documents),
        "tokens": len(long_doc),
        "separate_seconds": separate,
        "joined_seconds": one,
        "factor": c.rate(one, separate),
        "profiled_seconds": total,
        "by_cumulative": _profile_rows(stats, total, by="cum_s", top=10),
    }


def run(quick: bool) -> dict[str, Any]:
    from comity.nlp import load_nlp
    from comity.runner import read_inputs

    info = c.machine()  # first: the load average before this run
    n_docs, n_profile, n_joined = SIZES["quick" if quick else "full"]
    documents = list(islice(read_inputs([str(c.GUARDIAN)]), n_docs))
    texts = [d.text for d in documents]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    nlp = load_nlp()
    model_load = time.perf_counter() - t0

    bare_runs: list[float] = []
    coder_runs: list[float] = []
    tokens = events = 0
    bare_rss = 0.0
    for _ in range(2):
        seconds, tokens = _bare(nlp, texts)
        bare_runs.append(seconds)
        bare_rss = bare_rss or c.peak_rss_mb()  # before the coder has loaded anything
        seconds, events = _coder(nlp, documents)
        coder_runs.append(seconds)
    coder_rss = c.peak_rss_mb()
    bare, coder = min(bare_runs), min(coder_runs)
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(texts[:n_profile], batch_size=64))
    profile = _profile(nlp, documents[:n_profile], parsed, time.perf_counter() - t0)
    scaling = _scaling(nlp, documents[:n_joined], parsed[:n_joined])
    return {
        "bench": NAME,
        "quick": quick,
        "machine": info,
        "docs": len(documents),
        "words": words,
        "tokens": tokens,
        "events": events,
        "model_load_seconds": model_load,
        "bare": {
            "runs": bare_runs,
            "seconds": bare,
            "docs_per_s": c.rate(len(documents), bare),
            "words_per_s": c.rate(words, bare),
            "rss_mb": bare_rss,
        },
        "coder": {
            "runs": coder_runs,
            "seconds": coder,
            "docs_per_s": c.rate(len(documents), coder),
            "words_per_s": c.rate(words, coder),
            "rss_mb": coder_rss,
        },
        "ratio": c.rate(bare, coder),
        "target_ratio": TARGET_RATIO,
        "profile": profile,
        "scaling": scaling,
    }


def _profile_table(rows: list[dict[str, Any]]) -> str:
    return c.table(
        ["function", "calls", "own s", "cum s", "cum % of comity part"],
        [
            [
                f"`{r['function']}`",
                c.fmt(r["calls"]),
                f"{r['own_s']:.2f}",
                f"{r['cum_s']:.2f}",
                f"{100 * r['cum_share']:.1f}",
            ]
            for r in rows
        ],
    )


def render(s: dict[str, Any]) -> str:
    rows = []
    for key, label in (("bare", "bare spaCy parse (`nlp.pipe`)"), ("coder", "coder (`code_documents`)")):
        r = s[key]
        runs = ", ".join(f"{x:.2f}" for x in r["runs"])
        rows.append(
            [
                label,
                f"{r['seconds']:.2f} ({runs})",
                c.fmt(r["docs_per_s"], 2),
                c.fmt(r["words_per_s"]),
                c.fmt(r["rss_mb"]),
            ]
        )
    p, g = s["profile"], s["scaling"]
    verdict = "meets" if s["ratio"] >= s["target_ratio"] else "is below"
    lines = [
        "## Coder" + (" (quick run)" if s["quick"] else ""),
        "",
        f"{s['docs']} Guardian articles ({c.fmt(s['words'])} words, {c.fmt(s['tokens'])} spaCy tokens), "
        "read and cleaned as `comity code` does before timing. Same process, alternating bare, "
        "coder, bare, coder; best of 2 each (the first coder run also loads the actor dictionary, "
        "phrase matcher and gazetteer). Both use `load_nlp()` (model load "
        f"{s['model_load_seconds']:.2f} s), so the ratio is comity's own overhead over the parse.",
        "",
        c.table(["run", "time s (runs)", "docs/s", "words/s", "peak RSS MiB"], rows),
        "",
        f"**Ratio coder/bare (words/s): {s['ratio']:.2f}** — {verdict} the target of "
        f">= {s['target_ratio']}. The coder found {c.fmt(s['events'])} events. Peak RSS of the bare "
        "row is taken before the coder first ran; the coder row is the process peak. Both are set "
        "by spaCy's batch parse (`nlp.pipe`, batch_size 64, ~1,000-word articles): the bare row is "
        "reached before any comity code has run.",
        "",
        "### Where the coder's own time goes",
        "",
        f"The first {p['docs']} documents parsed once ({p['parse_seconds']:.2f} s), then comity's "
        f"part alone (`code_doc` + `merge_mentions` per document) timed: {p['comity_seconds']:.2f} s, "
        f"**{100 * p['comity_share']:.0f}% of parse + comity**. The same part under cProfile "
        f"({p['profiled_seconds']:.2f} s with profiling overhead), top {len(p['by_cumulative'])} "
        "functions by cumulative time:",
        "",
        _profile_table(p["by_cumulative"]),
        "",
        f"Top {len(p['by_own'])} by own time (excluding callees):",
        "",
        _profile_table(p["by_own"]),
        "",
        "### Document length",
        "",
        f"comity's part on the first {g['docs']} articles coded one by one: {g['separate_seconds']:.2f} s; "
        f"the same articles joined by blank lines into one document ({c.fmt(g['tokens'])} tokens): "
        f"{g['joined_seconds']:.2f} s, **{g['factor']:.1f}x** (1.0x would be linear in length). "
        f"Top {len(g['by_cumulative'])} by cumulative time on the long document "
        f"({g['profiled_seconds']:.2f} s profiled):",
        "",
        _profile_table(g["by_cumulative"]),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    args = c.parse_args(__doc__.splitlines()[0])
    reason = c.data_missing()
    if reason:
        c.skip(NAME, reason, args)
        return
    c.finish(NAME, run(args.quick), render, args)


if __name__ == "__main__":
    main()

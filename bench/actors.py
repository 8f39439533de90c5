"""Actor dictionary load, phrase-matcher build and resolution speed on the Guardian sample.

- dictionary load: ``load_dictionary()`` cold, in a fresh subprocess (this script with
  ``--worker dictionary``), with the import time of the module separately;
- matcher build: the first ``DocActors(doc, nlp)`` of the process builds the PhraseMatcher over
  every alias; the second on the same Doc shows the per-document cost without it;
- resolutions: the articles are parsed once; then for every PERSON/ORG/GPE/NORP entity,
  ``actors_of(ent.root)`` on the document's ``DocActors`` (built once per document, timed apart).

    .venv/bin/python bench/actors.py [--quick] [--json] [--no-write]
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time
from collections import Counter
from itertools import islice
from typing import Any

import _common as c

NAME = "actors"
SIZES = {"full": 120, "quick": 30}  # documents parsed
LABELS = ("PERSON", "ORG", "GPE", "NORP")
#: an entity whose root modifies a noun ("Iraqi officials") is resolved through that noun
MODIFIER_DEPS = frozenset({"amod", "compound"})
WORKER_TIMEOUT = 120


def worker_dictionary() -> dict[str, Any]:
    t0 = time.perf_counter()
    from comity.actors.dictionary import load_dictionary

    imported = time.perf_counter() - t0
    t0 = time.perf_counter()
    d = load_dictionary()
    loaded = time.perf_counter() - t0
    return {
        "import_seconds": imported,
        "load_seconds": loaded,
        "entries": len(d.entries),
        "alias_keys": len(d.aliases),
        "aliases": sum(len(v) for v in d.aliases.values()),
        "agents": len(d.agents),
        "rss_mb": c.peak_rss_mb(),
    }


def _spawn_dictionary() -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", "dictionary"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=WORKER_TIMEOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"dictionary worker failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(quick: bool) -> dict[str, Any]:
    from comity.actors.dictionary import load_dictionary
    from comity.actors.resolve import DocActors
    from comity.nlp import load_nlp
    from comity.runner import read_inputs
    from comity.timeplace.places import resolve_place

    info = c.machine()  # first: the load average before this run
    dictionary = _spawn_dictionary()
    n_docs = SIZES["quick" if quick else "full"]
    documents = list(islice(read_inputs([str(c.GUARDIAN)]), n_docs))
    nlp = load_nlp()
    load_dictionary()
    t0 = time.perf_counter()
    docs = list(nlp.pipe([d.text for d in documents], batch_size=64))
    parse = time.perf_counter() - t0

    first = docs[0]
    t0 = time.perf_counter()
    DocActors(first, nlp, date=documents[0].published)
    first_doc_actors = time.perf_counter() - t0
    t0 = time.perf_counter()
    DocActors(first, nlp, date=documents[0].published)
    second_doc_actors = time.perf_counter() - t0
    t0 = time.perf_counter()
    resolve_place("Kharkiv")  # the gazetteer loads on first use
    places_load = time.perf_counter() - t0

    index_seconds = resolve_seconds = 0.0
    mentions: Counter[str] = Counter()
    resolved: Counter[str] = Counter()
    modifiers: Counter[str] = Counter()  # unresolved, but a modifier: resolved through its noun
    gc.collect()
    for doc, document in zip(docs, documents, strict=True):
        t0 = time.perf_counter()
        actors = DocActors(doc, nlp, date=document.published)
        t1 = time.perf_counter()
        ents = [ent for ent in doc.ents if ent.label_ in LABELS]
        t2 = time.perf_counter()
        found = [bool(actors.actors_of(ent.root)) for ent in ents]
        t3 = time.perf_counter()
        index_seconds += t1 - t0
        resolve_seconds += t3 - t2
        for ent, ok in zip(ents, found, strict=True):
            mentions[ent.label_] += 1
            resolved[ent.label_] += ok
            modifiers[ent.label_] += not ok and ent.root.dep_ in MODIFIER_DEPS
    total = sum(mentions.values())
    return {
        "bench": NAME,
        "quick": quick,
        "machine": info,
        "docs": len(docs),
        "tokens": sum(len(doc) for doc in docs),
        "parse_seconds": parse,
        "dictionary": dictionary,
        "first_doc_actors_seconds": first_doc_actors,
        "second_doc_actors_seconds": second_doc_actors,
        "matcher_build_seconds": first_doc_actors - second_doc_actors,
        "places_load_seconds": places_load,
        "index_seconds": index_seconds,
        "index_docs_per_s": c.rate(len(docs), index_seconds),
        "mentions": total,
        "resolved": sum(resolved.values()),
        "resolve_seconds": resolve_seconds,
        "resolutions_per_s": c.rate(total, resolve_seconds),
        "by_label": {label: [mentions[label], resolved[label], modifiers[label]] for label in LABELS},
        "rss_mb": c.peak_rss_mb(),
    }


def render(s: dict[str, Any]) -> str:
    d = s["dictionary"]
    load_rows = [
        ["import `comity.actors.dictionary` (fresh process)", f"{d['import_seconds']:.3f}"],
        ["`load_dictionary()` cold (fresh process)", f"{d['load_seconds']:.3f}"],
        ["first `DocActors` (builds the phrase matcher)", f"{s['first_doc_actors_seconds']:.3f}"],
        ["second `DocActors` on the same Doc", f"{s['second_doc_actors_seconds']:.3f}"],
        ["matcher build (first - second)", f"{s['matcher_build_seconds']:.3f}"],
        ["gazetteer load (first `resolve_place`)", f"{s['places_load_seconds']:.3f}"],
    ]
    label_rows = [
        [label, c.fmt(n), c.fmt(ok), f"{100 * ok / n:.0f}%" if n else "-", c.fmt(mod)]
        for label, (n, ok, mod) in s["by_label"].items()
    ]
    share = 100 * s["resolved"] / s["mentions"] if s["mentions"] else 0.0
    lines = [
        "## Actors" + (" (quick run)" if s["quick"] else ""),
        "",
        f"Dictionary: {c.fmt(d['entries'])} entries, {c.fmt(d['aliases'])} aliases under "
        f"{c.fmt(d['alias_keys'])} folded keys, {c.fmt(d['agents'])} role words; the fresh process "
        f"that loads it peaks at {c.fmt(d['rss_mb'])} MiB.",
        "",
        c.table(["step", "seconds"], load_rows),
        "",
        f"Resolution: {s['docs']} Guardian articles ({c.fmt(s['tokens'])} tokens) parsed once "
        f"({s['parse_seconds']:.1f} s, not counted). `DocActors` per document (mentions, surname "
        f"index): {s['index_seconds']:.2f} s, {c.fmt(s['index_docs_per_s'], 1)} docs/s. "
        f"`actors_of(ent.root)` for {c.fmt(s['mentions'])} PERSON/ORG/GPE/NORP entities: "
        f"{s['resolve_seconds']:.2f} s, **{c.fmt(s['resolutions_per_s'])} resolutions/s**; "
        f"{c.fmt(s['resolved'])} ({share:.0f}%) resolved to at least one actor. Process peak RSS "
        f"{c.fmt(s['rss_mb'])} MiB.",
        "",
        c.table(["entity label", "mentions", "resolved", "share", "unresolved modifiers"], label_rows),
        "",
        "`actors_of` takes the head of a noun phrase. An entity whose root is a modifier "
        '(amod/compound: "*Iraqi* officials", "*Kurdish* fighters") returns nothing by design: the '
        "noun it modifies carries the actor. Those are the last column; they are not misses. "
        "The other unresolved entities are names the dictionary does not hold (or not in that "
        "spelling), and places the model labelled PERSON or ORG.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    args = c.parse_args(__doc__.splitlines()[0])
    if args.worker == "dictionary":
        print(json.dumps(worker_dictionary()))
        return
    reason = c.data_missing()
    if reason:
        c.skip(NAME, reason, args)
        return
    c.finish(NAME, run(args.quick), render, args)


if __name__ == "__main__":
    main()

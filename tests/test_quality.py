"""Quality gates on pinned floors (tests/quality_floors.json): the PLOVER dev gold set scored by
our evaluator and, end to end through the CLI, by the judge script in ../shared/tools; and the
seed article checked by the judge's expectations script.

A floor is a regression guard, not a target: it is the measured figure rounded down to two
decimals (a ceiling, for events per sentence, rounded up). Raising one is a commit; lowering one
needs a reason in the commit message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from comity.cli import app
from comity.evaluate import evaluate

FLOORS: dict[str, Any] = json.loads((Path(__file__).parent / "quality_floors.json").read_text("utf-8"))
PLOVER = FLOORS["plover_dev"]
LOWER = [k for k, v in PLOVER.items() if "floor" in v]
UPPER = [k for k, v in PLOVER.items() if "ceiling" in v]


def code_with_cli(*args: str, out: Path) -> list[dict[str, Any]]:
    """``comity code ARGS --format jsonl`` (the package has no ``__main__``, so through Typer's
    runner, in process); stdout goes to ``out``. Every line must be a JSON event."""
    result = CliRunner().invoke(app, ["code", *args, "--format", "jsonl"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    out.write_text(result.stdout, encoding="utf-8")
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def run_tool(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def dev_path(shared) -> Path:
    return shared("data", "plover_gsr", "dev.json")


@pytest.fixture(scope="module")
def ours(dev_path) -> dict[str, Any]:
    result = evaluate(dev_path).to_dict()
    result.pop("per_type")
    print("\ncomity eval dev.json:", json.dumps(result))
    return result


@pytest.fixture(scope="module")
def judged(dev_path, shared, tmp_path_factory) -> dict[str, Any]:
    """The dev sentences as a JSONL corpus (judge --to-jsonl), coded by the CLI, scored by the judge."""
    tool = shared("tools", "score_plover.py")
    folder = tmp_path_factory.mktemp("plover")
    docs, predicted = folder / "dev_docs.jsonl", folder / "dev_events.jsonl"
    made = run_tool(tool, dev_path, "--to-jsonl", docs)
    assert made.returncode == 0, made.stderr
    events = code_with_cli(str(docs), out=predicted)
    ids = {json.loads(line)["id"] for line in docs.read_text("utf-8").splitlines() if line.strip()}
    assert {e["doc_id"] for e in events} <= ids  # a JSONL record's id is the events' doc_id
    scored = run_tool(tool, dev_path, predicted, "--json")
    assert scored.returncode == 0, scored.stderr
    result = json.loads(scored.stdout)
    print("\nscore_plover.py (CLI-coded):", json.dumps(result))
    return result


@pytest.mark.parametrize("metric", LOWER)
def test_plover_dev_metric_meets_its_floor(ours, metric):
    assert ours[metric] >= PLOVER[metric]["floor"], f"{metric} {ours[metric]} fell below the floor"


@pytest.mark.parametrize("metric", UPPER)
def test_plover_dev_metric_stays_under_its_ceiling(ours, metric):
    assert ours[metric] <= PLOVER[metric]["ceiling"], f"{metric} {ours[metric]} rose above the ceiling"


def test_judge_agrees_with_our_evaluator(ours, judged):
    assert judged["records"] == ours["records"]
    assert judged["acc_top"] == ours["acc_top"]
    assert judged["acc_top"] >= PLOVER["acc_top"]["floor"]


def test_seed_article_meets_every_expectation(shared, tmp_path):
    seed = shared("data", "seed", "steel_allies_article.txt")
    expected = shared("data", "seed", "expected.json")
    checker = shared("tools", "check_seed.py")
    events_path = tmp_path / "seed_events.jsonl"
    events = code_with_cli(str(seed), "--date", "2025-05-09", out=events_path)
    assert events
    checked = run_tool(checker, expected, events_path)
    print("\n" + checked.stdout)
    spec = json.loads(expected.read_text("utf-8"))
    total = len(spec.get("must_find", [])) + len(spec.get("must_not", []))  # 12 today
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().splitlines()[-1] == f"{total}/{total} expectations met"


CORPUS = FLOORS["corpus_test"]


@pytest.fixture(scope="module")
def corpus_test(shared) -> dict[str, Any]:
    """The corpus' test split coded and scored as a whole (never read item by item)."""
    shared("data", "news_pages", "pages.jsonl")
    from comity.corpus.score import evaluate_corpus

    (result,) = evaluate_corpus(splits=("test",))
    out = result.to_dict()
    print("\ncomity eval corpus test split:", json.dumps({k: v for k, v in out.items() if k != "per_type"}))
    return out


@pytest.mark.parametrize("metric", [k for k, v in CORPUS.items() if isinstance(v, dict)])
def test_corpus_test_split_metric_holds(corpus_test, metric):
    bound = CORPUS[metric]
    if "floor" in bound:
        assert corpus_test[metric] >= bound["floor"], f"{metric} {corpus_test[metric]} fell below the floor"
    else:
        got = corpus_test[metric]
        assert got <= bound["ceiling"], f"{metric} {got} rose above the ceiling"

"""The command line as a user runs it: real inputs, a real store in a temporary folder."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from comity.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2025-03-02-strike.txt").write_text(
        "Israel strikes Syria\n\n"
        "Israeli warplanes attacked targets near Damascus on Monday, the Syrian army said.\n",
        encoding="utf-8",
    )
    (folder / "talks.jsonl").write_text(
        json.dumps(
            {
                "id": "t1",
                "text": "China and Russia signed a trade agreement in Beijing on Tuesday.",
                "date": "2024-05-17",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    return folder


def test_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("demo", "ingest", "code", "docs", "eval", "actor"):
        assert command in result.output


def test_ingest_is_idempotent_and_docs_lists_documents(corpus, tmp_path):
    db = str(tmp_path / "x.duckdb")
    first = json.loads(run("ingest", str(corpus), "--db", db, "--json").output)
    assert first["new_documents"] == 2 and first["failed"] == 0 and first["events"] >= 2
    second = json.loads(run("ingest", str(corpus), "--db", db, "--json").output)
    assert second["new_documents"] == 0 and second["skipped_documents"] == 2 and second["events"] == 0
    docs = [json.loads(line) for line in run("docs", "--db", db, "--json").output.splitlines()]
    assert {d["id"] for d in docs} >= {"t1"}
    assert {d["published"] for d in docs} == {"2025-03-02", "2024-05-17"}


def test_bad_input_is_reported_and_the_rest_is_stored(corpus, tmp_path):
    (corpus / "broken.jsonl").write_text(
        '{"id": "b1", "text": "Iran threatened Israel."}\n{not json\n', encoding="utf-8"
    )
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    db = str(tmp_path / "y.duckdb")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["new_documents"] == 3 and report["failed"] == 2
    assert any("broken.jsonl:2" in e and "E104" in e for e in report["errors"])
    assert any("empty.txt" in e and "E102" in e for e in report["errors"])


@pytest.mark.parametrize("fmt", ["jsonl", "tsv", "table"])
def test_code_prints_events_in_each_format(corpus, fmt):
    result = run("code", str(corpus / "talks.jsonl"), "--format", fmt)
    assert result.exit_code == 0
    if fmt == "jsonl":
        events = [json.loads(line) for line in result.output.splitlines()]
        agree = [e for e in events if e["event"] == "SUPPORT"]  # PLOVER: signing an agreement is SUPPORT
        assert agree and agree[0]["doc_id"] == "t1"
        assert {a["code"] for a in agree[0]["source"]} == {"CHN", "RUS"}
        assert agree[0]["date"] == "2024-05-14"
    elif fmt == "tsv":
        header, *rows = result.output.splitlines()
        assert header.split("\t")[:4] == ["id", "doc_id", "date", "event"]
        assert rows and all(len(r.split("\t")) == len(header.split("\t")) for r in rows)
    else:
        assert "SUPPORT" in result.output and "CHN" in result.output


def test_code_rejects_a_bad_date_and_format(corpus):
    result = runner.invoke(app, ["code", str(corpus), "--date", "2025-13-45"])
    assert result.exit_code == 1 and "E113" in result.output
    result = runner.invoke(app, ["code", str(corpus), "--format", "xml"])
    assert result.exit_code == 1 and "E114" in result.output


def test_actor_resolves_and_unknown_exits_1():
    result = run("actor", "Russian Foreign Minister Sergey Lavrov", "--date", "2025-05-09", "--json")
    actor = json.loads(result.output)
    assert actor["code"] == "RUS" and actor["sectors"][0] == "GOV" and actor["name"] == "Sergey Lavrov"
    result = runner.invoke(app, ["actor", "a cat named Frank", "--json"])
    assert result.exit_code == 1 and json.loads(result.output) is None


def test_user_actor_file_extends_the_dictionary(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "organisations:\n  - {id: acme, name: Acme Militia, code: NGA, country: NGA, "
        "sectors: [REB], kind: group, aliases: [ACM]}\n",
        encoding="utf-8",
    )
    result = run("actor", "the Acme Militia", "--actors", str(extra), "--json")
    assert json.loads(result.output)["code"] == "NGA"
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisations:\n  - {id: x, name: X, code: nga}\n", encoding="utf-8")
    result = runner.invoke(app, ["actor", "X", "--actors", str(bad)])
    assert result.exit_code == 1 and "E202" in result.output and "bad.yaml" in result.output


def test_eval_scores_a_small_gold_file(tmp_path):
    gold = [
        {
            "id": "g1",
            "text": "Russia attacked Ukraine on Monday.",
            "date": "2022-02-28",
            "event": "ASSAULT",
            "source": [{"actorText": "Russia", "code": "RUS"}],
            "target": [{"actorText": "Ukraine", "code": "UKR"}],
        },
        {
            "id": "g2",
            "text": "India accused Pakistan of violating the ceasefire.",
            "date": "2025-05-11",
            "event": "DISAPPROVE",
            "source": [{"actorText": "India", "code": "IND"}],
            "target": [{"actorText": "Pakistan", "code": "PAK"}],
        },
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    result = json.loads(run("eval", str(path), "--json").output)
    assert result["records"] == 2
    assert result["acc_top"] == 1.0 and result["source_overlap"] == 1.0 and result["target_overlap"] == 1.0

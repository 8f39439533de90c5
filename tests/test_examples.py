"""The demo store: ``comity.demo.run_demo`` codes examples/ into a DuckDB file once per session
(the test fixture store is the demo store), and the tests check what landed in it."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from comity.demo import DemoSummary, run_demo
from comity.runner import examples_dir
from comity.store import Store

EXAMPLES = examples_dir()
SCRAPED = EXAMPLES / "articles" / "2025-06-20-scraped-eu-weighs-new-russia-sanctions.txt"
NEAR_DUPLICATE_RECORD = "ew-2024-10-18-prisoner-swap"  # corpus.jsonl; its copy is articles/2024-10-18-*.txt

#: what the scraped page carries around its story, none of which may survive cleaning
SCRAPED_FURNITURE = [
    "Skip to content",
    "Subscribe",
    "Share this article",
    "Advertisement",
    "Related Articles",
    "Kyiv mourns after deadliest strike",
    "Zelensky to attend NATO summit",
    "Heatwave grips southern Europe",
    "despite objections from...",
    "Read also",
    "©",
    "All rights reserved",
    "ContainsThe",  # glued heading
    "ThreatSlovakia",
    "ResponseKremlin",
]
SCRAPED_FURNITURE_LINES = ["Menu", "Latest"]
#: site furniture of the HTML pages (navigation, sidebars, footers)
PAGE_FURNITURE = [
    "Log in",
    "Related stories",
    "Most read",
    "Cookie",
    "Privacy policy",
    "Terms of use",
    "Advertise with us",
    "All rights reserved",
]
DOCUMENTS_SQL = """
SELECT id, url, title, published, text, coalesce(duplicate_of, '') AS duplicate_of FROM documents
"""
DYAD_SQL = """
SELECT count(*) AS n, avg(goldstein) AS mean_goldstein FROM events
WHERE (list_contains(source_codes, ?) AND list_contains(target_codes, ?))
   OR (list_contains(source_codes, ?) AND list_contains(target_codes, ?))
"""
DYAD_HEADER = ["dyad", "events", "cooperative", "conflictual", "mean Goldstein", "relation", "evidence"]


def example_files() -> list[Path]:
    return sorted(
        p
        for p in EXAMPLES.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.name.lower() != "readme.md"
    )


def records_in(path: Path) -> int:
    """How many documents a file holds, counted from the file itself."""
    if path.suffix == ".jsonl":
        return sum(1 for line in path.read_text("utf-8").splitlines() if line.strip())
    if path.suffix == ".xml":
        root = ET.parse(path).getroot()
        return len(root.findall("./channel/item")) + len(root.findall("{http://www.w3.org/2005/Atom}entry"))
    return 1


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> tuple[DemoSummary, Path]:
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "comity.duckdb"
    summary = run_demo(db=db, report=folder / "comity-report.html")
    return summary, db


def query(db: Path, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    with Store(db, read_only=True) as store:
        return store.sql(sql, params).to_dict("records")


@pytest.fixture(scope="session")
def documents(demo) -> list[dict[str, Any]]:
    return query(demo[1], DOCUMENTS_SQL)


def test_every_example_file_became_documents(demo, documents):
    summary, _ = demo
    files = example_files()
    assert {p.suffix for p in files} == {".txt", ".html", ".jsonl", ".xml"}
    expected = sum(records_in(p) for p in files)
    assert expected == 31  # 15 .txt, 6 .html, 6 JSONL records, 4 RSS items
    assert summary.ingest.failed == 0, summary.ingest.errors
    assert summary.ingest.read == expected
    assert len(documents) == summary.counts["documents"] == expected


def test_each_format_is_represented(documents):
    ids = {d["id"] for d in documents}
    urls = {d["url"] for d in documents}
    dates = [d["published"] for d in documents]
    texts = "\n".join(d["text"] for d in documents)
    for line in (EXAMPLES / "corpus.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            assert json.loads(line)["id"] in ids
    for item in ET.parse(EXAMPLES / "feed.xml").getroot().findall("./channel/item"):
        assert item.findtext("link") in urls
    for path in (EXAMPLES / "articles").glob("*.txt"):
        assert path.name[:10] in dates
    for path in (EXAMPLES / "pages").glob("*.html"):
        first = re.search(r"<article[^>]*>.*?<p>(.*?)</p>", path.read_text("utf-8"), re.S)
        assert first, path
        lead = html.unescape(re.sub(r"<[^>]+>", "", first.group(1)))
        assert lead in texts, path.name


def test_the_near_duplicate_pair_is_linked(documents):
    linked = [d for d in documents if d["duplicate_of"]]
    assert len(linked) == 1
    pair = {linked[0]["id"], linked[0]["duplicate_of"]}
    same_day = {d["id"] for d in documents if d["published"] == "2024-10-18"}
    assert NEAR_DUPLICATE_RECORD in pair
    assert pair == same_day  # the .txt story and its reworded JSONL copy


def test_scraped_page_is_cleaned(documents):
    assert "Skip to content" in SCRAPED.read_text("utf-8")
    (doc,) = [d for d in documents if d["published"] == SCRAPED.name[:10]]
    text = doc["text"]
    assert text.startswith("EU ministers back tougher Russia sanctions")
    assert text.count("EU ministers back tougher Russia sanctions as Slovakia holds out") == 1
    assert [p for p in SCRAPED_FURNITURE if p in text] == []
    assert [ln for ln in text.splitlines() if ln.strip() in SCRAPED_FURNITURE_LINES] == []
    assert re.search(r"\[\d+\]", text) is None
    assert "Kremlin spokesman Dmitry Peskov said the sanctions were illegal" in text


def test_no_document_keeps_page_furniture(documents):
    bad = [(d["title"], p) for d in documents for p in PAGE_FURNITURE if p in d["text"]]
    assert bad == []


def test_stored_spans_index_the_stored_text(demo, documents):
    text_of = {d["id"]: d["text"] for d in documents}
    rows = query(demo[1], "SELECT doc_id, text, span_start, span_end, trigger_start, trigger_end FROM events")
    assert rows
    for r in rows:
        assert text_of[r["doc_id"]][r["span_start"] : r["span_end"]] == r["text"]
        assert r["span_start"] <= r["trigger_start"] < r["trigger_end"] <= r["span_end"]


@pytest.mark.parametrize(
    ("a", "b", "sign"),
    [
        ("CHN", "RUS", 1),  # summit, partnership, gas memorandum, parade
        ("RUS", "UKR", -1),  # war, shelling (prisoner swaps too)
        ("ISR", "IRN", -1),  # air strikes, threats, missile attacks
        ("IND", "PAK", -1),  # strikes, act-of-war threats, shelling
        ("CHN", "TWN", -1),  # drills, accusations
    ],
)
def test_main_dyads_have_events_of_the_right_sign(demo, a, b, sign):
    (row,) = query(demo[1], DYAD_SQL, [a, b, b, a])
    print(f"\n{a}-{b}: {row['n']} events, mean Goldstein {row['mean_goldstein']:.2f}")
    assert row["n"] >= 3
    assert row["mean_goldstein"] * sign > 0


def test_running_the_demo_again_adds_nothing(demo, tmp_path):
    first, db = demo
    again = run_demo(db=db, report=tmp_path / "again.html")
    assert again.ingest.new_documents == 0
    assert again.ingest.events == 0
    assert again.ingest.skipped_documents == again.ingest.read == first.ingest.read
    assert again.counts == first.counts


class _Tables(HTMLParser):
    """Cell texts of every table, tag balance, and the text of each evidence list item."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.items: list[str] = []
        self.stack: list[str] = []
        self.cell: list[str] | None = None
        self.item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.cell is None:
            self.cell = []
        elif tag == "li":
            self.item = []

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()
        if tag in ("td", "th") and self.cell is not None and tag not in self.stack:
            self.tables[-1][-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "li" and self.item is not None:
            self.items.append("".join(self.item))
            self.item = None

    def handle_data(self, data: str) -> None:
        for sink in (self.cell, self.item):
            if sink is not None:
                sink.append(data)


def test_report_parses_escapes_and_has_the_dyad_table(demo):
    summary, db = demo
    report = Path(summary.report_path).read_text("utf-8")
    assert "<script" not in report.lower()
    parser = _Tables()
    parser.feed(report)
    parser.close()
    assert parser.stack == []
    dyads = parser.tables[0]
    assert dyads[0] == DYAD_HEADER
    keys = {row[0] for row in dyads[1:]}
    assert {"CHN-RUS", "RUS-UKR", "IRN-ISR"} <= keys
    assert len(dyads) - 1 == len(summary.dyads)
    # every evidence item reads back (escaped, then unescaped) as a stored evidence sentence
    texts = {r["text"] for r in query(db, "SELECT text FROM events")}
    assert parser.items
    for item in parser.items:
        assert item.split("): ", 1)[1] in texts

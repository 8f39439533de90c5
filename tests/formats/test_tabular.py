"""comity.formats.tabular: JSONL, CSV and Parquet give back exactly the events written."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from comity.formats import READERS, export_events, export_records, records_of
from comity.formats.tabular import CSV_COLUMNS
from comity.model import ActorRef, Event, Location


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "plover-json"])
def test_round_trip_gives_the_same_events(store, events, tmp_path, fmt):
    """Same event = equal ``Event`` dataclasses: every field, floats exactly."""
    path = tmp_path / f"events.{fmt}"
    report = export_events(store, fmt, path)
    assert report.events == report.written == len(events)
    assert READERS[fmt](path) == events


def awkward() -> list[Event]:
    return [
        Event(
            id="x1", doc_id="dx", date="", event="AID", source=[ActorRef("", "NGO", "", "")], target=[],
            text='line one\nline two, "quoted"\ttab', eventText="", span=(0, 0), goldstein=0.1 + 0.2, quad=2,
            confidence=1e-9, location=Location("Somewhere", "", None, None), mentions=3,
        ),
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "plover-json"])
def test_awkward_values_survive(tmp_path, fmt):
    path = tmp_path / f"x.{fmt}"
    export_records(records_of(awkward()), fmt, path)
    assert READERS[fmt](path) == awkward()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "plover-json"])
def test_nothing_selected_writes_a_readable_empty_file(tmp_path, fmt):
    path = tmp_path / f"empty.{fmt}"
    assert export_records([], fmt, path).written == 0
    assert READERS[fmt](path) == []


def test_csv_columns_and_convenience_fields(store, tmp_path):
    path = tmp_path / "events.csv"
    export_events(store, "csv", path)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    multi = rows[5]
    codes = (multi["source_codes"], multi["source_sectors"], multi["target_codes"])
    assert codes == ("CHN;RUS", "GOV;GOV", "USA")
    assert (multi["url"], multi["publication"]) == ("https://news.example.org/d6", "Example News")
    assert float(rows[0]["lat"]) == 39.9042 and rows[2]["location_name"] == ""


def test_parquet_types(store, tmp_path):
    path = tmp_path / "events.parquet"
    export_events(store, "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == 8
    types = {field.name: str(field.type) for field in table.schema}
    assert types["goldstein"] == "double" and types["quad"] == "int32" and types["negated"] == "bool"
    assert types["source_codes"] == "list<element: string>"
    assert table.column("source_codes").to_pylist()[5] == ["CHN", "RUS"]


def test_jsonl_lines_are_event_records_plus_document_fields(store, events, tmp_path):
    path = tmp_path / "events.jsonl"
    export_events(store, "jsonl", path)
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    document = {"url": "https://news.example.org/d1", "publication": "Example News"}
    provenance = {k: first.pop(k) for k in ("corroboration", "single_source")}
    assert first == events[0].to_dict() | document
    if provenance["corroboration"] is None:  # not clustered yet
        assert provenance["single_source"] is None
    else:
        assert provenance["single_source"] == (provenance["corroboration"] <= 1)

"""comity.formats.plover: PLOVER field names, records, round trips, reading gold files."""

from __future__ import annotations

import json
import re

import pytest

from comity.formats import export_events
from comity.formats.plover import COMITY_FIELDS, PLOVER_FIELDS, read

#: PLOVER manual field names (table "PLOVER JSON" and the information objects) that comity's
#: records write in camelCase, as the gold records do (event_text -> eventText)
MANUAL_FIELDS = {"id", "date", "event", "mode", "context", "text", "event_text", "text_info", "event_loc",
                 "quad_code", "cite_info", "coder"}  # fmt: skip


def camel(name: str) -> str:
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


@pytest.fixture
def records(store, tmp_path):
    path = tmp_path / "events.json"
    report = export_events(store, "plover-json", path)
    assert report.written == 8
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_one_json_array_with_one_record_a_line(records):
    path, data = records
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == data


def test_records_use_plover_field_names(records, shared):
    _, data = records
    gold = json.loads(shared("data", "plover_gsr", "dev.json").read_text(encoding="utf-8"))
    gold_fields = {key for record in gold for key in record}
    gold_actor_fields = {key for record in gold for a in record["source"] for key in a}
    for field in PLOVER_FIELDS:
        assert field in gold_fields or field in {camel(f) for f in MANUAL_FIELDS}, field
    for record in data:
        assert list(record) == [*PLOVER_FIELDS, *COMITY_FIELDS]
        assert isinstance(record["event"], str) and isinstance(record["date"], str)
        assert isinstance(record["mode"], str) and isinstance(record["context"], str)
        for actor in record["source"] + record["target"]:
            assert gold_actor_fields <= set(actor)
        assert set(record["textInfo"]) <= {"start", "end", "triggerStart", "triggerEnd"}
        assert record["quadCode"] in {1, 2, 3, 4}


def test_record_values(records):
    _, data = records
    first = data[0]
    assert (first["id"], first["date"], first["event"], first["context"]) == (
        "e00000000000000000001", "2024-03-05", "SUPPORT", "diplomatic")  # fmt: skip
    assert first["source"] == [{"actorText": "Moscow", "code": "RUS", "sector": "GOV", "name": "Russia"}]
    assert first["eventLoc"] == {"name": "Beijing", "country_code": "CHN", "lat": 39.9042, "lon": 116.4074}
    assert first["citeInfo"] == {"url": "https://news.example.org/d1", "title": "Story d1"}
    assert first["publication"] == "Example News" and first["language"] == "en"
    assert data[7]["target"] == [] and data[2]["eventLoc"] is None


def test_round_trip_gives_the_same_events(records, events):
    path, _ = records
    assert read(path) == events


def test_reads_jsonl_too(records, events, tmp_path):
    _, data = records
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in data), encoding="utf-8")
    assert read(path) == events


def test_reads_the_plover_gold_file(shared):
    path = shared("data", "plover_gsr", "dev.json")
    gold = json.loads(path.read_text(encoding="utf-8"))
    events = read(path)
    assert len(events) == len(gold) == 107
    for record, event in zip(gold, events, strict=True):
        assert event.id == record["id"] and event.event == record["event"]
        assert [a.code for a in event.source] == [a["code"] for a in record["source"]]
        targets = record.get("target") if isinstance(record.get("target"), list) else []
        assert [a.code for a in event.target] == [a["code"] for a in targets]

"""comity.formats.icews: the sample file, sectors and countries by name, malformed rows, round trips."""

from __future__ import annotations

import pytest

from comity.formats import export_events, import_files
from comity.formats.common import date_start, full_cameo, numeric_id, primary_dyad
from comity.formats.icews import COLUMNS, read_sector, sector_words
from comity.model import Event
from comity.store import Store

from .conftest import ICEWS_SAMPLE


def test_columns():
    assert len(COLUMNS) == 20
    assert COLUMNS[:3] == ("Event ID", "Event Date", "Source Name")
    assert COLUMNS[-2:] == ("Latitude", "Longitude")


def test_sector_table_loads():
    assert len(sector_words()) > 30


@pytest.mark.parametrize(
    ("cell", "sector"),
    [
        ("Government,Executive,Executive Office", "GOV"),
        ("Military", "MIL"),
        ("Police", "COP"),
        ("Legislative / Parliamentary", "LEG"),
        ("General Population / Civilian / Social", "CVL"),
        ("Intergovernmental", "IGO"),
        ("Nongovernmental Organizations", "NGO"),
        ("Unidentified Sector,Business", "BUS"),  # the first item comity knows
        ("MIL", "MIL"),  # comity's own export
        ("Sports", ""),
        ("", ""),
    ],
)
def test_read_sector(cell, sector):
    assert read_sector(cell) == sector


# id -> date, type, mode, source (code, sector, name), target (code, sector), location
EXPECTED = {
    "icews:41000001": ("2018-06-12", "CONSULT", "third-party", ("USA", "GOV", "Donald Trump"), ("PRK", "GOV"),
                       ("Singapore", "SGP", 1.28967, 103.85007)),
    "icews:41000002": ("2018-06-12", "FIGHT", "", ("RUS", "MIL", "Armed Forces (Russian Federation)"),
                       ("UKR", ""), ("Donetsk", "UKR", 48.023, 37.80224)),
    # no source country: the name is a known organisation
    "icews:41000003": ("2018-06-13", "DEMAND", "assist", ("IGO", "IGO", "United Nations"), ("SYR", "CVL"),
                       ("Syria", "SYR", 35.0, 38.0)),
    "icews:41000005": ("2018-06-14", "COERCE", "arrest", ("TUR", "COP", "Police (Turkey)"), ("TUR", "OPP"),
                       ("Ankara", "TUR", 39.91987, 32.85427)),
}  # fmt: skip


@pytest.fixture
def imported(empty_store):
    return empty_store, import_files(empty_store, "icews", [ICEWS_SAMPLE])


def test_sample_report(imported):
    _, report = imported
    assert (report.rows, report.imported, report.failed) == (5, 4, 0)
    assert dict(report.skipped) == {"CAMEO 01: no PLOVER type": 1}


@pytest.mark.parametrize("event_id", sorted(EXPECTED))
def test_sample_rows_import_as_events(imported, event_id):
    store, _ = imported
    (event,) = [e for e in store.events() if e.id == event_id]
    date, kind, mode, source, target, location = EXPECTED[event_id]
    assert (event.date, event.event, event.mode) == (date, kind, mode)
    assert [(a.code, a.sector, a.name) for a in event.source] == [source]
    assert [(a.code, a.sector) for a in event.target] == [target]
    loc = event.location
    assert loc is not None and (loc.name, loc.country, loc.lat, loc.lon) == location
    document = store.document(event.doc_id)
    assert document is not None and document.source == "icews"
    assert document.flags["icews_publisher"] in {"Example Wire", "Example Daily"}


def test_reimport_is_idempotent(imported):
    store, _ = imported
    again = import_files(store, "icews", [ICEWS_SAMPLE])
    assert (again.imported, again.already_stored) == (0, 4)
    assert store.counts()["events"] == 4


def test_a_file_without_the_icews_header_is_one_error(tmp_path, empty_store):
    path = tmp_path / "events.tab"
    path.write_text("id\tdate\n1\t2018-01-01\n", encoding="utf-8")
    report = import_files(empty_store, "icews", [path])
    assert report.errors == [
        f"E121 {path}:1: malformed event row (header lacks the ICEWS column(s) Event ID, Event Date, "
        "Source Name, Source Country, CAMEO Code)"
    ]


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("Event ID", "abc", "Event ID 'abc' is not a number"),
        ("Event Date", "12/06/2018", "Event Date '12/06/2018' is not a YYYY-MM-DD date"),
        ("CAMEO Code", "", "unknown CAMEO code ''"),
        ("Intensity", "-11", "Intensity '-11' is out of range"),
        ("Latitude", "north", "Latitude 'north' is not a number"),
    ],
)
def test_malformed_rows_are_reported_and_skipped(tmp_path, empty_store, column, value, problem):
    header, first, second, *_ = ICEWS_SAMPLE.read_text(encoding="utf-8").splitlines()
    cells = first.split("\t")
    cells[COLUMNS.index(column)] = value
    path = tmp_path / "events.tab"
    lines = [header, "\t".join(cells), second, "41000009\t2018-01-01"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_files(empty_store, "icews", [path])
    assert report.errors == [
        f"E121 {path}:2: malformed event row ({problem})",
        f"E121 {path}:4: malformed event row (2 columns, expected 20)",
    ]
    assert report.imported == 1


def icews_view(event: Event) -> tuple:
    """What an ICEWS row keeps of an event: "the same event" after a round trip (as for GDELT,
    without mentions and url, which ICEWS rows do not carry)."""
    source, target = primary_dyad(event)
    loc = event.location
    return (
        date_start(event.date), event.event, event.mode, event.context, full_cameo(event.cameo),
        event.goldstein, event.quad,
        (source.code, source.sector, source.name or source.actorText) if source else None,
        (target.code, target.sector, target.name or target.actorText) if target else None,
        (loc.name, loc.country, loc.lat, loc.lon) if loc else None,
    )  # fmt: skip


def test_comity_to_icews_to_comity_gives_the_same_events(store, events, tmp_path):
    path = tmp_path / "events.tab"
    export_events(store, "icews", path)
    with Store() as back:
        report = import_files(back, "icews", [path])
        assert (report.imported, report.failed) == (len(events), 0)
        imported = {e.id: e for e in back.events()}
    for event in events:
        assert icews_view(imported[f"icews:{numeric_id(event.id, 'icews')}"]) == icews_view(event)


def test_icews_to_comity_to_icews_keeps_the_rows(imported, tmp_path):
    store, _ = imported
    path = tmp_path / "again.tab"
    export_events(store, "icews", path)
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    assert header.split("\t") == list(COLUMNS)
    original = {line.split("\t")[0]: line.split("\t") for line in ICEWS_SAMPLE.read_text().splitlines()[1:]}
    kept = ["Event ID", "Event Date", "Source Name", "CAMEO Code", "Target Name", "Target Country",
            "Story ID", "Sentence Number", "Publisher", "Latitude", "Longitude"]  # fmt: skip
    for row in (r.split("\t") for r in rows):
        before = original[row[0]]
        for column in kept:
            i = COLUMNS.index(column)
            assert row[i] == before[i] or float(row[i]) == float(before[i]), column

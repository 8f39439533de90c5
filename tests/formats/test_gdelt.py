"""comity.formats.gdelt: the 61-column layout, the sample file, malformed rows, round trips."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from comity.formats import export_events, import_files
from comity.formats.common import date_start, full_cameo, numeric_id, primary_dyad
from comity.formats.gdelt import COLUMNS, NUMERIC
from comity.model import Event
from comity.store import Store

from .conftest import GDELT_SAMPLE

# the GDELT 2.0 event table, in the order of the published codebook
PUBLISHED = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code", "Actor1Name",
    "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code",
    "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code", "Actor2Code",
    "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone", "Actor1Geo_Type",
    "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID", "Actor2Geo_Type",
    "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID", "ActionGeo_Type",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
]  # fmt: skip

INTEGER = {
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions",
    "NumSources", "NumArticles", "DATEADDED", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type",
}  # fmt: skip


def test_the_layout_is_the_published_one():
    assert len(PUBLISHED) == 61
    assert list(COLUMNS) == PUBLISHED
    assert INTEGER <= NUMERIC


def test_the_sample_file_is_in_that_layout():
    for line in GDELT_SAMPLE.read_text(encoding="utf-8").splitlines():
        assert len(line.split("\t")) == 61


# --------------------------------------------------------------------------- the sample

# id -> date, type, mode, context, cameo, goldstein, quad, source, target, location, mentions, url
EXPECTED = {
    "gdelt:1160000001": ("2024-03-05", "CONSULT", "visit", "", "042", 1.9, 1, ("USA", "GOV"), ("UKR", "GOV"),
                         ("Kyiv", "UKR", 50.4501, 30.5234), 10,
                         "https://news.example.org/2024/03/05/envoy-arrives-in-kyiv"),
    "gdelt:1160000002": ("2024-03-05", "FIGHT", "", "military", "190", -10.0, 4, ("RUS", "MIL"), ("UKR", ""),
                         ("Kharkiv", "UKR", 49.9935, 36.2304), 6,
                         "https://wire.example.com/world/kharkiv-shelling-0305"),
    "gdelt:1160000003": ("2024-03-04", "SUPPORT", "", "diplomatic", "057", 8.0, 1, ("CHN", "GOV"),
                         ("RUS", "GOV"), ("Beijing", "CHN", 39.9042, 116.4074), 4,
                         "https://news.example.org/2024/03/05/beijing-moscow-energy-deal"),
    # an appeal (CAMEO 02) reads as DEMAND with the mode/context of its CAMEO 10 twin (1033)
    "gdelt:1160000004": ("2024-03-05", "DEMAND", "assist", "human_security", "0233", 3.4, 3, ("IGO", "IGO"),
                         ("SYR", ""), ("Syria", "SYR", 35.0, 38.0), 3,
                         "https://relief.example.net/appeals/syria-winter-2024"),
    "gdelt:1160000007": ("2024-03-03", "COERCE", "arrest", "legal", "173", -5.0, 4, ("TUR", "COP"),
                         ("TUR", "CVL"), ("Ankara", "TUR", 39.9334, 32.8597), 5,
                         "https://wire.example.com/europe/ankara-detentions"),
    "gdelt:1160000008": ("2024-03-05", "DISAPPROVE", "disapprove", "", "112", -2.0, 3, ("FRA", "GOV"),
                         ("IRN", ""), ("France", "FRA", 46.0, 2.0), 2,
                         "https://news.example.org/2024/03/05/paris-tehran"),
}  # fmt: skip


@pytest.fixture
def imported(empty_store):
    report = import_files(empty_store, "gdelt", [GDELT_SAMPLE])
    return empty_store, report


def test_sample_report(imported):
    _, report = imported
    assert (report.files, report.rows, report.imported, report.failed) == (1, 8, 6, 0)
    assert dict(report.skipped) == {"CAMEO 01: no PLOVER type": 1, "no source actor comity can place": 1}


@pytest.mark.parametrize("event_id", sorted(EXPECTED))
def test_sample_rows_import_as_events(imported, event_id):
    store, _ = imported
    (event,) = [e for e in store.events() if e.id == event_id]
    expected = EXPECTED[event_id]
    date, kind, mode, context, cameo, goldstein, quad, source, target, location, mentions, url = expected
    assert (event.date, event.event, event.mode, event.context) == (date, kind, mode, context)
    assert (event.cameo, event.goldstein, event.quad, event.mentions) == (cameo, goldstein, quad, mentions)
    assert [(a.code, a.sector) for a in event.source] == [source]
    assert [(a.code, a.sector) for a in event.target] == [target]
    loc = event.location
    assert loc is not None and (loc.name, loc.country, loc.lat, loc.lon) == location
    document = store.document(event.doc_id)
    assert document is not None and (document.source, document.url, document.text) == ("gdelt", url, "")
    assert event.confidence == 1.0 and event.modality == "asserted"


def test_reimport_is_idempotent(imported):
    store, _ = imported
    before = store.counts()
    again = import_files(store, "gdelt", [GDELT_SAMPLE])
    assert (again.imported, again.already_stored, again.failed) == (0, 6, 0)
    assert store.counts() == before


def test_a_zipped_export_file_reads_like_the_plain_one(tmp_path, imported):
    plain_store, _ = imported
    archive = tmp_path / "20240305151500.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.write(GDELT_SAMPLE, "20240305151500.export.CSV")
    with Store() as store:
        report = import_files(store, "gdelt", [archive])
        assert (report.imported, report.failed) == (6, 0)
        assert [e.to_dict() for e in store.events()] == [e.to_dict() for e in plain_store.events()]


# --------------------------------------------------------------------------- malformed rows


def _mutate(line: str, column: str, value: str) -> str:
    cells = line.split("\t")
    cells[COLUMNS.index(column)] = value
    return "\t".join(cells)


GOOD = GDELT_SAMPLE.read_text(encoding="utf-8").splitlines()[0]


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        ("\t".join(GOOD.split("\t")[:58]), "58 columns, expected 61"),
        (GOOD + "\textra", "62 columns, expected 61"),
        (_mutate(GOOD, "GLOBALEVENTID", "x17"), "GLOBALEVENTID 'x17' is not a number"),
        (_mutate(GOOD, "SQLDATE", "2024-03-05"), "SQLDATE '2024-03-05' is not a YYYYMMDD date"),
        (_mutate(GOOD, "SQLDATE", "20240231"), "SQLDATE '20240231' is not a YYYYMMDD date"),
        (_mutate(GOOD, "EventCode", "999"), "unknown CAMEO code '999'"),
        (_mutate(GOOD, "GoldsteinScale", "high"), "GoldsteinScale 'high' is not a number"),
        (_mutate(GOOD, "GoldsteinScale", "12.5"), "GoldsteinScale '12.5' is out of range"),
        (_mutate(GOOD, "QuadClass", "7"), "QuadClass '7' is out of range"),
        (_mutate(GOOD, "NumMentions", "many"), "NumMentions 'many' is not an integer"),
        (_mutate(GOOD, "ActionGeo_Lat", "95.1"), "ActionGeo_Lat '95.1' is out of range"),
        (_mutate(GOOD, "DATEADDED", "yesterday"), "DATEADDED 'yesterday' is not a YYYYMMDDHHMMSS date"),
    ],
)
def test_malformed_rows_are_reported_and_skipped(tmp_path, empty_store, bad_line, problem):
    second = GDELT_SAMPLE.read_text(encoding="utf-8").splitlines()[1]
    path = tmp_path / "bad.export.CSV"
    path.write_text(bad_line + "\n" + second + "\n", encoding="utf-8")
    report = import_files(empty_store, "gdelt", [path])
    assert report.errors == [f"E121 {path}:1: malformed event row ({problem})"]
    assert (report.imported, report.failed) == (1, 1)
    assert [e.id for e in empty_store.events()] == ["gdelt:1160000002"]


def test_missing_and_broken_files_are_reported(tmp_path, empty_store):
    broken = tmp_path / "broken.export.CSV.zip"
    broken.write_bytes(b"not a zip")
    report = import_files(empty_store, "gdelt", [tmp_path / "nope.CSV", broken, GDELT_SAMPLE])
    assert report.errors[0] == f"E111 {tmp_path / 'nope.CSV'}: no such file or directory"
    assert report.errors[1].startswith(f"E100 {broken}: cannot read: not a zip file")
    assert (report.files, report.imported, report.failed) == (3, 6, 2)


# --------------------------------------------------------------------------- export


def _export(store: Store, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "out.export.CSV"
    export_events(store, "gdelt", path)
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_columns_and_types(store, tmp_path):
    rows = _export(store, tmp_path)
    assert len(rows) == 8
    for cells in rows:
        assert len(cells) == 61
        row = dict(zip(COLUMNS, cells, strict=True))
        for name in NUMERIC:
            if row[name]:
                (int if name in INTEGER else float)(row[name])
        assert row["SQLDATE"][:6] == row["MonthYear"] and row["SQLDATE"][:4] == row["Year"]
        assert int(row["Year"]) <= float(row["FractionDate"]) < int(row["Year"]) + 1
        assert row["EventCode"].startswith(row["EventBaseCode"])
        assert row["EventBaseCode"].startswith(row["EventRootCode"]) and len(row["EventRootCode"]) == 2
        assert row["QuadClass"] in {"1", "2", "3", "4"}
        assert len(row["DATEADDED"]) == 14


def test_export_fills_what_comity_knows(store, tmp_path):
    rows = {r[0]: dict(zip(COLUMNS, r, strict=True)) for r in _export(store, tmp_path)}
    first = rows[str(numeric_id("e" + "1".zfill(20), "gdelt"))]
    actor1 = (first["Actor1Code"], first["Actor1CountryCode"], first["Actor1Type1Code"])
    assert actor1 == ("RUSGOV", "RUS", "GOV")
    assert (first["Actor2Code"], first["Actor2Name"]) == ("CHNGOV", "China")
    assert (first["EventCode"], first["QuadClass"], first["GoldsteinScale"], first["NumMentions"]) == (
        "057", "1", "8", "2")  # fmt: skip
    assert (first["ActionGeo_FullName"], first["ActionGeo_Lat"]) == ("Beijing, China", "39.9042")
    assert first["SQLDATE"] == "20240305" and first["SOURCEURL"] == "https://news.example.org/d1"
    # an appeal exports CAMEO's quad class (verbal cooperation), as GDELT defines it
    appeal = rows[str(numeric_id("e" + "4".zfill(20), "gdelt"))]
    assert (appeal["EventRootCode"], appeal["QuadClass"]) == ("02", "1")
    # a whole-country location is geo type 1; no location is type 0
    visit = rows[str(numeric_id("e" + "5".zfill(20), "gdelt"))]
    assert (visit["ActionGeo_Type"], visit["ActionGeo_FullName"]) == ("1", "Germany")
    sanction = rows[str(numeric_id("e" + "3".zfill(20), "gdelt"))]
    assert (sanction["ActionGeo_Type"], sanction["SQLDATE"]) == ("0", "20240601")


def test_counts_hook_fills_mentions_sources_articles(store, tmp_path):
    from comity.formats import ExportOptions

    path = tmp_path / "out.CSV"
    export_events(store, "gdelt", path, options=ExportOptions(counts=lambda e: (7, 3, 5)))
    row = path.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert [row[COLUMNS.index(c)] for c in ("NumMentions", "NumSources", "NumArticles")] == ["7", "3", "5"]


# --------------------------------------------------------------------------- round trips


def gdelt_view(event: Event, url: str) -> tuple:
    """What a GDELT row keeps of an event: "the same event" after a round trip.

    The day (a month or year date comes back as its first day), the CAMEO code (a 2-digit
    category as its x0 code) and the PLOVER reading of it, Goldstein, quad, mentions, the
    primary source and target (code, sector, name), the location and the document url."""
    source, target = primary_dyad(event)
    loc = event.location
    return (
        date_start(event.date), event.event, event.mode, event.context, full_cameo(event.cameo),
        event.goldstein, event.quad, event.mentions,
        (source.code, source.sector, source.name or source.actorText) if source else None,
        (target.code, target.sector, target.name or target.actorText) if target else None,
        (loc.name, loc.country, loc.lat, loc.lon) if loc else None, url,
    )  # fmt: skip


def test_comity_to_gdelt_to_comity_gives_the_same_events(store, events, tmp_path):
    path = tmp_path / "out.export.CSV"
    export_events(store, "gdelt", path)
    with Store() as back:
        report = import_files(back, "gdelt", [path])
        assert (report.imported, report.failed, sum(report.skipped.values())) == (len(events), 0, 0)
        imported = {e.id: e for e in back.events()}
        urls = {d.id: d.url for d in back.documents()}
    for event in events:
        twin = imported[f"gdelt:{numeric_id(event.id, 'gdelt')}"]
        assert gdelt_view(twin, urls[twin.doc_id]) == gdelt_view(
            event, f"https://news.example.org/{event.doc_id}"
        )


KEPT = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Name", "Actor1CountryCode",
    "Actor1Type1Code", "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent",
    "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone", "ActionGeo_Lat", "ActionGeo_Long", "DATEADDED", "SOURCEURL",
]  # fmt: skip


def test_gdelt_to_comity_to_gdelt_keeps_the_columns_comity_reads(imported, tmp_path):
    store, _ = imported
    original = {
        cells[0]: dict(zip(COLUMNS, cells, strict=True))
        for cells in (line.split("\t") for line in GDELT_SAMPLE.read_text(encoding="utf-8").splitlines())
    }
    exported = [dict(zip(COLUMNS, cells, strict=True)) for cells in _export(store, tmp_path)]
    assert len(exported) == 6
    for row in exported:
        before = original[row["GLOBALEVENTID"]]
        for column in KEPT:
            if column in NUMERIC and row[column]:
                assert float(row[column]) == float(before[column]), column
            else:
                assert row[column] == before[column], column
        if not before["Actor1KnownGroupCode"]:  # IGOUNO comes back as IGO: no known-group codes
            assert row["Actor1Code"] == before["Actor1Code"]


def test_mentions_sources_articles_come_from_clusters_when_the_store_has_them(store, events, tmp_path):
    import dataclasses

    from comity.model import Document
    from comity.relations.clusters import rebuild_clusters

    # the same signing reported by another outlet: one cluster, two documents, two sources
    copy = dataclasses.replace(events[0], id="e-copy", doc_id="d-copy", mentions=1)
    other = Document(id="d-copy", text="y" * 200, source="Other Wire", published="2024-03-05")
    store.add_batch([other], [copy])
    rebuild_clusters(store)
    frame = store.sql(
        "SELECT m.event_id, c.mentions, c.sources, c.documents FROM cluster_members m "
        "JOIN clusters c ON c.id = m.cluster_id"
    )
    expected = {
        str(numeric_id(row["event_id"], "gdelt")): [str(row[k]) for k in ("mentions", "sources", "documents")]
        for row in frame.to_dict("records")
    }
    rows = {cells[0]: dict(zip(COLUMNS, cells, strict=True)) for cells in _export(store, tmp_path)}
    signing = rows[str(numeric_id(events[0].id, "gdelt"))]
    counts = [signing["NumMentions"], signing["NumSources"], signing["NumArticles"]]
    assert counts == expected[signing["GLOBALEVENTID"]]
    assert counts[1:] == ["2", "2"]
    for gid, row in rows.items():
        if gid in expected:
            assert [row["NumMentions"], row["NumSources"], row["NumArticles"]] == expected[gid]

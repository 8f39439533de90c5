"""Standoff annotations: work records -> offsets and labels -> gold records read from the page."""

from __future__ import annotations

import json

import pytest

from comity.corpus import standoff
from comity.corpus.standoff import AnnotationError, materialize, to_standoff

PAGE = (
    "Menu | News\n"
    "Russian forces shelled Kharkiv on Monday, officials said. "
    "The talks, mediated by Qatar, “ended without a deal”."
)


@pytest.fixture
def pages(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "NP-1", "date": "2024-03-05", "text": PAGE}) + "\n", encoding="utf-8")
    standoff.load_pages.cache_clear()
    standoff._units.cache_clear()
    yield str(path)
    standoff.load_pages.cache_clear()
    standoff._units.cache_clear()


EVENT = {
    "sid": "NP-1:s1",
    "event": "FIGHT",
    "source": [{"actorText": "Russian forces", "code": "RUS", "sector": "MIL"}],
    "target": [{"actorText": "Kharkiv", "code": "UKR"}],
    "eventText": "shelled",
    "modality": "reported",
    "event_date": "2024-03-04",
}


def test_a_work_record_becomes_offsets_and_comes_back_as_the_page_says(pages):
    rec = to_standoff(EVENT, annotator="A1", path=pages)
    assert "text" not in json.dumps(rec).replace('"note"', "")  # no copied words, only offsets
    assert rec["span"] == [PAGE.index("Russian"), PAGE.index("said.") + 5]
    gold = materialize(rec, path=pages)
    assert gold["text"] == "Russian forces shelled Kharkiv on Monday, officials said."
    assert gold["eventText"] == "shelled"
    assert gold["source"] == [{"code": "RUS", "sector": "MIL", "actorText": "Russian forces"}]
    assert gold["target"][0]["actorText"] == "Kharkiv" and gold["trigger_rel"] == [[15, 22]]
    assert (gold["modality"], gold["event_date"], gold["date"]) == ("reported", "2024-03-04", "2024-03-05")


def test_quotes_are_found_whatever_the_typographic_quote_marks(pages):
    rec = to_standoff(
        {
            "sid": "NP-1:s2",
            "event": "CONSULT",
            "source": [{"actorText": "Qatar", "code": "QAT"}],
            "eventText": 'talks ... "ended without a deal"',
            "modality": "asserted",
        },
        annotator="A1",
        path=pages,
    )
    assert materialize(rec, path=pages)["eventText"] == "talks ... “ended without a deal”"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sid": "NP-1:s9"}, "no such unit"),
        ({"event": "INVADE"}, "not a PLOVER type"),
        ({"eventText": "bombed"}, "not in the sentence"),
        ({"source": [{"actorText": "Moscow", "code": "RUS"}]}, "not on the page"),
        ({"source": [{"actorText": "Russian forces", "code": "RUSSIA"}]}, "three-letter"),
        ({"modality": "certain"}, "modality"),
        ({"event_date": "Monday"}, "event_date"),
        ({"source": []}, "needs a source"),
    ],
)
def test_a_record_that_breaks_the_conventions_is_refused_naming_the_unit(pages, change, message):
    with pytest.raises(AnnotationError, match=message):
        to_standoff({**EVENT, **change}, annotator="A1", path=pages)


def test_an_offset_that_no_longer_fits_the_page_fails_loudly(pages):
    rec = to_standoff(EVENT, annotator="A1", path=pages)
    with pytest.raises(AnnotationError, match="offsets"):
        materialize({**rec, "span": [0, len(PAGE) + 5]}, path=pages)
    with pytest.raises(AnnotationError, match="do not fit"):
        materialize({**rec, "span": [rec["span"][0] - 1, rec["span"][1]]}, path=pages)


def test_a_unit_without_an_event_says_why(pages):
    rec = to_standoff({"sid": "NP-1:s0", "event": None, "kind": "furniture"}, annotator="A1", path=pages)
    assert (rec["event"], rec["kind"]) == (None, "furniture")
    with pytest.raises(AnnotationError, match="kind"):
        to_standoff({"sid": "NP-1:s0", "event": None, "kind": "boring"}, annotator="A1", path=pages)

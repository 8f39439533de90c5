"""Wire copy: a story credited to a news agency counts as the agency's in corroboration, however
many outlets run it and however much they rewrite it."""

from __future__ import annotations

from pathlib import Path

import pytest

from comity.errors import ComityError
from comity.provenance.sources import event_provenance, sources
from comity.provenance.wires import parse_wires, wire_of
from comity.store import Store


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("KYIV (Reuters) - Russian forces attacked Kharkiv on Sunday.", "Reuters"),
        ("WASHINGTON (AP) — The United States imposed new sanctions.", "Associated Press"),
        ("BEIJING, May 9 (Xinhua) -- Chinese President Xi Jinping met ...", "Xinhua"),
        ("Russian forces attacked Kharkiv on Sunday, officials said. (AFP)", "Agence France-Presse"),
        ("Russian forces attacked Kharkiv.\n\nReporting by Jane Roe; Editing by Sam Poe", "Reuters"),
        ("Andhra Pradesh (AP) chief minister met the governor.", None),  # not a dateline
        ("The AP reported that the talks had failed.", None),  # a mention, not a credit
        ("Apple (AAPL) shares rose on Monday.", None),
        ("Russia said it had attacked Kharkiv (Reuters) and more.", None),
    ],
)
def test_agency_credits(text, agency):
    assert wire_of(text) == agency


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "needs a list 'agencies'"),
        ({"agencies": [{"credits": ["X"]}]}, "needs a name"),
        ({"agencies": [{"name": "X", "credits": "X"}]}, "must be a list"),
        ({"agencies": [{"name": "X", "credits": ["Z"]}, {"name": "Y", "credits": ["Z"]}]}, "two agencies"),
    ],
)
def test_a_bad_agency_list_names_the_problem(data, message):
    with pytest.raises(ComityError, match=message):
        parse_wires(data)


CORPUS = [
    {"id": "fox-1", "source": "foxtrot-news", "date": "2025-03-10", "url": "https://foxtrot.example/1",
     "text": "KYIV (Reuters) - Russian troops attacked Kharkiv on Sunday, regional officials said. "
             "Several apartment blocks were damaged and power was cut in two districts."},
    {"id": "golf-1", "source": "golf-gazette", "date": "2025-03-10", "url": "https://golf.example/a",
     "text": "KYIV (Reuters) - Russian troops attacked Kharkiv on Sunday. The city's mayor urged "
             "residents to stay in shelters as rescue teams searched the rubble of a school."},
    {"id": "hotel-1", "source": "hotel-herald", "date": "2025-03-10", "url": "https://hotel.example/x",
     "text": "Russian troops attacked Kharkiv on Sunday, our correspondent in the city reports. "
             "Hospitals asked residents to donate blood."},
]  # fmt: skip


@pytest.fixture(scope="module")
def db(corpus_store) -> Path:
    path, report = corpus_store(CORPUS)
    assert report.new_documents == 3 and report.near_duplicates == 0  # rewritten, not copied
    return path


def test_two_outlets_running_one_agency_story_count_once(db):
    with Store(db, read_only=True) as store:
        ids = [e.id for e in store.events() if e.event == "ASSAULT" and e.doc_id == "hotel-1"]
        assert ids, "the independent report must be coded"
        found = event_provenance(store, ids)[ids[0]]
    assert found["corroboration"] == 2
    assert sorted(found["publishers"]) == ["Reuters (wire)", "hotel-herald"]


def test_wire_copies_are_counted_per_outlet(db):
    with Store(db) as store:
        frame = sources(store).set_index("source")
    assert frame.loc["foxtrot-news", "wire"] == 1
    assert frame.loc["hotel-herald", "wire"] == 0

"""Checks the people dictionary for Asia, the Middle East and Africa (people_east.yaml): the
shape of every row, dates, sectors, and a table of facts looked up by date."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from people_dates import bounds, roles_on

DATA = Path(__file__).resolve().parents[2] / "src" / "comity" / "actors" / "data"
PEOPLE_EAST = DATA / "people_east.yaml"
PEOPLE_WEST = DATA / "people_west.yaml"

SECTORS = {"GOV", "MIL", "COP", "REB", "OPP", "PTY", "LEG", "JUD", "BUS", "MED", "CVL", "REF"}
SECTORS |= {"ELI", "SPY", "EDU", "LAB", "JRN", "NGO", "IGO", "CRM", "UAF", "HLH", "REL", "AGR"}
SECTORS |= {"ENV", "SET", "MOD", "RAD", "DIP"}
KEYS = {"id", "name", "country", "aliases", "roles", "after", "org"}
ROLE_KEYS = {"title", "sector", "start", "end"}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@cache
def people() -> list[dict]:
    return yaml.safe_load(PEOPLE_EAST.read_text(encoding="utf-8"))


def by_id(person_id: str) -> dict:
    return next(p for p in people() if p["id"] == person_id)


def titles_on(person_id: str, day: str) -> set[str]:
    return {role["title"] for role in roles_on(by_id(person_id)["roles"], day, certainly=False)}


def test_file_is_a_non_empty_list() -> None:
    assert isinstance(people(), list)
    assert len(people()) >= 400


def test_ids_are_unique_and_well_formed() -> None:
    ids = [p["id"] for p in people()]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    bad = [i for i in ids if not ID_RE.match(i)]
    assert not bad


def test_no_person_id_is_also_in_people_west() -> None:
    if not PEOPLE_WEST.exists():
        pytest.skip(f"{PEOPLE_WEST} not found")
    west = yaml.safe_load(PEOPLE_WEST.read_text(encoding="utf-8")) or []
    shared = {p["id"] for p in people()} & {p["id"] for p in west}
    assert not shared


@pytest.mark.parametrize("person", people(), ids=lambda p: p["id"])
def test_row_shape(person: dict) -> None:
    assert set(person) <= KEYS
    assert isinstance(person["name"], str) and person["name"].strip()
    code = person["country"]
    assert isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code)
    assert isinstance(person["aliases"], list)
    assert all(isinstance(a, str) and a.strip() for a in person["aliases"])
    if code == "IGO":
        assert person.get("org")
    assert person.get("after", "ELI") in SECTORS
    assert isinstance(person["roles"], list)
    for role in person["roles"]:
        assert set(role) <= ROLE_KEYS and {"title", "sector", "start"} <= set(role)
        assert isinstance(role["title"], str) and role["title"].strip()
        assert role["sector"] in SECTORS
        start = bounds(role["start"], upper=False)
        if "end" in role:
            assert start <= bounds(role["end"], upper=True), role


@pytest.mark.parametrize(
    ("person_id", "day", "title", "holds"),
    [
        ("xi-jinping", "2020-01-01", "President", True),
        ("xi-jinping", "2010-01-01", "President", False),
        ("hu-jintao", "2010-01-01", "President", True),
        ("moon-jae-in", "2019-01-01", "President", True),
        ("moon-jae-in", "2023-01-01", "President", False),
        ("yoon-suk-yeol", "2023-01-01", "President", True),
        ("lee-jae-myung", "2025-07-01", "President", True),
        ("kim-jong-un", "2015-06-01", "Supreme Leader", True),
        ("abe-shinzo", "2015-01-01", "Prime Minister", True),
        ("abe-shinzo", "2010-01-01", "Prime Minister", False),
        ("modi-narendra", "2020-01-01", "Prime Minister", True),
        ("jaishankar-subrahmanyam", "2023-01-01", "Minister of External Affairs", True),
        ("singh-rajnath", "2022-01-01", "Minister of Defence", True),
        ("wang-yi", "2016-01-01", "Minister of Foreign Affairs", True),
        ("wang-yi", "2023-03-01", "Minister of Foreign Affairs", False),
        ("qin-gang", "2023-03-01", "Minister of Foreign Affairs", True),
        ("dong-jun", "2024-06-01", "Minister of National Defense", True),
        ("khamenei-ali", "2000-01-01", "Supreme Leader", True),
        ("zarif-mohammad-javad", "2015-07-14", "Minister of Foreign Affairs", True),
        ("araghchi-abbas", "2025-01-01", "Minister of Foreign Affairs", True),
        ("raisi-ebrahim", "2024-06-01", "President", False),
        ("netanyahu-benjamin", "2023-10-07", "Prime Minister", True),
        ("netanyahu-benjamin", "2022-01-01", "Prime Minister", False),
        ("gallant-yoav", "2024-01-01", "Minister of Defence", True),
        ("katz-israel", "2025-01-01", "Minister of Defence", True),
        ("sinwar-yahya", "2024-09-01", "Head of the Hamas Political Bureau", True),
        ("sinwar-yahya", "2024-11-01", "Leader of Hamas in Gaza", False),
        ("nasrallah-hassan", "2006-07-12", "Secretary-General of Hezbollah", True),
        ("al-assad-bashar", "2024-12-09", "President", False),
        ("al-sharaa-ahmed", "2025-06-01", "President", True),
        ("mohammed-bin-salman", "2023-01-01", "Prime Minister", True),
        ("el-sisi-abdel-fattah", "2020-01-01", "President", True),
        ("ramaphosa-cyril", "2020-01-01", "President", True),
        ("zuma-jacob", "2020-01-01", "President", False),
        ("al-burhan-abdel-fattah", "2024-01-01", "Chairman of the Transitional Sovereignty Council", True),
        ("tshisekedi-felix", "2020-01-01", "President", True),
        ("min-aung-hlaing", "2022-01-01", "Chairman of the State Administration Council", True),
        ("akhundzada-hibatullah", "2022-01-01", "Supreme Leader of Afghanistan", True),
        ("ghani-ashraf", "2021-09-01", "President", False),
    ],
)
def test_spot_facts(person_id: str, day: str, title: str, holds: bool) -> None:
    assert (title in titles_on(person_id, day)) is holds


@pytest.mark.parametrize(
    ("person_id", "sector"),
    [
        ("sinwar-yahya", "REB"),
        ("nasrallah-hassan", "REB"),
        ("khan-imran", "OPP"),
        ("aung-san-suu-kyi", "OPP"),
        ("al-houthi-abdul-malik", "REB"),
    ],
)
def test_after_sector(person_id: str, sector: str) -> None:
    assert by_id(person_id).get("after") == sector


def test_ambiguous_bare_names_are_not_aliases() -> None:
    banned = {
        "Kim",
        "Li",
        "Wang",
        "Zhang",
        "Khan",
        "Singh",
        "Lee",
        "Park",
        "Nguyen",
        "Ali",
        "Ahmed",
        "Mohammed",
        "Mohamed",
        "Muhammad",
        "Abdullah",
        "Hassan",
        "Hussein",
    }
    offenders = [(p["id"], a) for p in people() for a in p["aliases"] if a in banned]
    assert not offenders

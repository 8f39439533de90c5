"""Checks on the people dictionary for 1975-2000 (people_history.yaml): the shape of every row,
dates, sectors, codes, uniqueness across all people files, and facts looked up by date."""

from __future__ import annotations

import csv
import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from comity.actors.dictionary import fold, load_dictionary
from people_dates import DATE_RE, as_text, bounds, roles_on

DATA = Path(__file__).resolve().parents[2] / "src" / "comity" / "actors" / "data"
HISTORY = DATA / "people_history.yaml"
OTHER_PEOPLE = (DATA / "people_west.yaml", DATA / "people_east.yaml")

SECTORS = {"GOV", "MIL", "COP", "REB", "OPP", "PTY", "LEG", "JUD", "BUS", "MED", "CVL", "REF"}
SECTORS |= {"ELI", "SPY", "EDU", "LAB", "JRN", "NGO", "IGO", "CRM", "UAF", "HLH", "REL", "AGR"}
SECTORS |= {"ENV", "SET", "MOD", "RAD", "DIP"}
KEYS = {"id", "name", "country", "aliases", "roles", "after", "org"}
ROLE_KEYS = {"title", "sector", "start", "end"}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CPSU = "General Secretary of the Communist Party of the Soviet Union"


@cache
def people() -> list[dict]:
    return yaml.safe_load(HISTORY.read_text(encoding="utf-8"))


@cache
def other_people() -> list[dict]:
    out: list[dict] = []
    for path in OTHER_PEOPLE:
        out += yaml.safe_load(path.read_text(encoding="utf-8"))
    return out


@cache
def countries() -> dict[str, tuple[str, str]]:
    """code -> (from, until) from countries.tsv (empty strings for current states)."""
    with (DATA / "countries.tsv").open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return {row["code"]: (row["from"], row["until"]) for row in rows}


@cache
def organisation_ids() -> set[str]:
    orgs = yaml.safe_load((DATA / "organisations.yaml").read_text(encoding="utf-8"))
    return {o["id"] for o in orgs}


def by_id(person_id: str) -> dict:
    matches = [p for p in people() if p["id"] == person_id]
    assert len(matches) == 1, person_id
    return matches[0]


def roles_held(person_id: str, day: str) -> list[tuple[str, str]]:
    """(title, sector) of the roles that certainly cover `day`."""
    return [(r["title"], r["sector"]) for r in roles_on(by_id(person_id)["roles"], day, certainly=True)]


# ----------------------------------------------------------------------------- shape


def test_file_is_a_list_of_the_expected_size() -> None:
    assert isinstance(people(), list)
    assert 350 <= len(people()) <= 700


def test_ids_well_formed_and_unique_across_all_people_files() -> None:
    ids = [p["id"] for p in people()]
    assert [i for i in ids if not ID_RE.match(i)] == []
    assert {i for i in ids if ids.count(i) > 1} == set()
    assert set(ids) & {p["id"] for p in other_people()} == set()


@pytest.mark.parametrize("person", people(), ids=lambda p: p["id"])
def test_entry_shape(person: dict) -> None:
    assert set(person) <= KEYS
    assert {"id", "name", "country", "aliases", "roles"} <= set(person)
    assert isinstance(person["name"], str) and person["name"].strip()
    assert isinstance(person["aliases"], list)
    assert all(isinstance(a, str) and a.strip() for a in person["aliases"])
    assert person["name"] not in person["aliases"]
    assert person.get("after", "ELI") in SECTORS
    assert isinstance(person["roles"], list)
    for role in person["roles"]:
        assert set(role) <= ROLE_KEYS
        assert {"title", "sector", "start"} <= set(role)
        assert isinstance(role["title"], str) and role["title"].strip()
        assert role["sector"] in SECTORS
        for key in ("start", "end"):
            if key in role:
                assert not isinstance(role[key], int), f"quote bare years: {role}"
                assert DATE_RE.match(as_text(role[key])), (key, role)
        if "end" in role:
            assert bounds(role["start"], upper=False) <= bounds(role["end"], upper=True), role


@pytest.mark.parametrize("person", people(), ids=lambda p: p["id"])
def test_country_codes_and_organisations(person: dict) -> None:
    code = person["country"]
    if code == "IGO":
        assert person.get("org") in organisation_ids()
    else:
        assert "org" not in person
        assert code in countries(), code


@pytest.mark.parametrize(
    "person",
    [p for p in people() if p["country"] in countries() and countries()[p["country"]][1]],
    ids=lambda p: p["id"],
)
def test_people_of_former_states_held_office_while_the_state_existed(person: dict) -> None:
    """A person filed under SUN, YUG, DDR, CSK, ZAR or YMD has a role inside that state's lifetime."""
    born, ended = countries()[person["country"]]
    state_from, state_until = dt.date.fromisoformat(born), dt.date.fromisoformat(ended)
    overlaps = [
        r
        for r in person["roles"]
        if bounds(r["start"], upper=False) <= state_until
        and ("end" not in r or bounds(r["end"], upper=True) >= state_from)
    ]
    assert overlaps or person.get("after") in {"OPP", "REB", "REL"}


def test_no_alias_points_at_two_people_within_the_file() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for person in people():
        for alias in {person["name"], *person["aliases"]}:
            key = fold(alias)
            if owner.setdefault(key, person["id"]) != person["id"]:
                clashes.append((alias, owner[key], person["id"]))
    assert clashes == []


def test_no_name_or_alias_already_used_in_the_other_people_files() -> None:
    """Nobody in people_west/people_east is repeated here, under any spelling."""
    taken = {fold(a) for p in other_people() for a in (p["name"], *p["aliases"])}
    reused = [
        (alias, person["id"])
        for person in people()
        for alias in (person["name"], *person["aliases"])
        if fold(alias) in taken
    ]
    assert reused == []


@pytest.mark.parametrize(
    "alias",
    ["Bush", "Kim", "Li", "Park", "Khan", "Singh", "Lee", "Hussein", "Gandhi", "Major", "Begin", "Ford"],
)
def test_ambiguous_surnames_and_words_are_not_aliases(alias: str) -> None:
    used = {fold(a) for p in people() for a in (p["name"], *p["aliases"])}
    assert fold(alias) not in used


# ----------------------------------------------------------------------------- facts by date


@pytest.mark.parametrize(
    ("person_id", "day", "title", "sector"),
    [
        ("gorbachev-mikhail", "1988-01-01", CPSU, "GOV"),
        ("gorbachev-mikhail", "1991-06-01", "President", "GOV"),
        ("brezhnev-leonid", "1980-01-01", CPSU, "GOV"),
        ("gromyko-andrei", "1980-01-01", "Minister of Foreign Affairs", "GOV"),
        ("thatcher-margaret", "1985-01-01", "Prime Minister", "GOV"),
        ("thatcher-margaret", "1977-01-01", "Leader of the Opposition", "OPP"),
        ("reagan-ronald", "1985-06-01", "President", "GOV"),
        ("bush-george-h-w", "1990-06-01", "President", "GOV"),
        ("shultz-george", "1985-01-01", "Secretary of State", "GOV"),
        ("weinberger-caspar", "1984-01-01", "Secretary of Defense", "GOV"),
        ("mitterrand-francois", "1990-01-01", "President", "GOV"),
        ("kohl-helmut", "1990-10-03", "Chancellor", "GOV"),
        ("genscher-hans-dietrich", "1989-11-09", "Minister of Foreign Affairs", "GOV"),
        ("honecker-erich", "1985-01-01", "Chairman of the Council of State", "GOV"),
        ("kim-il-sung", "1990-01-01", "President", "GOV"),
        ("mobutu-sese-seko", "1990-01-01", "President", "GOV"),
        ("deng-xiaoping", "1985-01-01", "Chairman of the Central Military Commission", "GOV"),
        ("li-peng", "1989-06-04", "Premier", "GOV"),
        ("khomeini-ruhollah", "1985-01-01", "Supreme Leader", "GOV"),
        ("rafsanjani-akbar-hashemi", "1993-01-01", "President", "GOV"),
        ("velayati-ali-akbar", "1988-07-01", "Minister of Foreign Affairs", "GOV"),
        ("aziz-tariq", "1990-08-02", "Deputy Prime Minister", "GOV"),
        ("ceausescu-nicolae", "1989-01-01", "President", "GOV"),
        ("tito-josip-broz", "1979-01-01", "President", "GOV"),
        ("tudjman-franjo", "1995-08-01", "President", "GOV"),
        ("mladic-ratko", "1995-07-11", "Commander of the Army of Republika Srpska", "REB"),
        ("suharto", "1990-01-01", "President", "GOV"),
        ("pinochet-augusto", "1985-01-01", "President", "GOV"),
        ("pinochet-augusto", "1995-01-01", "Commander-in-Chief of the Army", "MIL"),
        ("botha-p-w", "1986-01-01", "State President", "GOV"),
        ("de-klerk-f-w", "1991-01-01", "State President", "GOV"),
        ("walesa-lech", "1993-01-01", "President", "GOV"),
        ("walesa-lech", "1981-06-01", "Chairman of Solidarity", "LAB"),
        ("perez-de-cuellar-javier", "1985-01-01", "Secretary-General of the United Nations", "GOV"),
        ("delors-jacques", "1990-01-01", "President of the European Commission", "GOV"),
        ("woerner-manfred", "1990-01-01", "Secretary General of NATO", "GOV"),
        ("john-paul-ii", "1990-01-01", "Pope", "REL"),
        ("tutu-desmond", "1990-01-01", "Archbishop of Cape Town", "REL"),
        ("pol-pot", "1990-01-01", "Leader of the Khmer Rouge", "REB"),
        ("noriega-manuel", "1988-01-01", "Commander of the Panama Defense Forces", "MIL"),
    ],
)
def test_spot_facts_in_office(person_id: str, day: str, title: str, sector: str) -> None:
    assert (title, sector) in roles_held(person_id, day)


@pytest.mark.parametrize(
    ("person_id", "day"),
    [
        ("thatcher-margaret", "1995-01-01"),
        ("gorbachev-mikhail", "1992-06-01"),
        ("reagan-ronald", "1990-01-01"),
        ("mitterrand-francois", "1996-01-01"),
        ("honecker-erich", "1990-01-01"),
        ("kohl-helmut", "1999-01-01"),
        ("shultz-george", "1990-01-01"),
        ("ceausescu-nicolae", "1990-01-01"),
    ],
)
def test_spot_facts_out_of_office(person_id: str, day: str) -> None:
    assert roles_held(person_id, day) == []


@pytest.mark.parametrize(
    ("person_id", "code"),
    [
        ("gorbachev-mikhail", "SUN"),
        ("honecker-erich", "DDR"),
        ("tito-josip-broz", "YUG"),
        ("husak-gustav", "CSK"),
        ("mobutu-sese-seko", "ZAR"),
        ("ali-nasir-muhammad", "YMD"),
        ("kohl-helmut", "DEU"),
        ("kim-il-sung", "PRK"),
        ("perez-de-cuellar-javier", "IGO"),
    ],
)
def test_historical_country_codes(person_id: str, code: str) -> None:
    assert by_id(person_id)["country"] == code


def test_default_sectors_of_non_office_figures() -> None:
    assert by_id("bani-sadr-abolhassan")["after"] == "OPP"
    assert by_id("karadzic-radovan")["after"] == "REB"
    assert by_id("subcomandante-marcos")["after"] == "REB"
    assert by_id("tutu-desmond")["after"] == "REL"


# ----------------------------------------------------------------------------- through the loader


@pytest.mark.parametrize(
    ("name", "day", "entry_id", "code", "sector"),
    [
        ("Gorbachev", "1988-01-01", "person:gorbachev-mikhail", "SUN", "GOV"),
        ("Mikhail Gorbachov", "1990-06-01", "person:gorbachev-mikhail", "SUN", "GOV"),
        ("Thatcher", "1985-01-01", "person:thatcher-margaret", "GBR", "GOV"),
        ("Margaret Thatcher", "1995-01-01", "person:thatcher-margaret", "GBR", "ELI"),
        ("Francois Mitterrand", "1990-01-01", "person:mitterrand-francois", "FRA", "GOV"),
        ("Kim Il Sung", "1990-01-01", "person:kim-il-sung", "PRK", "GOV"),
        ("Mobutu", "1990-01-01", "person:mobutu-sese-seko", "ZAR", "GOV"),
        ("Ayatollah Khomeini", "1985-01-01", "person:khomeini-ruhollah", "IRN", "GOV"),
        ("Nicolae Ceausescu", "1989-01-01", "person:ceausescu-nicolae", "ROU", "GOV"),
        ("Karadzic", "1994-01-01", "person:karadzic-radovan", "BIH", "REB"),
        ("Archbishop Tutu", "1990-01-01", "person:tutu-desmond", "ZAF", "REL"),
    ],
)
def test_loader_resolves_names_by_date(name: str, day: str, entry_id: str, code: str, sector: str) -> None:
    found = load_dictionary().lookup(name, date=day)
    assert found, name
    entry = found[0][0]
    assert entry.id == entry_id
    assert entry.code == code
    assert entry.actor(day).sectors[0] == sector

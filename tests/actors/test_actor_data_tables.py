"""Checks the actor data tables themselves: countries, state aliases, organisations, agents.

These tests read the files with the csv and yaml modules only, so a broken table is reported
here, by file and row, independently of the resolver that compiles them.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import pycountry
import pytest
import yaml

from comity.model import Sector

SECTORS = frozenset(s.value for s in Sector)
NON_STATE = frozenset({"IGO", "NGO", "IMG"})
ALIAS_TYPES = frozenset({"name", "demonym", "capital", "seat"})
AGENT_KINDS = frozenset({"group", "role", "vehicle", "body"})
ORG_KEYS = frozenset({"id", "name", "code", "country", "sectors", "kind", "aliases", "parent"})
CODE = re.compile(r"[A-Z]{3}")


def _text(name: str) -> str:
    data = resources.files("comity.actors").joinpath("data")
    return data.joinpath(name).read_text(encoding="utf-8")


@cache
def _tsv(name: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(line number, row)]) with comment and blank lines skipped."""
    lines = [
        (i, line)
        for i, line in enumerate(_text(name).splitlines(), 1)
        if line.strip() and not line.startswith("#")
    ]
    header = lines[0][1].split("\t")
    rows = []
    for lineno, line in lines[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        assert len(cells) == len(header), f"{name} line {lineno}: {len(cells)} cells"
        rows.append((lineno, dict(zip(header, cells, strict=True))))
    return header, rows


@cache
def _orgs() -> list[dict[str, Any]]:
    data = yaml.safe_load(_text("organisations.yaml"))
    assert isinstance(data, list)
    return data


@cache
def _country_codes() -> frozenset[str]:
    return frozenset(row["code"] for _, row in _tsv("countries.tsv")[1])


@cache
def _name_index() -> dict[str, list[tuple[str, str]]]:
    """casefolded name -> [(code, sector)] over country names, state aliases and organisations."""
    index: dict[str, list[tuple[str, str]]] = {}
    for _, row in _tsv("countries.tsv")[1]:
        index.setdefault(row["name"].casefold(), []).append((row["code"], ""))
    for _, row in _tsv("state_aliases.tsv")[1]:
        index.setdefault(row["alias"].casefold(), []).append((row["code"], row["sector"]))
    for org in _orgs():
        for name in [org["name"], *org["aliases"]]:
            index.setdefault(name.casefold(), []).append((org["code"], org["sectors"][0]))
    return index


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("countries.tsv", ["code", "iso2", "name", "from", "until"]),
        ("state_aliases.tsv", ["code", "alias", "type", "sector"]),
        ("agents.tsv", ["term", "sector", "kind"]),
    ],
)
def test_tsv_header_and_cells(name: str, columns: list[str]) -> None:
    header, rows = _tsv(name)
    assert header == columns
    assert rows
    for lineno, row in rows:
        assert all(v == v.strip() for v in row.values()), f"{name} line {lineno}: stray spaces"


# ------------------------------------------------------------------------------ countries.tsv


def test_countries_codes_and_names() -> None:
    rows = [row for _, row in _tsv("countries.tsv")[1]]
    codes = Counter(r["code"] for r in rows)
    assert [c for c, n in codes.items() if n > 1] == []
    assert all(CODE.fullmatch(c) for c in codes)
    assert all(re.fullmatch(r"[A-Z]{2}", r["iso2"]) for r in rows)
    names = Counter(r["name"] for r in rows)
    assert [n for n, k in names.items() if k > 1] == []
    # current states have unique alpha-2 codes (ISO reused CS for two former states)
    current = Counter(r["iso2"] for r in rows if not r["until"])
    assert [c for c, n in current.items() if n > 1] == []


def test_countries_cover_iso_3166() -> None:
    missing = {c.alpha_3 for c in pycountry.countries} - _country_codes()
    assert missing == set()


def test_countries_dates() -> None:
    for lineno, row in _tsv("countries.tsv")[1]:
        if row["from"]:
            assert row["until"], f"line {lineno}: a dated state needs an end"
        if row["until"]:
            until = date.fromisoformat(row["until"])
            assert date.fromisoformat(row["from"]) < until, f"line {lineno}"


@pytest.mark.parametrize(
    ("code", "name", "until"),
    [
        ("SUN", "Soviet Union", "1991-12-26"),
        ("YUG", "Yugoslavia", "2003-02-04"),
        ("SCG", "Serbia and Montenegro", "2006-06-03"),
        ("DDR", "East Germany", "1990-10-03"),
        ("CSK", "Czechoslovakia", "1992-12-31"),
        ("YMD", "South Yemen", "1990-05-22"),
        ("ZAR", "Zaire", "1997-05-17"),
        ("VDR", "North Vietnam", "1976-07-02"),
        ("ANT", "Netherlands Antilles", "2010-10-10"),
        ("RUS", "Russia", ""),
        ("COD", "DR Congo", ""),
        ("COG", "Republic of the Congo", ""),
        ("CIV", "Ivory Coast", ""),
        ("TUR", "Turkey", ""),
        ("XKX", "Kosovo", ""),
        ("PSE", "Palestine", ""),
    ],
)
def test_country_rows(code: str, name: str, until: str) -> None:
    rows = {row["code"]: row for _, row in _tsv("countries.tsv")[1]}
    assert rows[code]["name"] == name
    assert rows[code]["until"] == until


# -------------------------------------------------------------------------- state_aliases.tsv


def test_state_aliases_rows() -> None:
    codes = _country_codes()
    pairs: Counter[tuple[str, str]] = Counter()
    for lineno, row in _tsv("state_aliases.tsv")[1]:
        where = f"state_aliases.tsv line {lineno}"
        assert row["code"] in codes, where
        assert row["alias"], where
        assert row["type"] in ALIAS_TYPES, where
        if row["type"] in ("name", "demonym"):
            assert row["sector"] == "", where
        else:
            assert row["sector"] in SECTORS, where
        if row["type"] == "capital":
            assert row["sector"] == "GOV", where
        pairs[(row["code"], row["alias"])] += 1
    assert [p for p, n in pairs.items() if n > 1] == []


def test_no_name_points_to_two_actors() -> None:
    """An alias names one state or one organisation: ambiguous words are left out of the tables."""
    clashes = {name: hits for name, hits in _name_index().items() if len({code for code, _ in hits}) > 1}
    assert clashes == {}


# ------------------------------------------------------------------------- organisations.yaml


def test_organisations_fields() -> None:
    codes = _country_codes()
    orgs = _orgs()
    assert len(orgs) >= 350
    ids = Counter(org.get("id") for org in orgs)
    assert [i for i, n in ids.items() if n > 1] == []
    for org in orgs:
        where = f"organisations.yaml {org.get('id')}"
        assert set(org) <= ORG_KEYS, where
        assert ORG_KEYS - {"parent"} <= set(org), where
        assert isinstance(org["id"], str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", org["id"]), where
        assert isinstance(org["name"], str) and org["name"], where
        assert org["code"] in NON_STATE or org["code"] in codes, where
        assert org["country"] == "" or org["country"] in codes, where
        if org["code"] not in NON_STATE:
            assert org["country"] == org["code"], where
        if org["code"] in ("IGO", "NGO"):
            assert org["country"] == "", where
        assert org["sectors"] and set(org["sectors"]) <= SECTORS, where
        assert len(set(org["sectors"])) == len(org["sectors"]), where
        assert org["kind"] in ("organisation", "group"), where
        assert isinstance(org["aliases"], list), where
        assert all(isinstance(a, str) and a for a in org["aliases"]), where
        names = [n.casefold() for n in [org["name"], *org["aliases"]]]
        assert len(names) == len(set(names)), f"{where}: repeated alias"
        parent = org.get("parent", "")
        assert parent == "" or (parent in ids and parent != org["id"]), where


# -------------------------------------------------------------------------------- agents.tsv


def test_agents_rows() -> None:
    rows = _tsv("agents.tsv")[1]
    assert len(rows) >= 250
    terms = Counter(row["term"] for _, row in rows)
    assert [t for t, n in terms.items() if n > 1] == []
    for lineno, row in rows:
        where = f"agents.tsv line {lineno}"
        assert row["term"] == row["term"].lower(), where
        assert row["sector"] in SECTORS, where
        assert row["kind"] in AGENT_KINDS, where


# ------------------------------------------------------------------------------- spot facts


@pytest.mark.parametrize(
    ("name", "code", "sector"),
    [
        # seats and capitals: the sector they imply
        ("the Kremlin", "RUS", "GOV"),
        ("the Pentagon", "USA", "MIL"),
        ("the White House", "USA", "GOV"),
        ("Capitol Hill", "USA", "LEG"),
        ("Downing Street", "GBR", "GOV"),
        ("Zhongnanhai", "CHN", "GOV"),
        ("the Knesset", "ISR", "LEG"),
        ("State Duma", "RUS", "LEG"),
        ("Élysée Palace", "FRA", "GOV"),
        ("Tel Aviv", "ISR", "GOV"),
        ("Ramallah", "PSE", "GOV"),
        ("Kyiv", "UKR", "GOV"),
        ("Kiev", "UKR", "GOV"),
        ("Pyongyang", "PRK", "GOV"),
        # names and demonyms: no sector
        ("Emirati", "ARE", ""),
        ("Emiratis", "ARE", ""),
        ("Kyrgyz", "KGZ", ""),
        ("Burma", "MMR", ""),
        ("Great Britain", "GBR", ""),
        ("U.S.", "USA", ""),
        ("DPRK", "PRK", ""),
        ("Türkiye", "TUR", ""),
        ("Côte d'Ivoire", "CIV", ""),
        ("Congolese", "COD", ""),
        ("Filipinos", "PHL", ""),
        ("Palestinians", "PSE", ""),
        ("Soviet Union", "SUN", ""),
        ("Soviets", "SUN", ""),
        ("GDR", "DDR", ""),
        ("Czechoslovakia", "CSK", ""),
        # organisations: code and primary sector
        ("Hezbollah", "LBN", "REB"),
        ("IRGC", "IRN", "MIL"),
        ("Quds Force", "IRN", "MIL"),
        ("al-Qaeda", "IMG", "REB"),
        ("Daesh", "IMG", "REB"),
        ("ICRC", "IGO", "IGO"),
        ("Red Cross", "IGO", "IGO"),
        ("NATO", "IGO", "IGO"),
        ("International Criminal Court", "IGO", "JUD"),
        ("European Parliament", "IGO", "LEG"),
        ("Doctors Without Borders", "NGO", "NGO"),
        ("Hamas", "PSE", "REB"),
        ("Fatah", "PSE", "PTY"),
        ("Houthis", "YEM", "REB"),
        ("Kurdistan Workers' Party", "TUR", "REB"),
        ("SPLM/A", "SDN", "REB"),
        ("Wagner Group", "RUS", "MIL"),
        ("Sinaloa Cartel", "MEX", "CRM"),
        ("Mossad", "ISR", "SPY"),
        ("FBI", "USA", "COP"),
        ("PLA", "CHN", "MIL"),
        ("Red Army", "SUN", "MIL"),
        ("US Congress", "USA", "LEG"),
        ("Xinhua", "CHN", "MED"),
        ("Al Jazeera", "QAT", "MED"),
    ],
)
def test_spot_facts(name: str, code: str, sector: str) -> None:
    assert _name_index()[name.casefold()] == [(code, sector)]


@pytest.mark.parametrize(
    ("term", "sector", "kind"),
    [
        ("troops", "MIL", "group"),
        ("warplanes", "MIL", "vehicle"),
        ("army", "MIL", "body"),
        ("general", "MIL", "role"),
        ("riot police", "COP", "group"),
        ("gunmen", "UAF", "group"),
        ("rebels", "REB", "group"),
        ("protesters", "CVL", "group"),
        ("lawmakers", "LEG", "group"),
        ("parliament", "LEG", "body"),
        ("prosecutors", "JUD", "group"),
        ("asylum seekers", "REF", "group"),
        ("journalists", "JRN", "group"),
        ("settlers", "SET", "group"),
        ("foreign minister", "GOV", "role"),
        ("oligarch", "ELI", "group"),
        ("smugglers", "CRM", "group"),
        ("aid workers", "NGO", "group"),
    ],
)
def test_agent_spot_facts(term: str, sector: str, kind: str) -> None:
    rows = {row["term"]: row for _, row in _tsv("agents.tsv")[1]}
    assert (rows[term]["sector"], rows[term]["kind"]) == (sector, kind)


# Gold records whose code the tables rightly disagree with: Juba was in Sudan before South Sudan's
# independence in 2011, and 'JAP' is the old CAMEO code for Japan (ISO: JPN).
GOLD_EXCEPTIONS = {("Juba", "SDN"), ("Japan", "JAP")}


def test_plover_gold_names_agree(shared) -> None:
    """Every gold actor text that is exactly a name in the tables carries the same code."""
    gold = json.loads(shared("data", "plover_gsr", "dev.json").read_text(encoding="utf-8"))
    index = _name_index()
    checked, wrong = 0, []
    for record in gold:
        for side in ("source", "target"):
            for actor in record.get(side) or ():
                text = actor["actorText"].strip()
                hits = index.get(text.casefold())
                if not hits or (text, actor["code"]) in GOLD_EXCEPTIONS:
                    continue
                checked += 1
                if hits[0][0] != actor["code"]:
                    wrong.append((text, actor["code"], hits[0][0]))
    assert checked >= 50
    assert wrong == []

"""Resolution of actor mentions: states, demonyms, metonyms, organisations, people with dates,
sectors, compounds, coreference in short documents, and things that are not actors."""

from __future__ import annotations

import pytest

from comity.actors.resolve import resolve_actor

D = "2025-05-09"

# (mention, expected code, expected primary sector or None for "any")
STATES = [
    ("Russia", "RUS", None),
    ("the Russian Federation", "RUS", None),
    ("China", "CHN", None),
    ("the People's Republic of China", "CHN", None),
    ("PRC", "CHN", None),
    ("North Korea", "PRK", None),
    ("the DPRK", "PRK", None),
    ("DPRK", "PRK", None),
    ("Democratic People's Republic of Korea", "PRK", None),
    ("South Korea", "KOR", None),
    ("the ROK", "KOR", None),
    ("Republic of Korea", "KOR", None),
    ("the United States", "USA", None),
    ("the U.S.", "USA", None),
    ("US", "USA", None),
    ("USA", "USA", None),
    ("America", "USA", None),
    ("the States", "USA", None),
    ("United States of America", "USA", None),
    ("Britain", "GBR", None),
    ("Great Britain", "GBR", None),
    ("the UK", "GBR", None),
    ("United Kingdom", "GBR", None),
    ("Burma", "MMR", None),
    ("Myanmar", "MMR", None),
    ("Ivory Coast", "CIV", None),
    ("Côte d'Ivoire", "CIV", None),
    ("Cote d'Ivoire", "CIV", None),
    ("Türkiye", "TUR", None),
    ("Turkey", "TUR", None),
    ("Iran", "IRN", None),
    ("Syria", "SYR", None),
    ("Israel", "ISR", None),
    ("Palestine", "PSE", None),
    ("Gaza", "PSE", None),
    ("Ukraine", "UKR", None),
    ("Japan", "JPN", None),
    ("India", "IND", None),
    ("Pakistan", "PAK", None),
    ("Niger", "NER", None),
    ("Nigeria", "NGA", None),
    ("Mali", "MLI", None),
    ("Burkina Faso", "BFA", None),
    ("DR Congo", "COD", None),
    ("Republic of the Congo", "COG", None),
    ("Czechia", "CZE", None),
    ("Czech Republic", "CZE", None),
    ("North Macedonia", "MKD", None),
    ("Eswatini", "SWZ", None),
    ("Taiwan", "TWN", None),
    ("Kosovo", "XKX", None),
    ("Vietnam", "VNM", None),
    ("Laos", "LAO", None),
    ("Bolivia", "BOL", None),
    ("Venezuela", "VEN", None),
    ("the UAE", "ARE", None),
    ("United Arab Emirates", "ARE", None),
    ("Saudi Arabia", "SAU", None),
    ("Georgia", "GEO", None),
    ("Germany", "DEU", None),
    ("France", "FRA", None),
    ("Moldova", "MDA", None),
    ("Sudan", "SDN", None),
    ("South Sudan", "SSD", None),
    ("Somalia", "SOM", None),
    ("Ethiopia", "ETH", None),
    ("Afghanistan", "AFG", None),
    ("Iraq", "IRQ", None),
    ("Yemen", "YEM", None),
    ("Lebanon", "LBN", None),
    ("Egypt", "EGY", None),
    ("Algeria", "DZA", None),
    ("Libya", "LBY", None),
    ("Cuba", "CUB", None),
]

HISTORICAL = [
    ("the Soviet Union", "SUN", None),
    ("USSR", "SUN", None),
    ("Yugoslavia", "YUG", None),
    ("East Germany", "DDR", None),
    ("Czechoslovakia", "CSK", None),
    ("Zaire", "ZAR", None),
]

DEMONYMS = [
    ("Emirati officials", "ARE", "GOV"),
    ("Kyrgyz troops", "KGZ", "MIL"),
    ("North Korean soldiers", "PRK", "MIL"),
    ("South Korean troops", "KOR", "MIL"),
    ("Congolese soldiers", "COD", "MIL"),
    ("Russian warplanes", "RUS", "MIL"),
    ("American warplanes", "USA", "MIL"),
    ("four Saudi men", "SAU", "CVL"),
    ("Mexican authorities", "MEX", "GOV"),
    ("Israeli soldiers", "ISR", "MIL"),
    ("Israeli police", "ISR", "COP"),
    ("Egyptian police", "EGY", "COP"),
    ("Palestinian police", "PSE", "COP"),
    ("Iranian protesters", "IRN", "CVL"),
    ("Afghan rebels", "AFG", "REB"),
    ("Filipino fishermen", "PHL", None),
    ("British diplomats", "GBR", None),
    ("French warships", "FRA", "MIL"),
    ("Chinese warships", "CHN", "MIL"),
    ("Ukrainian forces", "UKR", "MIL"),
    ("Syrian rebels", "SYR", "REB"),
    ("Sudanese government", "SDN", "GOV"),
    ("Turkish government", "TUR", "GOV"),
    ("Indian troops", "IND", "MIL"),
    ("Pakistani militants", "PAK", "REB"),
    ("Nigerian troops", "NGA", "MIL"),
    ("Georgian protesters", "GEO", "CVL"),
    ("Japanese lawmakers", "JPN", "LEG"),
    ("German judges", "DEU", "JUD"),
    ("Liberian refugees", "LBR", "REF"),
    ("Russian journalists", "RUS", "JRN"),
    ("Algerian security forces", "DZA", "COP"),
    ("Bosnian Serbs", "BIH", None),
    ("Iraqi Kurds", "IRQ", None),
    ("the Palestinians", "PSE", None),
    ("Israelis", "ISR", None),
    ("Afghans", "AFG", None),
    ("Britons", "GBR", None),
    ("Americans", "USA", None),
    ("Chinese", "CHN", None),
    ("Ukrainians", "UKR", None),
    ("Russians", "RUS", None),
    ("Venezuelan opposition", "VEN", "OPP"),
]

METONYMS = [
    ("the Kremlin", "RUS", "GOV"),
    ("Moscow", "RUS", "GOV"),
    ("Beijing", "CHN", "GOV"),
    ("Zhongnanhai", "CHN", "GOV"),
    ("Washington", "USA", "GOV"),
    ("the White House", "USA", "GOV"),
    ("the Pentagon", "USA", "MIL"),
    ("Downing Street", "GBR", "GOV"),
    ("the Élysée", "FRA", "GOV"),
    ("the Elysee", "FRA", "GOV"),
    ("Pyongyang", "PRK", "GOV"),
    ("Seoul", "KOR", "GOV"),
    ("Tokyo", "JPN", "GOV"),
    ("Kyiv", "UKR", "GOV"),
    ("Kiev", "UKR", "GOV"),
    ("Tehran", "IRN", "GOV"),
    ("London", "GBR", "GOV"),
    ("Paris", "FRA", "GOV"),
    ("Berlin", "DEU", "GOV"),
    ("Ankara", "TUR", "GOV"),
    ("Damascus", "SYR", "GOV"),
    ("Baghdad", "IRQ", "GOV"),
    ("Kabul", "AFG", "GOV"),
    ("Islamabad", "PAK", "GOV"),
    ("New Delhi", "IND", "GOV"),
    ("Riyadh", "SAU", "GOV"),
    ("Cairo", "EGY", "GOV"),
    ("Khartoum", "SDN", "GOV"),
    ("Caracas", "VEN", "GOV"),
    ("Havana", "CUB", "GOV"),
    ("Minsk", "BLR", "GOV"),
    ("Tbilisi", "GEO", "GOV"),
    ("Capitol Hill", "USA", "LEG"),
    ("the Knesset", "ISR", "LEG"),
    ("the Duma", "RUS", "LEG"),
    ("the Bundestag", "DEU", "LEG"),
    ("Abuja", "NGA", "GOV"),
    ("Algiers", "DZA", "GOV"),
]

ORGANISATIONS = [
    ("NATO", "IGO", "IGO"),
    ("the United Nations", "IGO", "IGO"),
    ("the UN", "IGO", "IGO"),
    ("U.N.", "IGO", "IGO"),
    ("the EU", "IGO", "IGO"),
    ("the European Union", "IGO", "IGO"),
    ("the European Commission", "IGO", None),
    ("the European Parliament", "IGO", None),
    ("the African Union", "IGO", "IGO"),
    ("ASEAN", "IGO", "IGO"),
    ("ECOWAS", "IGO", "IGO"),
    ("the SCO", "IGO", "IGO"),
    ("the CSTO", "IGO", None),
    ("BRICS", "IGO", None),
    ("OPEC", "IGO", None),
    ("the IAEA", "IGO", None),
    ("the IMF", "IGO", None),
    ("the World Bank", "IGO", None),
    ("the WHO", "IGO", None),
    ("the ICC", "IGO", None),
    ("the Arab League", "IGO", None),
    ("the GCC", "IGO", None),
    ("UNHCR", "IGO", None),
    ("UNICEF", "IGO", None),
    ("the WFP", "IGO", None),
    ("the OSCE", "IGO", None),
    ("the Red Cross", "IGO", None),
    ("the ICRC", "IGO", None),
    ("Amnesty International", "NGO", "NGO"),
    ("Human Rights Watch", "NGO", "NGO"),
    ("Doctors Without Borders", "NGO", None),
    ("Oxfam", "NGO", None),
    ("Hamas", "PSE", "REB"),
    ("Hezbollah", "LBN", "REB"),
    ("the Taliban", "AFG", None),
    ("the Houthis", "YEM", "REB"),
    ("al-Shabaab", "SOM", "REB"),
    ("Boko Haram", "NGA", "REB"),
    ("Islamic State", "IMG", None),
    ("ISIS", "IMG", None),
    ("al-Qaeda", "IMG", None),
    ("M23", "COD", "REB"),
    ("the PKK", "TUR", "REB"),
    ("the FBI", "USA", "COP"),
    ("the CIA", "USA", "SPY"),
    ("the FSB", "RUS", "SPY"),
    ("Mossad", "ISR", "SPY"),
    ("the IRGC", "IRN", "MIL"),
    ("the PLA", "CHN", "MIL"),
    ("the People's Liberation Army", "CHN", "MIL"),
    ("the Northern Fleet", "RUS", "MIL"),
    ("the IDF", "ISR", "MIL"),
    ("the Rapid Support Forces", "SDN", None),
    ("Wagner Group", "RUS", None),
    ("Xinhua", "CHN", "MED"),
    ("KCNA", "PRK", "MED"),
    ("TASS", "RUS", "MED"),
]

PEOPLE = [
    ("Vladimir Putin", "2025-05-09", "RUS", "GOV"),
    ("Putin", "2025-05-09", "RUS", "GOV"),
    ("Vladimir Putin", "2010-01-01", "RUS", "GOV"),
    ("Xi Jinping", D, "CHN", "GOV"),
    ("President Xi", D, "CHN", "GOV"),
    ("Kim Jong-un", D, "PRK", "GOV"),
    ("Kim Jong Un", D, "PRK", "GOV"),
    ("Sergey Lavrov", D, "RUS", "GOV"),
    ("Russian Foreign Minister Sergey Lavrov", D, "RUS", "GOV"),
    ("Sergei Lavrov", D, "RUS", "GOV"),
    ("Volodymyr Zelensky", D, "UKR", "GOV"),
    ("Zelenskyy", D, "UKR", "GOV"),
    ("Joe Biden", "2022-06-01", "USA", "GOV"),
    ("Joe Biden", "2025-06-01", "USA", "ELI"),
    ("Donald Trump", "2025-06-01", "USA", "GOV"),
    ("Donald Trump", "2022-06-01", "USA", "ELI"),
    ("Emmanuel Macron", D, "FRA", "GOV"),
    ("Macron", D, "FRA", "GOV"),
    ("Olaf Scholz", "2023-01-01", "DEU", "GOV"),
    ("Recep Tayyip Erdogan", D, "TUR", "GOV"),
    ("Erdoğan", D, "TUR", "GOV"),
    ("Narendra Modi", D, "IND", "GOV"),
    ("Benjamin Netanyahu", D, "ISR", "GOV"),
    ("Ali Khamenei", D, "IRN", "GOV"),
    ("Alexei Navalny", "2023-01-01", "RUS", None),
    ("Keir Starmer", D, "GBR", "GOV"),
    ("Boris Yeltsin", "1996-06-01", "RUS", "GOV"),
    ("Ursula von der Leyen", D, "IGO", None),
    ("Antonio Guterres", D, "IGO", None),
    ("António Guterres", D, "IGO", None),
    ("Lula", D, "BRA", "GOV"),
    ("Wang Yi", D, "CHN", "GOV"),
    ("Yoon Suk Yeol", "2023-01-01", "KOR", "GOV"),
    ("Moon Jae-in", "2019-01-01", "KOR", "GOV"),
    ("Shinzo Abe", "2015-01-01", "JPN", "GOV"),
    ("Hosni Mubarak", "2005-01-01", "EGY", "GOV"),
    ("Abdelaziz Bouteflika", "2005-01-01", "DZA", "GOV"),
    ("Yoweri Museveni", D, "UGA", "GOV"),
    ("Omar al-Bashir", "2005-01-01", "SDN", "GOV"),
]

SECTOR_WORDS = [
    ("soldiers", "MIL"),
    ("troops", "MIL"),
    ("police", "COP"),
    ("rebels", "REB"),
    ("militants", "REB"),
    ("insurgents", "REB"),
    ("protesters", "CVL"),
    ("residents", "CVL"),
    ("opposition", "OPP"),
    ("lawmakers", "LEG"),
    ("judges", "JUD"),
    ("refugees", "REF"),
    ("journalists", "JRN"),
]

COMPOUNDS_IN_CONTEXT = [
    # (mention, context before it, expected code, sector or None)
    ("Kim", "Kim Jong-un oversaw drills on Friday. Then", "PRK", "GOV"),
    ("Lavrov", "Russian Foreign Minister Sergey Lavrov arrived in Pyongyang. Later", "RUS", "GOV"),
    ("Xi", "Chinese President Xi Jinping met Putin.", "CHN", "GOV"),
    ("they", "Russia and China signed a pact.", "RUS", None),
    ("the two leaders", "Putin and Kim Jong-un signed a treaty.", "RUS", None),
    ("both countries", "India and Pakistan agreed to a ceasefire.", "IND", None),
    ("it", "Japan protested the launch.", "JPN", None),
    ("he", "Kim Jong-un watched the launch.", "PRK", None),
    ("the country", "Iran has enriched uranium for years, and", "IRN", None),
    ("its", "North Korea tested a missile, and", "PRK", None),
]

NOT_ACTORS = [
    "a cat named Frank",
    "the weather",
    "football fans",
    "us",
    "who",
    "it",
    "the stock market",
    "a new recipe",
    "the rain",
    "his dog Rex",
    "the committee of nothing",
    "blue",
    "Frank",
    "the quick brown fox",
    "three apples",
    "chad",
    "turkey",
    "the match",
]


@pytest.mark.parametrize(
    ("text", "code", "sector"), STATES + HISTORICAL + METONYMS + ORGANISATIONS + DEMONYMS
)
def test_resolves_states_metonyms_organisations_demonyms(text, code, sector):
    actor = resolve_actor(text, date=D)
    assert actor is not None, text
    assert actor.code == code
    if sector:
        assert actor.sector == sector


@pytest.mark.parametrize(("text", "date", "code", "sector"), PEOPLE)
def test_people_with_dated_sectors(text, date, code, sector):
    actor = resolve_actor(text, date=date)
    assert actor is not None, text
    assert actor.code == code
    assert actor.kind.value == "person"
    if sector:
        assert actor.sector == sector


@pytest.mark.parametrize(("word", "sector"), SECTOR_WORDS)
def test_role_words_with_a_country(word, sector):
    actor = resolve_actor(f"Nigerian {word}", date=D)
    assert actor is not None and actor.code == "NGA" and actor.sector == sector


@pytest.mark.parametrize(("text", "context", "code", "sector"), COMPOUNDS_IN_CONTEXT)
def test_coreference_in_short_documents(text, context, code, sector):
    actor = resolve_actor(text, context=context, date=D)
    assert actor is not None, (text, context)
    assert actor.code == code
    if sector:
        assert actor.sector == sector


@pytest.mark.parametrize("text", NOT_ACTORS)
def test_unknown_names_stay_unknown(text):
    assert resolve_actor(text, date=D) is None


def test_hyphenated_compound_resolves_every_state(nlp):
    from comity.actors.resolve import DocActors

    doc = nlp("Lavrov criticised the US-South Korea-Japan military alliances as a provocation.")
    actors = DocActors(doc, nlp, date=D)
    head = next(t for t in doc if t.text == "alliances")
    codes = {r.actor.code for r in actors.actors_of(head)}
    assert codes == {"USA", "KOR", "JPN"}


def test_coordinated_demonyms_give_both_states(nlp):
    from comity.actors.resolve import DocActors

    doc = nlp("French and Egyptian warships launched war games.")
    actors = DocActors(doc, nlp, date=D)
    head = next(t for t in doc if t.text == "warships")
    found = actors.actors_of(head)
    assert {r.actor.code for r in found} == {"FRA", "EGY"}
    assert {r.actor.sector for r in found} == {"MIL"}


def test_possessive_coordination_and_apposition(nlp):
    from comity.actors.resolve import DocActors

    doc = nlp("China and Russia's leaders, Xi Jinping and Vladimir Putin, agreed to deepen ties.")
    actors = DocActors(doc, nlp, date=D)
    head = next(t for t in doc if t.text == "leaders")
    assert {r.actor.code for r in actors.actors_of(head)} == {"CHN", "RUS"}


def test_actor_files_from_the_settings(tmp_path, monkeypatch):
    from comity.actors.dictionary import load_dictionary
    from comity.settings import load_settings

    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "people:\n  - {id: doe-jane, name: Jane Doe, country: GBR, aliases: [Doe],\n"
        "     roles: [{title: Foreign Secretary, sector: GOV, start: 2026-01-01}]}\n",
        encoding="utf-8",
    )
    cfg = tmp_path / "comity.yaml"
    cfg.write_text(f"actors:\n  files: [{extra}]\n", encoding="utf-8")
    monkeypatch.setenv("COMITY_CONFIG", str(cfg))
    load_settings.cache_clear()
    try:
        actor = resolve_actor("Jane Doe", date="2026-06-01", dictionary=load_dictionary())
        assert actor is not None and actor.code == "GBR" and actor.sector == "GOV"
    finally:
        monkeypatch.delenv("COMITY_CONFIG")
        load_settings.cache_clear()
    assert resolve_actor("Jane Doe", date="2026-06-01", dictionary=load_dictionary()) is None

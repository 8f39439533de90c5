"""comity.timeplace.places: place names to Locations, and where a sentence puts its event."""

from __future__ import annotations

import pytest

from comity.model import Location
from comity.timeplace import places
from comity.timeplace.places import resolve_place, sentence_location

# (name, country_hint, expected Location.name, expected country)
RESOLVE_CASES = [
    ("Moscow", None, "Moscow", "RUS"),
    ("Moscow", "USA", "Moscow", "USA"),  # Moscow, Idaho
    ("Paris", None, "Paris", "FRA"),
    ("Paris", "US", "Paris", "USA"),  # alpha-2 hints work too
    ("Tbilisi", None, "Tbilisi", "GEO"),
    ("Kharkiv", None, "Kharkiv", "UKR"),
    ("Kyiv", None, "Kyiv", "UKR"),
    ("Kiev", None, "Kyiv", "UKR"),
    ("Bombay", None, "Mumbai", "IND"),  # an alternate name of one big city
    ("Sao Paulo", None, "São Paulo", "BRA"),  # accents ignored
    ("Pyongyang", None, "Pyongyang", "PRK"),
    ("Pristina", None, "Pristina", "XKX"),  # Kosovo: XK -> XKX
    ("Donetsk", None, "Donetsk", "UKR"),  # the most populous of two
    ("Washington", None, "Washington", "USA"),  # the city, not the state
    ("New York", None, "New York City", "USA"),
    ("the Kremlin", None, "Moscow", "RUS"),
    ("Kremlin", None, "Moscow", "RUS"),
    ("White House", None, "Washington", "USA"),
    ("the Pentagon", None, "Washington", "USA"),
    ("Capitol Hill", None, "Washington", "USA"),
    ("Downing Street", None, "London", "GBR"),
    ("Élysée", None, "Paris", "FRA"),
    ("Elysee Palace", None, "Paris", "FRA"),
    ("Zhongnanhai", None, "Beijing", "CHN"),
    ("Tiananmen Square", None, "Beijing", "CHN"),
    ("Gaza", None, "Gaza Strip", "PSE"),
    ("the Gaza Strip", None, "Gaza Strip", "PSE"),
    ("West Bank", None, "West Bank", "PSE"),
    ("Golan Heights", None, "Golan Heights", "SYR"),
    ("Donbas", None, "Donbas", "UKR"),
    ("Crimea", None, "Crimea", "UKR"),
    ("Kursk region", None, "Kursk region", "RUS"),
    ("the Kharkiv region", None, "Kharkiv region", "UKR"),
    ("Nagorno-Karabakh", None, "Nagorno-Karabakh", "AZE"),
    ("Darfur", None, "Darfur", "SDN"),
    ("Tigray", None, "Tigray", "ETH"),
    ("Strait of Hormuz", None, "Strait of Hormuz", ""),
    ("Taiwan Strait", None, "Taiwan Strait", ""),
    ("South China Sea", None, "South China Sea", ""),
    ("Red Sea", None, "Red Sea", ""),
    ("Black Sea", None, "Black Sea", ""),
    ("Korean DMZ", None, "Panmunjom", ""),
    ("Line of Control", None, "Line of Control", ""),
    ("Kashmir", None, "Kashmir", ""),
    ("Sahel", None, "Sahel", ""),
    ("Russia", None, "Russia", "RUS"),
    ("Russia's", None, "Russia", "RUS"),
    ("the United States", None, "United States", "USA"),
    ("U.S.", None, "United States", "USA"),
    ("Britain", None, "United Kingdom", "GBR"),
    ("North Korea", None, "North Korea", "PRK"),
    ("Syrian Arab Republic", None, "Syria", "SYR"),  # pycountry's official name
    ("Kosovo", None, "Kosovo", "XKX"),
    ("Taiwan", None, "Taiwan", "TWN"),
    ("Georgia", None, "Georgia", "GEO"),
    ("Georgia", "USA", "Georgia", "USA"),  # the state
    ("California", None, "California", "USA"),
]


@pytest.mark.parametrize(("name", "hint", "expected", "country"), RESOLVE_CASES)
def test_resolve_place(name, hint, expected, country):
    got = resolve_place(name, country_hint=hint)
    assert got is not None
    assert (got.name, got.country) == (expected, country)


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [("Moscow", 55.75, 37.62), ("the Kremlin", 55.75, 37.62), ("Tbilisi", 41.69, 44.83),
     ("White House", 38.90, -77.04), ("Russia", 55.75, 37.62), ("Strait of Hormuz", 26.57, 56.25),
     ("Gaza Strip", 31.42, 34.35)],
)  # fmt: skip
def test_coordinates(name, lat, lon):
    got = resolve_place(name)
    assert got.lat == pytest.approx(lat, abs=0.01)
    assert got.lon == pytest.approx(lon, abs=0.01)


@pytest.mark.parametrize(
    "name",
    ["", "   ", "Xi Jinping", "Putin", "12345", "Latin America", "the", "x" * 500, "Thursday",
     "Asia", "the Middle East", "Europe", "the West",
     "nowhere-land-that-does-not-exist"],
)  # fmt: skip
def test_unknown_places(name):
    assert resolve_place(name) is None


def test_results_are_independent_copies():
    first = resolve_place("Moscow")
    first.name = "changed"
    assert resolve_place("Moscow").name == "Moscow"


def test_every_curated_row_resolves():
    gaz = places._gazetteer()
    assert len(gaz.curated) >= 100
    for key, (loc, kind) in gaz.curated.items():
        assert isinstance(loc, Location), key
        assert loc.country == "" or len(loc.country) == 3, key
        if kind != "country":
            assert loc.lat is not None and loc.lon is not None, key
            assert -90 <= loc.lat <= 90 and -180 <= loc.lon <= 180, key
        assert loc.country == "" or loc.country in gaz.country_by_code, key


# ----------------------------------------------------------------------- sentences


def sentence_and_trigger(nlp, text: str, word: str | None):
    doc = nlp(text)
    trigger = next(t for t in doc if t.text == word) if word else None
    sent = trigger.sent if trigger is not None else next(iter(doc.sents))
    return sent, trigger


SEED_GALA = (
    "Putin and Xi Jinping sport a friendly demeanor as they share a warm handshake during a gala "
    "event in the Kremlin, commemorating the 80th anniversary of the Soviet Union's victory over "
    "Nazi Germany."
)
SEED_PARADE = (
    "For instance, during Russia's Victory Day celebrations on May 9, 2025, Kim Jong-un "
    "surprisingly bypassed the military parade in Moscow and skipped sending a congratulatory "
    "message to the reception in Pyongyang."
)

# (sentence, trigger word or None, expected (name, country) or None)
SENTENCE_CASES = [
    (SEED_GALA, "share", ("Moscow", "RUS")),
    (SEED_GALA, "handshake", ("Moscow", "RUS")),
    (SEED_PARADE, "bypassed", ("Moscow", "RUS")),
    ("Thousands of protesters march through Tbilisi on Thursday.", "march", ("Tbilisi", "GEO")),
    ("Russian drones struck targets near Kharkiv on Thursday.", "struck", ("Kharkiv", "UKR")),
    ("The two leaders will meet on Monday in Geneva.", "meet", ("Geneva", "CHE")),
    (
        "Chinese warships sailed through the Taiwan Strait last week.",
        "sailed",
        ("Taiwan Strait", ""),
    ),
    ("Houthi rebels attacked a cargo ship in the Red Sea yesterday.", "attacked", ("Red Sea", "")),
    ("Protesters gathered outside the White House.", "gathered", ("Washington", "USA")),
    ("The ministers held talks at the White House on May 2.", "held", ("Washington", "USA")),
    (
        "Israeli strikes killed 20 people in the Gaza Strip on Tuesday.",
        "killed",
        ("Gaza Strip", "PSE"),
    ),
    (
        "Two years ago, India and Pakistan exchanged fire along the Line of Control.",
        "exchanged",
        ("Line of Control", ""),
    ),
    ("Erdogan met Zelensky in Istanbul, Turkey, on Wednesday.", "met", ("Istanbul", "TUR")),
    (
        "Chinese coast guard ships fired water cannon off the coast of the Philippines.",
        "fired",
        ("Philippines", "PHL"),
    ),
    ("Moscow said the talks in Tbilisi had failed.", "failed", ("Tbilisi", "GEO")),
    ("Moscow said the talks in Tbilisi had failed.", "said", None),  # Tbilisi is the talks'
    ("Moscow condemned the sanctions.", "condemned", None),  # Moscow is the actor
    ("The Kremlin said talks with Kyiv would resume.", "said", None),
    ("Xi Jinping from China met Vladimir Putin.", "met", None),  # "from China" is no place
    ("Putin flew to Beijing.", "flew", None),
    ("Tensions rose in Asia.", "rose", None),  # a continent is too broad
    ("Troops were deployed in Asia and in Kharkiv.", "deployed", ("Kharkiv", "UKR")),
    ("Kim, who visited Moscow in 2019, met Putin in Vladivostok.", "met", ("Vladivostok", "RUS")),
    ("", None, None),
]


@pytest.mark.parametrize(("text", "word", "expected"), SENTENCE_CASES)
def test_sentence_location(nlp, text, word, expected):
    if not text:
        assert sentence_location(nlp(text)[:]) is None
        return
    sent, trigger = sentence_and_trigger(nlp, text, word)
    got = sentence_location(sent, trigger)
    assert ((got.name, got.country) if got else None) == expected


@pytest.mark.parametrize("text", ["In.", "in in in at at", "!!!", "Near the.", "Meet me in 12345.", "At US."])
def test_sentence_location_odd_input_does_not_raise(nlp, text):
    for sent in nlp(text).sents:
        got = sentence_location(sent)
        assert got is None or isinstance(got, Location)


def test_seed_article_gala_in_the_kremlin(nlp, seed_text):
    doc = nlp(seed_text)
    sent = next(s for s in doc.sents if "gala event in the Kremlin" in s.text)
    trigger = next(t for t in sent if t.text == "share")
    got = sentence_location(sent, trigger)
    assert got is not None and (got.name, got.country) == ("Moscow", "RUS")

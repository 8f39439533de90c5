"""Cleaning rules (comity/ingest/clean.py): hand-written cases, the seed page, real articles."""

from __future__ import annotations

import csv
import re

import pytest

from comity.ingest.clean import clean_text, load_camelcase, load_furniture


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_data_files_load_and_validate():
    furniture = load_furniture()
    assert "skip to content" in furniture.phrases
    assert "related articles" in furniture.related
    assert len(furniture.patterns) >= 10
    assert "youtube" in load_camelcase()


@pytest.mark.parametrize(
    "line",
    [
        "Skip to content",
        "Read also:",
        "Read more",
        "Read more: Floods hit delta villages",
        "Latest",
        "Share this article",
        "Share on Facebook",
        "Share on Twitter",
        "Share on X",
        "We use cookies to improve your experience on our site.",
        "Accept all cookies",
        "Sign up for our newsletter",
        "Sign up to our daily newsletter for the latest headlines",
        "Advertisement",
        "Subscribe",
        "Copyright © 2024 Harbour Gazette Ltd.",
        "© 2025 Example Media",
        "All rights reserved.",
        "Follow us on Twitter",
    ],
)
def test_furniture_lines_are_dropped(line):
    body = "Officials in Hanoi said on Monday that the talks would continue next week."
    cleaned = clean_text(f"{body}\n\n{line}\n\n{body.replace('Monday', 'Tuesday')}")
    assert line not in cleaned.text
    assert cleaned.flags["furniture"] == 1
    assert len(paragraphs(cleaned.text)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Copyright infringement lawsuits were filed against the company in Delaware on Monday.",
        "Share prices in Tokyo fell sharply after the announcement.",
        "Subscribers in Kenya will pay more for mobile data from April, the regulator said.",
        "Latest figures show that exports from Chile rose by four percent.",
        "The minister said the site uses cookies only for security.",
    ],
)
def test_article_sentences_that_look_like_furniture_are_kept(text):
    cleaned = clean_text(text)
    assert cleaned.text == text
    assert "furniture" not in cleaned.flags


def test_byline_is_kept_and_flagged():
    cleaned = clean_text(
        "Ministers meet in Lima\n\nBy Jane Doe\n\nPeru and Bolivia agreed on Monday to open talks."
    )
    assert "By Jane Doe." in paragraphs(cleaned.text)
    assert cleaned.flags["byline"] == 1


@pytest.mark.parametrize(
    ("raw", "dropped", "links"),
    [
        (
            "Body one is here and it is long enough to count.\n\nRelated Articles1. Kim's Top "
            "Aide to Attend Parade2. Troops Take the City by Storm3. Missile Launches: A Threat?"
            "\n\nBody two follows with more text about the talks.",
            ["Top Aide", "by Storm", "Missile Launches"],
            3,
        ),
        (
            "Body one is here and it is long enough to count.\n\nRelated stories\n\nFloods hit "
            "delta villages\n\nDam project delayed again\n\nBody two follows with more text "
            "about the talks, officials said.",
            ["Floods hit", "Dam project"],
            2,
        ),
        (
            "Body one is here and it is long enough to count.\n\nYou may also like: Dam "
            "project delayed again\n\nBody two follows with more text about the talks.",
            ["Dam project"],
            1,
        ),
        (
            "Body one is here and it is long enough to count.\n\nMore on this story\n\n- "
            "Floods hit delta villages\n- Dam project delayed again\n\nBody two follows with "
            "more text about the talks, officials said.",
            ["Floods hit", "Dam project"],
            2,
        ),
    ],
)
def test_related_link_blocks_are_dropped(raw, dropped, links):
    cleaned = clean_text(raw)
    for words in dropped:
        assert words not in cleaned.text
    assert "Related" not in cleaned.text and "may also like" not in cleaned.text
    assert cleaned.flags["related_links"] == links
    assert "Body two follows" in cleaned.text


@pytest.mark.parametrize(
    ("raw", "heading", "body_start"),
    [
        (
            "A Strained Yet Solid AllianceRussia and North Korea have been pushing for a "
            "stronger partnership.",
            "A Strained Yet Solid Alliance.",
            "Russia and North Korea",
        ),
        (
            "The Impact on the RegionChina, traditionally North Korea's patron, feels the "
            "growing closeness as a threat.",
            "The Impact on the Region.",
            "China, traditionally",
        ),
        (
            "A Dance of DistanceDespite the significant emphasis on diplomacy, recent events "
            "hint at reluctance.",
            "A Dance of Distance.",
            "Despite the significant",
        ),
        (
            "McDonald's Big ReviewShares of the company rose three percent on Friday in New York.",
            "McDonald's Big Review.",
            "Shares of the company",
        ),
    ],
)
def test_glued_headings_are_split(raw, heading, body_start):
    cleaned = clean_text(raw)
    first, second = paragraphs(cleaned.text)
    assert first == heading
    assert second.startswith(body_start)
    assert cleaned.flags["glued_headings"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "McDonald announced on Monday that it would close stores in Moscow.",
        "Shares of McDonald rose after the company reported higher sales in China.",
        "The new iPhone went on sale in Beijing on Friday, the company said.",
        "Watch Kim Jong Un on YouTube Tonight as he speaks about the new five-year plan.",
        "Governor DeSantis signed the bill in Tallahassee on Tuesday afternoon.",
        "Her LinkedIn profile lists a post at the foreign ministry in Ankara.",
        "Senator McCain visited troops in Kabul with a delegation of lawmakers.",
        "Sony PlayStation Sales rose in Japan and the United States last quarter.",
        "General MacArthur landed at Incheon in September 1950 with his troops.",
    ],
)
def test_camelcase_names_are_not_split(text):
    cleaned = clean_text(text)
    assert cleaned.text == text
    assert "glued_headings" not in cleaned.flags


def test_glued_list_items_are_split_and_markers_stripped():
    raw = (
        "The Big Picture- The Russian partnership seeks to fortify ties.- Military cooperation "
        "underscores support.- Kim skipped the parade.\n\n  1. First numbered point here.\n"
        "  2. Second numbered point here.\n\n• A bulleted point about trade."
    )
    cleaned = clean_text(raw)
    assert paragraphs(cleaned.text) == [
        "The Big Picture.",
        "The Russian partnership seeks to fortify ties.",
        "Military cooperation underscores support.",
        "Kim skipped the parade.",
        "First numbered point here.",
        "Second numbered point here.",
        "A bulleted point about trade.",
    ]
    assert cleaned.flags["list_items"] == 2
    assert cleaned.flags["list_markers"] == 3


def test_dash_in_prose_is_not_a_list():
    text = "He met the group known as “the committee” – HR McMaster among them – on Monday."
    assert clean_text(text).text == text


@pytest.mark.parametrize("ellipsis", ["...", "…"])
def test_teaser_repeating_the_next_paragraph_is_dropped(ellipsis):
    raw = (
        "Lead paragraph about the summit in Ankara, long enough.\n\n"
        f"The two leaders advocate for a strong and{ellipsis}\n"
        "The two leaders advocate for a strong and unyielding friendship on Thursday."
    )
    cleaned = clean_text(raw)
    assert ellipsis not in cleaned.text
    assert cleaned.flags["teasers"] == 1
    assert "unyielding friendship" in cleaned.text


def test_ellipsis_that_is_not_a_teaser_is_kept():
    raw = "He said the talks were going well...\n\nThe next round is planned for May in Oslo."
    cleaned = clean_text(raw)
    assert "going well..." in cleaned.text
    assert "teasers" not in cleaned.flags


def test_duplicate_paragraphs_and_repeated_headline_are_dropped():
    raw = (
        "Allies in Steel: Xi and Putin vow support\n\nBody text about the meeting in Moscow.\n\n"
        "ALLIES IN STEEL:  Xi and Putin vow support\n\nBody text about the meeting in Moscow."
    )
    cleaned = clean_text(raw)
    assert paragraphs(cleaned.text) == [
        "Allies in Steel: Xi and Putin vow support.",
        "Body text about the meeting in Moscow.",
    ]
    assert cleaned.flags["duplicate_paragraphs"] == 2
    assert cleaned.title == "Allies in Steel: Xi and Putin vow support"


@pytest.mark.parametrize(
    ("raw", "text", "citations"),
    [
        ("Russia backs the plan [1].", "Russia backs the plan.", ["[1]"]),
        ("Measures [1][3]. More [12] here.", "Measures. More here.", ["[1]", "[3]", "[12]"]),
        (
            "Forces from the Free [Syrian] Army moved.",
            "Forces from the Free [Syrian] Army moved.",
            [],
        ),
        ("In [2019] nothing happened.", "In [2019] nothing happened.", []),
    ],
)
def test_citation_markers_are_removed_and_recorded(raw, text, citations):
    cleaned = clean_text(raw)
    assert cleaned.text == text
    assert cleaned.citations == citations
    assert bool(cleaned.flags.get("citations_without_references")) == bool(citations)


def test_citations_with_a_reference_list_are_not_flagged():
    raw = "Russia backs the plan [1].\n\nReferences\n\n[1] Ministry statement, 9 May 2025."
    cleaned = clean_text(raw)
    assert cleaned.citations == ["[1]"]
    assert "citations_without_references" not in cleaned.flags
    assert "Ministry statement" not in cleaned.text


def test_headline_label_is_stripped():
    cleaned = clean_text("Headline: Talks Resume in Geneva\n\nDelegates met on Monday in Geneva.")
    assert paragraphs(cleaned.text)[0] == "Talks Resume in Geneva."
    assert cleaned.title == "Talks Resume in Geneva"
    assert cleaned.flags["labels"] == 1


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        (
            "Allies in Steel: Xi and Putin vow mutual support against the U.S.\n\nBody text.",
            "Allies in Steel: Xi and Putin vow mutual support against the U.S.",
        ),
        ("Why are the talks stalling?\n\nBody text here.", "Why are the talks stalling?"),
        ("This is a sentence, not a headline.\n\nBody text.", ""),
        ("Only one line without a full stop", ""),
    ],
)
def test_title_detection(raw, title):
    assert clean_text(raw).title == title


def test_given_title_becomes_the_first_paragraph_once():
    cleaned = clean_text("Delegates met on Monday in Geneva.", title="Talks resume")
    assert paragraphs(cleaned.text) == ["Talks resume.", "Delegates met on Monday in Geneva."]
    again = clean_text("Body first.\n\nTalks resume\n\nMore body.", title="Talks resume")
    assert paragraphs(again.text) == ["Talks resume.", "Body first.", "More body."]


def test_whitespace_is_normalised_and_quotes_kept():
    raw = "  “Peace,”\u00a0he   said,\u200b ‘now’.  \r\n\r\n\r\n\tNext  paragraph here.  "
    assert clean_text(raw).text == "“Peace,” he said, ‘now’.\n\nNext paragraph here."


def test_hard_wrapped_lines_are_joined():
    raw = (
        "The foreign ministers of Laos and Cambodia signed an agreement on\n"
        "Tuesday to share data on water levels of the Mekong river, officials\n"
        "said.\n"
    )
    assert clean_text(raw).text == " ".join(raw.split())


def test_empty_and_furniture_only_input():
    assert clean_text("").text == ""
    assert clean_text("Skip to content\n\nLatest\n\nShare").text == ""


# ----------------------------------------------------------------------------- real pages


def test_seed_page_is_cleaned(seed_text):
    cleaned = clean_text(seed_text)
    text = cleaned.text
    for furniture in ("Skip to content", "Read also", "Latest", "Headline:"):
        assert furniture not in text
    for related in (
        "Take Russia by Storm",
        "Top Aide to Attend",
        "Potential Threat or Defense Mechanism",
        "Related Articles",
    ):
        assert related not in text
    for glued in ("AllianceRussia", "DistanceDespite", "RegionChina", "Picture-"):
        assert glued not in text
    assert "..." not in text and "…" not in text
    assert not re.search(r"\[\d+\]", text)
    paras = paragraphs(text)
    assert len(paras) == len(set(paras))
    assert paras[0] == "Allies in Steel: Xi and Putin vow mutual support against the U.S."
    assert text.count("Allies in Steel") == 1
    assert cleaned.title == paras[0]
    for heading in (
        "A Strained Yet Solid Alliance.",
        "A Dance of Distance.",
        "The Impact on the Region.",
        "The Big Picture.",
    ):
        assert heading in paras
    assert any(p.startswith("Russia and North Korea have been pushing") for p in paras)
    assert cleaned.citations[:2] == ["[1]", "[3]"]
    assert cleaned.flags["citations_without_references"] == 1
    # the body facts the coder needs are all still there
    for fact in (
        "steel allies",
        "Treaty on Comprehensive Strategic Partnership",
        "Sergey Lavrov",
        "nuclear-powered submarine",
        "artillery drills",
    ):
        assert fact in text


def _guardian_rows(shared) -> list[dict[str, str]]:
    path = shared("data", "news_sample", "guardian_2019_sample.csv")
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_real_articles_keep_their_words(shared):
    rows = _guardian_rows(shared)
    assert len(rows) > 200
    for row in rows:
        words = row["text"].split()
        kept = clean_text(row["text"]).text.split()
        assert len(kept) >= 0.95 * len(words), row["text"][:80]


@pytest.mark.parametrize("index", [0, 10, 50, 100, 200])
def test_real_article_text_is_unchanged_but_for_paragraphs(shared, index):
    row = _guardian_rows(shared)[index]
    cleaned = clean_text(row["text"])
    strip = re.compile(r"[\s.•]+")
    assert strip.sub(" ", cleaned.text).strip() == strip.sub(" ", row["text"]).strip()

"""Near-duplicate detection (comity/ingest/dedup.py)."""

from __future__ import annotations

import re

import pytest

from comity.ingest.dedup import NearDuplicateIndex, shingles, signature

WIRE = """Ministers from Ghana and Togo signed a fisheries agreement in Accra on Monday, ending
two years of disputes over fishing grounds along their shared maritime border.
The agreement allows licensed fishing boats from both countries to work in a joint zone of
about forty nautical miles, officials said after the signing ceremony at the foreign ministry.
Ghana's fisheries minister told reporters that the deal would protect the livelihoods of tens
of thousands of families in coastal towns who depend on the catch for food and income.
Her Togolese counterpart said the two governments would set up a joint patrol to stop
illegal trawlers, many of them foreign, which fishermen blame for falling stocks of sardines
and mackerel in the Gulf of Guinea.
The dispute began in 2022 when Ghanaian naval vessels seized three Togolese canoes and
detained their crews for several weeks, prompting protests in Lome and a diplomatic row.
Talks mediated by the regional economic community resumed last year and made progress after
both sides agreed to share data on catches collected at landing sites.
Under the agreement, each country will issue permits for the joint zone and report the
number of boats and the volume of fish landed every quarter to a joint commission.
The commission will meet twice a year, alternating between Accra and Lome, and can suspend
permits of boats found breaking the rules, according to a copy of the text seen by reporters.
Fishermen's associations in both countries welcomed the deal but said the joint patrol would
need fuel, boats and radios to be effective along a coastline where enforcement has been weak.
Environmental groups urged the governments to go further and ban the use of light fishing,
which they say drains the stocks of small pelagic fish on which the regional diet depends.
The agreement will take effect once both parliaments have ratified it, which officials
expect to happen before the start of the main fishing season in July.
Diplomats said the accord could serve as a model for other neighbours in the region, where
overlapping claims to fishing grounds have long caused friction between coastal states."""

OTHER = """Ghana and Togo have agreed to review their fisheries cooperation after a year in which
catches fell sharply, the two countries' fisheries ministers said in a joint statement.
The ministers met in Lome on Thursday to discuss falling stocks of sardines in the Gulf of
Guinea and the rising cost of fuel for small boats, according to the statement.
Scientists from both countries presented data showing that the average catch per canoe has
dropped by almost a third since the joint zone was created, which they blamed on warmer
water and the continued activity of industrial trawlers.
The ministers asked the regional economic community to fund a study of the stocks and said
they would consider a closed season for the joint zone next year.
Fishermen in the port of Aflao said they had already stopped going out for several weeks
because the cost of fuel was higher than the value of the fish they could bring back.
A group representing fish traders, most of them women, asked the governments for cheap
loans to buy cold storage so that less of the catch would spoil before it reached markets.
Officials said the joint patrol had stopped eleven foreign trawlers since it began operating
but lacked the boats to cover the whole zone at night.
The next meeting of the joint commission is planned for October in Accra."""


def one_line(text: str) -> str:
    return " ".join(text.split())


def variant(text: str) -> str:
    """The same wire story under another headline, with one sentence rewritten."""
    text = one_line(text)
    text = text.replace(
        "Fishermen's associations in both countries welcomed the deal but said",
        "Leaders of fishing communities on both sides praised the accord while warning",
    )
    return "Ghana and Togo end fishing dispute with new pact. " + text


def test_signature_shape_and_stability():
    sig = signature(WIRE)
    assert isinstance(sig, bytes) and len(sig) == 128 * 8
    assert sig == signature(WIRE)
    assert signature(WIRE.upper()) == sig  # case does not matter
    assert signature(WIRE) != signature(OTHER)


def test_same_wire_story_with_new_headline_is_linked():
    index = NearDuplicateIndex()
    assert index.add("original", signature(one_line(WIRE))) is None
    assert index.add("other-story", signature(one_line(OTHER))) is None
    assert index.add("copy", signature(variant(WIRE))) == "original"
    assert len(index) == 3


def test_links_go_to_the_earliest_document():
    index = NearDuplicateIndex()
    index.add("first", signature(WIRE))
    index.add("second", signature(variant(WIRE)))
    assert index.add("third", signature(WIRE + " Reporting by the wire desk.")) == "first"


def test_rebuilding_from_stored_signatures_gives_the_same_links():
    stored = [("a", signature(WIRE)), ("b", signature(OTHER)), ("c", signature(variant(WIRE)))]
    first = NearDuplicateIndex()
    links = [first.add(doc_id, sig) for doc_id, sig in stored]
    second = NearDuplicateIndex()
    assert [second.add(doc_id, sig) for doc_id, sig in stored] == links == [None, None, "a"]
    assert second.add("a", stored[0][1]) is None  # re-adding an id does not link it to itself
    assert len(second) == 3


def test_empty_texts_are_not_duplicates():
    index = NearDuplicateIndex()
    assert index.add("e1", signature("")) is None
    assert index.add("e2", signature("  ")) is None


def test_short_texts():
    assert shingles("Talks in Oslo", 5) == {"talks in oslo"}
    index = NearDuplicateIndex()
    index.add("s1", signature("Talks resume in Oslo"))
    assert index.add("s2", signature("talks resume in Oslo!")) == "s1"
    assert index.add("s3", signature("Talks resume in Lima")) is None


def test_signature_from_other_settings_is_refused():
    from comity.settings import Settings

    small = Settings({"dedup": {"num_perm": 64, "threshold": 0.8, "shingle": 5}})
    sig = signature(WIRE, settings=small)
    assert len(sig) == 64 * 8
    with pytest.raises(ValueError, match="64 values"):
        NearDuplicateIndex().add("x", sig)


def test_real_articles(shared):
    import csv

    path = shared("data", "news_sample", "guardian_2019_sample.csv")
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)][:60]
    index = NearDuplicateIndex()
    links = {i: index.add(str(i), signature(t)) for i, t in enumerate(texts)}
    assert sum(1 for v in links.values() if v) <= 2  # distinct articles stay distinct
    sentences = re.split(r"(?<=\.) ", texts[0])
    sentences[3] = "An entirely different sentence was put here by another editor today."
    copy = "A new headline for the same story. " + " ".join(sentences)
    assert index.add("copy", signature(copy)) == "0"


def test_only_the_most_recent_documents_are_kept():
    from comity.settings import Settings

    # a bounded window keeps memory flat on large corpora; older stories fall out of it
    small = Settings({"dedup": {"num_perm": 64, "threshold": 0.8, "shingle": 5, "window": 3}})
    index = NearDuplicateIndex(settings=small)
    stories = [f"Story {n}: " + " ".join(f"word{n}x{k}" for k in range(60)) for n in range(5)]
    for n, text in enumerate(stories):
        assert index.add(f"d{n}", signature(text, settings=small)) is None
    assert len(index) == 3
    assert index.add("copy-of-d0", signature(stories[0], settings=small)) is None  # out of the window
    assert index.add("copy-of-d4", signature(stories[4], settings=small)) == "d4"

"""Whole-sentence coding cases met while checking provenance corpora: who acts on whom in
coordinated, passive and participle clauses. Each case is a real shape of news sentence."""

from __future__ import annotations

import pytest

import comity


def _coded(sentence: str) -> list[tuple[str, frozenset[str], frozenset[str]]]:
    return [
        (e.event, frozenset(a.code for a in e.source), frozenset(a.code for a in e.target))
        for e in comity.code(sentence, date="2025-03-10")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # allies acting together on a third party are not fighting each other ...
        ("Most of the missiles were intercepted by Israel and the United States.",
         ("FIGHT", {"ISR", "USA"}, set())),
        # ... but two states that clash are
        ("India and Pakistan clashed along the border.", ("FIGHT", {"IND", "PAK"}, {"IND", "PAK"})),
        # unnamed civilians killed by an attacker are not the attacker's own ...
        ("Russian troops attacked Kharkiv, killing 12 civilians.", ("ASSAULT", {"RUS"}, set())),
        # ... unless it happened at home (repression), or the place says whose they are
        ("Syrian forces killed civilians in Aleppo.", ("ASSAULT", {"SYR"}, {"SYR"})),
        ("Russia killed 12 civilians in Kharkiv on Sunday.", ("ASSAULT", {"RUS"}, {"UKR"})),
        ("Russian troops killed Russian civilians by mistake.", ("ASSAULT", {"RUS"}, {"RUS"})),
        # a package of sanctions on Russia targets Russia; the eve of an anniversary of the
        # invasion of Ukraine is a time, not a second target
        ("The European Union imposed a new package of sanctions on Russia on Monday, on the eve of "
         "the fourth anniversary of Russia's full-scale invasion of Ukraine.",
         ("SANCTION", {"IGO"}, {"RUS"})),
        # a wire dateline is not part of the subject: Kyiv and Reuters did not attack Kharkiv
        ("KYIV, March 9 (Reuters) - Russian troops attacked Kharkiv.", ("ASSAULT", {"RUS"}, set())),
        # the participle of a reported act belongs to the act's subject, not the reporter
        ("Russian forces attacked the Ukrainian city of Kharkiv on Sunday, killing 12 civilians, "
         "regional officials said.", ("ASSAULT", {"RUS"}, {"UKR"})),
    ],
)  # fmt: skip
def test_who_acts_on_whom(sentence, expected):
    kind, source, target = expected
    assert (kind, frozenset(source), frozenset(target)) in _coded(sentence)


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        # the reporters of an attack did not kill anyone
        ("Russian forces attacked the Ukrainian city of Kharkiv on Sunday, killing 12 civilians, "
         "regional officials said.", lambda kind, src, tgt: "UKR" in src),
        # the civilians Russian troops killed in Kharkiv were not Russians
        ("Russian troops attacked Kharkiv, killing 12 civilians.",
         lambda kind, src, tgt: kind == "ASSAULT" and "RUS" in tgt),
        # a shelled city did not shell itself: the passive shares its subject as the patient
        ("Kharkiv lies about 30 km from the Russian border and has been shelled repeatedly.",
         lambda kind, src, tgt: "UKR" in src),
        # three juntas acting together do not act on the one whose capital is named first
        ("The juntas in Bamako, Niamey and Ouagadougou have rejected that offer.",
         lambda kind, src, tgt: kind == "REJECT" and bool(tgt & src)),
        # "the leaders" (of ECOWAS) are not Niger urging a group that includes itself
        ("The leaders also urged Niger, Mali and Burkina Faso to reconsider their decision.",
         lambda kind, src, tgt: bool(src & tgt) and src != tgt),
        # a sanctions package that "targets Russian LNG" is no fight
        ("EU adopts 14th sanctions package, targets Russian LNG for first time.",
         lambda kind, src, tgt: kind in ("FIGHT", "ASSAULT")),
    ],
)  # fmt: skip
def test_no_misread_event(sentence, wrong):
    assert not [e for e in _coded(sentence) if wrong(*e)]

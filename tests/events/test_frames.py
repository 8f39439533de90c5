from __future__ import annotations

import pytest

from comity.events.frames import FRAME_KINDS, load_frames


def test_every_frame_kind_has_verbs():
    frames = load_frames()
    assert set(frames.values()) == set(FRAME_KINDS)


@pytest.mark.parametrize(
    ("lemma", "kind"),
    [
        ("agree", "intent"),
        ("vow", "intent"),
        ("pledge", "intent"),
        ("refuse", "refuse"),
        ("threaten", "threaten"),
        ("demand", "demand"),
        ("urge", "demand"),
        ("say", "report"),
        ("announce", "report"),
        ("suggest", "hedge"),
        ("prepare", "prepare"),
    ],
)
def test_frame_of_verb(lemma, kind):
    assert load_frames()[lemma] == kind

"""Complement-taking verbs ("agreed to", "vowed to", "refused to", "said that"), from frames.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources

import yaml

from comity.errors import ComityError, E

FRAME_KINDS = ("intent", "prepare", "refuse", "threaten", "demand", "report", "hedge", "aspect")


@cache
def load_frames() -> Mapping[str, str]:
    """Verb lemma -> frame kind."""
    text = resources.files("comity.events").joinpath("frames.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    out: dict[str, str] = {}
    for kind, lemmas in data.items():
        if kind not in FRAME_KINDS:
            raise ComityError(E.E201, where="frames.yaml", detail=f"unknown frame kind {kind!r}")
        if not isinstance(lemmas, list) or not all(isinstance(x, str) and x.islower() for x in lemmas):
            raise ComityError(
                E.E201, where="frames.yaml", detail=f"{kind}: must be a list of lowercase lemmas"
            )
        for lemma in lemmas:
            if lemma in out:
                raise ComityError(
                    E.E201, where="frames.yaml", detail=f"{lemma!r} is in {out[lemma]} and {kind}"
                )
            out[lemma] = kind
    return out

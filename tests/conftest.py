"""Shared fixtures. `../shared` (gold data, seed page, news sample) is optional: tests that need
it skip with a clear reason when it is absent, so a fresh clone still passes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# CI must not turn on a new random example: the same examples every run there
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the calling test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: ../shared (gold data, seed page, news sample) is absent")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once per session."""
    from comity.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_path("data", "seed", "steel_allies_article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared():
    """``shared("data", "seed", "x.txt")`` -> Path, skipping the test when ../shared is absent."""
    return shared_path

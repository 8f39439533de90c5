"""The shipped decision model is what `make train` makes from the committed corpus."""

from __future__ import annotations

import pytest

from comity.events.decide import MODEL_PATH, NONE, load_model
from comity.model import PloverType

pytestmark = pytest.mark.skipif(not MODEL_PATH.exists(), reason="no decision model shipped")


def test_the_shipped_model_was_trained_on_the_committed_corpus():
    from comity.events.learn import FEATURE_VERSION, corpus_digest

    model = load_model(str(MODEL_PATH))
    assert model.meta["corpus_sha256"] == corpus_digest(), "corpus changed since make train: run it"
    assert model.meta["features"] == FEATURE_VERSION
    assert set(model.classes) == {NONE} | {t.value for t in PloverType if t.value != "CRIME"}
    policy = model.meta["policy"]
    assert 0 < policy["trusted"] <= 1 and model.meta["dev"]["acc_top"] > 0


@pytest.mark.slow
def test_make_train_reproduces_the_shipped_model(shared, tmp_path):
    shared("data", "news_pages", "pages.jsonl")
    from comity.events.learn import train

    shipped = load_model(str(MODEL_PATH))
    rebuilt = train(out=tmp_path / "m.json.gz", log=lambda *_: None)
    assert rebuilt.classes == shipped.classes and rebuilt.meta == shipped.meta
    assert rebuilt.weights.keys() == shipped.weights.keys()
    worst = max(
        abs(a - b) for k, row in shipped.weights.items() for a, b in zip(row, rebuilt.weights[k], strict=True)
    )
    assert worst <= 1e-4

from __future__ import annotations

import pytest

from comity.errors import ComityError, E
from comity.settings import load_settings


def test_defaults_load_and_are_read_only():
    settings = load_settings()
    assert settings.get("store.batch_size") > 0
    assert settings["relations"]["modality_weights"]["asserted"] == 1.0
    with pytest.raises(TypeError):
        settings["store"]["batch_size"] = 3  # type: ignore[index]


def test_user_config_overrides_only_what_it_sets(tmp_path):
    cfg = tmp_path / "my.yaml"
    cfg.write_text("store:\n  batch_size: 7\n", encoding="utf-8")
    settings = load_settings(str(cfg))
    assert settings.get("store.batch_size") == 7
    assert settings.get("store.path") == load_settings().get("store.path")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("store:\n  batch_sise: 7\n", "unknown setting 'store.batch_sise'"),
        ("- a\n- b\n", "top level must be a mapping"),
        ("store: 3\n", "'store' must be a mapping"),
        ("store: [\n", "E203"),
    ],
)
def test_bad_user_config_names_file_and_problem(tmp_path, content, fragment):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text(content, encoding="utf-8")
    with pytest.raises(ComityError) as err:
        load_settings(str(cfg))
    assert str(cfg) in str(err.value)
    assert fragment in str(err.value)


def test_error_messages_are_one_line_with_code_and_place():
    err = ComityError(E.E104, where="corpus.jsonl:17", detail="Expecting value")
    assert str(err) == "E104 corpus.jsonl:17: malformed JSON (Expecting value)"
    assert "\n" not in str(ComityError(E.E102, where="empty.txt"))

"""Bytes to text (comity/ingest/decode.py)."""

from __future__ import annotations

import pytest

from comity.errors import ComityError
from comity.ingest.decode import decode_bytes, decode_html

FRENCH = "Le président a rencontré à Genève le ministre « enfin » – jeudi, à 9 h."
RUSSIAN = "Президент России заявил в четверг, что переговоры продолжатся в Женеве."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (FRENCH, "utf-8"),
        (FRENCH, "cp1252"),
        (FRENCH.replace("–", "-"), "latin-1"),
        (FRENCH, "utf-16"),
        (FRENCH, "utf-16-be"),
        (FRENCH, "utf-32"),
        (FRENCH, "utf-8-sig"),
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "utf-8"),
    ],
)
def test_decode_bytes(text, encoding):
    assert decode_bytes(text.encode(encoding)) == text


def test_utf8_with_a_stray_legacy_byte_later():
    data = ("Plain ASCII start. " * 4000).encode() + "Café".encode("cp1252")
    assert decode_bytes(data).endswith("Café")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E102"),
        (b"  \n\t", "E102"),
        (b"GIF89a\x00\x01\x02", "E103"),
        (bytes(range(1, 9)) * 20, "E103"),
    ],
)
def test_refused(data, code):
    with pytest.raises(ComityError, match=f"^{code} x.bin"):
        decode_bytes(data, where="x.bin")


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (f"<meta charset='windows-1252'><p>{FRENCH}</p>".encode("cp1252"), None),
        (f"<p>{FRENCH}</p>".encode("cp1252"), "ISO-8859-1"),  # browsers read latin-1 as cp1252
        (f"<p>{FRENCH}</p>".encode(), "utf-8"),
        (f"<p>{FRENCH}</p>".encode(), None),
    ],
)
def test_decode_html(data, declared):
    assert FRENCH in decode_html(data, declared=declared)

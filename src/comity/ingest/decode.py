"""Bytes to text: byte-order marks, UTF-8, and a charset-normalizer guess for legacy encodings
(cp1252, latin-1, ...); binary data and empty input are refused with E103/E102."""

from __future__ import annotations

import codecs
import re

from comity.errors import ComityError, E

__all__ = ["decode_bytes", "decode_html", "sniff_encoding"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that do not occur in text (everything below 0x20 but \t \n \f \r, ESC).
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}
_SAMPLE = 65536


def _bom_encoding(head: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when ``sample`` is mostly ASCII text in UTF-16 without a BOM."""
    size = len(sample) - len(sample) % 2
    if size < 8:
        return None
    odd_nuls = sample[1:size:2].count(0)
    even_nuls = sample[0:size:2].count(0)
    half = size // 2
    if odd_nuls >= 0.9 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls >= 0.9 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def _looks_binary(sample: bytes) -> str | None:
    """A reason why ``sample`` (with no BOM) is not text, or None."""
    if b"\x00" in sample:
        return "contains NUL bytes"
    if sample:
        controls = sum(1 for b in sample if b in _CONTROL)
        if controls / len(sample) > 0.05:
            return f"{controls} control bytes in the first {len(sample)}"
    return None


def _valid_utf8_prefix(sample: bytes) -> bool:
    """Whether ``sample`` is UTF-8, allowing a multi-byte character cut off at its end."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def sniff_encoding(head: bytes, *, where: str = "") -> str:
    """The encoding of a stream that starts with ``head`` (its first KB). Raises E102/E103."""
    bom = _bom_encoding(head)
    if bom:
        return bom
    sample = head[:_SAMPLE]
    if not sample.strip():
        raise ComityError(E.E102, where=where)
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return utf16
    reason = _looks_binary(sample)
    if reason:
        raise ComityError(E.E103, where=where, detail=reason)
    if _valid_utf8_prefix(sample):
        return "utf-8"
    return _guess(sample, where=where)


def _guess(data: bytes, *, where: str) -> str:
    """charset-normalizer's best guess; on a tie, cp1252 (the web's usual legacy encoding,
    which WHATWG also uses for pages labelled latin-1)."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ComityError(E.E103, where=where, detail="no text encoding fits")
    best = matches[0]
    for match in matches:
        if match.encoding == "cp1252" and (match.chaos, -match.coherence) <= (
            best.chaos,
            -best.coherence,
        ):
            return "cp1252"
    return best.encoding


def decode_bytes(data: bytes, *, where: str = "") -> str:
    """Decode a whole input. Raises E102 (empty), E103 (binary / no encoding fits)."""
    encoding = sniff_encoding(data[:_SAMPLE], where=where)
    if encoding not in {"utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le", "utf-16-be"}:
        # the sample was not UTF-8; check the whole input for a better guess
        encoding = _guess(data, where=where)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        # UTF-8 at the start but not later on: a legacy encoding after all
        text = data.decode(_guess(data, where=where), errors="replace")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ComityError(E.E102, where=where)
    return text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    # as browsers do (WHATWG): pages labelled latin-1 or ASCII are decoded as cp1252
    return "cp1252" if name in {"iso8859-1", "ascii"} else name


def decode_html(data: bytes, *, where: str = "", declared: str | None = None) -> str:
    """Decode an HTML page: BOM, then the charset declared by HTTP (``declared``), then UTF-8,
    then a ``<meta charset>`` in the first 4 KB, then a guess. Raises E102/E103."""
    if _bom_encoding(data[:4]) is None:
        for encoding in (_known(declared), "utf-8", _known(_meta_charset(data))):
            if encoding:
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    continue
                if "\x00" in text:
                    break
                if not text.strip():
                    raise ComityError(E.E102, where=where)
                return text
    return decode_bytes(data, where=where)


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None

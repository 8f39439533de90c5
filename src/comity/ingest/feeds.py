"""RSS and Atom feeds (feedparser): one document per entry, from its content or summary."""

from __future__ import annotations

import codecs
import io
import re
import warnings
from collections.abc import Iterator
from typing import Any
from xml.sax import SAXParseException

from comity.errors import ComityError, E
from comity.ingest.build import Context, ReadError, Source, domain_of, make_document
from comity.ingest.decode import decode_bytes
from comity.ingest.html import html_to_text
from comity.model import Document

__all__ = ["looks_like_feed", "read_feed"]

_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of an input look like an RSS/Atom document."""
    lowered = head[:4096].lower()
    return any(root in lowered for root in _FEED_ROOTS)


def _line_of(exc: Any) -> str:
    line = getattr(exc, "getLineNumber", None)
    message = str(getattr(exc, "getMessage", lambda: exc)()).splitlines()[0] if exc else ""
    if callable(line):
        return f"line {line()}: {message}".rstrip(": ")
    return message or "unreadable XML"


def _entry_text(entry: Any) -> str:
    contents = [c.get("value", "") for c in entry.get("content") or [] if c.get("value")]
    body = max(contents, key=len) if contents else ""
    summary = entry.get("summary") or entry.get("description") or ""
    return html_to_text(body or summary)


def _entry_date(entry: Any) -> Any:
    with warnings.catch_warnings():
        # feedparser warns when "updated" falls back to "published"; we ask for both anyway
        warnings.simplefilter("ignore", DeprecationWarning)
        return _first_date(entry)


def _first_date(entry: Any) -> Any:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if entry.get(key):
            return entry[key]
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return entry[key]
    return None


_XML_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""")


def _utf8(data: bytes) -> bytes:
    """UTF-16/32 feeds (with a BOM) as UTF-8, their XML declaration made to agree."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)):
        return data
    text = decode_bytes(data).encode("utf-8")
    return _XML_ENCODING.sub(rb'\1"utf-8"', text, count=1)


def read_feed(src: Source, ctx: Context) -> Iterator[Document | ReadError]:
    """Each entry of an RSS/Atom feed as a Document; E101 for XML that is not a feed."""
    import feedparser

    data = _utf8(src.read_all(ctx.max_bytes))
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    problem = parsed.get("bozo_exception")
    if isinstance(problem, SAXParseException):  # not well-formed XML
        raise ComityError(E.E101, where=src.where, detail=_line_of(problem))
    if not parsed.get("version"):
        detail = _line_of(problem) if problem else "no <rss>, <feed> or <rdf:RDF> root"
        raise ComityError(E.E101, where=src.where, detail=detail)
    if not parsed.entries:
        raise ComityError(E.E102, where=src.where)
    feed_link = parsed.feed.get("link") or src.url
    for number, entry in enumerate(parsed.entries, start=1):
        origin = f"{src.where}#{number}"
        text = _entry_text(entry)
        if not text.strip():
            error = ComityError(E.E105, where=origin, detail="(entry has no content or summary)")
            yield ReadError.of(error, origin)
            continue
        link = entry.get("link") or ""
        try:
            yield make_document(
                text,
                ctx=ctx,
                origin=origin,
                title=html_to_text(entry.get("title") or ""),
                url=link,
                date=_entry_date(entry),
                default_source=domain_of(link or feed_link),
                author=str(entry.get("author") or ""),
            )
        except ComityError as exc:
            yield ReadError.of(exc, origin)

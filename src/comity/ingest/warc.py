"""WARC archives (warcio): each HTML ``response`` record goes through the HTML reader."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

from comity.errors import ComityError, E
from comity.ingest.build import Context, ReadError, Source, domain_of, make_document
from comity.ingest.decode import decode_html
from comity.ingest.html import extract_html
from comity.model import Document

__all__ = ["read_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _check_magic(head: bytes, *, where: str) -> None:
    """E108 unless ``head`` starts a WARC record (gzipped or not); warcio alone is lenient."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error as exc:
            raise ComityError(E.E108, where=where, detail=f"bad gzip data: {exc}") from None
    if not head.lstrip(b"\r\n").startswith(b"WARC/"):
        start = head[:20].decode("ascii", errors="replace").split("\n")[0]
        raise ComityError(E.E108, where=where, detail=f"starts with {start!r}, not 'WARC/'")


def read_warc(src: Source, ctx: Context) -> Iterator[Document | ReadError]:
    """HTML responses in a WARC (plain or gzipped); the url is WARC-Target-URI and WARC-Date
    is the date when the page states none. E108 when the input is not a WARC."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with src.open() as raw:
        handle = raw if hasattr(raw, "peek") else io.BufferedReader(raw)  # type: ignore[arg-type]
        _check_magic(handle.peek(4096)[:4096], where=src.where)
        number = 0
        try:
            for record in ArchiveIterator(handle):
                number += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode() or ""
                content_type = record.http_headers.get_header("Content-Type") or ""
                if not status.startswith("2") or not content_type.lower().startswith(_HTML_TYPES):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                origin = f"{src.where}#{number}"
                body = record.content_stream().read(ctx.max_bytes + 1)
                try:
                    if len(body) > ctx.max_bytes:
                        raise ComityError(E.E110, where=origin, detail=f"limit {ctx.max_bytes}")
                    markup = decode_html(body, where=origin, declared=_charset(content_type))
                    page = extract_html(markup, url=url, where=origin)
                    yield make_document(
                        page.text,
                        ctx=ctx,
                        origin=origin,
                        title=page.title,
                        url=url,
                        date=page.date,
                        author=page.author,
                        default_date=record.rec_headers.get_header("WARC-Date"),
                        default_source=domain_of(url),
                    )
                except ComityError as exc:
                    if exc.code is E.E102:  # only page furniture
                        exc = ComityError(E.E107, where=origin)
                    yield ReadError.of(exc, origin)
        except ArchiveLoadFailed as exc:
            detail = str(exc).splitlines()[0] if str(exc) else "unknown record format"
            raise ComityError(E.E108, where=src.where, detail=detail[:200]) from None
        if number == 0:
            raise ComityError(E.E108, where=src.where, detail="no records")

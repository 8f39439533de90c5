"""Reading inputs into cleaned Documents: files, directories, stdin and http(s) URLs.

Readers are registered by file extension in :data:`READERS` (and by sniffed kind in
:data:`KINDS`, for stdin, downloads and files with an unknown extension). Each takes a
:class:`~comity.ingest.build.Source` and a :class:`~comity.ingest.build.Context` and yields
Documents and ReadErrors lazily. :func:`iter_documents` is the entry point.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from comity.errors import ComityError, E
from comity.ingest.build import Context, ReadError, Source, domain_of, make_document
from comity.ingest.dates import date_from_filename, normalize_date
from comity.ingest.decode import decode_bytes, decode_html, sniff_encoding
from comity.ingest.feeds import looks_like_feed, read_feed
from comity.ingest.html import extract_html
from comity.ingest.records import read_csv, read_json, read_jsonl, read_tsv
from comity.ingest.warc import read_warc
from comity.model import Document
from comity.settings import Settings, load_settings

__all__ = ["KINDS", "READERS", "ReadError", "iter_documents", "reader_for", "sniff_kind"]

Result = Document | ReadError
Reader = Callable[[Source, Context], Iterator[Result]]

_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body|article|main|div|p|h1|section)\b", re.IGNORECASE)


def read_text(src: Source, ctx: Context) -> Iterator[Result]:
    """A plain-text (or Markdown) article. A file named ``2025-03-02-...`` or ``20250302_...``
    takes that date unless --date is given."""
    text = decode_bytes(src.read_all(ctx.max_bytes), where=src.where)
    if src.name.lower().endswith(".md"):
        text = _MD_EMPHASIS.sub(r"\2", _MD_HEADING.sub("", text))
    yield make_document(
        text,
        ctx=ctx,
        origin=src.where,
        url=src.url,
        default_date=ctx.date or date_from_filename(src.name),
        default_source=domain_of(src.url) if src.url else "",
    )


def read_html(src: Source, ctx: Context) -> Iterator[Result]:
    """An HTML page: main text, title and date (trafilatura + htmldate)."""
    markup = decode_html(src.read_all(ctx.max_bytes), where=src.where, declared=src.charset)
    page = extract_html(markup, url=src.url, where=src.where)
    try:
        yield make_document(
            page.text,
            ctx=ctx,
            origin=src.where,
            title=page.title,
            url=src.url,
            date=page.date,
            author=page.author,
            default_source=domain_of(src.url) if src.url else "",
        )
    except ComityError as exc:
        if exc.code is E.E102:  # only furniture on the page
            raise ComityError(E.E107, where=src.where) from None
        raise


#: Readers by file extension (lower-case; the longest matching suffix wins).
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".tsv": read_tsv,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".warc": read_warc,
    ".warc.gz": read_warc,
}

#: Readers by sniffed kind, for inputs without a telling name (stdin, downloads).
KINDS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "json": read_json,
    "feed": read_feed,
    "warc": read_warc,
}


def reader_for(name: str) -> Reader | None:
    """The reader registered for a file name's extension, or None."""
    lowered = name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if lowered.endswith(suffix):
            return READERS[suffix]
    return None


def sniff_kind(head: bytes) -> str:
    """Guess what an input is from its first bytes: a key of :data:`KINDS`."""
    if head.startswith((b"\x1f\x8b", b"WARC/")):
        return "warc"
    try:
        encoding = sniff_encoding(head)
    except ComityError:
        return "text"  # the text reader gives the proper E102/E103 message
    sample = head[:8192].decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")
    if sample.startswith("{"):
        return "jsonl"
    if sample.startswith("["):
        return "json"
    if sample.startswith("<"):
        data = sample.encode("utf-8", errors="ignore")
        if looks_like_feed(data):
            return "feed"
        if _HTML_START.search(data[:2048]) or not data.startswith(b"<?xml"):
            return "html"
        return "feed"  # other XML: the feed reader says why it is not a feed (E101)
    return "text"


def _kind_of_content_type(content_type: str) -> str | None:
    if "html" in content_type:
        return "html"
    if any(word in content_type for word in ("rss", "atom", "rdf")):
        return "feed"
    return None


# --------------------------------------------------------------------------- streams


class _Prefixed(io.RawIOBase):
    """A raw stream that yields ``prefix`` and then the rest of ``stream``."""

    def __init__(self, prefix: bytes, stream: IO[bytes] | io.RawIOBase) -> None:
        self._prefix = prefix
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._stream.read(len(buffer)) or b""
        buffer[: len(data)] = data
        return len(data)


class _EncodedText(io.RawIOBase):
    """A raw byte stream (UTF-8) over a text stream such as a replaced ``sys.stdin``."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = self._text.read(8192)
            if not chunk:
                return 0
            self._pending = chunk.encode("utf-8")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


# --------------------------------------------------------------------------- dispatch


def _guarded(where: str, results: Callable[[], Iterator[Result]]) -> Iterator[Result]:
    """Run a reader, turning an error that ends it into one ReadError."""
    try:
        yield from results()
    except ComityError as exc:
        yield ReadError.of(exc, exc.where or where)
    except OSError as exc:
        error = ComityError(E.E100, where=where, detail=exc.strerror or str(exc))
        yield ReadError.of(error, where)
    except Exception as exc:  # a broken page must not stop a corpus run
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        yield ReadError.of(ComityError(E.E100, where=where, detail=detail), where)


def _read_file(path: Path, ctx: Context) -> Iterator[Result]:
    where = str(path)
    if path.stat().st_size == 0:
        raise ComityError(E.E102, where=where)
    reader = reader_for(path.name)
    if reader is None:
        with path.open("rb") as handle:
            reader = KINDS[sniff_kind(handle.read(8192))]
    yield from reader(Source(where=where, path=path), ctx)


#: files that document a folder rather than belong to its corpus (README.md, LICENSE.txt ...)
PROJECT_FILES = ("readme", "license", "licence", "changelog", "contributing", "notice", "authors")


def _walk(root: Path, extensions: tuple[str, ...]) -> Iterator[Path]:
    """Files under ``root`` with one of ``extensions``, sorted; hidden and project files skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            stem = name.lower().split(".")[0]
            if name.startswith(".") or stem in PROJECT_FILES:
                continue
            if name.lower().endswith(extensions):
                yield Path(dirpath, name)


def _read_stdin(ctx: Context) -> Iterator[Result]:
    buffer = getattr(sys.stdin, "buffer", None)
    raw: IO[bytes] | io.RawIOBase = buffer if buffer is not None else _EncodedText(sys.stdin)
    head = raw.read(65536) or b""
    if not head.strip():
        raise ComityError(E.E102, where="-")
    stream = io.BufferedReader(_Prefixed(head, raw))
    yield from KINDS[sniff_kind(head)](Source(where="-", stream=stream), ctx)  # type: ignore[arg-type]


def _read_url(url: str, ctx: Context) -> Iterator[Result]:
    from comity.ingest.fetch import fetch

    fetched = fetch(url, settings=ctx.settings)
    kind = _kind_of_content_type(fetched.content_type) or sniff_kind(fetched.data[:8192])
    src = Source(where=url, data=fetched.data, url=fetched.url, charset=fetched.charset)
    if not fetched.data.strip():
        raise ComityError(E.E102, where=url)
    yield from KINDS[kind](src, ctx)


def _iterate(inputs: Iterable[str], ctx: Context) -> Iterator[Result]:
    extensions = tuple(e.lower() for e in ctx.settings.get("ingest.extensions") or READERS)
    for item in inputs:
        if item == "-":
            yield from _guarded("-", lambda: _read_stdin(ctx))
        elif re.match(r"https?://", item, re.I):
            yield from _guarded(item, lambda item=item: _read_url(item, ctx))
        else:
            path = Path(item)
            if path.is_dir():
                found = False
                for file in _walk(path, extensions):
                    found = True
                    yield from _guarded(str(file), lambda file=file: _read_file(file, ctx))
                if not found:
                    detail = f"no files ending in {', '.join(extensions)}"
                    yield ReadError.of(ComityError(E.E112, where=item, detail=detail), item)
            elif path.exists():
                yield from _guarded(item, lambda path=path: _read_file(path, ctx))
            else:
                yield ReadError.of(ComityError(E.E111, where=item), item)


def iter_documents(
    inputs: Iterable[str],
    *,
    date: str | None = None,
    source: str | None = None,
    columns: Mapping[str, str] | None = None,
    settings: Settings | None = None,
) -> Iterator[Document | ReadError]:
    """Yield cleaned Documents from ``inputs`` lazily, and a ReadError for each bad input or
    record, then go on with the rest.

    ``inputs`` are file paths, directories (read recursively, files with the extensions of
    setting ``ingest.extensions``, sorted, hidden ones skipped), ``-`` for stdin (the format is
    sniffed) and http(s) URLs. ``date`` is the date of documents that carry none of their own;
    ``source`` likewise. ``columns`` maps our record fields (id, text, date, title, url,
    source) to the column names of a JSONL/CSV corpus. Raises E113 for a bad ``date``."""
    settings = settings or load_settings()
    try:
        day = normalize_date(date, strict=True) if date else None
    except ValueError as exc:
        raise ComityError(E.E113, where="--date", detail=f"{date!r} ({exc})") from None
    ctx = Context(settings=settings, date=day, source=source or None, columns=dict(columns or {}))
    return _iterate(inputs, ctx)

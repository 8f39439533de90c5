"""What every reader shares: the input it reads (:class:`Source`), the options it was given
(:class:`Context`), the error record it yields (:class:`ReadError`), and
:func:`make_document`, which cleans raw text into a :class:`~comity.model.Document`."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from comity.errors import ComityError, E
from comity.ingest.clean import clean_text
from comity.ingest.dates import normalize_date
from comity.model import Document, document_id
from comity.settings import Settings

__all__ = ["Context", "ReadError", "Source", "domain_of", "make_document"]


@dataclass(frozen=True, slots=True)
class ReadError:
    """A bad input or record: where it was and one line saying what is wrong (with its code)."""

    origin: str  # file path, "file.jsonl:17", URL, or "-" (stdin)
    message: str  # one line from ComityError, e.g. "E104 corpus.jsonl:17: malformed JSON (...)"

    @classmethod
    def of(cls, exc: ComityError, origin: str) -> ReadError:
        return cls(origin=origin, message=str(exc).splitlines()[0] if str(exc) else repr(exc))


@dataclass(frozen=True, slots=True)
class Context:
    """The options of one :func:`~comity.ingest.readers.iter_documents` call."""

    settings: Settings
    date: str | None = None  # normalised --date
    source: str | None = None  # --source
    columns: Mapping[str, str] = field(default_factory=dict)  # our field -> their column

    @property
    def max_bytes(self) -> int:
        return int(self.settings.get("ingest.max_bytes", 50_000_000))


@dataclass(slots=True)
class Source:
    """One input to read: a file (``path``), bytes already in memory (``data``: a download)
    or an open binary stream (stdin). ``where`` names it in origins and messages."""

    where: str
    path: Path | None = None
    data: bytes | None = None
    stream: IO[bytes] | None = None
    url: str = ""
    charset: str | None = None  # declared by HTTP

    @property
    def name(self) -> str:
        return self.path.name if self.path else ""

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """A binary stream of the content (for readers that stream)."""
        if self.path is not None:
            with self.path.open("rb") as handle:
                yield handle
        elif self.data is not None:
            yield io.BytesIO(self.data)
        elif self.stream is not None:
            yield self.stream
        else:  # pragma: no cover - a Source always has one of the three
            raise ComityError(E.E100, where=self.where, detail="no content")

    def read_all(self, max_bytes: int) -> bytes:
        """The whole content, refusing more than ``max_bytes`` (E110) and nothing (E102)."""
        if self.path is not None:
            size = self.path.stat().st_size
            if size > max_bytes:
                raise ComityError(E.E110, where=self.where, detail=f"{size} bytes, limit {max_bytes}")
            data = self.path.read_bytes()
        elif self.data is not None:
            data = self.data
        else:
            with self.open() as handle:
                data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise ComityError(
                E.E110, where=self.where, detail=f"more than {max_bytes} bytes, limit {max_bytes}"
            )
        if not data.strip():
            raise ComityError(E.E102, where=self.where)
        return data


def domain_of(url: str) -> str:
    """``https://www.example.org/a`` -> ``example.org``."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _date(value: Any, flags: dict[str, Any]) -> str | None:
    try:
        return normalize_date(value)
    except (ValueError, OverflowError):
        flags["bad_date"] = 1
        return None


def make_document(
    raw: str,
    *,
    ctx: Context,
    origin: str,
    title: str = "",
    url: str = "",
    source: str = "",
    date: Any = None,
    default_date: Any = None,
    default_source: str = "",
    doc_id: str | None = None,
    author: str = "",
) -> Document:
    """Clean ``raw`` and build a Document.

    The document's own ``date``/``source`` win; then ``default_date`` (a date the reader found
    outside the text, e.g. in a file name or a WARC header) and the --date option in the order
    the reader passes them; then ``--source`` and ``default_source`` (e.g. the domain). An
    unparseable date sets flag ``bad_date``; a non-empty ``author`` sets ``byline``. Raises E102
    when nothing is left after cleaning."""
    cleaned = clean_text(raw, title=title.strip())
    if not cleaned.text.strip():
        raise ComityError(E.E102, where=origin)
    flags: dict[str, Any] = dict(cleaned.flags)
    if author.strip() and not flags.get("byline"):
        flags["byline"] = 1  # the record or page names its author
    published = _date(date, flags) if date not in (None, "") else None
    if published is None and default_date not in (None, ""):
        published = _date(default_date, flags)
    if published is None:
        published = ctx.date
    return Document(
        id=doc_id or document_id(cleaned.text, url=url, title=cleaned.title),
        text=cleaned.text,
        title=cleaned.title,
        url=url,
        source=(source or ctx.source or default_source or "").strip(),
        published=published,
        origin=origin,
        flags=flags,
        citations=list(cleaned.citations),
    )

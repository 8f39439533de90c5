"""Corpora of records: JSON lines, JSON arrays and CSV/TSV, one document per record, read as
a stream. Fields ``id``, ``text``, ``date``, ``title``, ``url``, ``source`` (column names
configurable). A bad record yields a ReadError naming ``file:line``; the rest is still read."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from comity.errors import ComityError, E
from comity.ingest.build import Context, ReadError, Source, make_document
from comity.ingest.decode import decode_bytes, sniff_encoding
from comity.model import Document

__all__ = ["read_csv", "read_json", "read_jsonl", "read_tsv", "record_document"]

FIELDS = ("id", "text", "date", "title", "url", "source", "author")
Result = Document | ReadError


def _column(ctx: Context, field: str) -> str:
    if field in ctx.columns:
        return ctx.columns[field]
    defaults = ctx.settings.get("ingest.csv_columns") or {}
    return str(defaults.get(field, field))


def _value(record: Mapping[str, Any], column: str) -> str:
    value = record.get(column)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | dict | list):
        return ""
    return str(value).strip()


def record_document(record: Mapping[str, Any], *, ctx: Context, origin: str) -> Document:
    """A Document from one record. Raises E105 when it has no text."""
    text_column = _column(ctx, "text")
    text = record.get(text_column)
    if not isinstance(text, str) or not text.strip():
        raise ComityError(E.E105, where=origin, detail=repr(text_column))
    values = {field: _value(record, _column(ctx, field)) for field in FIELDS if field != "text"}
    return make_document(
        text,
        ctx=ctx,
        origin=origin,
        title=values["title"],
        url=values["url"],
        source=values["source"],
        date=values["date"] or None,
        doc_id=values["id"] or None,
        author=values["author"],
    )


def _lines(handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; a line longer than ``limit`` comes as None, unread."""
    lineno = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line
                rest = handle.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
        else:
            yield lineno, line


def _decode_line(raw: bytes, encoding: str) -> str:
    """One line of a stream whose start was ``encoding``; a stray legacy line reads as cp1252."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode(encoding, errors="replace")


def _json_detail(exc: json.JSONDecodeError) -> str:
    return f"{exc.msg.removesuffix(' at')} at col {exc.colno}"


def _json_record(text: str, ctx: Context, origin: str) -> Result:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return ReadError.of(ComityError(E.E104, where=origin, detail=_json_detail(exc)), origin)
    if not isinstance(record, dict):
        detail = f"expected an object, got {type(record).__name__}"
        return ReadError.of(ComityError(E.E104, where=origin, detail=detail), origin)
    try:
        return record_document(record, ctx=ctx, origin=origin)
    except ComityError as exc:
        return ReadError.of(exc, origin)


def _jsonl_lines(lines: Iterable[tuple[int, str | None]], ctx: Context, where: str) -> Iterator[Result]:
    empty = True
    for lineno, line in lines:
        origin = f"{where}:{lineno}"
        if line is None:
            detail = f"line longer than {ctx.max_bytes} bytes"
            yield ReadError.of(ComityError(E.E110, where=origin, detail=detail), origin)
            continue
        if not line.strip():
            continue
        empty = False
        yield _json_record(line, ctx, origin)
    if empty:
        yield ReadError.of(ComityError(E.E102, where=where), where)


def read_jsonl(src: Source, ctx: Context) -> Iterator[Result]:
    """JSON lines, streamed: one object a line."""
    with src.open() as handle:
        buffered = handle if hasattr(handle, "peek") else io.BufferedReader(handle)  # type: ignore[arg-type]
        encoding = sniff_encoding(buffered.peek(65536)[:65536], where=src.where)
        if encoding.startswith(("utf-16", "utf-32")):
            text = io.TextIOWrapper(buffered, encoding=encoding, errors="replace")
            lines: Iterable[tuple[int, str | None]] = enumerate(text, start=1)
        else:
            lines = (
                (n, None if raw is None else _decode_line(raw, encoding))
                for n, raw in _lines(buffered, ctx.max_bytes)
            )
        if encoding == "utf-8-sig":
            lines = ((n, line.lstrip("\ufeff") if line else line) for n, line in lines)
        yield from _jsonl_lines(lines, ctx, src.where)


def read_json(src: Source, ctx: Context) -> Iterator[Result]:
    """A ``.json`` file: an array of records, one record object, or JSON lines."""
    text = decode_bytes(src.read_all(ctx.max_bytes), where=src.where).lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg != "Extra data":
                where = f"{src.where}:{exc.lineno}"
                error = ComityError(E.E104, where=where, detail=_json_detail(exc))
                yield ReadError.of(error, where)
                return
            # several objects: JSON lines
            yield from _jsonl_lines(enumerate(text.splitlines(), start=1), ctx, src.where)
            return
        yield _json_record(json.dumps(value), ctx, src.where)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{src.where}:{exc.lineno}"
        yield ReadError.of(ComityError(E.E104, where=where, detail=_json_detail(exc)), where)
        return
    if not isinstance(value, list):
        detail = f"expected an array of records, got {type(value).__name__}"
        yield ReadError.of(ComityError(E.E104, where=src.where, detail=detail), src.where)
        return
    for number, record in enumerate(value, start=1):
        origin = f"{src.where}#{number}"
        if not isinstance(record, dict):
            detail = f"record {number} is a {type(record).__name__}, not an object"
            yield ReadError.of(ComityError(E.E104, where=origin, detail=detail), origin)
            continue
        try:
            yield record_document(record, ctx=ctx, origin=origin)
        except ComityError as exc:
            yield ReadError.of(exc, origin)


def _raise_field_limit(limit: int) -> None:
    # csv refuses fields over 128 KB by default; long articles are longer than that
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def read_csv(src: Source, ctx: Context, *, delimiter: str = ",") -> Iterator[Result]:
    """CSV with a header row, streamed. Bad rows give E106 naming the line."""
    _raise_field_limit(ctx.max_bytes)
    with src.open() as handle:
        buffered = handle if hasattr(handle, "peek") else io.BufferedReader(handle)  # type: ignore[arg-type]
        encoding = sniff_encoding(buffered.peek(65536)[:65536], where=src.where)
        text = io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="")
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise ComityError(E.E102, where=src.where) from None
        except csv.Error as exc:
            raise ComityError(E.E106, where=f"{src.where}:1", detail=str(exc)) from None
        header = [h.strip().lstrip("\ufeff") for h in header]
        text_column = _column(ctx, "text")
        if text_column not in header:
            detail = f"no {text_column!r} column in header {', '.join(map(repr, header))}"
            raise ComityError(E.E106, where=f"{src.where}:1", detail=detail)
        seen_row = False
        while True:
            start = reader.line_num + 1
            origin = f"{src.where}:{start}"
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield ReadError.of(ComityError(E.E106, where=origin, detail=str(exc)), origin)
                continue
            if not row or not any(cell.strip() for cell in row):
                continue
            seen_row = True
            if len(row) != len(header):
                detail = f"{len(row)} fields, header has {len(header)}"
                yield ReadError.of(ComityError(E.E106, where=origin, detail=detail), origin)
                continue
            try:
                yield record_document(dict(zip(header, row, strict=True)), ctx=ctx, origin=origin)
            except ComityError as exc:
                yield ReadError.of(exc, origin)
        if not seen_row:
            raise ComityError(E.E102, where=src.where)


def read_tsv(src: Source, ctx: Context) -> Iterator[Result]:
    """Tab-separated values with a header row."""
    return read_csv(src, ctx, delimiter="\t")

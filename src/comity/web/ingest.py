"""POST /api/documents: read documents from a request body, code them and store them the way
``comity ingest`` does (:func:`comity.runner.ingest_documents`: near-duplicate links, coding, one
transaction, quality and clusters), so a document posted here is stored exactly as if ingested.

Guards, in order: writes must be on (a token configured; else 404), the bearer token must match
(401 without one, 403 with a wrong one, compared in constant time), the raw body must stay under
``web.body_limit`` bytes (413, counted while reading, before any parsing), the content type must be
JSON, text/plain or text/html (415), and the body must hold documents (400 for malformed JSON, 422
for a wrong shape). Idempotent: a document already stored (same content id) is skipped, ``new: false``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from comity.errors import ComityError, E
from comity.model import Document
from comity.web.params import ApiError, bad
from comity.web.state import WebState

router = APIRouter(tags=["documents"])

TEXT_KEYS = frozenset({"text", "title", "url", "source", "published", "date", "id", "author"})
HTML_KEYS = frozenset({"html", "url", "source", "published", "date", "id"})
RAW_PARAMS = {
    "text/plain": frozenset({"published", "source"}),
    "text/html": frozenset({"published", "source", "url"}),
}
ORIGIN = "POST /api/documents"


@dataclass(slots=True)
class Item:
    """One document to read: raw text or HTML and what the request says about it."""

    kind: str  # "text" or "html"
    body: str | bytes
    title: str = ""
    url: str = ""
    source: str | None = None
    published: str | None = None
    doc_id: str | None = None
    author: str = ""  # a byline (comity.provenance counts a document without one)


# --------------------------------------------------------------------------- guards


def check_token(web: WebState, header: str | None) -> None:
    if not web.writes:
        detail = "start comity serve with a token (COMITY_TOKEN, --token-env or --token) to accept documents"
        raise ApiError(404, E.E805, ORIGIN, detail)
    if not header:
        raise ApiError(401, E.E806, ORIGIN, "send Authorization: Bearer <token>")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, E.E806, ORIGIN, "send Authorization: Bearer <token>")
    if not web.token_matches(given.strip()):
        raise ApiError(403, E.E806, ORIGIN, "wrong token")


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, E.E807, ORIGIN, "bad Content-Length")
        if int(declared) > limit:
            raise ApiError(413, E.E803, ORIGIN, f"{declared} bytes, limit {limit}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, E.E803, ORIGIN, f"more than {limit} bytes, limit {limit}")
        chunks.append(chunk)
    return b"".join(chunks)


# --------------------------------------------------------------------------- parsing


def _string(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad(f"{where}.{key}", f"must be a string, got {type(value).__name__}")
    return value


def _item(record: Any, where: str) -> Item:
    if not isinstance(record, dict):
        raise bad(where, f"a document is a JSON object, got {type(record).__name__}")
    kinds = [k for k in ("text", "html") if k in record]
    if len(kinds) != 1:
        raise bad(where, 'give exactly one of "text" or "html"')
    kind = kinds[0]
    unknown = sorted(set(record) - (TEXT_KEYS if kind == "text" else HTML_KEYS))
    if unknown:
        hint = " (an HTML page's title is taken from the page)" if unknown == ["title"] else ""
        raise bad(
            f"{where}.{unknown[0]}", f"unknown key{hint}; keys: {', '.join(sorted(TEXT_KEYS | HTML_KEYS))}"
        )
    body = _string(record, kind, where)
    if not body or not body.strip():
        raise bad(f"{where}.{kind}", "empty")
    if "published" in record and "date" in record:
        raise bad(where, 'give "published" or "date", not both')
    return Item(
        kind=kind,
        body=body,
        title=_string(record, "title", where) or "",
        url=_string(record, "url", where) or "",
        source=_string(record, "source", where),
        published=_string(record, "published", where) or _string(record, "date", where),
        doc_id=_string(record, "id", where),
        author=_string(record, "author", where) or "",
    )


def parse_body(body: bytes, content_type: str, query: dict[str, str], max_documents: int) -> list[Item]:
    """The documents of a request body (JSON object or list, text/plain, text/html)."""
    media = content_type.split(";", maxsplit=1)[0].strip().lower()
    if not body.strip():
        raise ApiError(400, E.E807, ORIGIN, "empty body")
    if media in RAW_PARAMS:
        unknown = sorted(set(query) - RAW_PARAMS[media])
        if unknown:
            raise bad(
                unknown[0], f"unknown parameter for {media}; takes: {', '.join(sorted(RAW_PARAMS[media]))}"
            )
        kind = "text" if media == "text/plain" else "html"
        return [Item(kind=kind, body=body, url=query.get("url", ""), source=query.get("source"),
                     published=query.get("published"))]  # fmt: skip
    if media != "application/json":
        raise ApiError(
            415, E.E804, ORIGIN, f"{media or 'none'}: use application/json, text/plain or text/html"
        )
    if query:
        raise bad(sorted(query)[0], "unknown parameter: a JSON body carries its own fields")
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(400, E.E807, ORIGIN, f"malformed JSON: {exc}") from None
    records = value if isinstance(value, list) else [value]
    if not records:
        raise bad("body", "an empty list")
    if len(records) > max_documents:
        raise bad("body", f"{len(records)} documents, at most {max_documents} per request")
    return [
        _item(record, f"body[{n}]" if isinstance(value, list) else "body") for n, record in enumerate(records)
    ]


# --------------------------------------------------------------------------- reading and storing


def _document(item: Item, index: int) -> Document:
    """Clean one item into a Document with the readers ``comity ingest`` uses."""
    from comity.ingest.build import Context, Source
    from comity.ingest.dates import normalize_date
    from comity.ingest.readers import read_html, read_text
    from comity.ingest.records import record_document
    from comity.settings import load_settings

    try:
        day = normalize_date(item.published, strict=True) if item.published else None
    except ValueError:
        raise ComityError(E.E113, where="published", detail=f"{item.published!r}: use YYYY-MM-DD") from None
    settings = load_settings()
    origin = f"{ORIGIN}#{index}"
    if item.kind == "text" and isinstance(item.body, str):
        ctx = Context(settings=settings)
        record = {"text": item.body, "title": item.title, "url": item.url, "source": item.source or "",
                  "date": day or "", "id": item.doc_id or "", "author": item.author}  # fmt: skip
        return record_document(record, ctx=ctx, origin=origin)
    ctx = Context(settings=settings, date=day, source=item.source or None)
    data = item.body.encode("utf-8") if isinstance(item.body, str) else item.body
    reader = read_html if item.kind == "html" else read_text
    (document,) = list(reader(Source(where=origin, data=data, url=item.url), ctx))
    if not isinstance(document, Document):  # pragma: no cover - these readers raise instead
        raise ComityError(E.E100, where=origin, detail=document.message)
    if item.doc_id:
        document.id = item.doc_id
    return document


def ingest_items(web: WebState, items: list[Item]) -> dict[str, Any]:
    """Read, code and store the items; ``{"documents": [...], "errors": [...]}``."""
    from comity.runner import ingest_documents, near_duplicate_index
    from comity.web.queries import event_counts

    documents: list[Document] = []
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        try:
            documents.append(_document(item, index))
        except ComityError as exc:
            errors.append({"index": index, "detail": str(exc)})
        except Exception as exc:  # a page the HTML extractor chokes on fails alone, as in ingest
            error = ComityError(
                E.E100, where=f"{ORIGIN}#{index}", detail=f"{type(exc).__name__}: {exc}"[:200]
            )
            errors.append({"index": index, "detail": str(error)})
    if not documents:
        detail = "; ".join(e["detail"] for e in errors) or "no documents"
        raise ApiError(422, E.E807, ORIGIN, detail)
    store = web.store
    with web.ingest_lock:
        if web.near_duplicates is None:
            web.near_duplicates = near_duplicate_index(store)
        _report, fresh = ingest_documents(
            store, documents, index=web.near_duplicates, write_guard=web.clusters_lock.write()
        )
        with web.reader() as view:
            counts = event_counts(view.con, [d.id for d in documents])
            links = dict(
                view.con.execute(
                    "SELECT id, duplicate_of FROM documents WHERE list_contains($ids, id)",
                    {"ids": [d.id for d in documents]},
                ).fetchall()
            )
    seen: set[str] = set()
    out = []
    for document in documents:
        new = document.id in fresh and document.id not in seen
        events = counts.get(document.id, 0)
        out.append({"id": document.id, "new": new, "events": events, "duplicate_of": links.get(document.id)})
        seen.add(document.id)
    return {"documents": out, "errors": errors}


@router.post("/api/documents", status_code=201, summary="Add documents (needs the write token)")
async def post_documents(request: Request) -> JSONResponse:
    """Ingest, code and store documents: a JSON object ``{"text": ..., "title"?, "url"?,
    "source"?, "published"?}`` or ``{"html": ..., "url"?}``, a list of them, or a raw
    text/plain or text/html body. Requires ``Authorization: Bearer <token>``."""
    web: WebState = request.app.state.web
    check_token(web, request.headers.get("authorization"))
    body = await read_body(request, web.body_limit)
    items = parse_body(
        body, request.headers.get("content-type", ""), dict(request.query_params), web.max_documents
    )
    result = await run_in_threadpool(ingest_items, web, items)
    return JSONResponse(result, status_code=201)

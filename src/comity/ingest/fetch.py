"""Downloading one http(s) URL with httpx, with the timeout and size cap from settings."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from comity.errors import ComityError, E
from comity.settings import Settings

__all__ = ["Fetched", "fetch"]

USER_AGENT = "comity (political event coder; +local)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded body and what the server said about it."""

    url: str  # after redirects
    content_type: str  # media type, lower-case, without parameters
    charset: str | None
    data: bytes


def fetch(url: str, *, settings: Settings, client: httpx.Client | None = None) -> Fetched:
    """GET ``url``. Raises E109 for network/HTTP errors and E110 past ``ingest.http_max_bytes``.

    ``client`` lets callers (and tests, with ``httpx.MockTransport``) supply their own."""
    limit = int(settings.get("ingest.http_max_bytes", 10_000_000))
    timeout = float(settings.get("ingest.http_timeout", 20))
    own = client is None
    client = client or httpx.Client(
        timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    )
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                detail = f"HTTP {response.status_code} {response.reason_phrase}".strip()
                raise ComityError(E.E109, where=url, detail=detail)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise ComityError(E.E110, where=url, detail=f"{declared} bytes, limit {limit}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise ComityError(E.E110, where=url, detail=f"more than {limit} bytes")
                chunks.append(chunk)
            media = response.headers.get("Content-Type", "").split(";")[0]
            return Fetched(
                url=str(response.url),
                content_type=media.strip().lower(),
                charset=response.charset_encoding,
                data=b"".join(chunks),
            )
    except httpx.HTTPError as exc:
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0].rstrip(": ")
        raise ComityError(E.E109, where=url, detail=detail) from None
    finally:
        if own:
            client.close()

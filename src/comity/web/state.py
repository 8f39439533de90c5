"""What the web app holds while it runs: one open Store, its locks and the server options.

DuckDB lets one process write a file, so the server opens the store once, writable. Reads run
on a cursor per request (``store.con.cursor()``: a DuckDB connection is not thread-safe, a
cursor is a connection of its own to the same database). Writes (POST /api/documents) are
serialised, and the relation queries — which expect every stored event to be clustered — wait
while a write stores events and clusters them (a readers-writer lock), so they never see events
whose clusters are not written yet.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from comity.errors import ComityError, E

if TYPE_CHECKING:
    from comity.store import Store

#: a write token shorter than this is refused: it would be guessable
MIN_TOKEN_LENGTH = 16

#: Host header names always served (a DNS-rebinding page names its own host and is refused)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


class RWLock:
    """Many readers or one writer; a waiting writer holds new readers back (no starvation)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


@dataclass(slots=True)
class ReadView:
    """What the relation functions need of a Store (``con``, ``path``, ``read_only``), over one
    cursor. Read-only, so a relation query can never start writing clusters from a request."""

    con: Any
    path: str
    version: int
    read_only: bool = True


@dataclass(slots=True)
class WebState:
    """The open store and the server's options, shared by every request."""

    store: Store
    token: str | None = None
    body_limit: int = 5_000_000
    max_documents: int = 100
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)  # one POST at a time
    clusters_lock: RWLock = field(default_factory=RWLock)  # relation reads vs. storing a batch
    near_duplicates: Any = None  # the ingest near-duplicate index, built on the first POST
    cursor_lock: threading.Lock = field(default_factory=threading.Lock)  # the parent's cursor list

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < MIN_TOKEN_LENGTH:
            detail = f"the write token must have at least {MIN_TOKEN_LENGTH} characters"
            raise ComityError(E.E808, where="token", detail=detail)

    @property
    def writes(self) -> bool:
        return bool(self.token)

    def token_matches(self, given: str) -> bool:
        """Constant-time comparison with the configured token."""
        if not self.token:
            return False
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    @contextmanager
    def reader(self, *, relations: bool = False) -> Iterator[ReadView]:
        """A read view on a fresh cursor, closed afterwards; ``relations=True`` also waits for
        a batch being stored and clustered to finish."""
        with self.cursor_lock:
            cursor = self.store.con.cursor()
        try:
            view = ReadView(con=cursor, path=self.store.path, version=self.store.version)
            if relations:
                with self.clusters_lock.read():
                    yield view
            else:
                yield view
        finally:
            with self.cursor_lock:
                cursor.close()

"""Run ``comity serve`` in a child process on a free loopback port and wait until it answers:
for tests, benchmarks and scripts that need a real server (``with served(db) as server: ...``)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from comity.errors import ComityError, E


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(slots=True)
class Server:
    process: subprocess.Popen
    url: str  # http://127.0.0.1:PORT
    seconds: float  # from start until /healthz answered
    log: Path | None = None

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate the server (kill it when it does not stop within ``timeout``)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def tail(self, chars: int = 3000) -> str:
        """The end of the server's log, for error messages."""
        if self.log is None or not self.log.exists():
            return ""
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]


def start(
    db: str | os.PathLike,
    *,
    port: int | None = None,
    log: Path | None = None,
    timeout: float = 60.0,
    args: Sequence[str] = (),
    token: str | None = None,
) -> Server:
    """Start ``comity serve --db DB`` on 127.0.0.1 (writes on only with ``token``, passed through
    the environment) and wait until ``/healthz`` answers 200. Raises E808 with the end of the
    server's log when it exits or does not answer within ``timeout`` seconds."""
    import httpx

    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if k != "COMITY_TOKEN"}
    if token:
        env["COMITY_TOKEN"] = token
    command = [sys.executable, "-m", "comity", "serve", "--db", os.fspath(db), "--host", "127.0.0.1",
               "--port", str(port), *args]  # fmt: skip
    out = log.open("wb") if log is not None else subprocess.DEVNULL
    try:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    finally:
        if log is not None:
            out.close()
    server = Server(process, f"http://127.0.0.1:{port}", 0.0, log)
    t0 = time.perf_counter()
    while True:
        if process.poll() is not None:
            detail = f"comity serve exited with {process.returncode}: {server.tail()}"
            raise ComityError(E.E808, where=f"127.0.0.1:{port}", detail=detail)
        try:
            if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                server.seconds = time.perf_counter() - t0
                return server
        except httpx.TransportError:
            pass
        if time.perf_counter() - t0 > timeout:
            server.stop()
            detail = f"no answer on /healthz within {timeout:.0f} s: {server.tail()}"
            raise ComityError(E.E808, where=f"127.0.0.1:{port}", detail=detail)
        time.sleep(0.2)


@contextmanager
def served(db: str | os.PathLike, **options) -> Iterator[Server]:
    """:func:`start` as a context manager: the server stops when the block ends."""
    server = start(db, **options)
    try:
        yield server
    finally:
        server.stop()

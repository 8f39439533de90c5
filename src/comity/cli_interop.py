"""CLI commands for interop (registered on the main app by comity.cli)."""

from __future__ import annotations

from comity.cli import app  # noqa: F401 - commands below register on it

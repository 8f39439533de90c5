"""DuckDB storage for documents and events. The only package that imports duckdb."""

from __future__ import annotations

from comity.store.store import EVENT_COLUMNS, BatchResult, Store, event_from_row

__all__ = ["EVENT_COLUMNS", "BatchResult", "Store", "event_from_row"]

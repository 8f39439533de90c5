"""DuckDB storage for documents and events. The only package that imports duckdb."""

from __future__ import annotations

from comity.store.store import BatchResult, Store

__all__ = ["BatchResult", "Store"]

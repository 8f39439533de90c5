"""Ingestion: inputs -> cleaned Documents (readers), cleaning rules (clean), near-duplicate
detection (dedup)."""

from comity.ingest.build import ReadError
from comity.ingest.clean import Cleaned, clean_text
from comity.ingest.dedup import NearDuplicateIndex, signature
from comity.ingest.readers import READERS, iter_documents

__all__ = [
    "READERS",
    "Cleaned",
    "NearDuplicateIndex",
    "ReadError",
    "clean_text",
    "iter_documents",
    "signature",
]

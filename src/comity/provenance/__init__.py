"""Provenance: how far to trust an event — the quality of the documents that state it, who
published them, how many independent publishers report it, and which high-impact events still
need checking.

- :mod:`~comity.provenance.quality` — document quality flags and a 0..1 score, with each flag's
  contribution (:func:`assess`, :func:`update_quality`, :func:`ensure_quality`);
- :mod:`~comity.provenance.publishers` — what a publisher is (the unit of independence);
- :mod:`~comity.provenance.sources` — per-publisher figures (:func:`sources`) and each event's
  corroboration (:func:`event_provenance`);
- :mod:`~comity.provenance.claims` — the verification queue (:func:`claims`).

Corroboration itself lives on event clusters (``comity.relations.clusters``): a cluster knows how
many independent publishers report its event.
"""

from __future__ import annotations

from comity.provenance.claims import claims
from comity.provenance.quality import Quality, assess, ensure_quality, stored_quality, update_quality
from comity.provenance.sources import event_provenance, sources

__all__ = [
    "Quality",
    "assess",
    "claims",
    "ensure_quality",
    "event_provenance",
    "sources",
    "stored_quality",
    "update_quality",
]

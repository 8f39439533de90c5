"""Who published a document: the publisher is the unit of independence in corroboration.

A document's publisher is its ``source`` field (a corpus column, ``--source``, or the feed's or
page's domain as the readers set it), else the domain of its URL. A document with neither has no
known publisher: it stands for itself, so two such documents count as two sources (shown as
``(unknown)`` in listings). A near-duplicate copy counts as the publisher of its original, and a
story that credits a news agency ("KYIV (Reuters) -", ``comity.provenance.wires``) counts as the
agency's, so syndicated, recycled and rewritten wire copies add no corroboration.
"""

from __future__ import annotations

#: placeholder shown for documents without a known publisher
UNKNOWN = "(unknown)"


def publisher_sql(alias: str = "d") -> str:
    """SQL for the publisher of the documents row ``alias`` (NULL when unknown)."""
    return (
        f"coalesce(nullif(trim({alias}.source), ''), "
        f"nullif(regexp_extract(lower({alias}.url), '^[a-z][a-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', 1), ''))"
    )

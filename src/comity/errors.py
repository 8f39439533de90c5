"""One catalogue of error messages with codes, so messages are consistent and greppable.

Usage: ``raise ComityError(E.E101, where="feed.xml", detail="line 3")`` renders as
``E101 feed.xml: not a valid RSS/Atom document (line 3)``.
"""

from __future__ import annotations

from enum import StrEnum


class E(StrEnum):
    # 1xx: reading input
    E100 = "cannot read: {detail}"
    E101 = "not a valid RSS/Atom document ({detail})"
    E102 = "empty input"
    E103 = "binary data, not text ({detail})"
    E104 = "malformed JSON ({detail})"
    E105 = "record has no text field {detail}"
    E106 = "malformed CSV ({detail})"
    E107 = "malformed HTML: no main text found"
    E108 = "not a WARC file ({detail})"
    E109 = "download failed ({detail})"
    E110 = "input too large ({detail})"
    E111 = "no such file or directory"
    E112 = "unsupported input type ({detail})"
    E113 = "invalid date {detail}"
    E114 = "unknown output format {detail}: use jsonl, tsv or table"
    E120 = "unknown export format {detail}"
    E121 = "malformed event row ({detail})"
    # 2xx: dictionaries, codebooks, config
    E201 = "invalid data file: {detail}"
    E202 = "invalid user actor file: {detail}"
    E203 = "invalid configuration: {detail}"
    # 3xx: store
    E301 = "store error: {detail}"
    E302 = "store schema is newer than this comity ({detail})"
    # 4xx: NLP
    E401 = "no spaCy English pipeline installed ({detail})"
    # 5xx: evaluation
    E501 = "not a PLOVER gold file ({detail})"
    # 6xx: scale-out (comity.distributed)
    E601 = "Dask cluster error: {detail}"
    E602 = "unreadable shard ({detail})"
    # 7xx: relations
    E701 = "cannot write the figure ({detail})"
    E702 = "invalid relations option {detail}"
    # 8xx: HTTP API (comity.web)
    E801 = "invalid request parameter ({detail})"
    E802 = "not found ({detail})"
    E803 = "request body too large ({detail})"
    E804 = "unsupported content type ({detail})"
    E805 = "writes are off ({detail})"
    E806 = "not authorised ({detail})"
    E807 = "invalid request body ({detail})"
    E808 = "invalid server option ({detail})"


class ComityError(Exception):
    """An error a user can act on: one line, with a code, the file and the problem."""

    def __init__(self, code: E, *, where: str = "", detail: str = "") -> None:
        self.code = code
        self.where = where
        self.detail = detail
        message = code.value.format(detail=detail).replace(" ()", "").replace("  ", " ").strip()
        prefix = f"{code.name} {where}: " if where else f"{code.name} "
        super().__init__(prefix + message)

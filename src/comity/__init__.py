"""comity: open, local-first, explainable political event data.

The public API is small: ``code`` turns text into events, ``resolve_actor`` resolves one actor
mention; ``Document``, ``Event`` and ``Actor`` are the data types they use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from comity.model import Actor, Document, Event

__all__ = ["Actor", "Document", "Event", "__version__", "code", "resolve_actor"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from comity.actors.resolve import resolve_actor
    from comity.pipeline import code


def __getattr__(name: str) -> Any:
    # heavy parts (spaCy) load only when first used, so `import comity` stays instant
    if name == "code":
        from comity.pipeline import code

        return code
    if name == "resolve_actor":
        from comity.actors.resolve import resolve_actor

        return resolve_actor
    raise AttributeError(f"module 'comity' has no attribute {name!r}")

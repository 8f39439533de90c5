"""Near-duplicate documents (the same wire story under another headline): MinHash signatures
over word shingles and an LSH index (datasketch), with parameters from settings ``dedup.*``.

Signatures are plain bytes (the MinHash values as little-endian uint64), so the store can keep
them and rebuild the index on the next run by calling :meth:`NearDuplicateIndex.add` for its
documents in their original order."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from comity.settings import Settings, load_settings

if TYPE_CHECKING:
    import numpy as np

__all__ = ["NearDuplicateIndex", "shingles", "signature"]

_WORD = re.compile(r"\w+")
_SEED = 1  # fixed, so signatures are comparable across runs
# datasketch >= 2 has several permutation schemes; affine64 keeps 64-bit values. Signatures
# from different schemes (or datasketch 1.x, which had only "legacy") are not comparable.
SCHEME = "affine64"


def _new_minhash(num_perm: int, hashvalues: np.ndarray | None = None) -> Any:
    """A datasketch MinHash with our seed and scheme (numpy and datasketch load lazily)."""
    from datasketch import MinHash

    try:
        return MinHash(num_perm=num_perm, seed=_SEED, hashvalues=hashvalues, scheme=SCHEME)
    except TypeError:  # datasketch 1.x: no schemes
        return MinHash(num_perm=num_perm, seed=_SEED, hashvalues=hashvalues)


def _params(settings: Settings | None) -> tuple[int, float, int]:
    settings = settings or load_settings()
    return (
        int(settings.get("dedup.num_perm", 128)),
        float(settings.get("dedup.threshold", 0.8)),
        int(settings.get("dedup.shingle", 5)),
    )


def shingles(text: str, size: int) -> set[str]:
    """Lower-cased word ``size``-grams of ``text`` (the whole text when it is shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str, *, settings: Settings | None = None) -> bytes:
    """The MinHash signature of ``text``: ``dedup.num_perm`` uint64 values as bytes."""
    num_perm, _, size = _params(settings)
    minhash = _new_minhash(num_perm)
    grams = shingles(text, size)
    if grams:
        minhash.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return minhash.hashvalues.astype("<u8").tobytes()


class NearDuplicateIndex:
    """Documents indexed by signature; :meth:`add` tells which earlier one a new one repeats."""

    def __init__(self, *, settings: Settings | None = None) -> None:
        from datasketch import MinHashLSH

        self._num_perm, self._threshold, _ = _params(settings)
        # LSH finds candidates probabilistically; a lower band threshold makes it very likely to
        # propose every true near-duplicate, and the estimated similarity below decides
        self._lsh = MinHashLSH(threshold=max(0.3, self._threshold - 0.2), num_perm=self._num_perm)
        self._order: dict[str, int] = {}
        self._values: dict[str, np.ndarray] = {}
        # only the most recent documents are compared against, so memory stays flat however
        # large the corpus grows: syndicated copies of a story appear within days of it
        settings = settings or load_settings()
        self.window = int(settings.get("dedup.window", 20000))
        self._added = 0
        self._empty = _new_minhash(self._num_perm).hashvalues  # the signature of no text

    def _minhash(self, sig: bytes) -> Any:
        import numpy as np

        values = np.frombuffer(sig, dtype="<u8").astype(np.uint64)
        if len(values) != self._num_perm:
            raise ValueError(
                f"signature has {len(values)} values, the index uses {self._num_perm} "
                "(dedup.num_perm changed since it was computed?)"
            )
        return _new_minhash(self._num_perm, values)

    def add(self, doc_id: str, sig: bytes) -> str | None:
        """Index ``doc_id`` and return the id of the earliest indexed document whose estimated
        Jaccard similarity reaches ``dedup.threshold`` (None if there is none). Adding an id
        again returns what it returned the first time, without indexing it twice."""
        import numpy as np

        minhash = self._minhash(sig)
        if np.array_equal(minhash.hashvalues, self._empty):
            return None  # an empty text duplicates nothing
        best: str | None = None
        for candidate in self._lsh.query(minhash):
            if candidate == doc_id:
                continue
            if doc_id in self._order and self._order[candidate] > self._order[doc_id]:
                continue
            similarity = float(np.mean(self._values[candidate] == minhash.hashvalues))
            if similarity >= self._threshold and (best is None or self._order[candidate] < self._order[best]):
                best = candidate
        if doc_id not in self._order:
            self._lsh.insert(doc_id, minhash)
            self._order[doc_id] = self._added
            self._added += 1
            self._values[doc_id] = minhash.hashvalues
            while len(self._order) > self.window:
                oldest = next(iter(self._order))  # dicts keep insertion order
                self._lsh.remove(oldest)
                del self._order[oldest]
                del self._values[oldest]
        return best

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._order

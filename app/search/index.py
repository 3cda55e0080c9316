"""A small BM25 index over weighted fields ("channels"), in memory.

Why not a database full-text index: SQLite FTS5 and PostgreSQL tsvector have no Chinese
segmentation, and the whole knowledge base (a few thousand short documents) fits in memory.
Each channel (a field × a token kind, e.g. title words, body bigrams, alias pinyin) is scored with
BM25 and the channels are added with their weights (a simple BM25F).

Why impacts in arrays: a query's cost is the length of the posting lists it walks. With the KB grown
50× a common bigram has thousands of postings, and a Python loop over them cost ~40 ms a question.
So ``finalize`` precomputes each posting's BM25 term factor (its "impact": tf·(k1+1)/(tf+k1·norm))
into NumPy arrays, and ``score`` adds ``weight·idf·impact`` per token into one dense accumulator in
C. The result is exact (the same BM25F, not a pruned approximation) and a :class:`Scores` object
reads like the ``{doc: score}`` dict it replaces, with ``top(k)`` for the ranked few.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np


@dataclass
class _Channel:
    weight: float
    k1: float = 1.2
    b: float = 0.75
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    lengths: list[int] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    avgdl: float = 1.0
    #: token → (document indices, BM25 impacts), filled by ``finalize``
    arrays: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


class Scores(Mapping[int, float]):
    """BM25 scores of the documents a query touched: a read-only ``{doc index: score}`` mapping.

    Backed by a dense array over all documents plus the mask of touched ones, so ranking
    (``top``), the maximum and a weighted sum of two queries (``plus``) stay in NumPy; iterating
    yields the touched documents in index order."""

    __slots__ = ("_acc", "_hit", "_ids")

    def __init__(self, acc: np.ndarray, hit: np.ndarray):
        self._acc = acc
        self._hit = hit
        self._ids: np.ndarray | None = None

    @classmethod
    def empty(cls, size: int) -> Scores:
        return cls(np.zeros(size), np.zeros(size, dtype=bool))

    def ids(self) -> np.ndarray:
        if self._ids is None:
            self._ids = np.flatnonzero(self._hit)
        return self._ids

    def __getitem__(self, doc: int) -> float:
        if 0 <= doc < len(self._hit) and self._hit[doc]:
            return float(self._acc[doc])
        raise KeyError(doc)

    def get(self, doc: int, default: float | None = None) -> float | None:  # type: ignore[override]
        return float(self._acc[doc]) if 0 <= doc < len(self._hit) and self._hit[doc] else default

    def __contains__(self, doc: object) -> bool:
        return isinstance(doc, (int, np.integer)) and 0 <= int(doc) < len(self._hit) and bool(self._hit[int(doc)])

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids().tolist())

    def __len__(self) -> int:
        return int(self.ids().size)

    def __bool__(self) -> bool:
        return bool(self._hit.any())

    def max(self) -> float:
        ids = self.ids()
        return float(self._acc[ids].max()) if ids.size else 0.0

    def values_array(self) -> np.ndarray:
        """Scores of the touched documents, in the order of ``ids()``."""
        return self._acc[self.ids()]

    def top(self, k: int) -> list[int]:
        """The ``k`` best documents, best first (ties: lower index first)."""
        ids = self.ids()
        if ids.size == 0:
            return []
        vals = self._acc[ids]
        if ids.size > k:
            part = np.argpartition(-vals, k - 1)[:k]
            ids, vals = ids[part], vals[part]
        order = np.lexsort((ids, -vals))
        return ids[order].tolist()

    def plus(self, other: Scores, factor: float) -> Scores:
        """These scores plus ``factor`` × another query's (documents touched by either)."""
        return Scores(self._acc + factor * other._acc, self._hit | other._hit)


class BM25Index:
    """Documents are added as {channel: tokens}; ``score`` returns a :class:`Scores` mapping."""

    def __init__(self, weights: Mapping[str, float], k1: float = 1.2, b: float = 0.75):
        self.channels = {name: _Channel(weight=w, k1=k1, b=b) for name, w in weights.items()}
        self.size = 0

    def add(self, tokens_by_channel: Mapping[str, Iterable[str]]) -> int:
        idx = self.size
        self.size += 1
        for name, ch in self.channels.items():
            counts = Counter(tokens_by_channel.get(name, ()))
            ch.lengths.append(sum(counts.values()))
            for tok, tf in counts.items():
                ch.postings[tok].append((idx, tf))
        return idx

    def finalize(self) -> None:
        """Compute IDF, average lengths and the impact arrays once all documents are in."""
        n = max(self.size, 1)
        for ch in self.channels.values():
            ch.avgdl = (sum(ch.lengths) / n) or 1.0
            ch.idf = {
                tok: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for tok, p in ch.postings.items()
            }
            ch.postings = dict(ch.postings)
            lengths = np.asarray(ch.lengths, dtype=np.float64)
            norm = ch.k1 * (1 - ch.b + ch.b * lengths / ch.avgdl)
            ch.arrays = {}
            for tok, plist in ch.postings.items():
                docs = np.fromiter((d for d, _ in plist), dtype=np.int64, count=len(plist))
                tf = np.fromiter((t for _, t in plist), dtype=np.float64, count=len(plist))
                ch.arrays[tok] = (docs, tf * (ch.k1 + 1) / (tf + norm[docs]))

    def score(self, query_by_channel: Mapping[str, Iterable[str]]) -> Scores:
        acc = np.zeros(self.size)
        hit = np.zeros(self.size, dtype=bool)
        for name, toks in query_by_channel.items():
            ch = self.channels.get(name)
            if ch is None:
                continue
            for tok, qtf in Counter(toks).items():
                arr = ch.arrays.get(tok)
                if arr is None:
                    continue
                docs, impact = arr
                # Repeated words in a long post count, but with diminishing returns.
                w = ch.weight * ch.idf[tok] * (1.0 + math.log(qtf))
                acc[docs] += w * impact  # a token's postings hold each document once
                hit[docs] = True
        return Scores(acc, hit)

    def idf(self, channel: str, token: str) -> float:
        return self.channels[channel].idf.get(token, 0.0)

"""In-memory retriever: (key, term bag) pairs -> inverted index scored by summed term weight × idf."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping


class MemoryRetriever:
    """A plain dict-of-lists inverted index; fast enough for tens of thousands of documents.

    Scores a key by the sum, over shared terms, of the query term's weight times its idf. Written by
    hand rather than with bm25s because it must accept incremental adds (a crawl's pages arrive one by
    one during a scan) and index pre-weighted term bags.
    """

    def __init__(self) -> None:
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def add(self, items: Iterable[tuple[int, Mapping[str, float]]]) -> None:
        for key, bag in items:
            for term in bag:
                self._postings[term].append(key)
            self._n += 1

    def document_frequency(self, terms: Iterable[str]) -> dict[str, int]:
        return {t: len(self._postings.get(t, ())) for t in terms}

    def search(self, query: Mapping[str, float], k: int) -> list[tuple[int, float]]:
        if not self._n:
            return []
        scores: dict[int, float] = defaultdict(float)
        for term, w in query.items():
            keys = self._postings.get(term)
            if not keys:
                continue
            idf = math.log(1.0 + self._n / len(keys))
            for key in keys:
                scores[key] += w * idf
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return best[:k]

"""Candidates for a non-English copy: exact dot product over lead vectors, union lexical (digits, Latin names).

``CrossIndex`` holds one retrieval vector per archived original (the normalised mean of its first
``LEAD`` sentence vectors) in one float32 matrix: an exact ``M @ q`` over 100k originals is ~40 MB and
~10 ms, fine below ~1M; beyond that, an approximate index over the same vectors (IVF-PQ/HNSW, e.g.
FAISS) would return the top 200 for the exact re-rank.

Numbers and Latin-script names survive translation; they are a useful boost but a bad hard filter
(a Japanese copy writes most names in katakana), so they only add candidates, never remove any.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

import numpy as np

from ..archive.store import Archive
from ..text.fingerprint import terms
from .vectors import VectorStore, doc_vector, side_path

DENSE_K = 6  # top originals by vector kept for the alignment re-rank
LEXICAL_K = 3  # top originals by shared numbers and Latin-script names added to them
_LATIN_NAME = re.compile(r"(?<![\w])[A-Z][A-Za-z\-]{2,}|\d+(?:[.,]\d+)*")
_LATIN_WORD = re.compile(r"(?<![\w])[A-Za-z][A-Za-z\-]{2,}|\d+(?:[.,]\d+)*")


class CrossIndex:
    """Retrieval vectors of an archive's originals (built once per archive and process).

    Args:
        archive: the archive of originals.
        store: where sentence vectors are kept (default: the archive's side file ``<archive>.vectors``).
    """

    def __init__(self, archive: Archive, store: VectorStore | None = None) -> None:
        self.archive = archive
        self.store = store or VectorStore(side_path(archive.path), readonly=archive.readonly)
        docs = list(archive.documents())
        self.ids = [d.id for d in docs]
        self.row = {d.id: i for i, d in enumerate(docs)}
        self.matrix = self.store.lead_matrix(self.ids, lambda i: docs[self.row[i]].sentences)
        self.size = len(archive)

    def dense(self, query: np.ndarray, k: int, exclude: frozenset[str] = frozenset()) -> list[tuple[str, float]]:
        """Top ``k`` originals by cosine of retrieval vectors (exact)."""
        if not len(self.ids):
            return []
        scores = self.matrix @ query
        top = np.argsort(-scores)[: k + len(exclude)]
        return [(self.ids[i], float(scores[i])) for i in top if self.ids[i] not in exclude][:k]


def lexical_query(sentences: Sequence[str], latin_script: bool) -> dict[str, float]:
    """Weighted terms of a foreign copy that can be found in English: numbers and Latin-script names.

    In Latin-script languages only capitalised words (names) are kept; in other scripts every Latin word.
    """
    pattern = _LATIN_NAME if latin_script else _LATIN_WORD
    found = " ".join(m for s in sentences for m in pattern.findall(s))
    return terms(found) if found else {}


def lexical(archive: Archive, sentences: Sequence[str], latin_script: bool, k: int,
            exclude: frozenset[str] = frozenset(), max_terms: int = 40) -> list[str]:
    """Ids of the top ``k`` originals sharing the copy's numbers and Latin-script names (bm25)."""
    query = lexical_query(sentences, latin_script)
    if not query or len(archive) == 0:
        return []
    df = archive.document_frequency(query)
    limit = max(5.0, 0.03 * len(archive))
    usable = sorted(((t, w) for t, w in query.items() if 0 < df.get(t, 0) <= limit), key=lambda tw: (-tw[1], tw[0]))
    if not usable:
        return []
    out = []
    for key, _ in archive.search(dict(usable[:max_terms]), k + len(exclude)):
        doc_id = archive.stored(key).document.id
        if doc_id not in exclude:
            out.append(doc_id)
    return out[:k]


_indexes: dict[tuple[int, int], CrossIndex] = {}
_lock = threading.Lock()


def index_for(archive: Archive, store: VectorStore | None = None) -> CrossIndex:
    """The process-wide CrossIndex of an archive (rebuilt when the archive grew)."""
    key = (id(archive), len(archive))
    with _lock:
        hit = _indexes.get(key)
        if hit is None or (store is not None and hit.store is not store):
            _indexes.clear()  # one archive per process is the norm; keep memory bounded
            hit = _indexes[key] = CrossIndex(archive, store)
        return hit


def query_vector(copy_vectors: np.ndarray) -> np.ndarray:
    """The copy's retrieval vector (same recipe as the originals')."""
    return doc_vector(copy_vectors)

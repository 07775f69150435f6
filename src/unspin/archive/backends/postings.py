"""Term-postings retriever: (key, term bag) pairs -> candidates ranked by FTS5's bm25, scored in numpy.

Same file, same ranking, less CPU than the FTS5 backend (issue 14): FTS5 scores every row matching any
of a copy's ~32 query terms inside SQLite's VM (42 ms CPU a query at 100k originals); here a query
reads each term's key array as one BLOB and sums FTS5's own bm25 terms with ``np.bincount``.

Layout, in the archive's SQLite file and in the caller's transaction (``Archive.add`` writes the
documents and their postings together, so a rolled-back batch leaves neither):

- ``postings(term, segment, keys)``: one row per term per ``add`` call (a *segment*), ``keys`` the
  sorted keys of the documents holding the term (``encode_keys``: uint16 gaps when they fit, else int32). ``optimize`` merges each term's rows into one; an add
  also merges a term's rows once it has more than ``MAX_SEGMENTS`` (a query reads every row of a term).
- ``posting_batches(segment, keys, lengths)``: the keys each add call indexed and their lengths (distinct
  terms), for bm25's length normalisation; merged by ``optimize`` too.
- ``term_df``: document frequencies, shared with the FTS5 backend (``sqlite.add_term_counts``).

No term frequencies are stored: a bag is a mapping, so a document holds a term once, which is also what
FTS5 sees (it indexes the bag's terms joined by spaces), so tf is 1 everywhere. Every term is stored,
common ones included, and the common ones are simply never read (``match.find.query_terms`` drops
terms with df above ``Settings.max_query_df`` of the archive before searching). Not storing them
would be unsafe: the cut moves as the archive grows (a term over 3 % of the first batch can be under it at
100k) and with the setting, and dropped postings cannot come back without re-reading every original.
"""

from __future__ import annotations

import math
import sqlite3
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .sqlite import TERM_DF_SCHEMA, add_term_counts, read_document_frequency

SCHEMA = """
CREATE TABLE IF NOT EXISTS postings (
    term TEXT NOT NULL, segment INTEGER NOT NULL, keys BLOB NOT NULL,  -- encode_keys(sorted keys)
    PRIMARY KEY (term, segment)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS posting_batches (
    segment INTEGER PRIMARY KEY, keys BLOB NOT NULL, lengths BLOB NOT NULL  -- int32 each, same order
);
""" + TERM_DF_SCHEMA

# FTS5's bm25() constants and formula (SQLite ext/fts5/fts5_aux.c, fts5Bm25Function), so that the
# ranking is the FTS5 backend's: idf = log((N - n + 0.5) / (n + 0.5)), 1e-6 when not positive.
K1, B = 1.2, 0.75
# A term's rows are merged once it has more than this many segments: a query reads every row of its
# terms, and with 2,000-document batches an unoptimized 550k archive would give common terms 275 rows.
MAX_SEGMENTS = 16
_KEY = np.dtype("<i4")
_GAPS_FROM = 64  # keys in a list before it is stored as gaps (encode_keys)


@dataclass(frozen=True, slots=True)
class _Lengths:
    """What bm25 needs of the whole collection: document count and each key's length factor."""

    documents: int
    tf_factor: np.ndarray  # by key: (k1 + 1) / (1 + k1 * (1 - b + b * length / average length)); tf = 1


class PostingsRetriever:
    """Retriever over term postings stored as numpy BLOBs in an open SQLite connection.

    Examples:
        >>> r = PostingsRetriever()
        >>> r.add([(1, {"hegset": 1.0, "tokyo": 1.0}), (2, {"tokyo": 1.0, "paris": 1.0}), (3, {"paris": 1.0})])
        >>> [key for key, _ in r.search({"hegset": 1.0, "tokyo": 1.0}, 2)]
        [1, 2]
        >>> r.document_frequency(["tokyo", "nowhere"])
        {'tokyo': 2, 'nowhere': 0}
    """

    def __init__(self, connection: sqlite3.Connection | None = None, *, readonly: bool = False) -> None:
        self.con = connection if connection is not None else sqlite3.connect(":memory:")
        if not readonly:  # a read-only connection uses the tables the file has (CREATE would fail)
            self.con.executescript(SCHEMA)
        self._lengths: _Lengths | None = None
        self._lengths_at: tuple[int, int] = (-1, -1)

    def add(self, items: Iterable[tuple[int, Mapping[str, float]]]) -> None:
        items = list(items)
        if not items:
            return
        keys = np.array([key for key, _ in items], dtype=np.int64)
        if keys.min() < 0 or keys.max() >= 2**31:
            raise ValueError("postings keys must fit in int32")
        lengths = np.array([len(bag) for _, bag in items], dtype=_KEY)
        segment = self.con.execute(
            "INSERT INTO posting_batches(keys, lengths) VALUES (?, ?)", (keys.astype(_KEY).tobytes(), lengths.tobytes())
        ).lastrowid
        by_term: dict[str, list[int]] = defaultdict(list)
        for key, bag in items:
            for term in bag:
                by_term[term].append(key)
        # most terms are in a few of the batch's documents: their key lists are encoded without numpy
        # (a numpy array, sort and encoding per term were ~a tenth of the indexing process's CPU)
        self.con.executemany(
            "INSERT INTO postings(term, segment, keys) VALUES (?, ?, ?)",
            ((term, segment, encode_key_list(ks)) for term, ks in by_term.items()),
        )
        add_term_counts(self.con, ((term, len(ks)) for term, ks in by_term.items()))
        self._merge(self._crowded(list(by_term)))

    def optimize(self) -> None:
        """Merge every term's segments, and the batches' lengths, into one row each (after a bulk load)."""
        self._merge([t for (t,) in self.con.execute("SELECT term FROM postings GROUP BY term HAVING count(*) > 1")])
        rows = self.con.execute("SELECT segment, keys, lengths FROM posting_batches ORDER BY segment").fetchall()
        if len(rows) > 1:
            # the merged row keeps the newest segment number, so later batches still number above every row
            self.con.execute("DELETE FROM posting_batches")
            self.con.execute(
                "INSERT INTO posting_batches(segment, keys, lengths) VALUES (?, ?, ?)",
                (rows[-1][0], b"".join(r[1] for r in rows), b"".join(r[2] for r in rows)),
            )

    def document_frequency(self, terms: Iterable[str]) -> dict[str, int]:
        return read_document_frequency(self.con, terms)

    def search(self, query: Mapping[str, float], k: int) -> list[tuple[int, float]]:
        if not query or k <= 0:
            return []
        terms = list(query)
        found: dict[str, list[np.ndarray]] = defaultdict(list)
        # The postings and the lengths are read in one snapshot: another connection's add committed between
        # the two reads gave keys the lengths did not know (a term in more documents than the count: math
        # domain error; a key past the length table: IndexError). The postings are read first, so that
        # ``_collection`` compares ``data_version`` inside the snapshot they were read from.
        own = not self.con.in_transaction
        if own:
            self.con.execute("BEGIN")
        try:
            for start in range(0, len(terms), 500):  # stay under SQLite's bound-parameter limit
                chunk = terms[start : start + 500]
                rows = self.con.execute(f"SELECT term, keys FROM postings WHERE term IN ({','.join('?' * len(chunk))})", chunk)
                for term, blob in rows:
                    found[term].append(decode_keys(blob))
            lengths = self._collection()
        finally:
            if own:
                self.con.execute("COMMIT")
        keys, weights = [], []
        n = lengths.documents
        for term in dict.fromkeys(terms):  # in query order, so each key's sum adds up as FTS5's does
            if not (parts := found.get(term)):
                continue
            hits = parts[0] if len(parts) == 1 else np.concatenate(parts)
            idf = math.log((n - len(hits) + 0.5) / (len(hits) + 0.5))
            keys.append(hits)
            weights.append((idf if idf > 0.0 else 1e-6) * lengths.tf_factor[hits])
        if not keys:
            return []
        scores = np.bincount(np.concatenate(keys), weights=np.concatenate(weights), minlength=len(lengths.tf_factor))
        return _top(scores, k)

    # -- internals --------------------------------------------------------------------------------
    def _crowded(self, terms: list[str]) -> list[str]:
        """Which of ``terms`` have more than MAX_SEGMENTS rows."""
        out: list[str] = []
        for start in range(0, len(terms), 500):
            chunk = terms[start : start + 500]
            out.extend(t for (t,) in self.con.execute(
                f"SELECT term FROM postings WHERE term IN ({','.join('?' * len(chunk))}) GROUP BY term HAVING count(*) > ?",
                [*chunk, MAX_SEGMENTS]))
        return out

    def _merge(self, terms: list[str]) -> None:
        """Rewrite each term's rows as one (keys in order), numbered with its newest segment."""
        for start in range(0, len(terms), 500):
            chunk = terms[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.con.execute(f"SELECT term, segment, keys FROM postings WHERE term IN ({marks})", chunk).fetchall()
            parts: dict[str, list[np.ndarray]] = defaultdict(list)
            newest: dict[str, int] = {}
            for term, segment, blob in rows:
                parts[term].append(decode_keys(blob))
                newest[term] = max(segment, newest.get(term, segment))
            self.con.execute(f"DELETE FROM postings WHERE term IN ({marks})", chunk)
            self.con.executemany(
                "INSERT INTO postings(term, segment, keys) VALUES (?, ?, ?)",
                ((t, newest[t], encode_keys(np.sort(np.concatenate(p)))) for t, p in parts.items()),
            )

    def _collection(self) -> _Lengths:
        """Document count and length factors, re-read only when the file changed (another connection's
        commit moves ``data_version``, this connection's own writes move ``total_changes``)."""
        at = (self.con.execute("PRAGMA data_version").fetchone()[0], self.con.total_changes)
        if self._lengths is None or at != self._lengths_at:
            keys, lengths = [], []
            for k, n in self.con.execute("SELECT keys, lengths FROM posting_batches"):
                keys.append(np.frombuffer(k, dtype=_KEY))
                lengths.append(np.frombuffer(n, dtype=_KEY))
            key = np.concatenate(keys) if keys else np.zeros(0, dtype=_KEY)
            length = np.concatenate(lengths).astype(np.float64) if lengths else np.zeros(0)
            factor = np.zeros(int(key.max()) + 1 if len(key) else 0)
            if len(key):
                average = length.sum() / len(key)
                # the operations in FTS5's order and association, so that scores agree to the last bit
                factor[key] = (1.0 * (K1 + 1.0)) / (1.0 + K1 * (1 - B + B * length / average))
            self._lengths, self._lengths_at = _Lengths(len(key), factor), at
        return self._lengths


def encode_keys(keys: np.ndarray) -> bytes:
    """Sorted int32 keys as bytes: ``b"g"``, the first key (int32) and uint16 gaps for a list of at least
    ``_GAPS_FROM`` keys whose gaps all fit (the long lists, which hold nearly all the bytes: at 100k
    originals a term in 1 % of them has gaps of ~100), else ``b"k"`` and the int32 keys (short lists: no
    cumsum when read, and a query's rarest terms are short).

    Examples:
        >>> [len(encode_keys(np.arange(0, n * 100, 100, dtype="<i4"))) for n in (3, 64)]
        [13, 131]
        >>> decode_keys(encode_keys(np.arange(0, 6400, 100, dtype="<i4")))[-3:].tolist()
        [6100, 6200, 6300]
    """
    if len(keys) >= _GAPS_FROM:
        gaps = np.diff(keys)
        if gaps.max() < 2**16:
            return b"g" + keys[:1].astype(_KEY).tobytes() + gaps.astype("<u2").tobytes()
    return b"k" + keys.astype(_KEY).tobytes()


_NATIVE_INT32 = array("i").itemsize == 4 and sys.byteorder == "little"


def encode_key_list(keys: list[int]) -> bytes:
    """``encode_keys`` of a Python list of keys (sorted here), the short ones without numpy.

    Examples:
        >>> all(encode_key_list(k) == encode_keys(np.array(sorted(k), dtype="<i4")) for k in ([3, 1, 2], list(range(0, 9000, 90))))
        True
    """
    if len(keys) < _GAPS_FROM and _NATIVE_INT32:
        return b"k" + array("i", sorted(keys)).tobytes()
    return encode_keys(np.sort(np.array(keys, dtype=_KEY)))


def decode_keys(blob: bytes) -> np.ndarray:
    """The int32 keys ``encode_keys`` wrote."""
    if blob[:1] == b"k":
        return np.frombuffer(blob, dtype=_KEY, offset=1)
    gaps = np.frombuffer(blob, dtype="<u2", offset=5)
    keys = np.empty(len(gaps) + 1, dtype=_KEY)
    keys[0] = int.from_bytes(blob[1:5], "little", signed=True)
    keys[1:] = gaps
    return np.cumsum(keys, out=keys)


def _top(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` highest positive scores as (key, score), best first, ties by key (deterministic)."""
    if len(scores) > k:
        cut = scores[np.argpartition(-scores, k - 1)[:k]].min()
        keys = np.flatnonzero(scores >= max(cut, np.nextafter(0.0, 1.0)))
    else:
        keys = np.flatnonzero(scores > 0.0)
    keys = keys[np.lexsort((keys, -scores[keys]))][:k]
    return [(int(key), float(scores[key])) for key in keys]

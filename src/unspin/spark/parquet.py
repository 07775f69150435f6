"""An archive as a partitioned Parquet dataset, and the per-page archive view executors check against.

``export(archive.db, out)`` writes three datasets (streamed from SQLite with pyarrow, bounded memory):

- ``originals/``  key, id, url, title, published, image, source, text, sentences, terms, nterms, grp,
  similarity (``grp``: the carrier group, null for an original without carriers)
- ``postings/``   term, key, nterms, partitioned by ``bucket`` = crc32(term) mod 64: the inverted index
  as rows, so candidate generation is a join on the page's rare terms
- ``df/``         term, df; and ``meta.json``: originals count, mean terms per original (bm25's avgdl)

``ArchiveView`` is what ``check`` and ``scan_one`` see on an executor: the archive's size, the document
frequencies of the page's terms, the candidates the distributed join found (ranked exactly as the
local FTS5 index ranks them: FTS5's bm25 with term frequency 1, since a document is a set of terms),
and the candidates' documents and carriers. So the executors run the library's own functions, and the
results equal the local engine's.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from unspin.archive.store import Archive, StoredOriginal
from unspin.archive.layout import bags_of
from unspin.records import Document

BUCKETS = 64
K1, B = 1.2, 0.75  # FTS5's bm25() constants (fts5_aux.c)


def _schemas():  # noqa: ANN202 - explicit types: a part whose urls are all null must not become an int column
    import pyarrow as pa

    text, ints, strs = pa.string(), pa.int64(), pa.list_(pa.string())
    originals = pa.schema([("key", ints), ("id", text), ("url", text), ("title", text), ("published", text), ("image", text),
                           ("source", text), ("text", text), ("sentences", strs), ("terms", strs), ("nterms", ints),
                           ("grp", ints), ("similarity", pa.float64())])
    postings = pa.schema([("term", text), ("key", ints), ("nterms", ints)])
    return originals, postings, pa.schema([("term", text), ("df", ints)])


def bucket(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) % BUCKETS


def export(archive_path: str | Path, out: str | Path, *, batch: int = 5000) -> dict[str, Any]:
    """Write the archive at ``archive_path`` as Parquet datasets under ``out``; returns meta (count, avgdl)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out)
    schemas = _schemas()
    (out / "originals").mkdir(parents=True, exist_ok=True)
    df: dict[str, int] = {}
    n = total_terms = part = 0
    with Archive(archive_path, readonly=True) as arc:
        groups = arc.carrier_groups()
        docs = arc.documents()  # key order, like keys()
        last = 0
        while True:
            keys = arc.keys(last, batch)
            if not keys:
                break
            last = keys[-1]
            cols: dict[str, list] = {c: [] for c in ("key", "id", "url", "title", "published", "image", "source", "text",
                                                     "sentences", "terms", "nterms", "grp", "similarity")}
            post: dict[int, tuple[list, list, list]] = {}
            term_sets = arc.terms_of(keys)
            for key in keys:
                d, terms = next(docs), sorted(term_sets[key])
                for c, v in (("key", key), ("id", d.id), ("url", d.url), ("title", d.title), ("published", d.published),
                             ("image", d.image), ("source", d.source), ("text", d.text), ("sentences", list(d.sentences)),
                             ("terms", terms), ("nterms", len(terms)), ("grp", groups.get(key, (None,))[0]),
                             ("similarity", groups.get(key, (None, None))[1])):
                    cols[c].append(v)
                for t in terms:
                    df[t] = df.get(t, 0) + 1
                    p = post.setdefault(bucket(t), ([], [], []))
                    p[0].append(t)
                    p[1].append(key)
                    p[2].append(len(terms))
                n += 1
                total_terms += len(terms)
            pq.write_table(pa.table(cols, schema=schemas[0]), out / "originals" / f"part-{part:05d}.parquet")
            for b, (ts, ks, ns) in post.items():
                d = out / "postings" / f"bucket={b}"
                d.mkdir(parents=True, exist_ok=True)
                pq.write_table(pa.table({"term": ts, "key": ks, "nterms": ns}, schema=schemas[1]), d / f"part-{part:05d}.parquet")
            part += 1
    (out / "df").mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"term": list(df), "df": list(df.values())}, schema=schemas[2]), out / "df" / "part-00000.parquet")
    meta = {"originals": n, "avgdl": total_terms / max(1, n), "buckets": BUCKETS}
    (out / "meta.json").write_text(json.dumps(meta))
    return meta


def bm25_rank(query: Mapping[str, int], postings: Iterable[tuple[str, int, int]], n: int, avgdl: float, k: int) -> list[tuple[int, float]]:
    """FTS5's ``ORDER BY bm25 LIMIT k`` for an OR query of distinct terms over term-set documents.

    Args:
        query: term -> document frequency, in query order (FTS5 sums the phrases in that order).
        postings: (term, key, terms in that document) for every query term's documents.
        n: documents in the index; avgdl: mean terms per document.
        k: how many to return.
    """
    idf = {}
    for t, df in query.items():
        v = math.log((n - df + 0.5) / (df + 0.5))
        idf[t] = v if v > 0.0 else 1e-6
    order = {t: i for i, t in enumerate(query)}
    hits: dict[int, list[tuple[int, str]]] = {}
    length: dict[int, int] = {}
    for t, key, nterms in postings:
        if t in order:
            hits.setdefault(key, []).append((order[t], t))
            length[key] = nterms
    scored = []
    for key, ts in hits.items():
        norm = K1 * (1.0 - B + B * length[key] / avgdl)
        score = 0.0
        for _, t in sorted(ts):
            score += idf[t] * (1.0 * (K1 + 1.0)) / (1.0 + norm)
        scored.append((key, score))
    scored.sort(key=lambda ks: (-ks[1], ks[0]))
    return scored[:k]


# Scores of one page's candidates summed in Spark (any order) differ from ``bm25_rank``'s (query order) by a few ulps;
# every candidate within this relative distance of the k-th is kept, so the exact top k is among those re-ranked.
SUM_TOLERANCE = 1e-9


def top_candidates(matched: Any, partitions: int, n: int, avgdl: float, k: int) -> Any:
    """Rows (pid, key, mask, nterms) of each page's best BM25 candidates, from (pid, term, qrank, df, key, nterms) rows.

    Runs in Spark SQL, one shuffle of compact rows by page: each posting becomes its bm25 summand and the bit of its
    query term; per (page, candidate) the summands and bits are summed (a query's terms are distinct, so the sum of
    the bits is the set of terms matched), and only the candidates scoring within ``SUM_TOLERANCE`` of the page's
    k-th best leave the JVM. ``rank_masks`` then ranks them exactly as ``bm25_rank`` does. The rows before this step
    (one per page, query term and posting) were grouped per page in Python: 76 % of a scan's shuffle bytes.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    df = F.col("df").cast("double")
    idf = F.log((F.lit(float(n)) - df + 0.5) / (df + 0.5))
    idf = F.when(idf > 0.0, idf).otherwise(1e-6)
    summand = idf * (K1 + 1.0) / (1.0 + K1 * (1.0 - B + B * F.col("nterms").cast("double") / avgdl))
    per_key = (matched.select("pid", "key", "nterms", F.expr("shiftleft(CAST(1 AS BIGINT), qrank)").alias("bit"),
                              summand.alias("part"))
               .repartition(partitions, "pid")
               .groupBy("pid", "key").agg(F.sum("bit").alias("mask"), F.max("nterms").alias("nterms"),
                                          F.sum("part").alias("score")))
    page = Window.partitionBy("pid")
    ranked = per_key.withColumn("rn", F.row_number().over(page.orderBy(F.desc("score"), "key")))
    floor = F.min(F.when(F.col("rn") <= k, F.col("score"))).over(page)
    return ranked.withColumn("floor", floor).where(F.col("score") >= F.col("floor") * (1.0 - SUM_TOLERANCE)).select(
        "pid", "key", "mask", "nterms")


def rank_masks(query: list[tuple[str, int]], rows: Iterable[tuple[int, int, int]], n: int, avgdl: float,
               k: int) -> list[tuple[int, float]]:
    """``bm25_rank`` of candidates given as (key, mask of matched query terms, nterms); ``query``: (term, df) in order.

    Examples:
        >>> q = [("hegseth", 3), ("nakatani", 5)]
        >>> rank_masks(q, [(7, 0b11, 40), (9, 0b01, 40)], 100, 40.0, 2) == bm25_rank(dict(q), [
        ...     ("hegseth", 7, 40), ("nakatani", 7, 40), ("hegseth", 9, 40)], 100, 40.0, 2)
        True
    """
    if len(query) > MAX_QUERY_TERMS:
        raise ValueError(f"a query of {len(query)} terms does not fit a {MAX_QUERY_TERMS + 1}-bit mask")
    terms = [t for t, _ in query]
    postings = [(t, key, nterms) for key, mask, nterms in rows for i, t in enumerate(terms) if mask >> i & 1]
    return bm25_rank(dict(query), postings, n, avgdl, k)


MAX_QUERY_TERMS = 62  # the bits of a signed 64-bit mask (Settings.query_terms is 40)


class ArchiveView:
    """The slice of an archive one page needs (see the module docstring); read-only, duck-types ``Archive``."""

    readonly = True

    def __init__(self, n: int, df: Mapping[str, int], hits: list[tuple[int, float]], docs: Mapping[int, dict],
                 known_ids: Iterable[str] = (), terms: Mapping[int, Iterable[str]] | None = None) -> None:
        """``docs``: full rows of the candidates the page's check rescores (and their carriers); ``terms``: the
        term sets of every retrieved candidate (default: those of ``docs``)."""
        self._n, self._df, self._hits, self._known = n, dict(df), hits, set(known_ids)
        self._docs = {int(k): v for k, v in docs.items()}
        self._terms = {int(k): frozenset(v) for k, v in (terms or {}).items()}
        self._by_id = {v["id"]: int(k) for k, v in self._docs.items()}

    def __len__(self) -> int:
        return self._n

    def __contains__(self, id: object) -> bool:
        return id in self._known or id in self._by_id

    def document_frequency(self, terms: Iterable[str]) -> dict[str, int]:
        return {t: self._df.get(t, 0) for t in terms}

    def search(self, query: Mapping[str, float], k: int) -> list[tuple[int, float]]:
        return self._hits[:k]

    def terms_of(self, keys: Iterable[int]) -> dict[int, frozenset[str]]:
        out = {}
        for k in keys:
            if k in self._terms:
                out[k] = self._terms[k]
            elif k in self._docs:
                out[k] = frozenset(self._docs[k]["terms"])
        return out

    def stored(self, key: int) -> StoredOriginal:
        d = self._docs[key]
        doc = Document(id=d["id"], text=d["text"], sentences=tuple(d["sentences"]), url=d.get("url"), title=d.get("title"),
                       published=d.get("published"), image=d.get("image"), source=d.get("source"))
        return StoredOriginal(key, doc, frozenset(d["terms"]), bags_of(doc.sentences))

    def get(self, id: str) -> Document | None:
        key = self._by_id.get(id)
        return None if key is None else self.stored(key).document

    def key_of(self, id: str) -> int | None:
        return self._by_id.get(id)

    def carriers_of(self, id: str) -> list[tuple[Document, float]]:
        key = self._by_id.get(id)
        grp = None if key is None else self._docs[key].get("grp")
        if grp is None:
            return []
        members = sorted(k for k, d in self._docs.items() if d.get("grp") == grp)
        return [(self.stored(k).document, self._docs[k].get("similarity") or 0.0) for k in members]

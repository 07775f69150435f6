"""An archive as a partitioned Parquet dataset, and the per-page archive view executors check against.

``export(archive.db, out)`` writes three datasets (streamed from SQLite with pyarrow, bounded memory):

- ``originals/``  key, id, url, title, published, image, source, text, sentences, terms, nterms, grp,
  similarity (``grp``: the carrier group, null for an original without carriers)
- ``postings/``   term, keys, lengths, partitioned by ``bucket`` = crc32(term) mod 64: the inverted index,
  one row per term (its sorted keys as ``encode_keys`` bytes, the local postings retriever's own format, and
  each key's term count as ``encode_lengths`` bytes), so candidate generation is a join on the page's rare
  terms that carries ~4 bytes per posting
- ``df/``         term, df; and ``meta.json``: originals count, mean terms per original (bm25's avgdl), the
  local archive's retriever (whose arithmetic ``rank_page`` repeats) and ``postings_format``

``ArchiveView`` is what ``check`` and ``scan_one`` see on an executor: the archive's size, the document
frequencies of the page's terms, the candidates the distributed join found (ranked by ``rank_page`` as the
local archive's retriever ranks them: bm25 with term frequency 1, since a document is a set of terms), and the candidates' documents and carriers. So the executors run the library's own functions, and the
results equal the local engine's.
"""

from __future__ import annotations

import json
import math
import shutil
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from unspin.archive.backends.postings import PostingsRetriever, decode_keys, encode_keys
from unspin.archive.layout import bags_of
from unspin.archive.store import Archive, StoredOriginal
from unspin.records import Document

BUCKETS = 64
K1, B = 1.2, 0.75  # FTS5's bm25() constants (fts5_aux.c)
POSTINGS_FORMAT = 2  # 1: one row per posting (term, key, nterms), 16x the bytes joined per page


def _schemas():  # noqa: ANN202 - explicit types: a part whose urls are all null must not become an int column
    import pyarrow as pa

    text, ints, strs = pa.string(), pa.int64(), pa.list_(pa.string())
    originals = pa.schema([("key", ints), ("id", text), ("url", text), ("title", text), ("published", text), ("image", text),
                           ("source", text), ("text", text), ("sentences", strs), ("terms", strs), ("nterms", ints),
                           ("grp", ints), ("similarity", pa.float64())])
    postings = pa.schema([("term", text), ("key", ints), ("nterms", ints)])  # pass 1; grouped per term by _group_bucket
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
                d = out / "_postings_rows" / f"bucket={b}"
                d.mkdir(parents=True, exist_ok=True)
                pq.write_table(pa.table({"term": ts, "key": ks, "nterms": ns}, schema=schemas[1]), d / f"part-{part:05d}.parquet")
            part += 1
        retriever = "postings" if isinstance(arc.retriever, PostingsRetriever) else "sqlite"
    for b in range(BUCKETS):  # one bucket in memory at a time: 1/64 of the postings
        _group_bucket(out / "_postings_rows" / f"bucket={b}", out / "postings" / f"bucket={b}")
    shutil.rmtree(out / "_postings_rows", ignore_errors=True)
    (out / "df").mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"term": list(df), "df": list(df.values())}, schema=schemas[2]), out / "df" / "part-00000.parquet")
    meta = {"originals": n, "avgdl": total_terms / max(1, n), "buckets": BUCKETS, "retriever": retriever,
            "postings_format": POSTINGS_FORMAT}
    (out / "meta.json").write_text(json.dumps(meta))
    return meta


def _group_bucket(rows_dir: Path, out_dir: Path) -> None:
    """One bucket's posting rows (term, key, nterms) -> one row per term: (term, keys bytes, lengths bytes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out_dir.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([("term", pa.string()), ("keys", pa.binary()), ("lengths", pa.binary())])
    if not rows_dir.is_dir():
        pq.write_table(schema.empty_table(), out_dir / "part-00000.parquet")
        return
    table = pq.read_table(rows_dir)
    terms = table.column("term").combine_chunks().dictionary_encode()
    ids = terms.indices.to_numpy()
    keys = table.column("key").to_numpy()
    lengths = table.column("nterms").to_numpy()
    order = np.lexsort((keys, ids))
    ids, keys, lengths = ids[order], keys[order].astype("<i4"), lengths[order]
    cuts = np.flatnonzero(np.diff(ids)) + 1
    starts, ends = np.r_[0, cuts], np.r_[cuts, len(ids)]
    names = terms.dictionary.to_pylist()
    cols = {"term": [names[ids[a]] for a in starts],
            "keys": [encode_keys(keys[a:b]) for a, b in zip(starts, ends, strict=True)],
            "lengths": [encode_lengths(lengths[a:b]) for a, b in zip(starts, ends, strict=True)]}
    pq.write_table(pa.table(cols, schema=schema), out_dir / "part-00000.parquet")


def encode_lengths(lengths: np.ndarray) -> bytes:
    """Term counts of a term's documents (in key order) as bytes: ``b"h"`` + uint16, or ``b"i"`` + int32 if one is larger.

    Examples:
        >>> decode_lengths(encode_lengths(np.array([40, 70000]))).tolist(), len(encode_lengths(np.array([40, 41])))
        ([40, 70000], 5)
    """
    if len(lengths) == 0 or int(lengths.max()) < 2**16:
        return b"h" + lengths.astype("<u2").tobytes()
    return b"i" + lengths.astype("<i4").tobytes()


def decode_lengths(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u2" if blob[:1] == b"h" else "<i4", offset=1)


def rank_page(rows: Iterable[tuple[int, int, bytes, bytes]], n: int, avgdl: float, k: int,
              retriever: str = "postings") -> list[tuple[int, float]]:
    """A page's ``k`` best candidates, best first, as the local archive's retriever returns them, to the last bit.

    Args:
        rows: (position in the query, document frequency, keys bytes, lengths bytes) of each query term the archive
            holds (a ``postings/`` row joined with the page's query).
        n: originals in the archive; avgdl: their mean term count; k: how many to return.
        retriever: the local archive's: "postings" (``PostingsRetriever.search``: each document's length factor,
            then times the idf) or "sqlite" (FTS5's bm25(): the idf times (k1 + 1), then divided).

    Each key's summands are added in query order, as both retrievers add them; ties go to the lower key. The
    postings retriever's scores are matched to the bit (tested); FTS5's C code differs from these in the last bit
    or two at times, so two candidates of an FTS5 archive within ~1e-15 of each other may swap places.
    """
    keys, weights = [], []
    for _, df, key_blob, length_blob in sorted(rows, key=lambda r: r[0]):
        hits = decode_keys(key_blob)
        length = decode_lengths(length_blob).astype(np.float64)
        v = math.log((n - df + 0.5) / (df + 0.5))
        idf = v if v > 0.0 else 1e-6
        if retriever == "postings":
            w = idf * ((1.0 * (K1 + 1.0)) / (1.0 + K1 * (1 - B + B * length / avgdl)))
        else:
            w = idf * (1.0 * (K1 + 1.0)) / (1.0 + K1 * (1.0 - B + B * length / avgdl))
        keys.append(hits)
        weights.append(w)
    if not keys:
        return []
    unique, where = np.unique(np.concatenate(keys), return_inverse=True)
    scores = np.bincount(where, weights=np.concatenate(weights), minlength=len(unique))
    best = np.lexsort((unique, -scores))[:k]
    return [(int(unique[i]), float(scores[i])) for i in best]


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

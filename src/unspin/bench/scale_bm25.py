"""BM25 reference for the scaling bench: (archive file, copy sets) -> R@1 and wrong-when-withheld, in a child process.

bm25s over whole documents with English stop words, as in ``bench.attribution``, built from the very
originals the archive holds (read back from it). Token ids are kept as int32 arrays, not Python lists,
so 550k documents fit in a few GB; the child process keeps that memory out of unspin's RSS figures.
Withheld originals are dropped from the ranking of their own copies (as unspin's ``exclude_ids``), and
the reported threshold is the one best for BM25 on this very data (an upper bound, as in the
attribution bench).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Sequence
from pathlib import Path

from ..datasets.wmt import BenchCopy


def rss_mb() -> float:
    """Current resident memory of this process in MiB (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def bm25_sets(archive_path: Path, sets: dict[str, Sequence[BenchCopy]], withheld: frozenset[str]) -> dict:
    """{set name: {R@1, R@1 at best threshold, wrong at best threshold}, "index_s": build time, "rss_mb"}."""
    payload = {name: [(c.document.text, c.original_id) for c in copies] for name, copies in sets.items()}
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(_run, (str(archive_path), payload, sorted(withheld)))


def _run(archive_path: str, payload: dict[str, list[tuple[str, str]]], withheld_list: list[str]) -> dict:
    import bm25s
    import numpy as np

    from ..archive.store import Archive

    withheld = set(withheld_list)
    start = time.perf_counter()
    tokenizer = bm25s.tokenization.Tokenizer(stopwords="en")
    ids, corpus = [], []
    with Archive(archive_path, readonly=True) as archive:
        batch: list[str] = []
        for doc in archive.documents():
            ids.append(doc.id)
            batch.append(doc.text)
            if len(batch) >= 5000:
                corpus.extend(np.asarray(t, dtype=np.int32) for t in tokenizer.tokenize(batch, update_vocab=True, return_as="ids", show_progress=False))
                batch = []
        if batch:
            corpus.extend(np.asarray(t, dtype=np.int32) for t in tokenizer.tokenize(batch, update_vocab=True, return_as="ids", show_progress=False))
    model = bm25s.BM25()
    model.index((corpus, tokenizer.get_vocab_dict()), show_progress=False)
    del corpus
    out: dict = {"index_s": time.perf_counter() - start, "rss_mb": rss_mb()}
    for name, copies in payload.items():
        q = tokenizer.tokenize([t for t, _ in copies], return_as="ids", show_progress=False, update_vocab=False)
        results, scores = model.retrieve(q, k=min(6, len(ids)), show_progress=False, n_threads=1)
        present, absent = [], []
        for (_, original), row, sc in zip(copies, results, scores, strict=True):
            ranked = [(ids[int(i)], float(s)) for i, s in zip(row, sc, strict=True)]
            if original in withheld:
                ranked = [r for r in ranked if r[0] != original]
                absent.append(ranked[0][1] if ranked else 0.0)
            else:
                present.append((bool(ranked) and ranked[0][0] == original, ranked[0][1] if ranked else 0.0))
        out[name] = _best(present, absent)
    return out


def _best(present: list[tuple[bool, float]], absent: list[float]) -> dict[str, float]:
    """R@1 without a threshold, and R@1 / wrong-when-withheld at the threshold that maximises both."""
    best_t, best_v = 0.0, -1
    for t in [0.0, *sorted({s for _, s in present} | set(absent))]:
        v = sum(ok and s > t for ok, s in present) + sum(s <= t for s in absent)
        if v > best_v:
            best_t, best_v = t, v
    n, m = max(1, len(present)), max(1, len(absent))
    return {
        "R@1": sum(ok for ok, _ in present) / n,
        "R@1 @best": sum(ok and s > best_t for ok, s in present) / n,
        "wrong @best": sum(s > best_t for s in absent) / m,
        "threshold": best_t,
    }

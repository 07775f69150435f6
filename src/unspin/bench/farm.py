"""Real farm pages benchmark: labelled farm pages (tests/data/farm) -> pairwise precision/recall of scan clusters.

The pages are real copies found on stored public web pages (LLM networks, synonym spinners, MT round
trips, verbatim copiers, wire reprints, excerpts) and same-event independent reports as negatives;
``tests/data/README.md`` (sections ``farm/pages.jsonl`` and ``farm/test.jsonl``) says how each label was
justified. ``pages.jsonl`` (the default) is the dev set the matcher was tuned on; ``test.jsonl`` is a
held-out set of other stories, for honest figures (``unspin bench farm --pages tests/data/farm/test.jsonl``).
The crawl is scanned with no archive, as a researcher meets a crawl: only page-to-page links can form the clusters. Two
baselines run in the same process on the same pages: MinHash LSH (datasketch, word 5-gram
shingles, threshold 0.5) and BM25 (bm25s) linking each page to its best other page when the
score ratio reaches the threshold that is best for BM25 on this very data (an oracle: optimistic).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..text.shingles import shingles

FARM = Path(__file__).resolve().parents[3] / "tests" / "data" / "farm" / "pages.jsonl"
FARM_TEST = FARM.with_name("test.jsonl")
KINDS = ("llm-paraphrase", "synonym-spun", "machine-translated", "verbatim", "wire-reprint", "excerpt")


def read_rows(path: str | Path = FARM) -> list[dict[str, Any]]:
    """Every labelled page of a farm file, in any language."""
    p = Path(path)
    if not p.exists():
        raise ConfigError(f"farm pages not found at {p} (tests/data/farm/pages.jsonl or test.jsonl in the repository)")
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_pages(path: str | Path = FARM) -> list[dict[str, Any]]:
    """The labelled pages (English only: the clusters are judged on English pages)."""
    return [r for r in read_rows(path) if r.get("language", "en") == "en"]


def gold_pairs(pages: Iterable[dict[str, Any]]) -> set[frozenset[str]]:
    """Pairs of pages labelled as copies of one original (independent reports are their own clusters)."""
    by_cluster: dict[str, list[str]] = {}
    for p in pages:
        by_cluster.setdefault(p["cluster"], []).append(p["id"])
    return {frozenset(pair) for ids in by_cluster.values() for pair in combinations(sorted(ids), 2)}


def predicted_pairs(cluster_of: dict[str, str]) -> set[frozenset[str]]:
    by_cluster: dict[str, list[str]] = {}
    for page, cluster in cluster_of.items():
        by_cluster.setdefault(cluster, []).append(page)
    return {frozenset(pair) for ids in by_cluster.values() for pair in combinations(sorted(ids), 2)}


def scores(pred: set[frozenset[str]], gold: set[frozenset[str]]) -> dict[str, float]:
    """Pairwise precision, recall and F1 (precision 1.0 when nothing is predicted)."""
    hit = len(pred & gold)
    p = hit / len(pred) if pred else 1.0
    r = hit / len(gold) if gold else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "pairs": len(pred)}


def recall_by_kind(pred: set[frozenset[str]], gold: set[frozenset[str]], kind: dict[str, str]) -> dict[str, float]:
    """Recall over the gold pairs that involve a page of each kind."""
    out = {}
    for k in KINDS:
        pairs = {g for g in gold if any(kind[x] == k for x in g)}
        if pairs:
            out[f"recall_{k}"] = len(pairs & pred) / len(pairs)
    return out


def _union(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    from ..scan.clusters import assign_clusters

    return assign_clusters([(i, None) for i in ids], edges)


def scan_clusters(pages: list[dict[str, Any]], workdir: Path) -> tuple[dict[str, str], float]:
    """unspin scan (local engine, no archive) over the pages -> page id -> cluster id, seconds."""
    import pyarrow.parquet as pq

    from ..scan import scan

    crawl = workdir / "farm.jsonl"
    with open(crawl, "w", encoding="utf-8") as fh:
        for p in pages:
            fh.write(json.dumps({k: p.get(k) for k in ("id", "url", "title", "published", "text")}) + "\n")
    start = time.perf_counter()
    scan([crawl], None, workdir / "out", progress=False)
    seconds = time.perf_counter() - start
    table = pq.read_table(workdir / "out" / "pages.parquet", columns=["page_id", "cluster_id"]).to_pydict()
    return dict(zip(table["page_id"], table["cluster_id"], strict=True)), seconds


def minhash_clusters(pages: list[dict[str, Any]], threshold: float = 0.5) -> dict[str, str]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    hashes = {}
    for p in pages:
        m = MinHash(num_perm=128, seed=1)
        for s in shingles(p["text"]):
            m.update(s.encode("utf-8"))
        hashes[p["id"]] = m
        lsh.insert(p["id"], m)
    edges = [(i, j) for i, m in hashes.items() for j in lsh.query(m) if j != i]
    return _union(hashes, edges)


def bm25_best_threshold(pages: list[dict[str, Any]], gold: set[frozenset[str]]) -> tuple[dict[str, float], float]:
    """BM25 top-1 neighbour per page, linked when score / self-score >= t; t chosen best for BM25 here."""
    import bm25s

    texts = [p["text"] for p in pages]
    ids = [p["id"] for p in pages]
    model = bm25s.BM25()
    model.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
    docs, sc = model.retrieve(bm25s.tokenize(texts, stopwords="en", show_progress=False), k=min(2, len(ids)),
                              show_progress=False)
    best: list[tuple[str, str, float]] = []
    for i, (row, srow) in enumerate(zip(docs, sc, strict=True)):
        hits = [(int(d), float(s)) for d, s in zip(row, srow, strict=True) if int(d) != i]
        self_score = max([float(s) for d, s in zip(row, srow, strict=True) if int(d) == i] or [max(srow)])
        if hits and self_score > 0:
            best.append((ids[i], ids[hits[0][0]], hits[0][1] / self_score))
    top: tuple[dict[str, float], float] = ({"precision": 1.0, "recall": 0.0, "f1": 0.0, "pairs": 0}, 1.0)
    for t in sorted({round(r, 2) for _, _, r in best}):
        s = scores(predicted_pairs(_union(ids, [(a, b) for a, b, r in best if r >= t])), gold)
        if s["f1"] > top[0]["f1"]:
            top = (s, t)
    return top


def run_farm(path: str | Path = FARM, *, log: Callable[[str], None] = lambda m: None) -> tuple[list[dict[str, Any]], list[str]]:
    pages = load_pages(path)
    gold = gold_pairs(pages)
    kind = {p["id"]: p["kind"] for p in pages}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        log(f"unspin scan over {len(pages)} pages …")
        clusters, seconds = scan_clusters(pages, Path(tmp))
    pred = predicted_pairs(clusters)
    rows.append({"system": "unspin scan (no archive)", **scores(pred, gold), **recall_by_kind(pred, gold, kind),
                 "pages_per_s": len(pages) / seconds})
    try:
        mh = predicted_pairs(minhash_clusters(pages))
        rows.append({"system": "MinHash LSH (5-gram, 0.5)", **scores(mh, gold), **recall_by_kind(mh, gold, kind)})
        bm, t = bm25_best_threshold(pages, gold)
        rows.append({"system": f"BM25 top-1, its best threshold here ({t:.2f})", **bm})
    except ImportError:
        log("baselines skipped: install unspin[bench] (datasketch, bm25s)")
    counts = Counter(p["kind"] for p in pages)
    notes = [
        f"{len(pages)} English pages, {len({p['cluster'] for p in pages})} clusters, {len(gold)} gold pairs, "
        f"{counts['independent']} same-event independent reports (negatives); kinds: "
        + ", ".join(f"{k} {counts[k]}" for k in KINDS) + f" (tests/data/farm/{Path(path).name}, real pages, research use).",
        "Pairwise precision/recall of clusters: a pair is two pages labelled as copies of one original. "
        "`recall_<kind>`: recall over the gold pairs with a page of that kind.",
        "unspin: `unspin scan` with no archive (page-to-page links only). BM25's threshold is chosen on this data "
        "(oracle), unspin's is the shipped one.",
    ]
    return rows, notes

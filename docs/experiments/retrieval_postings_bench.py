"""FTS5 vs the postings retriever on two archives of the same originals: CPU per query, agreement, checks/s, disk.

    python docs/experiments/retrieval_postings_bench.py FTS5.db POSTINGS.db /work/shared/data/wmt-dev

Both archives must hold the same originals (indexed from the same input, one with --retriever postings).
Queries are 300 seeded wmt-dev copies through ``match.find.query_terms``, as in the earlier experiment
(retrieval_fts5_vs_postings.py); CPU time (process_time), since the machine is shared.
"""

import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from unspin.archive.store import Archive
from unspin.datasets.wmt import load_copies
from unspin.match.find import copy_terms_of, find_original, query_terms
from unspin.settings import Settings
from unspin.text.fingerprint import SentenceBags


def sizes(path: str) -> dict[str, float]:
    """MB on disk: the file, and the retrieval index's own tables (dbstat, when SQLite has it)."""
    out = {"file MB": Path(path).stat().st_size / 2**20}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:
        return out
    index = ("terms_fts", "postings", "posting_batches", "term_df", "sqlite_autoindex_postings")
    out["index MB"] = sum(n for name, n in rows if name.startswith(index)) / 2**20
    return out


def main(fts_path: str, postings_path: str, wmt: str) -> None:
    s = Settings()
    copies = load_copies(wmt)
    sample = random.Random(0).sample(copies, 330)
    warm, measured = sample[:30], sample[30:]
    fts, post = Archive(fts_path, readonly=True), Archive(postings_path, readonly=True)
    assert len(fts) == len(post), (len(fts), len(post))
    queries = [query_terms(copy_terms_of(SentenceBags.of(c.document.sentences)), fts, s) for c in measured]
    assert queries == [query_terms(copy_terms_of(SentenceBags.of(c.document.sentences)), post, s) for c in measured]
    cpu = {"fts5": [], "postings": []}
    results = {}
    for _ in range(3):  # interleaved rounds, median: the machine is shared
        for name, archive in (("fts5", fts), ("postings", post)):
            c0 = time.process_time()
            results[name] = [archive.search(q, s.candidates_k) for q in queries]
            cpu[name].append(1000 * (time.process_time() - c0) / len(queries))
    a, b = results["fts5"], results["postings"]
    agreement = {
        "same top-1": sum(bool(x) and bool(y) and x[0][0] == y[0][0] for x, y in zip(a, b)) / len(a),
        "same top-20 (keys and order)": sum([k for k, _ in x] == [k for k, _ in y] for x, y in zip(a, b)) / len(a),
        "top-20 overlap": sum(len({k for k, _ in x} & {k for k, _ in y}) / max(1, len(x)) for x, y in zip(a, b)) / len(a),
    }
    checks = {}
    for name, archive in (("fts5", fts), ("postings", post)):
        for c in warm:
            find_original(c.document, archive, s)
        c0, t0 = time.process_time(), time.perf_counter()
        found = [find_original(c.document, archive, s) for c in measured]
        cpu_s, wall = time.process_time() - c0, time.perf_counter() - t0
        ids = [getattr(f.match, "original_id", None) for f in found]
        checks[name] = {"checks per CPU-s": len(measured) / cpu_s, "checks/s wall": len(measured) / wall,
                        "R@1": sum(i == c.original_id for i, c in zip(ids, measured)) / len(measured), "ids": ids}
    same_match = sum(x == y for x, y in zip(checks["fts5"].pop("ids"), checks["postings"].pop("ids"))) / len(measured)
    print(json.dumps({
        "originals": len(fts), "queries": len(queries), "mean query terms": statistics.mean(map(len, queries)),
        "ms CPU per query": {k: {"median": statistics.median(v), "rounds": v} for k, v in cpu.items()},
        **agreement, "find_original": checks, "same match end to end": same_match,
        "disk": {"fts5": sizes(fts_path), "postings": sizes(postings_path)},
    }, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:4])

"""Transformation labels against what the copies are (issue 11 item 3), with the original in the archive.

Checks a seeded sample of wmt-dev MT copies (full and 30 % excerpts) and llm-paraphrase-dev outputs against an
archive of their originals, and every real farm page in a scan with no archive, and prints how often each true
kind gets each label.

    PYTHONPATH=src python docs/experiments/transformation_labels/labels.py ../shared/data 300
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

from unspin import Archive, check
from unspin.bench.integrity import llm_pairs, wmt_pairs
from unspin.records import Document


def table(title: str, pairs: Counter) -> None:
    print(f"\n{title}")
    for kind in sorted({k for k, _ in pairs}):
        row = {t: n for (k, t), n in pairs.items() if k == kind}
        total = sum(row.values())
        print(f"  {kind:22s} n={total:4d}  " + ", ".join(f"{t}: {n / total:.0%}" for t, n in
                                                        sorted(row.items(), key=lambda kv: -kv[1])))


def excerpt(doc: Document, rng: random.Random, share: float = 0.3) -> Document:
    """A contiguous ~30 % of the copy's sentences (at least 2), as `bench attribution`'s partial copies."""
    n = len(doc.sentences)
    size = min(n, max(2, round(share * n)))
    start = rng.randint(0, n - size)
    kept = doc.sentences[start:start + size]
    return Document(doc.id + "#excerpt", " ".join(kept), tuple(kept))


def checked(shared: Path, n: int) -> Counter:
    out: Counter = Counter()
    sets = (("WMT MT copy", list(wmt_pairs(shared / "wmt-dev", n, 0))),
            ("LLM-dev output", list(llm_pairs(shared / "llm-paraphrase-dev", n, 0))))
    rng = random.Random(0)
    for name, pairs in sets:
        archive = Archive()
        archive.add({o.id: o for _, o in pairs}.values())
        for copy, original in pairs:
            docs = [(name, copy)]
            if name.startswith("WMT"):
                docs.append(("WMT MT 30 % excerpt", excerpt(copy, rng)))
            for label, doc in docs:
                r = check(doc, archive)
                out[(label, r.transformation.kind if r.transformation and r.match else "(no original)")] += 1
    return out


def scanned() -> Counter:
    from unspin.scan import scan
    import pyarrow.parquet as pq

    out: Counter = Counter()
    for path in ("tests/data/farm/pages.jsonl", "tests/data/farm/test.jsonl"):
        rows = [json.loads(line) for line in open(path, encoding="utf-8")]
        with tempfile.TemporaryDirectory() as d:
            crawl = Path(d) / "c.jsonl"
            crawl.write_text("".join(json.dumps({k: r.get(k) for k in ("id", "url", "title", "published", "text")}) + "\n"
                                     for r in rows), encoding="utf-8")
            scan([crawl], None, Path(d) / "out", progress=False)
            got = dict(zip(*pq.read_table(Path(d) / "out" / "pages.parquet", columns=["page_id", "transformation"])
                           .to_pydict().values()))
        for r in rows:
            out[(f"farm {r['kind']}", got.get(r["id"]) or "(none)")] += 1
    return out


if __name__ == "__main__":
    table("check against an archive of the originals", checked(Path(sys.argv[1]), int(sys.argv[2])))
    table("scan of the real farm pages (dev + held-out), no archive", scanned())

"""Crawl pages that are each other's best candidate (issue 11, session 9; measured, not shipped).

    PYTHONPATH=src python docs/experiments/matcher_ideas/reciprocal_best.py tests/data/farm/pages.jsonl
    PYTHONPATH=src python docs/experiments/matcher_ideas/reciprocal_best.py tests/data/farm/test.jsonl

Every page is checked against the other pages (the crawl as archive, its own entry excluded); pairs whose best
candidates are each other are printed with both sides' confidence, aligned similarity, lead and rare-term
containment, TRUE when the labels say they copy one original.
"""
import sys, tempfile, json
from pathlib import Path
from unspin.archive.store import Archive
from unspin.bench.farm import load_pages, gold_pairs
from unspin.ingest import read
from unspin.match.find import find_original
from unspin.settings import Settings
path = sys.argv[1]
pages = load_pages(path)
gold = gold_pairs(pages)
kind = {p["id"]: p.get("kind") for p in pages}
with tempfile.TemporaryDirectory() as d:
    f = Path(d) / "c.jsonl"
    f.write_text("".join(json.dumps({k: p.get(k) for k in ("id", "url", "title", "published", "text")}) + "\n" for p in pages))
    docs = list(read(f))
    a = Archive(Path(d) / "a.db"); a.add(docs)
    best = {}
    for doc in docs:
        att = find_original(doc, a, Settings(), exclude_ids=frozenset({doc.id}))
        if att.best is not None:
            best[doc.id] = (att.best.id, att.features)
rows = []
for x, (y, fx) in best.items():
    if x < y and best.get(y, (None,))[0] == x:
        fy = best[y][1]
        true = frozenset((x, y)) in gold
        rows.append((true, x, y, fx.get("confidence", 0), fy.get("confidence", 0), fx["aligned_similarity"], fy["aligned_similarity"], fx["lead"], fy["lead"], fx["rare_containment"], fy["rare_containment"]))
for r in sorted(rows, key=lambda r: -min(r[5], r[6])):
    print("TRUE " if r[0] else "false", f"{r[1]:40s} {r[2]:40s} conf {r[3]:.2f}/{r[4]:.2f} asim {r[5]:.2f}/{r[6]:.2f} lead {r[7]:.2f}/{r[8]:.2f} rare {r[9]:.2f}/{r[10]:.2f}", kind[r[1]], kind[r[2]])

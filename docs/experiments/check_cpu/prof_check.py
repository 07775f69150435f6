"""Checks per CPU-second: find_original on N seeded WMT copies against an archive (read-only).

    PYTHONPATH=<checkout>/src python docs/experiments/check_cpu/prof_check.py <archive.db> 300 [profile]

Run with two checkouts interleaved (BENCHMARKS.md, "Check and indexing CPU (issue 14, session 7)").
A third argument prints a cProfile table. Needs ../shared/data/wmt-dev.
"""
import gzip, json, sys, time, cProfile, pstats, random
from unspin.archive import Archive
from unspin.records import Document
from unspin.settings import Settings
from unspin.match.find import find_original
a = Archive(sys.argv[1], readonly=True)
rows = [json.loads(l) for l in gzip.open("../shared/data/wmt-dev/copies.jsonl.gz", "rt")]
random.Random(1).shuffle(rows)
docs = [Document(r["id"], r.get("text") or " ".join(r["sentences"]), tuple(r["sentences"])) for r in rows[:int(sys.argv[2])]]
s = Settings()
find_original(docs[0], a, s)
t = time.process_time()
pr = cProfile.Profile() if len(sys.argv) > 3 else None
if pr: pr.enable()
for d in docs:
    find_original(d, a, s)
if pr: pr.disable()
dt = time.process_time() - t
print(f"{len(docs)} checks {dt:.2f} CPU-s -> {len(docs)/dt:.1f}/CPU-s at {len(a)} originals")
if pr: pstats.Stats(pr).sort_stats("tottime").print_stats(30)

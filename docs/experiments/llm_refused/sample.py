"""Draw the hand-read sample: LLM copies whose best candidate is their original but which the matcher refuses.

    PYTHONPATH=src python docs/experiments/llm_refused/sample.py    # after dump_rows.py; prints 20 (copy, original) openings
"""
import gzip
import json
import pickle
import random
from pathlib import Path

OUT = Path(".unspin/llm_refused")  # where dump_rows.py wrote rows.pkl
THRESHOLD = 0.67857  # the shipped operating point when the rows were dumped
rows = pickle.load(open(OUT / "rows.pkl", "rb"))
refused = [r for r in rows if r[0].group == "llm" and r[0].present and r[0].label == 1 and r[1]["confidence"] < THRESHOLD]
print(len(refused), "refused with the true original as best candidate")
data = Path("../shared/data/llm-paraphrase-dev")
copies = {r["id"]: r for r in map(json.loads, gzip.open(data / "copies.jsonl.gz", "rt"))}
originals = {r["id"]: r for r in map(json.loads, gzip.open(data / "originals.jsonl.gz", "rt"))}
random.Random(11).shuffle(refused)
for e, x, cid, bid, oid in refused[:20]:
    c, o = copies[cid], originals[oid]
    print("=" * 100)
    print(cid, "confidence", round(x["confidence"], 2), "| words: copy", len(c["text"].split()), "original", len(o["text"].split()))
    print("COPY:", c["text"][:700].replace("\n", " "))
    print("ORIGINAL:", o["text"][:500].replace("\n", " "))

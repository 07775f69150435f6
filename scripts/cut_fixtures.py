"""Cut the small research-use fixture in tests/data/sample/ from ../shared/data (rerun = same bytes).

Selection: per WMT year/pair, the first 3 human-reference documents (by id) that have copies, with
one copy each (the first system by name); 8 English-source documents; 16 Reuters-21578 distractors.
"""

import gzip
import json
import sys
from pathlib import Path

shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
out = Path("tests/data/sample")
out.mkdir(parents=True, exist_ok=True)


def rows(p):
    with gzip.open(p, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


KEEP = ("id", "year", "pair", "kind", "origlang", "segment_unit", "sentences", "text", "title", "date")
originals = rows(shared / "wmt-dev/originals.jsonl.gz")
copies = rows(shared / "wmt-dev/copies.jsonl.gz")
by_orig = {}
for c in sorted(copies, key=lambda c: (c["original_id"], c["system"].lower())):
    by_orig.setdefault(c["original_id"], c)
chosen, per_pair = [], {}
for o in sorted(originals, key=lambda o: o["id"]):
    key = (o["year"], o["pair"])
    if o["kind"] == "human-reference" and o["id"] in by_orig and per_pair.get(key, 0) < 3:
        per_pair[key] = per_pair.get(key, 0) + 1
        chosen.append(o)
english = [o for o in sorted(originals, key=lambda o: o["id"]) if o["kind"] == "english-source"][:8]
reuters = rows(shared / "distractors/reuters21578.jsonl.gz")[:16]
with open(out / "originals.jsonl", "w", encoding="utf-8") as fh:
    for o in chosen + english + reuters:
        fh.write(json.dumps({k: o[k] for k in KEEP if k in o}, ensure_ascii=False) + "\n")
with open(out / "copies.jsonl", "w", encoding="utf-8") as fh:
    for o in chosen:
        c = by_orig[o["id"]]
        keep = {k: c[k] for k in ("id", "original_id", "system", "year", "pair", "sentences", "text", "gold_alignment")}
        fh.write(json.dumps(keep, ensure_ascii=False) + "\n")
print(len(chosen), "originals with copies,", len(english), "english-source,", len(reuters), "distractors")

"""Every decision of find_original on 400 WMT + 400 LLM copies, as JSON, to compare two checkouts.

    PYTHONPATH=<checkout>/src python docs/experiments/check_cpu/decisions.py <archive.db> out.json

Writes {copy id: [matched original or null, confidence, candidate ids]}. Needs ../shared/data.
"""
import gzip, json, sys, random
from unspin.archive import Archive
from unspin.records import Document
from unspin.settings import Settings
from unspin.match.find import find_original
a = Archive(sys.argv[1], readonly=True)
docs = []
for f, n in (("../shared/data/wmt-dev/copies.jsonl.gz", 400), ("../shared/data/llm-paraphrase-dev/copies.jsonl.gz", 400)):
    rows = [json.loads(l) for l in gzip.open(f, "rt")]
    random.Random(3).shuffle(rows)
    docs += [Document(r["id"], r.get("text") or " ".join(r["sentences"]), tuple(r["sentences"])) for r in rows[:n]]
out = {}
for d in docs:
    att = find_original(d, a, Settings())
    out[d.id] = [att.match.original_id if att.match else None, att.features.get("confidence"), [c.id for c in att.candidates]]
json.dump(out, open(sys.argv[2], "w"))

"""Re-check a scale archive: is a named original that is not the copy's own id a reprint of it? (issue 14, session 9)

    PYTHONPATH=src python docs/experiments/scale_reprints/recheck.py ARCHIVE.db LLM "WMT partial" "WMT full"

ARCHIVE.db: an archive `unspin bench scale` built (its 16k tier alone, or all 555k). Same copies, withheld half
and seed as the bench; prints R@1 and wrong-when-withheld strict and with reprints (5-word shingle share >= 0.5
either way) counted as the original, and writes every (set, copy, original, withheld, named, share) row to
carrier_<archive path>.json in the working directory for reading. The bench itself now reports the same `(reprints)` columns.
"""
import json, random, sys
from unspin.archive.store import Archive
from unspin.text.shingles import reprint_share as reprint
from unspin.bench.scale import load_llm
from unspin.check import Stages, check
from unspin.datasets.wmt import load_copies, load_originals, partial, withheld_ids

seed = 0
wmt_originals, wmt_copies = load_originals("/work/shared/data/wmt-dev"), load_copies("/work/shared/data/wmt-dev")
llm_originals, llm_copies = load_llm("/work/shared/data/llm-paraphrase-dev")
withheld = withheld_ids(wmt_copies, seed) | withheld_ids(llm_copies, seed)
sample = random.Random(seed).sample(wmt_copies, 1000)
sets = {"WMT full": sample, "WMT partial": [partial(c, seed) for c in sample], "LLM": llm_copies}
texts = {d.id: d.text or " ".join(d.sentences) for d in list(wmt_originals) + list(llm_originals)}
arch = Archive(sys.argv[1])
stages = Stages(detect=False, restore=False)
out = []
for name in sys.argv[2:]:
    for c in sets[name]:
        held = c.original_id in withheld
        r = check(c.document, arch, stages=stages, exclude_ids=frozenset({c.original_id}) if held else frozenset())
        named = r.match.original_id if r.match else None
        rp = None
        if named and named != c.original_id:
            d = arch.get(named)
            rp = reprint(d.text or " ".join(d.sentences), texts[c.original_id])
        out.append((name, c.document.id, c.original_id, held, named, rp))
    rows = [o for o in out if o[0] == name]
    pres = [o for o in rows if not o[3]]; ab = [o for o in rows if o[3]]
    r1 = sum(o[4] == o[2] for o in pres) / len(pres)
    r1c = sum(o[4] == o[2] or (o[5] or 0) >= 0.5 for o in pres) / len(pres)
    w = sum(o[4] is not None for o in ab) / len(ab)
    wc = sum(o[4] is not None and (o[5] or 0) < 0.5 for o in ab) / len(ab)
    print(name, "R@1", round(r1, 4), "R@1 (a reprint of the original counts)", round(r1c, 4), "wrong", round(w, 4), "wrong (a reprint is not wrong)", round(wc, 4), "n", len(pres), len(ab), flush=True)
json.dump(out, open("carrier_" + sys.argv[1].replace("/", "_") + ".json", "w"))

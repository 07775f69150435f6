"""Runner-up alignment at scale (issue 14/11, session 10; measured, not shipped): the runner-up aligned like the best.

    PYTHONPATH=src python docs/experiments/matcher_ideas/runner_up_alignment.py ARCHIVE.db OUT.json LLM "WMT partial"
    python docs/experiments/matcher_ideas/runner_up_fit.py OUT16k.json OUT555k.json

ARCHIVE.db: a `unspin bench scale` archive (its 16k tier, or all 555k); same copies, withheld half and seed as the
bench. Writes per copy: set, id, withheld, best id, best is the original, confidence (shipped model for the
archive's size), best and runner-up aligned similarity, lead, aligned shares, features. BENCHMARKS.md "Three
ideas measured in session 10".
"""
import json, random, sys, math
from unspin.archive.store import Archive
from unspin.bench.scale import load_llm
from unspin.datasets.wmt import load_copies, partial, withheld_ids
from unspin.match import find as F
from unspin.match.calibration import confidence, model_for
from unspin.settings import Settings
from unspin.match.align import SentenceBags
seed = 0
llm_originals, llm_copies = load_llm("../shared/data/llm-paraphrase-dev")
wmt_copies = load_copies("../shared/data/wmt-dev")
withheld = withheld_ids(wmt_copies, seed) | withheld_ids(llm_copies, seed)
sample = random.Random(seed).sample(wmt_copies, 1000)
sets = {"LLM": llm_copies, "WMT partial": [partial(c, seed) for c in sample]}
arch = Archive(sys.argv[1]); settings = Settings(); model = model_for(len(arch))
out = []
for name in sys.argv[3:]:
    for c in sets[name]:
        held = c.original_id in withheld
        doc = c.document
        bags = SentenceBags.of(doc.sentences)
        ex = frozenset({c.original_id}) if held else frozenset()
        scored = F.rescore_candidates(doc, arch, settings, bags, frozenset(), ex, frozenset())
        if not scored:
            out.append((name, doc.id, held, None, False, 0, 0, 0, 0, 0)); continue
        best = scored[0]
        ru = next((s for s in scored[1:] if not F._copies_each_other(best.stored, s.stored)), None)
        rsc = ru.rank_score if ru else 0.0
        feats = best.features | {"margin": best.rank_score - rsc, "lead": F._lead(best.rank_score, rsc)}
        conf = confidence(feats, model)
        content = list(range(len(bags.bags)))
        ra = F._with_alignment(ru, bags, content, settings, frozenset()).features if ru else {"aligned_similarity": 0.0, "aligned_share": 0.0}
        out.append((name, doc.id, held, best.stored.document.id, best.stored.document.id == c.original_id, conf,
                    feats["aligned_similarity"], ra["aligned_similarity"], feats["lead"], feats["aligned_share"], ra["aligned_share"],
                    {k: feats[k] for k in F.FEATURES} ))
    print(name, "done", flush=True)
json.dump(out, open(sys.argv[2], "w"))

"""The matcher with extra diagnostic features as model columns, out of fold (issue 11, session 9; not shipped).

    PYTHONPATH=src python docs/experiments/llm_refused/dump_rows.py          # once: .unspin/llm_refused/rows.pkl
    PYTHONPATH=src python docs/experiments/matcher_ideas/extra_feature.py ""                 # the 15 shipped features
    PYTHONPATH=src python docs/experiments/matcher_ideas/extra_feature.py name_containment   # + one more column

5 folds grouped by article (a Reuters template row is its own group), each fitted with `train.matcher.fit`
(thresholds chosen on the training side as shipped) and applied to the held-out fold. Prints LLM R@1 over all
1,045 copies, (R@1, false accepts when withheld) per group, the templates false-accept rate and R@1 per generator.
"""
import pickle, sys
import numpy as np
import unspin.train.matcher as tm
from unspin.match.find import FEATURES
from unspin.train.matcher_data import Example
rows = pickle.load(open(".unspin/llm_refused/rows.pkl", "rb"))
extra_names = [x for x in sys.argv[1:] if x]
feats = tuple(FEATURES) + tuple(extra_names)
tm.FEATURES = feats
ex = [Example(tuple(e.features) + tuple(x[n] for n in extra_names), e.label, e.present, e.group, e.generator, e.article or cid) for e, x, cid, *_ in rows]
K = 5
arts = sorted({e.article or "" for e in ex})
fold = {a: i % K for i, a in enumerate(arts)}
acc = np.zeros(len(ex), bool)
for k in range(K):
    test = [i for i, e in enumerate(ex) if fold[e.article or ""] == k]
    train = [e for i, e in enumerate(ex) if fold[e.article or ""] != k]
    params, thr = tm.fit(train, 0)
    for i in test:
        acc[i] = tm._accepts(ex[i], params, thr)
def rate(sel, cond):
    idx = [i for i, e in enumerate(ex) if sel(e)]
    return sum(cond(i) for i in idx) / max(1, len(idx)), len(idx)
out = {}
for g in ("llm", "wmt-full", "wmt-partial", "excerpt", "spin", "shuffle"):
    r, n = rate(lambda e: e.group == g and e.present, lambda i: acc[i] and ex[i].label == 1)
    w, m = rate(lambda e: e.group == g and not e.present, lambda i: acc[i])
    out[g] = (round(r, 3), round(w, 4))
t, _ = rate(lambda e: e.group == "templates", lambda i: acc[i])
llm_r = sum(acc[i] and e.label == 1 for i, e in enumerate(ex) if e.group == "llm" and e.present) / 1045
gens = {}
for gname in sorted({e.generator for e in ex if e.group == "llm"}):
    r, n = rate(lambda e: e.group == "llm" and e.present and e.generator == gname, lambda i: acc[i] and ex[i].label == 1)
    gens[gname[:6]+gname[-3:]] = round(r, 3)
print(extra_names, "LLM R@1/1045", round(llm_r, 3), out, "templates", round(t, 4), gens)

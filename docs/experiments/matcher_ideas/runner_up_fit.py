"""Over the shipped confidence, does the runner-up's aligned similarity add anything? (5-fold logistic fit, R@1 at the same wrong rate)"""
import json, sys, numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
for f in sys.argv[1:]:
    rows = [r for r in json.load(open(f)) if r[3] is not None]
    for name in ("LLM", "WMT partial"):
        R = [r for r in rows if r[0] == name]
        y = np.array([int((not r[2]) and r[4]) for r in R])
        present = np.array([not r[2] for r in R]); held = ~present
        conf = np.clip(np.array([r[5] for r in R]), 1e-6, 1 - 1e-6)
        lg = np.log(conf / (1 - conf))
        asim = np.array([r[6] for r in R]); ru = np.array([r[7] for r in R])
        alead = np.clip(1 - ru / np.maximum(asim, 1e-6), -1, 1)
        X1 = lg[:, None]
        X2 = np.c_[lg, alead, asim]
        # operating point: shipped threshold -> current wrong rate and R@1
        thr = 0.679 if "16" in f else 0.679
        cur_r1 = ((conf >= thr) & (y == 1) & present).sum() / present.sum()
        cur_w = ((conf >= thr) & held).sum() / held.sum()
        print(f, name, "shipped: R@1", round(cur_r1, 3), "wrong", round(cur_w, 3))
        for lab, X in (("conf only", X1), ("conf+alead+asim", X2)):
            p = np.zeros(len(y))
            for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
                p[te] = LogisticRegression(C=1.0, max_iter=1000).fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
            # threshold achieving wrong rate <= cur_w (at least 1 %)
            target = max(cur_w, 0.01)
            ts = np.sort(np.unique(p))[::-1]
            best = None
            for t in ts:
                w = ((p >= t) & held).sum() / held.sum()
                if w > target: break
                best = t
            r1 = ((p >= best) & (y == 1) & present).sum() / present.sum()
            w = ((p >= best) & held).sum() / held.sum()
            print("   ", lab, "R@1", round(r1, 3), "wrong", round(w, 3))

"""Pairwise (within-article) training of the LLM model (issue 12). Same documents, folds and thresholds as the bench.

Protocol of ``bench.detect.evaluate_methods`` (LLM model only), reusing its functions: documents from
``train.methods.load_method_docs``, features from ``featurize_docs`` (cached in /tmp/llm_pairwise), outer splits
``GroupKFold(3)`` on ``Doc.group``; on each training side the threshold comes from out-of-fold scores of the
inner grouped 3-fold ``train.methods.fit_methods`` uses (``threshold_at``: FPR <= 2 % on every human kind).
``held out: <generator>`` rows refit on the training side without that generator's outputs and use the
threshold of the same fold's full fit, as the bench does.

Variants (``VARIANTS``):

* ``baseline``: ``train.methods.fit_part(..., "llm")`` unchanged (must reproduce the bench's LLM rows);
* ``pair C=..``: weight vector fitted on within-article differences x(LLM output) - x(its original) in
  ``_design`` space (label 1) and the negated differences (label 0), no intercept; then a 1-D logistic
  regression of the pointwise labels on w.x with the ``LLM_WEIGHTS`` kind weights (the calibration);
* ``pair C=.. dense-pairs`` / ``mix l=.. C=.. dense-pairs``: the same with the pair rows' hashed n-gram
  columns zeroed (pairs teach the dense style columns only);
* ``mix l=.. C=..``: one fit over the pointwise design rows (kind weights ``LLM_WEIGHTS``, total weight n)
  plus the pair-difference rows (total weight l * n, equal per pair); the intercept is an explicit column
  (value INTERCEPT on pointwise rows, 0 on pair rows) so pair rows get none.

    OMP_NUM_THREADS=1 PYTHONPATH=src python docs/experiments/llm_pairwise/run.py fit baseline "pair C=1" ...
    OMP_NUM_THREADS=1 PYTHONPATH=src python docs/experiments/llm_pairwise/run.py report > docs/experiments/llm_pairwise/results.md
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import numpy as np

WORK = Path("/tmp/llm_pairwise")
DATA = Path("../shared/data")  # run from the repository root
FOLDS = 3
INTERCEPT = 10.0
VARIANTS = ("baseline", "pair C=0.3", "pair C=1", "pair C=3") + tuple(
    f"mix l={lam:g} C={c:g}" for lam in (0.5, 1, 2) for c in (0.3, 1, 3)) + (
    "pair C=1 dense-pairs", "mix l=1 C=1 dense-pairs", "mix l=1 C=3 dense-pairs")


def load():
    """(docs, Features), featurized once and pickled in WORK."""
    from unspin.train import methods as tm
    from unspin.train.wordnet import load_thesaurus

    WORK.mkdir(parents=True, exist_ok=True)
    cache = WORK / "features.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    english, wmt, llm = DATA / "distractors", DATA / "wmt-dev", DATA / "llm-paraphrase-dev"
    docs = tm.load_method_docs(tm.news_documents(english, wmt, llm), wmt, llm, load_thesaurus(), 0)
    t = time.process_time()
    f = tm.featurize_docs(docs)
    print(f"features: {(time.process_time() - t) / len(docs) * 1000:.1f} ms CPU per document", file=sys.stderr)
    cache.write_bytes(pickle.dumps((docs, f)))
    return docs, f


class Scorer:
    """Linear score on ``_design`` rows (+ intercept), squashed by a logistic."""

    def __init__(self, mean, scale, coef, a=1.0, b=0.0):
        self.mean, self.scale, self.coef, self.a, self.b = mean, scale, coef, a, b

    def raw(self, f, idx):
        from unspin.train.methods import _design

        return _design(f, idx, self.mean, self.scale, True) @ self.coef

    def __call__(self, f, idx):
        return 1.0 / (1.0 + np.exp(-np.clip(self.a * self.raw(f, idx) + self.b, -50, 50)))


def pairs(docs, idx):
    """(llm index, original index) for every LLM output in ``idx`` whose original is in ``idx`` too."""
    orig = {docs[i].id: i for i in idx if docs[i].kind == "llm-original"}
    return np.array([(i, orig[docs[i].group]) for i in idx if docs[i].kind == "llm" and docs[i].group in orig], int)


def fit_variant(name, docs, f, idx, kinds):
    """A scorer fitted on documents ``idx`` (``kinds`` over all documents)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    from unspin.train import methods as tm
    from unspin.train.kinds import kind_weights

    idx = np.asarray(idx)
    if name == "baseline":
        part = tm.fit_part(f, idx, kinds, "llm")
        return lambda f_, i: tm.part_scores(part, f_, i)
    params = dict(p.split("=") for p in name.split()[1:] if "=" in p)
    c = float(params["C"])
    x = f.dense[idx]
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    pr = pairs(docs, idx)
    diff = tm._design(f, pr[:, 0], mean, scale, True) - tm._design(f, pr[:, 1], mean, scale, True)
    if name.endswith("dense-pairs"):  # pair rows carry the dense differences only (hashed n-gram columns zeroed)
        d = f.dense.shape[1]
        diff = sparse.hstack([diff[:, :d], sparse.csr_matrix((len(pr), diff.shape[1] - d))]).tocsr()
    k = np.asarray(kinds)[idx]
    y_point = (k == "llm").astype(int)
    w_point = kind_weights(k, tm.LLM_WEIGHTS)  # sums to len(idx)
    if name.startswith("pair"):
        xs = sparse.vstack([diff, -diff]).tocsr()
        ys = np.r_[np.ones(len(pr)), np.zeros(len(pr))]
        ws = np.full(2 * len(pr), len(idx) / (2 * len(pr)))  # same total weight as the pointwise fit
        lr = LogisticRegression(C=c, max_iter=3000, fit_intercept=False).fit(xs, ys, sample_weight=ws)
        s = Scorer(mean, scale, lr.coef_[0])
        cal = LogisticRegression(C=1e6, max_iter=1000).fit(s.raw(f, idx).reshape(-1, 1), y_point, sample_weight=w_point)
        s.a, s.b = float(cal.coef_[0, 0]), float(cal.intercept_[0])
        return s
    lam = float(params["l"])
    point = tm._design(f, idx, mean, scale, True)
    xs = sparse.vstack([
        sparse.hstack([point, sparse.csr_matrix(np.full((len(idx), 1), INTERCEPT))]),
        sparse.hstack([sparse.vstack([diff, -diff]), sparse.csr_matrix((2 * len(pr), 1))]),
    ]).tocsr()
    ys = np.r_[y_point, np.ones(len(pr)), np.zeros(len(pr))]
    ws = np.r_[w_point, np.full(2 * len(pr), lam * len(idx) / (2 * len(pr)))]
    lr = LogisticRegression(C=c, max_iter=3000, fit_intercept=False).fit(xs, ys, sample_weight=ws)
    return Scorer(mean, scale, lr.coef_[0][:-1], 1.0, float(lr.coef_[0][-1] * INTERCEPT))


def evaluate(name, docs, f):
    """Held-out scores and decisions: grouped, and per held-out generator (the bench's protocol)."""
    from sklearn.model_selection import GroupKFold

    from unspin.train.methods import threshold_at

    kinds = np.array([d.kind for d in docs])
    gens = np.array([d.generator for d in docs])
    groups = np.array([d.group for d in docs])
    splits = list(GroupKFold(n_splits=FOLDS).split(np.zeros(len(docs)), groups=groups))
    out = {"p": np.zeros(len(docs)), "hit": np.zeros(len(docs), bool), "thresholds": [], "held": {}}
    for tr, te in splits:
        oof = np.zeros(len(tr))
        for itr, ite in GroupKFold(n_splits=FOLDS).split(tr, groups=groups[tr]):  # fit_methods' inner loop
            oof[ite] = fit_variant(name, docs, f, tr[itr], kinds)(f, tr[ite])
        thr = threshold_at(oof, kinds[tr])
        out["thresholds"].append(thr)
        out["p"][te] = fit_variant(name, docs, f, tr, kinds)(f, te)
        out["hit"][te] = out["p"][te] >= thr
    for g in sorted(set(gens[kinds == "llm"])):
        exclude = (kinds == "llm") & (gens == g)
        p, hit = np.zeros(len(docs)), np.zeros(len(docs), bool)
        for k, (tr, te) in enumerate(splits):
            p[te] = fit_variant(name, docs, f, tr[~exclude[tr]], kinds)(f, te)
            hit[te] = p[te] >= out["thresholds"][k]
        out["held"][g] = (p, hit)
    return out


def grouped_auc_diff(pa, pb, pos, neg, groups, n_boot=1000, seed=0):
    """AUC of a, of b and of b - a (pos vs neg) with 95 % intervals, resampling articles (a copy goes with its original)."""
    from sklearn.metrics import roc_auc_score

    m = pos | neg
    y, a, b, g = pos[m].astype(int), pa[m], pb[m], np.asarray(groups)[m]
    uniq, inv = np.unique(g, return_inverse=True)
    members = [np.flatnonzero(inv == u) for u in range(len(uniq))]
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(n_boot):
        take = np.concatenate([members[u] for u in rng.integers(0, len(uniq), len(uniq))])
        if 0 < y[take].sum() < len(take):
            ra, rb = roc_auc_score(y[take], a[take]), roc_auc_score(y[take], b[take])
            boots.append((ra, rb, rb - ra))
    boots = np.array(boots)
    point = (roc_auc_score(y, a), roc_auc_score(y, b))
    point = (*point, point[1] - point[0])
    return [(p, *np.percentile(boots[:, j], [2.5, 97.5])) for j, p in enumerate(point)]


def report(docs, names):
    from sklearn.metrics import roc_auc_score

    from unspin.train.methods import HUMAN_KINDS

    kinds = np.array([d.kind for d in docs])
    gens = np.array([d.generator for d in docs])
    groups = np.array([d.group for d in docs])
    pos_all = kinds == "llm"
    human = np.isin(kinds, HUMAN_KINDS)
    own = kinds == "llm-original"
    results = {n: pickle.loads((WORK / f"{n}.pkl").read_bytes()) for n in names if (WORK / f"{n}.pkl").exists()}
    gl = sorted(set(gens[pos_all]))

    def auc(p, pos, neg):
        m = pos | neg
        return roc_auc_score(pos[m].astype(int), p[m])

    head = ["variant", "AUC vs llm-original", "AUC vs all human"] + [f"held out {g}" for g in gl] + [
        f"FPR {k}" for k in HUMAN_KINDS] + ["FPR mt", "FPR spun", "recall", "held-out recall (min)", "pair acc"]
    pr = pairs(docs, np.arange(len(docs)))
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for n, r in results.items():
        p, hit = r["p"], r["hit"]
        cells = [n, f"{auc(p, pos_all, own):.3f}", f"{auc(p, pos_all, human):.3f}"]
        cells += [f"{auc(r['held'][g][0], pos_all & (gens == g), own):.3f}" for g in gl]
        cells += [f"{hit[kinds == k].mean():.3f}" for k in HUMAN_KINDS + ("mt", "spun")]
        cells += [f"{hit[pos_all].mean():.3f}",
                  f"{min(r['held'][g][1][pos_all & (gens == g)].mean() for g in gl):.3f}",
                  f"{(p[pr[:, 0]] > p[pr[:, 1]]).mean():.3f}"]  # LLM output above its own original (held out)
        print("| " + " | ".join(cells) + " |")
    print()
    # Held-out generator rows' human FPR (each refit at its fold's threshold): the worst across generators.
    print("Held-out-generator refits, worst FPR per human kind over the five refits: ")
    for n, r in results.items():
        worst = {k: max(r["held"][g][1][kinds == k].mean() for g in gl) for k in HUMAN_KINDS}
        print(f"- {n}: " + ", ".join(f"{k} {v:.3f}" for k, v in worst.items()))
    print()
    if "baseline" in results and len(results) > 1:
        best = max((n for n in results if n != "baseline"), key=lambda n: auc(results[n]["p"], pos_all, own))
        print(f"95 % intervals over articles (1,000 resamples of groups), grouped AUC vs llm-original, baseline vs {best}:")
        (a, alo, ahi), (b, blo, bhi), (d, dlo, dhi) = grouped_auc_diff(results["baseline"]["p"], results[best]["p"],
                                                                      pos_all, own, groups)
        print(f"- baseline {a:.3f} [{alo:.3f}, {ahi:.3f}]; {best} {b:.3f} [{blo:.3f}, {bhi:.3f}]; "
              f"paired difference {d:+.3f} [{dlo:+.3f}, {dhi:+.3f}]")


def main() -> None:
    docs, f = load()
    if sys.argv[1] == "report":
        report(docs, sys.argv[2:] or VARIANTS)
        return
    print(f"{len(docs)} documents, {len(pairs(docs, np.arange(len(docs))))} pairs", file=sys.stderr)
    for name in sys.argv[2:] or VARIANTS:
        t = time.time()
        r = evaluate(name, docs, f)
        (WORK / f"{name}.pkl").write_bytes(pickle.dumps(r))
        print(f"{name}: {time.time() - t:.0f} s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()

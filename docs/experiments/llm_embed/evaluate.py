"""Do frozen e5-small embeddings add to the LLM model? Same documents, folds and thresholds as the bench.

Protocol of ``bench.detect.evaluate_methods`` (LLM model only): grouped 3-fold by article over the 4,612
method documents (``GroupKFold`` on ``Doc.group``, the bench's own splits); on each training side every
setting is chosen and every threshold set from out-of-fold scores of an inner grouped 3-fold
(``train.methods.fit_methods``'s inner loop), threshold = FPR <= 2 % on every human kind
(``train.methods.threshold_at``). ``held out: <generator>`` rows refit without that generator (the
settings are re-chosen without it too) and use the threshold of the same fold's full fit, as the bench does.

Variants:

* ``today``: ``train.methods.fit_part(..., "llm")`` unchanged (must reproduce the bench's LLM rows);
* ``embedding alone``: logistic regression on the standardised 384-d embedding, kind weights
  ``LLM_WEIGHTS``, C chosen from C_GRID by inner out-of-fold AUC vs llm-original;
* ``today + embedding``: today's design matrix with the 384 embedding columns as extra dense columns
  (standardised, times a weight chosen from W_GRID the same way, sharing today's C = 1 penalty);
* ``stacked``: logistic regression over [today's logit, the embedding model's logit], fitted on the inner
  out-of-fold logits of both (its own threshold from a cross-fit over the same inner folds).

Farm pages: every variant fitted on all 4,612 documents (settings and threshold from a grouped 3-fold
over all of them), applied to the English sentences of ``tests/data/farm/pages.jsonl``.

    PYTHONPATH=src python docs/experiments/llm_embed/evaluate.py > docs/experiments/llm_embed/results.md
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from embed import CACHE, WORK, documents, farm_pages  # noqa: E402

import os  # noqa: E402

# GRID=wide (second run): the first run chose the grids' lowest C on every training side and often the lowest
# weight, so the grids were extended downwards (still chosen on training folds only).
if os.environ.get("GRID") == "wide":
    C_GRID = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03)
    W_GRID = (0.003, 0.01, 0.03, 0.1)
else:
    C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
    W_GRID = (0.03, 0.1, 0.3)
VARIANTS = ("today", "embedding alone", "today + embedding", "stacked")


def grouped_auc_ci(p, pos, neg, groups, n_boot=500, seed=0):
    """AUC of pos vs neg and a 95 % interval from resampling articles: docs/experiments/lm_score's, 500 resamples."""
    import importlib.util

    here = Path(__file__).resolve().parents[1] / "lm_score"
    sys.path.insert(0, str(here))  # its `from score import documents`
    spec = importlib.util.spec_from_file_location("lm_score_evaluate", here / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.grouped_auc_ci(p, pos, neg, groups, n_boot, seed)


def main() -> None:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    from unspin.detect.features import HASH_BUCKETS
    from unspin.detect.llm import llm_hashed
    from unspin.detect.method import method_features
    from unspin.detect.model import LinearPart
    from unspin.train import methods as tm
    from unspin.train.kinds import kind_weights

    t0 = time.time()
    docs = documents()
    z = np.load(WORK / "features.npz", allow_pickle=True)
    f = tm.Features(z["dense"], tuple(z["hashed"]))
    cache = np.load(CACHE, allow_pickle=True).item()
    E = np.stack([cache[d.id]["emb"] for d in docs]).astype(np.float64)
    cpu = np.array([cache[d.id]["cpu_s"] for d in docs])
    toks = np.array([cache[d.id]["tokens"] for d in docs])
    kinds = np.array([d.kind for d in docs])
    gens = np.array([d.generator for d in docs])
    groups = np.array([d.group for d in docs])
    d_dense = f.dense.shape[1]
    fx = tm.Features(np.hstack([f.dense, E]), f.hashed)  # today's dense columns + the embedding
    print(f"{len(docs)} documents; " + ", ".join(f"{k} {int((kinds == k).sum())}" for k in sorted(set(kinds))))
    print(f"\nEmbedding cost: median {np.median(cpu):.3f} CPU-s per document (mean {cpu.mean():.3f}, p90 "
          f"{np.percentile(cpu, 90):.3f}; 1 thread; prefix median {np.median(toks):.0f} tokens, max {toks.max()})\n")

    def auc_own(p, kk):
        pos, neg = kk == "llm", kk == "llm-original"
        m = pos | neg
        return roc_auc_score(pos[m].astype(int), p[m]) if pos.any() and neg.any() else float("nan")

    # --- the base learners (all return logits) ---
    def fit_today(idx):
        part = tm.fit_part(f, idx, kinds, "llm")
        return lambda te: part.logits(f.dense[te], [f.hashed[i] for i in te])

    def fit_emb(idx, c):
        mean, sd = E[idx].mean(0), E[idx].std(0) + 1e-9
        lr = LogisticRegression(C=c, max_iter=3000)
        lr.fit((E[idx] - mean) / sd, (kinds[idx] == "llm").astype(int), sample_weight=kind_weights(kinds[idx], tm.LLM_WEIGHTS))
        return lambda te: lr.decision_function((E[te] - mean) / sd)

    def fit_comb(idx, w):
        """train.methods.fit_part for "llm", with the embedding columns weighted w instead of DENSE_WEIGHT."""
        x = fx.dense[idx]
        mean, scale = x.mean(0), x.std(0)
        scale[scale < 1e-9] = 1.0
        wv = np.r_[np.full(d_dense, tm.DENSE_WEIGHT), np.full(E.shape[1], w)]

        def design(ix):
            dense = sparse.csr_matrix((fx.dense[ix] - mean) / scale * wv)
            rows, cols, vals = [], [], []
            for r, i in enumerate(ix):
                h = f.hashed[i]
                rows.extend([r] * len(h)); cols.extend(h.keys()); vals.extend(h.values())
            return sparse.hstack([dense, sparse.csr_matrix((vals, (rows, cols)), shape=(len(ix), HASH_BUCKETS))]).tocsr()

        lr = LogisticRegression(C=tm.C_LLM, max_iter=3000)
        lr.fit(design(idx), (kinds[idx] == "llm").astype(int), sample_weight=kind_weights(kinds[idx], tm.LLM_WEIGHTS))
        part = LinearPart(mean, scale, lr.coef_[0][:len(wv)] * wv, lr.coef_[0][len(wv):], float(lr.intercept_[0]))
        return lambda te: part.logits(fx.dense[te], [fx.hashed[i] for i in te])

    def fit_stack(s, idx):
        mean, sd = s.mean(0), s.std(0) + 1e-9
        lr = LogisticRegression(C=1.0, max_iter=2000)
        lr.fit((s - mean) / sd, (kinds[idx] == "llm").astype(int), sample_weight=kind_weights(kinds[idx], tm.LLM_WEIGHTS))
        return lambda x: lr.decision_function((x - mean) / sd), lr.coef_[0] / sd

    def fit_all(idx):
        """Every variant on documents idx: settings + thresholds from an inner grouped 3-fold, then full fits."""
        kk = kinds[idx]
        inner = list(GroupKFold(n_splits=3).split(idx, groups=groups[idx]))
        oof = {"today": np.zeros(len(idx)), **{("emb", c): np.zeros(len(idx)) for c in C_GRID},
               **{("comb", w): np.zeros(len(idx)) for w in W_GRID}}
        for itr, ite in inner:
            oof["today"][ite] = fit_today(idx[itr])(idx[ite])
            for c in C_GRID:
                oof[("emb", c)][ite] = fit_emb(idx[itr], c)(idx[ite])
            for w in W_GRID:
                oof[("comb", w)][ite] = fit_comb(idx[itr], w)(idx[ite])
        c = max(C_GRID, key=lambda c: auc_own(oof[("emb", c)], kk))
        w = max(W_GRID, key=lambda w: auc_own(oof[("comb", w)], kk))
        s = np.c_[oof["today"], oof[("emb", c)]]
        stack_oof = np.zeros(len(idx))
        for itr, ite in inner:
            stack_oof[ite] = fit_stack(s[itr], idx[itr])[0](s[ite])
        today, emb, comb = fit_today(idx), fit_emb(idx, c), fit_comb(idx, w)
        stacker, coef = fit_stack(s, idx)
        scorers = {"today": today, "embedding alone": emb, "today + embedding": comb,
                   "stacked": lambda te: stacker(np.c_[today(te), emb(te)])}
        oofs = {"today": oof["today"], "embedding alone": oof[("emb", c)], "today + embedding": oof[("comb", w)],
                "stacked": stack_oof}
        thr = {v: tm.threshold_at(oofs[v], kk) for v in VARIANTS}
        info = {"C": c, "w": w, "stack_coef": coef,
                "inner_auc": {v: auc_own(oofs[v], kk) for v in VARIANTS},
                "inner_auc_C": {c_: round(auc_own(oof[("emb", c_)], kk), 3) for c_ in C_GRID},
                "inner_auc_w": {w_: round(auc_own(oof[("comb", w_)], kk), 3) for w_ in W_GRID}}
        return scorers, thr, info

    splits = list(GroupKFold(n_splits=3).split(np.zeros(len(docs)), groups=list(groups)))
    generators = sorted(set(gens[kinds == "llm"]))
    runs = {}
    fold_thr = []
    for g in ["all"] + generators:
        ex = (kinds == "llm") & (gens == g) if g != "all" else np.zeros(len(docs), bool)
        p = {v: np.zeros(len(docs)) for v in VARIANTS}
        hit = {v: np.zeros(len(docs), bool) for v in VARIANTS}
        infos = []
        for k, (tr, te) in enumerate(splits):
            scorers, thr, info = fit_all(tr[~ex[tr]])
            if g == "all":
                fold_thr.append(thr)
            infos.append(info)
            for v in VARIANTS:
                p[v][te] = scorers[v](te)
                hit[v][te] = p[v][te] >= fold_thr[k][v]
        runs[g] = (p, hit, infos)
        pos = (kinds == "llm") if g == "all" else ex
        for v in VARIANTS:  # progress, so a cut-short run still says something
            m = pos | (kinds == "llm-original")
            print(f"  {g} {v}: AUC vs llm-original {roc_auc_score(pos[m].astype(int), p[v][m]):.3f}, recall "
                  f"{hit[v][pos].mean():.3f}, FPR " + " ".join(f"{k} {hit[v][kinds == k].mean():.3f}" for k in tm.HUMAN_KINDS),
                  file=sys.stderr, flush=True)
        print(f"[{time.time() - t0:.0f}s] {g}: C {[i['C'] for i in infos]}, w {[i['w'] for i in infos]}, "
              f"stack coef {[np.round(i['stack_coef'], 2).tolist() for i in infos]}", file=sys.stderr, flush=True)

    humans = [k for k in tm.HUMAN_KINDS]
    print("## Held-out LLM rows (grouped 3-fold by article; held out = fitted without that generator)\n")
    print("| variant | split | n_pos | AUC vs llm-original [95 % CI, articles resampled] | AUC vs all human | "
          + " | ".join(f"FPR {k}" for k in humans) + " | FPR mt | FPR spun | recall |")
    print("|---|---|---|---|---|" + "---|" * (len(humans) + 3))
    for v in VARIANTS:
        for g in ["all"] + generators:
            p, hit, _ = runs[g]
            pos = (kinds == "llm") if g == "all" else (kinds == "llm") & (gens == g)
            a, lo, hi = grouped_auc_ci(p[v], pos, kinds == "llm-original", groups)
            m = pos | np.isin(kinds, humans)
            fprs = " | ".join(f"{hit[v][kinds == k].mean():.3f}" for k in humans + ["mt", "spun"])
            split = "grouped 3-fold by article" if g == "all" else f"held out: {g}"
            print(f"| {v} | {split} | {int(pos.sum())} | {a:.3f} [{lo:.3f}, {hi:.3f}] | "
                  f"{roc_auc_score(pos[m].astype(int), p[v][m]):.3f} | {fprs} | {hit[v][pos].mean():.3f} |")
    print("\nSettings chosen on the training sides (inner grouped 3-fold AUC vs llm-original), per outer fold:\n")
    for g in ["all"] + generators:
        for k, i in enumerate(runs[g][2]):
            print(f"- {g} fold {k + 1}: embedding C {i['C']} (inner AUC by C {i['inner_auc_C']}), embedding weight "
                  f"{i['w']} (by weight {i['inner_auc_w']}), stack coef [today, emb] per SD "
                  f"{np.round(i['stack_coef'], 3).tolist()}, inner AUC "
                  + ", ".join(f"{v} {a:.3f}" for v, a in i["inner_auc"].items()))
    sys.stdout.flush()

    # --- farm pages: each variant fitted on all documents ---
    pages = farm_pages()
    scorers, thr, info = fit_all(np.arange(len(docs)))
    n0 = len(docs)
    sc = [p for p in pages if p[2] == "en" and p[3]]  # mt_score scores English pages only
    dense = np.array([method_features(s) for _, _, _, s in sc])
    hashed = tuple(llm_hashed(s) for _, _, _, s in sc)
    Ef = np.stack([cache[f"farm:{i}"]["emb"] for i, _, _, _ in sc]).astype(np.float64)
    # Append the pages to the feature stores so the scorers can index them.
    f = tm.Features(np.vstack([f.dense, dense]), f.hashed + hashed)
    fx = tm.Features(np.hstack([f.dense, np.vstack([E, Ef])]), f.hashed)
    E = np.vstack([E, Ef])
    te = np.arange(n0, n0 + len(sc))
    fkinds = np.array([k for _, k, _, _ in sc])
    print(f"\n## Farm dev pages (`tests/data/farm/pages.jsonl`, {len(pages)} pages, {len(sc)} scored as English; "
          f"models fitted on all {n0} documents, C {info['C']}, weight {info['w']})\n")
    print("| variant | threshold (logit) | " + " | ".join(f"{k} (n={int((fkinds == k).sum())})" for k in sorted(set(fkinds))) + " |")
    print("|---|---|" + "---|" * len(set(fkinds)))
    for v in VARIANTS:
        s = scorers[v](te)
        print(f"| {v} | {thr[v]:.3f} | " + " | ".join(f"{int((s[fkinds == k] >= thr[v]).sum())}" for k in sorted(set(fkinds))) + " |")
    print("\n(cells: pages at or above the LLM threshold)")
    print(f"\n[{time.time() - t0:.0f}s total]", file=sys.stderr)


if __name__ == "__main__":
    main()

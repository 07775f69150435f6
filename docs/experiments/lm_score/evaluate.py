"""LM scores (score.py's JSON lines) + the cheap features of ``train.methods`` -> held-out LLM rows (markdown).

Same documents, folds and thresholds as ``unspin bench detect --only methods`` (``bench.detect.evaluate_methods``):
grouped 3-fold by article; ``held out: <generator>`` trains the LLM model without that generator's
outputs and tests on them at the threshold of the same fold's full fit (FPR <= 2 % per human kind,
out of fold). Variants: the cheap model as shipped, the LM statistics alone (a logistic over them,
same folds and weights), and the cheap model with the LM statistics as extra dense columns.
Documents without an LM score are dropped from every variant (so all variants see the same documents).

    PYTHONPATH=src python docs/experiments/lm_score/evaluate.py /tmp/lm/scores.jsonl* > /tmp/lm/eval.md
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from score import documents  # noqa: E402

LM_COLUMNS = ("curvature", "mean_logp", "mean_entropy", "ppl_entropy_ratio", "mean_log_rank", "top1_share", "logp_sd")
HUMAN = ("reuters", "wmt-english", "llm-original", "human-translation")


def read_scores(paths):
    out = {}
    for p in paths:
        for line in Path(p).read_text().splitlines():
            if line.strip().startswith("{") and '"id"' in line:
                d = json.loads(line)
                out[d["id"]] = d
    return out


def grouped_auc_ci(p, pos, neg, groups, n_boot=1000, seed=0):
    """AUC of pos vs neg and a 95 % interval from resampling articles (a copy goes with its original)."""
    from sklearn.metrics import roc_auc_score

    m = pos | neg
    y, s, g = pos[m].astype(int), p[m], np.asarray(groups)[m]
    auc = roc_auc_score(y, s)
    uniq = np.unique(g)
    idx_of = {u: np.flatnonzero(g == u) for u in uniq}
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(n_boot):
        take = np.concatenate([idx_of[u] for u in rng.choice(uniq, len(uniq))])
        if 0 < y[take].sum() < len(take):
            boots.append(roc_auc_score(y[take], s[take]))
    lo, hi = np.percentile(boots, [2.5, 97.5])
    return float(auc), float(lo), float(hi)


def main() -> None:
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    from unspin.train import methods as tm

    scores = read_scores(sys.argv[1:])
    docs = [d for d in documents() if d.id in scores]
    cache = Path("/tmp/lm/features.npz")
    all_docs = documents()
    if cache.exists():
        z = np.load(cache, allow_pickle=True)
        dense_all, hashed_all = z["dense"], list(z["hashed"])
    else:
        f_all = tm.featurize_docs(all_docs)
        dense_all, hashed_all = f_all.dense, list(f_all.hashed)
        np.savez(cache, dense=dense_all, hashed=np.array(hashed_all, dtype=object))
    pos_of = {d.id: k for k, d in enumerate(all_docs)}
    take = np.array([pos_of[d.id] for d in docs])
    lm = np.array([[scores[d.id][c] for c in LM_COLUMNS] for d in docs])
    kinds = np.array([d.kind for d in docs])
    gens = np.array([d.generator for d in docs])
    groups = [d.group for d in docs]
    print(f"documents scored: {len(docs)} of {len(all_docs)}; " +
          ", ".join(f"{k} {int((kinds == k).sum())}" for k in sorted(set(kinds))))
    cpu = np.array([scores[d.id]["cpu_s"] for d in docs])
    ntok = np.array([scores[d.id]["n_tokens"] for d in docs])
    print(f"cost: median {np.median(cpu):.3f} CPU-s/document (mean {cpu.mean():.3f}), mean {ntok.mean():.0f} tokens\n")

    # 1. Each raw statistic on its own (no fitting): LLM vs the articles they rewrote, per generator.
    pos, neg = kinds == "llm", kinds == "llm-original"
    print("| statistic (no fitting) | AUC vs llm-original [95 % CI, articles resampled] | " +
          " | ".join(sorted(set(gens[pos]))) + " | AUC vs reuters |")
    print("|---|---|" + "---|" * (len(set(gens[pos])) + 1))
    for j, c in enumerate(LM_COLUMNS):
        s = lm[:, j]
        a, lo, hi = grouped_auc_ci(s, pos, neg, groups)
        sign = 1 if a >= 0.5 else -1
        a, lo, hi = (a, lo, hi) if sign == 1 else (1 - a, 1 - hi, 1 - lo)
        per = []
        for g in sorted(set(gens[pos])):
            pg = pos & (gens == g)
            m = pg | neg
            per.append(f"{roc_auc_score(pg[m], sign * s[m]):.3f}")
        m = pos | (kinds == "reuters")
        rs = roc_auc_score(pos[m], sign * s[m]) if (kinds == "reuters").any() else float("nan")
        print(f"| {c} ({'higher' if sign == 1 else 'lower'} = LLM) | {a:.3f} [{lo:.3f}, {hi:.3f}] | " + " | ".join(per) + f" | {rs:.3f} |")
    print()

    variants = {
        "cheap (shipped features)": tm.Features(dense_all[take], tuple(hashed_all[i] for i in take)),
        "LM statistics alone": tm.Features(lm, tuple({} for _ in docs)),
        "cheap + LM statistics": tm.Features(np.hstack([dense_all[take], lm]), tuple(hashed_all[i] for i in take)),
    }
    splits = list(GroupKFold(n_splits=3).split(np.zeros(len(docs)), groups=groups))
    print("| variant | split | n_pos | AUC vs llm-original [95 % CI] | AUC vs all human | FPR reuters | FPR wmt-english | "
          "FPR llm-original | FPR human-translation | FPR mt | FPR spun | recall |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, f in variants.items():
        p = np.zeros(len(docs))
        hit = np.zeros(len(docs), bool)
        thr = []
        for tr, te in splits:
            # fit_methods' threshold logic (out-of-fold within the training side), LLM model only.
            inner = np.zeros(len(tr))
            for itr, ite in GroupKFold(n_splits=3).split(tr, groups=[groups[i] for i in tr]):
                inner[ite] = tm.part_scores(tm.fit_part(f, tr[itr], kinds, "llm"), f, tr[ite])
            t = tm.threshold_at(inner, kinds[tr])
            thr.append(t)
            p[te] = tm.part_scores(tm.fit_part(f, tr, kinds, "llm"), f, te)
            hit[te] = p[te] >= t

        def row(split, p, hit, pos):
            a, lo, hi = grouped_auc_ci(p, pos, kinds == "llm-original", groups, n_boot=300)
            m = pos | np.isin(kinds, HUMAN)
            allh = roc_auc_score(pos[m], p[m])
            fprs = " | ".join(f"{hit[kinds == k].mean():.3f}" if (kinds == k).any() else "–"
                              for k in HUMAN[:1] + ("wmt-english", "llm-original", "human-translation", "mt", "spun"))
            print(f"| {name} | {split} | {int(pos.sum())} | {a:.3f} [{lo:.3f}, {hi:.3f}] | {allh:.3f} | {fprs} | {hit[pos].mean():.3f} |")

        row("grouped 3-fold by article", p, hit, kinds == "llm")
        for g in sorted(set(gens[kinds == "llm"])):
            ex = (kinds == "llm") & (gens == g)
            pg = np.zeros(len(docs))
            hg = np.zeros(len(docs), bool)
            for k, (tr, te) in enumerate(splits):
                pg[te] = tm.part_scores(tm.fit_part(f, tr[~ex[tr]], kinds, "llm"), f, te)
                hg[te] = pg[te] >= thr[k]
            row(f"held out: {g}", pg, hg, ex)
        sys.stdout.flush()


if __name__ == "__main__":
    main()

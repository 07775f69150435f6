"""Stacking on a sample: the cheap model's held-out logit (trained on ALL documents) + LM statistics -> held-out LLM rows.

``evaluate.py`` refits the cheap model on the scored sample only, which starves it (a few hundred
documents instead of 4,612). Here the cheap LLM model is fitted exactly as in ``unspin bench detect
--only methods`` on every document (grouped 3-fold by article; for ``held out: <generator>``, without
that generator's outputs), and its held-out logit is one input of a second-level logistic
regression over [cheap logit, LM statistics], fitted on the scored sample with the same article
folds (and, per held-out generator, without that generator). The baseline on the same documents
is the cheap logit alone. Threshold: FPR <= 2 % per human kind on the training side, out of fold.

    PYTHONPATH=src python docs/experiments/lm_score/stack.py /tmp/lm/scores.*.jsonl > /tmp/lm/stack.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from evaluate import HUMAN, LM_COLUMNS, grouped_auc_ci, read_scores  # noqa: E402
from score import documents  # noqa: E402


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    from unspin.train import methods as tm
    from unspin.train.kinds import kind_weights

    scores = read_scores(sys.argv[1:])
    docs = documents()
    z = np.load("/tmp/lm/features.npz", allow_pickle=True)
    f = tm.Features(z["dense"], tuple(z["hashed"]))
    kinds_all = np.array([d.kind for d in docs])
    gens_all = np.array([d.generator for d in docs])
    groups_all = [d.group for d in docs]
    splits = list(GroupKFold(n_splits=3).split(np.zeros(len(docs)), groups=groups_all))
    cache = Path("/tmp/lm/cheap_oof.npz")
    names = ["all"] + sorted(set(gens_all[kinds_all == "llm"]))
    if cache.exists():
        oof = dict(np.load(cache))
    else:
        oof = {}
        for g in names:
            ex = (kinds_all == "llm") & (gens_all == g) if g != "all" else np.zeros(len(docs), bool)
            p = np.zeros(len(docs))
            for tr, te in splits:
                p[te] = tm.part_scores(tm.fit_part(f, tr[~ex[tr]], kinds_all, "llm"), f, te)
            oof[g] = p
            print(f"cheap held-out fitted: {g}", file=sys.stderr, flush=True)
        np.savez(cache, **oof)
    take = np.array([k for k, d in enumerate(docs) if d.id in scores])
    kinds, gens = kinds_all[take], gens_all[take]
    groups = [groups_all[k] for k in take]
    fold_of = np.zeros(len(docs), int)
    for k, (_, te) in enumerate(splits):
        fold_of[te] = k
    fold = fold_of[take]
    lm = np.array([[scores[docs[k].id][c] for c in LM_COLUMNS] for k in take])
    print(f"scored sample: {len(take)} documents; " + ", ".join(f"{k} {int((kinds == k).sum())}" for k in sorted(set(kinds))))
    cpu = np.array([scores[docs[k].id]["cpu_s"] for k in take])
    print(f"LM cost: median {np.median(cpu):.2f} CPU-s per document (mean {cpu.mean():.2f}, 1 thread, <= 256 tokens)\n")

    def logit(p):
        p = np.clip(p, 1e-9, 1 - 1e-9)
        return np.log(p / (1 - p))

    def fit_predict(x, tr, te):
        mean, sd = x[tr].mean(0), x[tr].std(0) + 1e-9
        lr = LogisticRegression(C=1.0, max_iter=2000)
        lr.fit((x[tr] - mean) / sd, (kinds[tr] == "llm").astype(int), sample_weight=kind_weights(kinds[tr], tm.LLM_WEIGHTS))
        return lr.decision_function((x[te] - mean) / sd)

    def run(x, ex):
        """Held-out stacked logits on the sample (same article folds as the cheap model), per-fold thresholds."""
        p = np.zeros(len(take))
        hit = np.zeros(len(take), bool)
        for k in range(3):
            tr, te = np.flatnonzero((fold != k) & ~ex), np.flatnonzero(fold == k)
            inner = np.zeros(len(tr))
            for itr, ite in GroupKFold(n_splits=3).split(tr, groups=[groups[i] for i in tr]):
                inner[ite] = fit_predict(x, tr[itr], tr[ite])
            t = tm.threshold_at(inner, kinds[tr])
            p[te] = fit_predict(x, tr, te)
            hit[te] = p[te] >= t
        return p, hit

    print("| variant | split | n_pos | AUC vs llm-original [95 % CI, articles resampled] | AUC vs all human | "
          "FPR reuters | FPR wmt-english | FPR llm-original | recall |")
    print("|---|---|---|---|---|---|---|---|---|")
    for g in names:
        ex = (kinds == "llm") & (gens == g) if g != "all" else np.zeros(len(take), bool)
        pos = kinds == "llm" if g == "all" else ex
        cheap = logit(oof[g][take])[:, None]
        for name, x in (("cheap logit alone (refit on sample)", cheap), ("LM statistics alone", lm),
                        ("cheap logit + LM statistics", np.hstack([cheap, lm])),
                        ("cheap logit + curvature", np.hstack([cheap, lm[:, :1]]))):
            p, hit = run(x, ex)
            a, lo, hi = grouped_auc_ci(p, pos, kinds == "llm-original", groups, n_boot=500)
            m = pos | np.isin(kinds, HUMAN)
            fprs = " | ".join(f"{hit[kinds == k].mean():.3f}" for k in ("reuters", "wmt-english", "llm-original"))
            split = "grouped 3-fold by article" if g == "all" else f"held out: {g}"
            print(f"| {name} | {split} | {int(pos.sum())} | {a:.3f} [{lo:.3f}, {hi:.3f}] | "
                  f"{roc_auc_score(pos[m], p[m]):.3f} | {fprs} | {hit[pos].mean():.3f} |")
        # The cheap model as it is (its own held-out probabilities, no second level) on the same documents.
        a, lo, hi = grouped_auc_ci(oof[g][take], pos, kinds == "llm-original", groups, n_boot=500)
        print(f"| cheap model as fitted on all documents (no refit) | {'grouped 3-fold by article' if g == 'all' else f'held out: {g}'} "
              f"| {int(pos.sum())} | {a:.3f} [{lo:.3f}, {hi:.3f}] | – | – | – | – | – |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

"""AUC of the LLM model by how much of its original each LLM output reproduces (reads oof.py's output).

    PYTHONPATH=src python docs/experiments/llm_ceiling/strata.py OOF.jsonl
"""

from __future__ import annotations

import json
import sys

import numpy as np
from sklearn.metrics import roc_auc_score

ECHO = 0.95  # an output holding >= 95 % of its original's 5-word shingles reproduces the article whole


def auc(pos: list[dict], neg: list[dict], key=lambda r: r["p"]) -> float:
    y = [1] * len(pos) + [0] * len(neg)
    return float(roc_auc_score(y, [key(r) for r in pos] + [key(r) for r in neg]))


def interval(pos: list[dict], neg: list[dict], seed: int = 0, n: int = 1000) -> tuple[float, float]:
    """95 % bootstrap over articles (an output goes with its original)."""
    rng = np.random.default_rng(seed)
    groups = sorted({r["group"] for r in neg})
    by_pos: dict[str, list[dict]] = {}
    for r in pos:
        by_pos.setdefault(r["group"], []).append(r)
    by_neg = {r["group"]: r for r in neg}
    vals = []
    for _ in range(n):
        pick = rng.choice(len(groups), len(groups))
        p = [r for i in pick for r in by_pos.get(groups[i], [])]
        q = [by_neg[groups[i]] for i in pick]
        if p:
            vals.append(auc(p, q))
    return float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5))


def main(path: str) -> None:
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    orig = [r for r in rows if r["kind"] == "llm-original"]
    llm = [r for r in rows if r["kind"] == "llm"]
    echo = [r for r in llm if r.get("kept", 0) >= ECHO]
    rest = [r for r in llm if r.get("kept", 0) < ECHO]
    print(f"| LLM outputs | n | grouped 3-fold AUC vs their originals [95 %] | " + " | ".join(
        f"held out: {g}" for g in sorted({r['generator'] for r in llm})) + " |")
    print("|---|---|---|" + "---|" * len({r["generator"] for r in llm}))
    for name, sel in (("all", llm), (f"reproduce the original whole (>= {ECHO:.0%} of its 5-grams) and continue", echo),
                      ("the rest (paraphrase / rewrite the article)", rest)):
        lo, hi = interval(sel, orig)
        cells = []
        for g in sorted({r["generator"] for r in llm}):
            mine = [r for r in sel if r["generator"] == g]
            cells.append(f"{auc(mine, orig, lambda r: r.get('p_held_out_generator', r.get('p_held_out', {}).get(g))):.3f} ({len(mine)})"
                         if mine else "–")
        print(f"| {name} | {len(sel)} | {auc(sel, orig):.3f} [{lo:.3f}, {hi:.3f}] | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1])

"""The README's second table: AUCs of the variants from tails.py and windows.py output.

    PYTHONPATH=src python docs/experiments/llm_ceiling/compare.py oof.jsonl tails.jsonl win.jsonl
"""

from __future__ import annotations

import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

ECHO = 0.95
HUMAN = ("reuters", "wmt-english", "human-translation", "llm-original")


def auc(pos: list[dict], neg: list[dict], score) -> float:
    return float(roc_auc_score([1] * len(pos) + [0] * len(neg), [score(r) for r in pos] + [score(r) for r in neg]))


def main(oof: str, tails: str, win: str) -> None:
    kept = {r["id"]: r.get("kept", 0.0) for r in map(json.loads, open(oof, encoding="utf-8"))}
    rows = [json.loads(line) for line in open(tails, encoding="utf-8")]
    orig = [r for r in rows if r["kind"] == "llm-original"]
    llm = [r for r in rows if r["kind"] == "llm"]
    echo = [r for r in llm if kept.get(r["id"], 0.0) >= ECHO]
    rest = [r for r in llm if kept.get(r["id"], 0.0) < ECHO]
    human = [r for r in rows if r["kind"] in HUMAN]
    variants = {
        "shipped recipe, whole document": lambda r: r["with_doc"],
        "fitted without the echoes as positives": lambda r: r["without_doc"],
        "same, max(document, second half)": lambda r: max(r["without_doc"], r["without_half"]),
        "same, max(document, last third)": lambda r: max(r["without_doc"], r["without_third"]),
        "shipped, max(document, second half)": lambda r: max(r["with_doc"], r["with_half"]),
    }
    print("| variant | all | echoes | rest | LLM outputs vs all human kinds |\n|---|---|---|---|---|")
    for name, f in variants.items():
        print(f"| {name} | {auc(llm, orig, f):.3f} | {auc(echo, orig, f):.3f} | {auc(rest, orig, f):.3f} | {auc(llm, human, f):.3f} |")
    w = [json.loads(line) for line in open(win, encoding="utf-8")]
    y = np.array([r["kind"] == "llm" for r in w], int)
    is_echo = np.array([kept.get(r["id"], 0.0) >= ECHO for r in w])
    x = np.array([[r["doc"], max(r["windows"]), float(np.mean(r["windows"])), float(np.median(r["windows"]))] for r in w])
    for name, cols in (("max window alone", None), ("document + max window + window mean and median (stacked)", [0, 1, 2, 3])):
        if cols is None:
            p = x[:, 1]
        else:
            p = np.zeros(len(w))
            for tr, te in GroupKFold(3).split(x, groups=[r["group"] for r in w]):
                p[te] = LogisticRegression().fit(x[tr][:, cols], y[tr]).decision_function(x[te][:, cols])
        lo, hi = (y == 0) | ~is_echo, (y == 0) | is_echo
        print(f"| {name} | {roc_auc_score(y, p):.3f} | {roc_auc_score(y[hi], p[hi]):.3f} | "
              f"{roc_auc_score(y[lo], p[lo]):.3f} | – |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])

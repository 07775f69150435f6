"""Refit the LLM model without the outputs that reproduce their original whole (measured, not shipped).

Those 277 "LLM outputs" are mostly the human article verbatim; as positives they teach the model
that human news is LLM text. Same folds, kinds, weights and C as the bench (only the LLM part).

    PYTHONPATH=src python docs/experiments/llm_ceiling/train_without_echoes.py ../shared/data OOF.jsonl OUT.jsonl
"""

from __future__ import annotations

import json
import sys

import numpy as np
from sklearn.model_selection import GroupKFold

from common import ECHO, load
from common import kept as kept_of
from unspin.train.methods import fit_part, part_scores



def main(shared: str, oof: str, out: str) -> None:
    docs, f, kinds = load(shared)
    kept = kept_of(oof)
    gens = np.array([d.generator for d in docs])
    echo = np.array([d.kind == "llm" and kept.get(d.id, 0.0) >= ECHO for d in docs])
    splits = list(GroupKFold(n_splits=3).split(np.zeros(len(docs)), groups=[d.group for d in docs]))
    p = np.zeros(len(docs))
    for tr, te in splits:
        p[te] = part_scores(fit_part(f, tr[~echo[tr]], kinds, "llm"), f, te)
    held = np.full(len(docs), np.nan)
    held_orig: dict[str, dict[int, float]] = {}
    for g in sorted(set(gens[kinds == "llm"])):
        exclude = echo | ((kinds == "llm") & (gens == g))
        for tr, te in splits:
            s = part_scores(fit_part(f, tr[~exclude[tr]], kinds, "llm"), f, te)
            for i, v in zip(te, s, strict=True):
                if kinds[i] == "llm" and gens[i] == g:
                    held[i] = v
                elif kinds[i] == "llm-original":
                    held_orig.setdefault(g, {})[i] = v
    with open(out, "w", encoding="utf-8") as fh:
        for i, d in enumerate(docs):
            if d.kind not in ("llm", "llm-original"):
                continue
            row = {"id": d.id, "kind": d.kind, "generator": d.generator, "group": d.group, "p": float(p[i]),
                   "kept": kept.get(d.id, 0.0)}
            if d.kind == "llm":
                row["p_held_out_generator"] = float(held[i])
            else:
                row["p_held_out"] = {g: float(v[i]) for g, v in held_orig.items()}
            fh.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])

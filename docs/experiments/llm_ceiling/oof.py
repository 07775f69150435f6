"""Out-of-fold LLM scores of `bench detect --only methods`' documents, with each LLM output's overlap with its original.

Writes one JSON line per LLM output and LLM-dev original: id, kind, generator, group, out-of-fold
LLM probability (grouped 3-fold by article, the bench's folds and the shipped training), and for
outputs the share of their 5-word shingles found in their original (and the reverse). Also each
score held out by generator (the LLM model refitted without that generator, as the bench does;
originals get one such score per generator).

    PYTHONPATH=src python docs/experiments/llm_ceiling/oof.py ../shared/data OUT.jsonl
"""

from __future__ import annotations

import json
import sys

import numpy as np
from sklearn.model_selection import GroupKFold

from common import load
from unspin.text.shingles import shingles
from unspin.train.methods import fit_methods, fit_part, part_scores


def main(shared: str, out: str) -> None:
    docs, f, kinds = load(shared)
    groups = [d.group for d in docs]
    held_orig: dict[str, dict[int, float]] = {}
    gens = np.array([d.generator for d in docs])
    splits = list(GroupKFold(n_splits=3).split(np.zeros(len(docs)), groups=groups))
    p = np.zeros(len(docs))
    for tr, te in splits:
        m = fit_methods(docs, f, tr, training={"seed": 0}, folds=3)
        p[te] = part_scores(m.llm, f, te)
    # Held out by generator as in the bench: the LLM model refitted without that generator's outputs.
    held = np.full(len(docs), np.nan)
    for g in sorted(set(gens[kinds == "llm"])):
        exclude = (kinds == "llm") & (gens == g)
        for tr, te in splits:
            part = fit_part(f, tr[~exclude[tr]], kinds, "llm")
            s = part_scores(part, f, te)
            take = exclude[te] | (kinds[te] == "llm-original")
            # originals get one held-out score per generator: keep them per generator below
            for i, v in zip(te[take], s[take], strict=True):
                if kinds[i] == "llm":
                    held[i] = v
                else:
                    held_orig.setdefault(g, {})[i] = v
    text = {d.id: " ".join(d.sentences) for d in docs if d.kind == "llm-original"}
    with open(out, "w", encoding="utf-8") as fh:
        for i, (d, s) in enumerate(zip(docs, p, strict=True)):
            if d.kind not in ("llm", "llm-original"):
                continue
            row = {"id": d.id, "kind": d.kind, "generator": d.generator, "group": d.group, "p": float(s)}
            if d.kind == "llm":
                row["p_held_out_generator"] = float(held[i])
            else:
                row["p_held_out"] = {g: float(v[i]) for g, v in held_orig.items()}
            if d.kind == "llm" and d.group in text:
                a, b = shingles(" ".join(d.sentences)), shingles(text[d.group])
                row["copied"] = len(a & b) / max(1, len(a))
                row["kept"] = len(a & b) / max(1, len(b))
                row["words"] = sum(len(x.split()) for x in d.sentences)
            fh.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

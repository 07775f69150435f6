"""The no-echo LLM model on each document's second half and last third (measured, not shipped).

An output that reproduces its original and then continues has its LLM part at the end. Out of fold
(grouped 3-fold by article), the LLM model fitted without those outputs scores the whole document,
its second half and its last third; the aggregate is judged against the originals.

    PYTHONPATH=src python docs/experiments/llm_ceiling/tails.py ../shared/data OOF.jsonl OUT.jsonl
"""

from __future__ import annotations

import json
import sys

import numpy as np
from sklearn.model_selection import GroupKFold

from common import ECHO, load
from common import kept as kept_of
from unspin.detect.llm import llm_hashed
from unspin.detect.method import method_features
from unspin.train.methods import fit_part



def main(shared: str, oof: str, out: str) -> None:
    docs, f, kinds = load(shared)
    kept = kept_of(oof)
    echo = np.array([d.kind == "llm" and kept.get(d.id, 0.0) >= ECHO for d in docs])
    with open(out, "w", encoding="utf-8") as fh:
        for tr, te in GroupKFold(n_splits=3).split(np.zeros(len(docs)), groups=[d.group for d in docs]):
            both = {"with": fit_part(f, tr, kinds, "llm"), "without": fit_part(f, tr[~echo[tr]], kinds, "llm")}
            for i in te:
                d = docs[i]
                n = len(d.sentences)
                parts = {"doc": d.sentences, "half": d.sentences[n // 2:], "third": d.sentences[(2 * n) // 3:]}
                row = {"id": d.id, "kind": d.kind, "generator": d.generator, "group": d.group,
                       "kept": kept.get(d.id, 0.0), "n": n}
                for name, part in both.items():
                    for k, s in parts.items():
                        s = s or d.sentences
                        row[f"{name}_{k}"] = float(part.logits(np.array([method_features(s)]), [llm_hashed(s)])[0])
                fh.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])

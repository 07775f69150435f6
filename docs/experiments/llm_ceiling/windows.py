"""Window scores for partly rewritten LLM outputs (measured, not shipped).

An output that keeps most of its original's wording dilutes the rewritten part in document-level
rates. Idea: score windows of 3 consecutive sentences with the same LLM model (fitted on whole
documents, out of fold by article) and combine the most LLM-like windows with the document score.

    PYTHONPATH=src python docs/experiments/llm_ceiling/windows.py ../shared/data OUT.jsonl
"""

from __future__ import annotations

import json
import sys

import numpy as np
from sklearn.model_selection import GroupKFold

from common import load
from unspin.detect.llm import llm_hashed
from unspin.detect.method import method_features
from unspin.train.methods import fit_part

WINDOW = 3


def windows(sentences: tuple[str, ...]) -> list[tuple[str, ...]]:
    if len(sentences) <= WINDOW:
        return [sentences]
    return [sentences[i : i + WINDOW] for i in range(len(sentences) - WINDOW + 1)]


def main(shared: str, out: str) -> None:
    docs, f, kinds = load(shared)
    groups = [d.group for d in docs]
    with open(out, "w", encoding="utf-8") as fh:
        for tr, te in GroupKFold(n_splits=3).split(np.zeros(len(docs)), groups=groups):
            part = fit_part(f, tr, kinds, "llm")
            for i in te:
                d = docs[i]
                if d.kind not in ("llm", "llm-original"):
                    continue
                ws = windows(d.sentences)
                dense = np.array([method_features(w) for w in ws])
                logits = part.logits(dense, [llm_hashed(w) for w in ws])
                doc = float(part.logits(f.dense[[i]], [f.hashed[i]])[0])
                fh.write(json.dumps({"id": d.id, "kind": d.kind, "generator": d.generator, "group": d.group,
                                     "doc": doc, "windows": [float(x) for x in logits]}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

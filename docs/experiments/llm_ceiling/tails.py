"""The no-echo LLM model on each document's second half and last third (measured, not shipped).

An output that reproduces its original and then continues has its LLM part at the end. Out of fold
(grouped 3-fold by article), the LLM model fitted without those outputs scores the whole document,
its second half and its last third; the aggregate is judged against the originals.

    PYTHONPATH=src python docs/experiments/llm_ceiling/tails.py ../shared/data OOF.jsonl OUT.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from unspin.detect.llm import llm_hashed
from unspin.detect.method import method_features
from unspin.train.methods import featurize_docs, fit_part, load_method_docs, news_documents
from unspin.train.wordnet import load_thesaurus

ECHO = 0.95


def main(shared: str, oof: str, out: str) -> None:
    root = Path(shared)
    english, wmt, llm = root / "distractors", root / "wmt-dev", root / "llm-paraphrase-dev"
    docs = load_method_docs(news_documents(english, wmt, llm), wmt, llm, load_thesaurus(), 0)
    f = featurize_docs(docs)
    kept = {r["id"]: r.get("kept", 0.0) for r in map(json.loads, open(oof, encoding="utf-8"))}
    kinds = np.array([d.kind for d in docs])
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

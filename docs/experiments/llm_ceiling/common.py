"""What every script here loads: the documents of `train.methods` (as `bench detect --only methods`), their features."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from unspin.train.methods import Doc, Features, featurize_docs, load_method_docs, news_documents
from unspin.train.wordnet import load_thesaurus

ECHO = 0.95  # an output holding >= 95 % of its original's 5-word shingles reproduces the article whole


def load(shared: str) -> tuple[list[Doc], Features, np.ndarray]:
    """(documents, features, kinds) from ``../shared/data``: seed 0, as the bench and the shipped training."""
    root = Path(shared)
    english, wmt, llm = root / "distractors", root / "wmt-dev", root / "llm-paraphrase-dev"
    docs = load_method_docs(news_documents(english, wmt, llm), wmt, llm, load_thesaurus(), 0)
    return docs, featurize_docs(docs), np.array([d.kind for d in docs])


def kept(oof: str) -> dict[str, float]:
    """Output id -> share of its original's 5-word shingles it holds (from oof.py's output)."""
    return {r["id"]: r.get("kept", 0.0) for r in map(json.loads, open(oof, encoding="utf-8"))}

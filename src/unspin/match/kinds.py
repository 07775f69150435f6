"""What was done to an original to make this copy: (copy, original, Alignment, MT probability) -> Transformation.

Kinds, from the most faithful to the least (``records.TRANSFORMATIONS``): verbatim, excerpt (an
unchanged part of the original), lightly-edited, synonym-spun, machine-translated, llm-paraphrased
(sentences rewritten and merged, split, dropped or reordered), rewritten (reworded, nothing more
specific to say). Each verdict carries the evidence it rests on, in words a reader can check.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from ..records import Alignment, Document, MTScore, SentencePair, Transformation
from ..text.fingerprint import tokens

# A copy is "verbatim" when nearly every copied sentence is verbatim, "lightly-edited" when nearly
# every one is verbatim or lightly edited (row kinds from align.pair_kind, character edit ratio).
VERBATIM_SHARE = 0.9
LIGHT_SHARE = 0.8
# ... and an "excerpt" when it leaves most of the original out: a site that shows the first part of an
# article, or a crawl that cut it. WMT copies (whole documents) reuse >= 0.9 of their original at the
# 5th percentile; the bench's 30 % partial copies reuse 0.2-0.45.
EXCERPT_REUSE = 0.6
# A spinner swaps words for synonyms in place: sentence lengths stay and the word-level edit script
# is almost all substitutions, while MT and human rewriting insert, drop and reorder words. On 400
# wmt-dev MT copies vs their human reference the share of insertions+deletions among word edits has
# median 0.42 (5th percentile 0.30) and only 1.5 % pass both cut-offs below; a simulated spinner
# (one longer word in three swapped) has median 0.0 and 99 % pass.
SPIN_INDEL_SHARE = 0.25
SPIN_LENGTH_RATIO = 0.93
SPIN_MAX_VERBATIM = 0.5
# LLM paraphrasers restructure: they merge and split sentences, move facts and summarise. MT keeps
# the sentence structure 1:1 (WMT gold: every row 1-1) and the length (aligned words ratio ~1).
# A rewritten copy is "llm-paraphrased" when a fifth of its rows are merged, split or reordered, or
# when it retells the original in under 80 % (or over 125 %) of its words.
RESTRUCTURED_SHARE = 0.2
LENGTH_CHANGE = (0.8, 1.25)


def describe(
    copy: Document, original: Document, alignment: Alignment | None, mt: float | None, threshold: float,
    *, score: MTScore | None = None,
) -> Transformation | None:
    """The transformation verdict and its evidence (None when nothing was aligned).

    Args:
        copy: the copy.
        original: its original (or the sibling copy it was linked to).
        alignment: copy vs original.
        mt: the copy's machine-translation probability, if known.
        threshold: the MT detector's decision threshold.
        score: the detector's whole judgement of the copy, if known: where the alignment leaves the copy
            reworded (neither verbatim, lightly edited nor spun in place), its method verdict names how
            (``machine-translated``, ``synonym-spun``, ``llm-written`` → ``llm-paraphrased``); without it,
            ``mt`` against ``threshold`` decides machine translation as before.
    """
    if alignment is None:
        return None
    rows = [p for p in alignment.pairs if p.copy and p.original]
    if not rows:
        return None
    total = sum(len(p.copy) for p in rows)
    verbatim = sum(len(p.copy) for p in rows if p.kind == "verbatim") / total
    light = sum(len(p.copy) for p in rows if p.kind == "lightly-edited") / total
    reused = alignment.original_reused
    kept = f"{verbatim:.0%} of the aligned copy sentences verbatim, {light:.0%} lightly edited"
    used = f"{reused:.0%} of the original's words reused"
    excerpt = Transformation("excerpt", (kept, used + ": only a part of the original"))
    if verbatim >= VERBATIM_SHARE:
        return excerpt if reused < EXCERPT_REUSE else Transformation("verbatim", (kept, used))
    # Light human edits leave most sentences verbatim; a spinner touches nearly every sentence.
    spin = _spin_evidence(copy, original, rows) if verbatim < SPIN_MAX_VERBATIM else None
    if spin is not None:
        return Transformation("synonym-spun", spin)
    if verbatim + light >= LIGHT_SHARE:
        return excerpt if reused < EXCERPT_REUSE else Transformation("lightly-edited", (kept, used))
    restructured, ratio, evidence = _restructuring(copy, original, rows)
    if score is not None and score.scored:
        by_method = _by_method(score, kept, evidence)
        if by_method is not None:
            return by_method
    elif mt is not None and mt >= threshold:
        return Transformation("machine-translated", (f"MT likelihood {mt:.2f} >= the detector's threshold {threshold:.2f}",
                                                     kept))
    if restructured >= RESTRUCTURED_SHARE or not LENGTH_CHANGE[0] <= ratio <= LENGTH_CHANGE[1]:
        return Transformation("llm-paraphrased", evidence)
    return Transformation("rewritten", (kept, *evidence))


def _by_method(score: MTScore, kept: str, evidence: tuple[str, ...]) -> Transformation | None:
    """The detector's method verdict as a transformation, with its figure (None for "none")."""
    named = {"machine-translated": ("machine-translated", "MT", score.mt_probability),
             "synonym-spun": ("synonym-spun", "spin", score.spin_probability),
             "llm-written": ("llm-paraphrased", "LLM", score.llm_probability)}.get(score.method)
    if named is None or named[2] is None:
        return None
    kind, name, p = named
    t = score.thresholds.get(score.method)
    figure = f"{name} likelihood {p:.2f}" + (f" >= the detector's threshold {t:.2f}" if t is not None else "")
    if kind == "machine-translated":
        return Transformation(kind, (figure, kept))
    swapped = [e.text for e in score.evidence if e.method == score.method][:3]
    shown = (f"signs: {', '.join(swapped)}",) if swapped else ()
    return Transformation(kind, (f"the detector's verdict: {figure}", *shown, *(evidence if kind == "llm-paraphrased" else (kept,))))


def transformation(
    copy: Document, original: Document, alignment: Alignment | None, mt: float | None, threshold: float,
    *, score: MTScore | None = None,
) -> str | None:
    """Only the kind of :func:`describe` (the ``transformation`` column of a scan)."""
    verdict = describe(copy, original, alignment, mt, threshold, score=score)
    return verdict.kind if verdict else None


def _restructuring(copy: Document, original: Document, rows: list[SentencePair]) -> tuple[float, float, tuple[str, ...]]:
    """(share of rows merged/split/reordered, aligned copy words / aligned original words, evidence)."""
    merged = sum(1 for p in rows if len(p.copy) > 1 or len(p.original) > 1)
    reordered = sum(1 for p in rows if p.kind == "reordered")
    copy_words = sum(len(tokens(copy.sentences[i])) for p in rows for i in p.copy if i < len(copy.sentences))
    original_words = sum(len(tokens(original.sentences[j])) for p in rows for j in p.original if j < len(original.sentences))
    ratio = copy_words / original_words if original_words else 1.0
    evidence = (
        f"{merged} of {len(rows)} aligned rows merge or split sentences, {reordered} go back in the original's order",
        f"the copy retells its aligned part in {ratio:.0%} of the original's words",
    )
    return (merged + reordered) / len(rows), ratio, evidence


def _spin_evidence(copy: Document, original: Document, rows: list[SentencePair]) -> tuple[str, ...] | None:
    """Evidence of word-for-word synonym swaps (None when the rows do not look spun)."""
    replaced = indels = 0
    lengths: list[float] = []
    swaps: list[str] = []
    for p in rows:
        if len(p.copy) != 1 or len(p.original) != 1:
            continue
        a = tokens(copy.sentences[p.copy[0]])
        b = tokens(original.sentences[p.original[0]])
        if not a or not b:
            continue
        for op in Levenshtein.editops(a, b):
            if op.tag == "replace":
                replaced += 1
                if len(swaps) < 3:
                    swaps.append(f"{a[op.src_pos]} for {b[op.dest_pos]}")
            else:
                indels += 1
        lengths.append(min(len(a), len(b)) / max(len(a), len(b)))
    if not lengths or not replaced:
        return None
    indel_share, length_ratio = indels / (replaced + indels), sum(lengths) / len(lengths)
    if indel_share > SPIN_INDEL_SHARE or length_ratio < SPIN_LENGTH_RATIO:
        return None
    return (f"{replaced} words swapped in place ({', '.join(swaps)}), {indel_share:.0%} of word edits insert or drop words",
            f"sentence lengths kept (mean ratio {length_ratio:.2f})")



"""Transformation kind of a copy: (copy, original, Alignment, MT probability) -> verbatim … machine-translated."""

from __future__ import annotations

from typing import Literal

from rapidfuzz.distance import Levenshtein

from .. import detect
from ..records import Alignment, Document
from ..text.fingerprint import tokens

Transformation = Literal["verbatim", "lightly-edited", "synonym-spun", "machine-translated", "rewritten"]

# A copy is "verbatim" when nearly every copied sentence is verbatim, "lightly-edited" when nearly
# every one is verbatim or lightly edited (row kinds from align.pair_kind, character edit ratio).
VERBATIM_SHARE = 0.9
LIGHT_SHARE = 0.8
# A spinner swaps words for synonyms in place: sentence lengths stay and the word-level edit script
# is almost all substitutions, while MT and human rewriting insert, drop and reorder words. On 400
# wmt-dev MT copies vs their human reference the share of insertions+deletions among word edits has
# median 0.42 (5th percentile 0.30) and only 1.5 % pass both cut-offs below; a simulated spinner
# (one longer word in three swapped) has median 0.0 and 99 % pass.
SPIN_INDEL_SHARE = 0.25
SPIN_LENGTH_RATIO = 0.93
SPIN_MAX_VERBATIM = 0.5


def transformation(
    copy: Document, original: Document, alignment: Alignment | None, mt: float | None, threshold: float | None = None
) -> str | None:
    """What was done to an original to make this copy, from the alignment's row kinds and the MT score.

    verbatim / lightly-edited come from the character-level row kinds alone; a copy whose rows are
    rewritten is "synonym-spun" when words were swapped in place (same lengths, same word
    positions), "machine-translated" when the MT detector says so, else "rewritten".

    Args:
        copy: the copy.
        original: its original (or the sibling copy it was linked to).
        alignment: copy vs original (None: nothing to judge, returns None).
        mt: the copy's MT probability (``mt_probability``), needed only when ``needs_mt(alignment)``.
        threshold: the MT decision threshold (default: the shipped detector's).
    """
    if alignment is None:
        return None
    rows = [p for p in alignment.pairs if p.copy and p.original]
    if not rows:
        return None
    total = sum(len(p.copy) for p in rows)
    verbatim = sum(len(p.copy) for p in rows if p.kind == "verbatim") / total
    light = sum(len(p.copy) for p in rows if p.kind == "lightly-edited") / total
    if verbatim >= VERBATIM_SHARE:
        return "verbatim"
    # Light human edits leave most sentences verbatim; a spinner touches nearly every sentence.
    if verbatim < SPIN_MAX_VERBATIM and _spun(copy, original, rows):
        return "synonym-spun"
    if verbatim + light >= LIGHT_SHARE:
        return "lightly-edited"
    if mt is not None and mt >= (mt_threshold() if threshold is None else threshold):
        return "machine-translated"
    return "rewritten"


def _spun(copy: Document, original: Document, rows: list) -> bool:
    replaced = indels = 0
    lengths = []
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
            else:
                indels += 1
        lengths.append(min(len(a), len(b)) / max(len(a), len(b)))
    if not lengths or not replaced:
        return False
    return indels / (replaced + indels) <= SPIN_INDEL_SHARE and sum(lengths) / len(lengths) >= SPIN_LENGTH_RATIO


def mt_threshold() -> float:
    return float(detect.DEFAULT_THRESHOLD)


def needs_mt(alignment: Alignment | None) -> bool:
    # The MT detector costs as much as a match; run it only where it decides the kind.
    if alignment is None:
        return False
    rows = [p for p in alignment.pairs if p.copy and p.original]
    total = sum(len(p.copy) for p in rows) or 1
    kept = sum(len(p.copy) for p in rows if p.kind in ("verbatim", "lightly-edited"))
    return kept / total < LIGHT_SHARE


def mt_probability(doc: Document) -> float:
    return round(float(detect.mt_score(doc).mt_probability), 4)

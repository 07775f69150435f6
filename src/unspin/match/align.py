"""Sentence alignment: (Document, Document) -> Alignment, monotone with 1-1, 1-2, 2-1, 1-0 and 0-1 rows (or order-free).

Each sentence is a bag of weighted terms (fingerprint.terms); the similarity of a row is the weighted
Dice of its two sides. A dynamic program finds the monotone sequence of rows with the largest total
gain, where a row gains ``similarity - min_pair_similarity`` and a skipped sentence gains nothing, so
only sentence pairs that share more than chance vocabulary are aligned. Merged rows (1-2, 2-1) must
beat the best 1-1 + skip combination by ``MERGE_PENALTY`` so that 1:1 text is never merged by accident
(Gale-Church priors: 1-1 rows are ~89 % of real alignments, 1-2/2-1 ~9 %).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from ..records import Alignment, Document, PairKind, SentencePair
from ..settings import Settings
from ..text.fingerprint import Incidence, SentenceBags, terms, tokens
from .coverage import reordered_rows

# A merged row has to gain this much more than the 1-1 row it replaces. Chosen on WMT21 (1:1 gold):
# below 0.02 merges appear where a copy sentence is empty; above 0.1 true 2-1 splits are missed.
MERGE_PENALTY = 0.05
# The order-free rows replace the monotone ones only when they capture this much more copy mass x
# similarity (and some row goes backwards): a 1:1 translation's best-match rows gain a few percent over
# the DP from chance matches of short sentences, a reordered paraphrase's gain far more.
ORDER_FREE_GAIN = 1.25


def similarity_matrices(
    a: SentenceBags, b: SentenceBags, *, merged: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted-Dice matrices for 1-1 rows (n×m), 1-2 rows (n×(m-1)) and 2-1 rows ((n-1)×m).

    A term weighs the same on both sides: its highest weight in either document. Only the terms the
    two documents share enter a matrix product; each sentence's total weight comes from its
    document's cached incidence, corrected where a shared term weighs more in the other document.
    (A product over every term of both was a fifth of a check against long candidates at 100k
    originals; same figures to float rounding.)

    ``merged=False``: only the 1-1 matrix (the other two empty), for order-free scoring.
    """
    n, m = len(a.bags), len(b.bags)
    ia, ib = a.incidence(), b.incidence()
    if len(ia.columns) <= len(ib.columns):  # walk the smaller vocabulary (the copy's, against a long original)
        shared = [(j, k) for t, j in ia.columns.items() if (k := ib.columns.get(t)) is not None]
    else:
        shared = [(j, k) for t, k in ib.columns.items() if (j := ia.columns.get(t)) is not None]
    ka = np.array([j for j, _ in shared], dtype=np.intp)
    kb = np.array([k for _, k in shared], dtype=np.intp)
    w = np.maximum(ia.weights[ka], ib.weights[kb])  # the shared columns' weights
    xa, xb = _shared_rows(ia, ka, n), _shared_rows(ib, kb, m)
    # what a shared term weighs more here than in its own document raises that document's totals
    raise_a, raise_b = w - ia.weights[ka], w - ib.weights[kb]
    tot_a, tot_b = ia.totals + xa @ raise_a, ib.totals + xb @ raise_b
    xa_w = xa * w
    s11 = _dice(xa_w @ xb.T, tot_a[:, None] + tot_b[None, :])
    if not merged:
        return s11, np.zeros((n, 0)), np.zeros((0, m))
    s12, s21 = np.zeros((n, 0)), np.zeros((0, m))
    if m > 1:
        ub, tot_ub = _neighbour_unions(ib, xb, raise_b)
        s12 = _dice(xa_w @ ub.T, tot_a[:, None] + tot_ub[None, :])
    if n > 1:
        ua, tot_ua = _neighbour_unions(ia, xa, raise_a)
        s21 = _dice((ua * w) @ xb.T, tot_ua[:, None] + tot_b[None, :])
    return s11, s12, s21


def _neighbour_unions(inc: Incidence, x: np.ndarray, raised: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pair of neighbouring sentences merged (a 1-2 / 2-1 row): its shared-column rows and total weight."""
    union = np.maximum(x[:-1], x[1:])
    return union, inc.totals[:-1] + inc.totals[1:] - inc.both + union @ raised


def _shared_rows(inc: Incidence, columns: np.ndarray, n: int) -> np.ndarray:
    """0/1 matrix (sentences × shared columns): which sentence holds which of ``columns``."""
    position = np.full(len(inc.weights), -1, dtype=np.intp)
    position[columns] = np.arange(len(columns))
    where = position[inc.cols]
    keep = where >= 0
    x = np.zeros((n, len(columns)))
    x[inc.rows[keep], where[keep]] = 1.0
    return x


def _dice(shared: np.ndarray, total: np.ndarray) -> np.ndarray:
    """2·shared / total where the total is positive, else 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, 2.0 * shared / total, 0.0)


def align_bags(
    a: SentenceBags,
    b: SentenceBags,
    *,
    min_similarity: float = Settings().min_pair_similarity,
    skip_a: frozenset[int] = frozenset(),
    matrices: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Monotone alignment rows ``(a_indexes, b_indexes, similarity)`` maximising total gain.

    Sentences of ``a`` in ``skip_a`` (e.g. scraper residue) are never aligned and are left out of
    the result altogether. ``matrices``: ``similarity_matrices(a, b)`` if the caller has them (copied,
    not modified).
    """
    n, m = len(a.bags), len(b.bags)
    s11, s12, s21 = (x.copy() for x in matrices) if matrices is not None else similarity_matrices(a, b)
    if skip_a:
        idx = sorted(skip_a & set(range(n)))
        s11[idx, :] = 0.0
        if n > 1:
            s12[idx, :] = 0.0
            s21[[i for i in idx if i < n - 1], :] = 0.0
            s21[[i - 1 for i in idx if i > 0], :] = 0.0
    gain11 = s11 - min_similarity
    gain12 = s12 - min_similarity - MERGE_PENALTY
    gain21 = s21 - min_similarity - MERGE_PENALTY
    neg = -1e9
    best = np.full((n + 1, m + 1), neg)
    move = np.zeros((n + 1, m + 1), dtype=np.int8)  # 1: 1-0, 2: 0-1, 3: 1-1, 4: 1-2, 5: 2-1
    best[0, 0] = 0.0
    # Plain loops over a small matrix (typical n, m < 40); numpy does the O(n·m·V) similarity part.
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            v, mv = neg, 0
            if i > 0 and best[i - 1, j] > v:
                v, mv = best[i - 1, j], 1
            if j > 0 and best[i, j - 1] > v:
                v, mv = best[i, j - 1], 2
            if i > 0 and j > 0 and gain11[i - 1, j - 1] > 0:
                c = best[i - 1, j - 1] + gain11[i - 1, j - 1]
                if c > v:
                    v, mv = c, 3
            if i > 0 and j > 1 and gain12[i - 1, j - 2] > 0:
                c = best[i - 1, j - 2] + gain12[i - 1, j - 2]
                if c > v:
                    v, mv = c, 4
            if i > 1 and j > 0 and gain21[i - 2, j - 1] > 0:
                c = best[i - 2, j - 1] + gain21[i - 2, j - 1]
                if c > v:
                    v, mv = c, 5
            best[i, j], move[i, j] = v, mv
    rows: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        mv = move[i, j]
        if mv == 1:
            if i - 1 not in skip_a:
                rows.append(((i - 1,), (), 0.0))
            i -= 1
        elif mv == 2:
            rows.append(((), (j - 1,), 0.0))
            j -= 1
        elif mv == 3:
            rows.append(((i - 1,), (j - 1,), float(s11[i - 1, j - 1])))
            i, j = i - 1, j - 1
        elif mv == 4:
            rows.append(((i - 1,), (j - 2, j - 1), float(s12[i - 1, j - 2])))
            i, j = i - 1, j - 2
        else:
            rows.append(((i - 2, i - 1), (j - 1,), float(s21[i - 2, j - 1])))
            i, j = i - 2, j - 1
    rows.reverse()
    return rows


def pair_kind(copy_text: str, original_text: str, settings: Settings) -> PairKind:
    """Kind of an aligned row from the word-level edit similarity of its normalised texts.

    Words, not characters: a machine translation that keeps most letters but swaps half the words
    ("Campaign against obesity" / "In an effort against overweight") is a rewrite, not a light edit.
    """
    ratio = Indel.normalized_similarity(tokens(copy_text), tokens(original_text))
    if ratio >= settings.verbatim_similarity:
        return "verbatim"
    if ratio >= settings.light_similarity:
        return "lightly-edited"
    return "rewritten"


def build_alignment(
    copy: Document,
    original: Document,
    rows: list[tuple[tuple[int, ...], tuple[int, ...], float]],
    copy_words: Sequence[int],
    original_words: Sequence[int],
    settings: Settings,
) -> Alignment:
    """Turn alignment rows into an Alignment record with kinds and coverage figures.

    An aligned row whose original sentences come before those of an earlier row (off the longest run
    that never goes backwards, ``coverage.reordered_rows``) is of kind "reordered"; monotone rows never
    are. An original sentence drawn on by several rows counts once in ``original_reused``.
    """
    aligned = [k for k, r in enumerate(rows) if r[0] and r[1]]
    backwards = {aligned[k] for k in reordered_rows([rows[k] for k in aligned])}
    pairs: list[SentencePair] = []
    reused: set[int] = set()
    added = 0
    for k, (ci, oi, sim) in enumerate(rows):
        kind: PairKind
        if ci and oi:
            if k in backwards:
                kind = "reordered"
            else:
                kind = pair_kind(
                    " ".join(copy.sentences[x] for x in ci), " ".join(original.sentences[x] for x in oi), settings
                )
            reused.update(oi)
        elif ci:
            kind = "copy-only"
            added += sum(copy_words[x] for x in ci)
        else:
            kind = "original-only"
        pairs.append(SentencePair(copy=ci, original=oi, similarity=sim, kind=kind))
    copy_total = sum(copy_words[x] for r in rows for x in r[0]) or 1
    original_total = sum(original_words) or 1
    return Alignment(
        pairs=tuple(pairs), original_reused=sum(original_words[x] for x in reused) / original_total, copy_added=added / copy_total
    )


def order_free_rows(
    match_rows: list[tuple[tuple[int, ...], tuple[int, ...], float]], n_copy: int, n_original: int, skip: frozenset[int]
) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Best-match rows completed with copy-only rows (unmatched copy sentences, in copy order) and
    original-only rows (original sentences no row draws on, at the end)."""
    by_copy = {r[0][0]: r for r in match_rows}
    rows = [by_copy.get(i, ((i,), (), 0.0)) for i in range(n_copy) if i not in skip]
    used = {j for r in match_rows for j in r[1]}
    return rows + [((), (j,), 0.0) for j in range(n_original) if j not in used]


def choose_rows(
    rows: list[tuple[tuple[int, ...], tuple[int, ...], float]],
    match_rows: list[tuple[tuple[int, ...], tuple[int, ...], float]],
    copy_mass: Sequence[float],
) -> bool:
    """Whether the order-free best-match rows should replace the monotone rows: they go backwards
    somewhere and capture clearly more of the copy (similarity x term mass) than the monotone DP."""
    if not reordered_rows(match_rows):
        return False
    gain = sum(sim * sum(copy_mass[i] for i in ci) for ci, oi, sim in rows if ci and oi)
    free = sum(sim * sum(copy_mass[i] for i in ci) for ci, oi, sim in match_rows)
    return free > ORDER_FREE_GAIN * gain


def align(
    copy: Document,
    original: Document,
    settings: Settings | None = None,
    *,
    exclude_copy: frozenset[int] = frozenset(),
) -> Alignment:
    """Align a copy with an original, sentence by sentence, in order.

    Args:
        copy: the suspected copy.
        original: the original (or another copy of the same original).
        settings: thresholds (``min_pair_similarity`` and the kind cut-offs).
        exclude_copy: copy sentence indexes to leave out (scraper residue).

    Examples:
        >>> c = Document("c", "", ("Hegseth met Nakatani in Tokyo.", "Source link"))
        >>> o = Document("o", "", ("Intro.", "Hegseth met Gen Nakatani in Tokyo on Sunday."))
        >>> [(p.copy, p.original, p.kind) for p in align(c, o, exclude_copy=frozenset({1})).pairs]
        [((), (0,), 'original-only'), ((0,), (1,), 'rewritten')]
    """
    settings = settings or Settings()
    a, b = SentenceBags.of(copy.sentences), SentenceBags.of(original.sentences)
    rows = align_bags(a, b, min_similarity=settings.min_pair_similarity, skip_a=exclude_copy)
    return build_alignment(copy, original, rows, a.words, b.words, settings)

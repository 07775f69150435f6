"""Order-free sentence evidence: (sentence similarity matrix, term masses) -> best-match rows, two-way coverage, order.

An LLM paraphrase merges, splits, drops and reorders sentences, so the monotone alignment of
``align.align_bags`` under-counts what it shares with its original. These functions look at the
1-1 similarity matrix without the order constraint:

- ``best_match_rows``: every copy sentence with its most similar original sentence (many-to-one
  allowed, as in a summary that draws two sentences from one);
- ``two_way_coverage``: how much of the copy is found in the original AND how much of the original is
  found in the copy (two partial excerpts of one article cover each other; an article about the same
  event covers neither well);
- ``order_agreement``: Kendall tau of the matched positions. A paraphrase keeps the order of the facts
  (tau near 1) while an independent report of the same event tells them in its own order;
- ``reordered_rows``: the rows that go backwards (not on the longest non-decreasing run);
- ``shared_sentences``: long sentences carried near-verbatim (copying, however little of the page it is);
- ``numbers`` / ``number_agreement``: the figures a copy shares with a candidate (template stories differ only there).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Mapping, Sequence

import numpy as np
from rapidfuzz.distance import Indel

from ..text.fingerprint import tokens

Row = tuple[tuple[int, ...], tuple[int, ...], float]


def containment(copy_terms: Mapping[str, float], terms: Collection[str]) -> float:
    """Share of the copy's term mass that a candidate's term set holds."""
    mass = sum(copy_terms.values()) or 1.0
    return sum(w for t, w in copy_terms.items() if t in terms) / mass


def rescore_keys(copy_terms: Mapping[str, float], hits: Sequence[tuple[int, float]],
                 cand_terms: Mapping[int, Collection[str]], rescore_k: int) -> list[int]:
    """Which retrieved candidates ``match.find`` rescores: the best ``rescore_k`` by term containment and by the
    retriever's own ranking (containment favours long originals, bm25 short ones, and a paraphrase's original is
    reliably near the top of one of them). Only these need their sentences; the rest only their term sets.

    Examples:
        >>> rescore_keys({"a": 1.0, "b": 1.0}, [(7, 2.0), (8, 1.0), (9, 0.5)], {7: {"a"}, 8: set(), 9: {"a", "b"}}, 1)
        [9, 7]
    """
    ranked = sorted(((containment(copy_terms, cand_terms.get(key, ())), rank, key) for rank, (key, _) in enumerate(hits)),
                    key=lambda x: (-x[0], x[1]))
    return list(dict.fromkeys([k for _, _, k in ranked[:rescore_k]] + [k for k, _ in hits[:rescore_k]]))

# Why number agreement: template stories ("U.S. oil demand off 2.6 pct ...", earnings "Shr 33 cts vs
# 29 cts", "silver production rose" vs "gold production rose") share every word but the numbers, so
# every other feature calls them copies of each other. MT and spinners keep digits: of 4,846 wmt-dev
# copies with numbers, 1.9 % have under half of their numbers in their original, against 48 % of
# 480 Reuters articles that the 10-feature model attributed to a *different* Reuters article.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> frozenset[str]:
    """The numbers a text writes, separators dropped ("1,000", "1.000" and "1000" are one number).

    Examples:
        >>> sorted(numbers("Shr 33 cts vs 29 cts; 1,200 cables, 1.200 in Czech, 2.6 pct"))
        ['1200', '26', '29', '33']
    """
    return frozenset(re.sub(r"[.,]", "", m) for m in _NUMBER.findall(text))


def number_agreement(copy_numbers: frozenset[str], original_text: str) -> float:
    """(shared + 1) / (copy's numbers + 1): 1.0 with no numbers to judge, 0.5 for one number missing.

    Examples:
        >>> number_agreement(numbers("rose 0.6 pct to 15.91 mln"), "rose 0.6 pct to 15.91 mln bpd")
        1.0
        >>> round(number_agreement(numbers("fell 2.6 pct to 15.73 mln"), "rose 0.6 pct to 15.91 mln"), 2)
        0.33
    """
    if not copy_numbers:
        return 1.0
    return (len(copy_numbers & numbers(original_text)) + 1) / (len(copy_numbers) + 1)


def best_match_rows(s11: np.ndarray, min_similarity: float, skip: frozenset[int] = frozenset()) -> list[Row]:
    """Copy sentence i -> its most similar original sentence j, when s11[i, j] >= min_similarity; copy order.

    Examples:
        >>> s = np.array([[0.1, 0.6], [0.5, 0.2], [0.05, 0.0]])
        >>> best_match_rows(s, 0.12)
        [((0,), (1,), 0.6), ((1,), (0,), 0.5)]
    """
    if s11.size == 0:
        return []
    best_j = s11.argmax(axis=1)
    rows: list[Row] = []
    for i, j in enumerate(best_j):
        sim = float(s11[i, j])
        if i not in skip and sim >= min_similarity:
            rows.append(((i,), (int(j),), sim))
    return rows


def two_way_coverage(
    s11: np.ndarray, copy_mass: Sequence[float], original_mass: Sequence[float], content: Sequence[int]
) -> tuple[float, float]:
    """(copy covered by the original, original covered by the copy): term-mass-weighted best-match similarity.

    ``content`` are the copy sentences that count (scraper residue left out).

    Examples:
        >>> s = np.array([[0.8, 0.0, 0.0], [0.0, 0.0, 0.6]])
        >>> tuple(round(x, 3) for x in two_way_coverage(s, [1.0, 1.0], [1.0, 1.0, 2.0], [0, 1]))
        (0.7, 0.5)
    """
    if s11.size == 0 or not content:
        return 0.0, 0.0
    sub = s11[list(content), :]
    cm = np.asarray([copy_mass[i] for i in content], dtype=np.float64)
    om = np.asarray(original_mass, dtype=np.float64)
    copy_side = float(cm @ sub.max(axis=1) / cm.sum()) if cm.sum() > 0 else 0.0
    original_side = float(om @ sub.max(axis=0) / om.sum()) if om.sum() > 0 else 0.0
    return copy_side, original_side


def order_agreement(rows: Sequence[Row]) -> float:
    """Kendall tau (-1..1) of the copy and original positions of 1-1 rows; 0.0 with fewer than 3 rows.

    Pairs tied on either side (two copy sentences drawn from one original sentence) count as neither.

    Examples:
        >>> order_agreement([((0,), (0,), 1.0), ((1,), (1,), 1.0), ((2,), (3,), 1.0)])
        1.0
        >>> order_agreement([((0,), (3,), 1.0), ((1,), (2,), 1.0), ((2,), (0,), 1.0)])
        -1.0
    """
    pts = [(r[0][0], r[1][0]) for r in rows if r[0] and r[1]]
    if len(pts) < 3:
        return 0.0
    a = np.asarray(pts, dtype=np.float64)
    di = np.sign(a[:, 0][:, None] - a[:, 0][None, :])
    dj = np.sign(a[:, 1][:, None] - a[:, 1][None, :])
    prod = di * dj
    concordant = float((prod > 0).sum())
    discordant = float((prod < 0).sum())
    return (concordant - discordant) / (concordant + discordant) if concordant + discordant else 0.0


def reordered_rows(rows: Sequence[Row]) -> frozenset[int]:
    """Indexes of rows (in copy order) off the longest run whose original positions never go backwards.

    Examples:
        >>> sorted(reordered_rows([((0,), (0,), 1.0), ((1,), (5,), 1.0), ((2,), (1,), 1.0), ((3,), (2,), 1.0)]))
        [1]
    """
    js = [r[1][0] for r in rows]
    if not js:
        return frozenset()
    # Longest non-decreasing subsequence (patience sorting with predecessor links), O(k log k).
    tails: list[int] = []  # smallest tail value of a run of each length
    tail_idx: list[int] = []
    prev = [-1] * len(js)
    for k, j in enumerate(js):
        pos = bisect_right(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos > 0 else -1
    keep: set[int] = set()
    k = tail_idx[-1]
    while k >= 0:
        keep.add(k)
        k = prev[k]
    return frozenset(set(range(len(js))) - keep)


def shared_sentences(
    copy_sentences: Sequence[str], original_sentences: Sequence[str], rows: Sequence[Row], min_words: int, min_similarity: float,
) -> int:
    """How many distinct original sentences of at least ``min_words`` words a row pairs with a near-verbatim copy sentence.

    Word-level Indel similarity (``align.pair_kind``'s measure) >= ``min_similarity`` on both long sides.
    Two such sentences are copying whatever the rest of the page is: on the real farm pages
    (tests/data/farm) 20 of 113 true copy pairs share two or more, and none of 4,543 other page pairs
    (10 share one: a quoted statement, a stock phrase).

    Examples:
        >>> a = ("A French court on Monday barred Marine Le Pen from seeking public office for five years.",
        ...      "Although she can appeal the verdict, such a move will not suspend her ineligibility at all.")
        >>> shared_sentences(a, ("Menu", *a), [((0,), (1,), 0.9), ((1,), (2,), 0.9)], 12, 0.8)
        2
    """
    seen: set[int] = set()
    for ci, oi, _ in rows:
        if len(ci) != 1 or len(oi) != 1 or oi[0] in seen:
            continue
        a, b = tokens(copy_sentences[ci[0]]), tokens(original_sentences[oi[0]])
        if min(len(a), len(b)) >= min_words and Indel.normalized_similarity(a, b) >= min_similarity:
            seen.add(oi[0])
    return len(seen)


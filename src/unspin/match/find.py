"""Find the original: (Document, Archive) -> Attribution (best candidate, calibrated confidence, alignment).

Three steps, each cheaper candidates-first:
1. retrieve: the copy's rarest terms (names, numbers, rare words survive translation) as an FTS5 OR
   query, dropping terms too common in the archive to identify anything;
2. re-rank: the top few by containment (share of the copy's term mass in the candidate) and the top
   few by bm25 are scored order-free (coverage.py): each copy sentence against its best-matching
   original sentence and back, so a paraphrase that merges, splits or reorders sentences still scores;
3. align the best sentence by sentence (align.align_bags, monotone) and describe it with features
   (aligned share, row similarity, two-way coverage, order agreement, numbers, margin over the runner-up).
A small logistic model (calibration.py, data/matcher.json, fitted by ``unspin train matcher``) turns the features into a
calibrated confidence; below its operating point unspin abstains. A same-topic article shares
vocabulary but neither covers the copy's sentences nor is covered by them, and keeps its own order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..archive.store import Archive, StoredOriginal
from ..records import Alignment, Candidate, Document, Match
from ..settings import Settings
from .align import SentenceBags, align_bags, build_alignment, choose_rows, order_free_rows, similarity_matrices
from .calibration import confidence, load_matcher_model, model_for, operating_point  # noqa: F401  (re-exported)
from .coverage import (Row, best_match_rows, containment, number_agreement, numbers, order_agreement, rescore_keys,
                       shared_sentences, two_way_coverage)

FEATURES = (
    "aligned_share",  # share of the copy's term mass in aligned rows
    "aligned_similarity",  # term-mass-weighted row similarity over the whole copy (0 for unaligned)
    "containment",  # share of the copy's term mass present anywhere in the candidate
    "rare_containment",  # same for the copy's rare terms (weight >= RARE_WEIGHT)
    "lead",  # 1 - runner-up's rank_score / the best's: how far the best stands out (bounded, unlike the margin)
    "log_copy_mass",  # log of the copy's term mass: short copies carry less evidence
    "strong_share",  # share of the copy's term mass in rows with similarity >= STRONG_SIMILARITY
    "contiguity",  # share of consecutive aligned rows that are consecutive on both sides
    "mean_row_similarity",  # unweighted mean similarity of the aligned rows
    "length_agreement",  # mean min/max word-count ratio of aligned rows (translation keeps length)
    "number_agreement",  # share of the copy's numbers that the candidate has (smoothed, see below)
    "copy_coverage",  # copy's term mass x its best-matching original sentence's similarity, any order
    "original_coverage",  # the same from the original's side: how much of the original the copy retells
    "order_agreement",  # Kendall tau of best-match positions: a paraphrase keeps the order of facts
    "reverse_containment",  # share of the original's term mass present anywhere in the copy
)
# Measured and not in the model (round 2; computed for diagnostics, see _distinctiveness):
# coverage_ratio, rare_margin and exclusive_share in place of margin took the paraphrase bench from R@1
# 0.755 to 0.771 (wrong 0.4 -> 1.0 %) and templates from 3.1 to 2.5 %, but WMT partial wrong from 2.0 to
# 2.6 % and the farm dev set from P 0.90 / R 0.24 to P 1.00 / R 0.12. Every runner-up feature (margin
# too) punishes a copy whose runner-up is another copy of the same original: on the farm pages, 48 of
# the 69 whose best candidate is a true sibling have a sibling as runner-up, and those get median
# confidence 0.08 (7 accepted) against 0.33 (7 of 21) when the runner-up is unrelated.
# Hence "margin" is now measured against the best candidate that is not a copy of the best one
# (_copies_each_other; model refitted): farm dev set P 0.92 / R 0.61 (was 0.90 / 0.24).

# Why the last three: same-story reporting from another outlet shares names and even sentence-level
# vocabulary (rows at 0.3-0.55), but its matching sentences jump around the original and differ in
# length. On wmt-dev partial copies (30 % of a document) the true original gives contiguity 1.0 at
# every decile, while false candidates (original withheld) have median 0.5; mean row similarity p10
# 0.51 vs median 0.41; length agreement p10 0.80 vs median 0.70.

# A row this similar is rarely chance: on 300 WMT copies, 95 % of true sentence pairs score >= 0.31
# while 95 % of other pairs in the same two documents score <= 0.24 (weighted Dice of terms).
STRONG_SIMILARITY = 0.3
# Two archived texts with this much of one covered by the other (coverage.two_way_coverage) are copies
# of one story: on the farm pages 73 % of true copy pairs reach it and 0.6 % of the 4,543 other pairs.
SIBLING_COVERAGE = 0.4
RARE_WEIGHT = 5.5  # -log10 frequency: "minister" 4.4, "ritsumeikan" 7.8, numbers 6.0
@dataclass(frozen=True, slots=True)
class Attribution:
    """Result of find_original: the accepted match (or None), ranked candidates and the best alignment."""

    match: Match | None
    candidates: tuple[Candidate, ...]
    original: Document | None  # the matched original (None when abstaining)
    alignment: Alignment | None  # copy vs matched original
    best: Document | None  # the best candidate even when abstaining (for diagnostics)
    features: dict[str, float]


@dataclass(frozen=True, slots=True)
class _Scored:
    """One rescored candidate: its monotone rows, best-match rows and candidate-level features."""

    stored: StoredOriginal
    rows: list[Row]  # monotone DP rows (align.align_bags; the best candidate only)
    match_rows: list[Row]  # order-free best-match rows (coverage.best_match_rows)
    features: dict[str, float]  # FEATURES but "margin" and "lead" (the monotone ones on the best candidate only)
    rank_score: float  # what candidates are ordered by (see rank_score)


def query_terms(copy_terms: dict[str, float], archive: Archive, settings: Settings) -> dict[str, float]:
    """The copy's rarest terms that the archive holds and that are not too common in it."""
    if not copy_terms:
        return {}
    df = archive.document_frequency(copy_terms)
    limit = max(5.0, settings.max_query_df * len(archive))
    usable = [(t, w) for t, w in copy_terms.items() if 0 < df.get(t, 0) <= limit]
    usable.sort(key=lambda tw: (-tw[1], df[tw[0]], tw[0]))
    return dict(usable[: settings.query_terms])


def find_original(
    copy: Document,
    archive: Archive,
    settings: Settings | None = None,
    *,
    exclude_copy: frozenset[int] = frozenset(),
    bags: SentenceBags | None = None,
    exclude_ids: frozenset[str] = frozenset(),
    linked: frozenset[str] = frozenset(),
) -> Attribution:
    """Find which archive original a copy came from, or abstain.

    Args:
        copy: the suspected copy (its ``sentences`` are the units).
        archive: the archive of originals.
        settings: retrieval depth and the confidence threshold.
        exclude_copy: copy sentences to ignore (scraper residue).
        bags: the copy's pre-computed sentence bags, if the caller has them.
        exclude_ids: originals never to propose (e.g. the copy itself when it is in the archive).
        linked: originals not to propose again but still to compete with (a crawl page's siblings already
            linked): the best of the rest must still stand out from them, so a page's third link is not
            a same-event report that merely leads once its true siblings are set aside.

    Examples:
        >>> archive = Archive()
        >>> _ = archive.add([Document("o", "", ("Hegseth met Nakatani in Tokyo on Sunday.", "Iwo Jima was next."))])
        >>> find_original(Document("c", "", ("Higseth met Nakatani in Tokyo Sunday.",)), archive).candidates[0].id
        'o'
    """
    settings = settings or Settings()
    bags = bags or SentenceBags.of(copy.sentences)
    empty = Attribution(None, (), None, None, None, {})
    if len(archive) == 0:
        return empty
    scored = rescore_candidates(copy, archive, settings, bags, exclude_copy, exclude_ids, linked)
    best = next((s for s in scored if s.stored.document.id not in linked), None)
    if best is None:
        return empty
    runner_up = next((s.rank_score for s in scored if s.stored.document.id != best.stored.document.id
                      and not _copies_each_other(best.stored, s.stored)), 0.0)
    features = best.features | {"margin": best.rank_score - runner_up, "lead": _lead(best.rank_score, runner_up)}
    model = model_for(len(archive))  # a large archive's same-topic runner-ups need the model fitted against them
    conf = confidence(features, model)
    candidates = tuple(Candidate(s.stored.document.id, s.rank_score / 2)  # similarity: the two coverages' mean
                       for s in scored[: settings.top_candidates])
    threshold = settings.min_confidence if settings.min_confidence is not None else float(model.get("threshold", 0.5))
    features |= {"operating_point": threshold, "shared_sentences": float(_shared(copy, best, settings))}
    # Below the operating point, long sentences carried near-verbatim decide (a reprint inside page furniture).
    carried = carries_sentences(features, settings)
    # Too little of the copy in aligned rows: a same-topic article that leads its runner-up is still
    # not a source (Settings.min_aligned_similarity).
    unsupported = not carried and features["aligned_similarity"] < settings.min_aligned_similarity
    if (conf < threshold and not carried) or unsupported or features["number_agreement"] < settings.min_number_agreement:
        return Attribution(None, candidates, None, None, best.stored.document, features | {"confidence": conf})
    if conf < threshold:  # accepted on carried sentences: their own measured precision, not the model's
        features["model_confidence"] = conf
        conf = threshold
    rows = best.rows
    if choose_rows(best.rows, best.match_rows, [sum(b.values()) for b in bags.bags]):
        rows = order_free_rows(best.match_rows, len(bags.bags), len(best.stored.bags.bags), exclude_copy)
    alignment = build_alignment(copy, best.stored.document, rows, bags.words, best.stored.bags.words, settings)
    match = Match(copy.id, best.stored.document.id, conf, best.rank_score / 2)
    return Attribution(match, candidates, best.stored.document, alignment, best.stored.document, features | {"confidence": conf})


def carries_sentences(features: dict[str, float], settings: Settings) -> bool:
    """Enough long near-verbatim sentences to accept below the operating point (``Settings.min_shared_sentences``)."""
    return settings.min_shared_sentences > 0 and features.get("shared_sentences", 0) >= settings.min_shared_sentences


def _lead(best: float, runner_up: float) -> float:
    """1 - runner_up / best, in [0, 1]: the runner-up's score relative to the best's (0 when both are 0).

    Why relative: the absolute margin depends on how long the two texts are and how many candidates an
    archive has (a 5-article archive gives margins past every training row). In the matcher's place it
    took llm-paraphrase-dev's R@1 from 0.729 to 0.813 at the same false accepts (5 article folds of the
    training rows), templates 5.3 -> 3.6 %, WMT partial withheld 1.0 -> 1.1 %.
    """
    return max(0.0, min(1.0, 1.0 - runner_up / best)) if best > 0 else 0.0


def _copies_each_other(a: StoredOriginal, b: StoredOriginal) -> bool:
    """True when one archived text retells most of the other (two copies of one story, a story filed twice).

    The margin over the runner-up is measured against the best candidate that is *not* such a copy:
    otherwise a copy whose original is in the archive with its carriers, or a page whose siblings are
    in the same crawl, has no margin at all and is refused (on the farm pages: 48 of the 69 pages whose
    best candidate is a true sibling had a sibling as runner-up; Reuters stories filed twice scored
    confidence 0.000 against their identical twin).
    """
    return mutual_coverage(a, b) >= SIBLING_COVERAGE


def mutual_coverage(a: StoredOriginal, b: StoredOriginal) -> float:
    """The larger of two archived texts' coverages of each other (``coverage.two_way_coverage``, 0..1)."""
    s11 = similarity_matrices(a.bags, b.bags, merged=False)[0]
    mass_a = [sum(x.values()) for x in a.bags.bags]
    cov_a, cov_b = two_way_coverage(s11, mass_a, [sum(x.values()) for x in b.bags.bags], range(len(mass_a)))
    return max(cov_a, cov_b)


def _shared(copy: Document, scored: _Scored, settings: Settings) -> int:
    """``coverage.shared_sentences`` of the copy and one rescored candidate (its order-free rows)."""
    return shared_sentences(copy.sentences, scored.stored.document.sentences, scored.match_rows,
                            settings.shared_sentence_words, settings.light_similarity)


def rescore_candidates(
    copy: Document,
    archive: Archive,
    settings: Settings,
    bags: SentenceBags,
    exclude_copy: frozenset[int] = frozenset(),
    exclude_ids: frozenset[str] = frozenset(),
    linked: frozenset[str] = frozenset(),
) -> list[_Scored]:
    """Retrieve, pre-rank and align the most promising candidates -> scored candidates, best first.

    The best candidate not in ``linked`` (``find_original``'s choice) gets the alignment and its features.
    """
    content = [i for i in range(len(bags.bags)) if i not in exclude_copy]
    copy_terms = copy_terms_of(bags, exclude_copy)
    if not copy_terms:
        return []
    hits = archive.search(query_terms(copy_terms, archive, settings), settings.candidates_k)
    if not hits:
        return []
    keys = rescore_keys(copy_terms, hits, archive.terms_of(k for k, _ in hits), settings.rescore_k)
    top = hits[0][1] or 1.0
    retrieval = {k: sc / top for k, sc in hits}
    scored: list[_Scored] = []
    for key in keys:
        stored = archive.stored(key)
        if stored.document.id not in exclude_ids:
            scored.append(_score(copy, bags, content, copy_terms, stored, settings, exclude_copy, retrieval[key]))
    scored.sort(key=lambda s: (-s.rank_score, -s.features["containment"], s.stored.document.id))
    i = next((i for i, s in enumerate(scored) if s.stored.document.id not in linked), None)
    if i is not None:
        best = _with_alignment(scored[i], bags, content, settings, exclude_copy)
        scored[i] = replace(best, features=best.features | _distinctiveness(copy_terms, [best, *scored[:i], *scored[i + 1:]]))
    return scored


def copy_terms_of(bags: SentenceBags, exclude_copy: frozenset[int] | set[int] = frozenset()) -> dict[str, float]:
    """Each term of the copy's content sentences (``exclude_copy`` left out) with its highest weight."""
    terms: dict[str, float] = {}
    for i, bag in enumerate(bags.bags):
        if i in exclude_copy:
            continue
        for t, w in bag.items():
            if w > terms.get(t, 0.0):
                terms[t] = w
    return terms


def _distinctiveness(copy_terms: dict[str, float], scored: list[_Scored]) -> dict[str, float]:
    """How much the best candidate stands out from the other rescored ones (they are sorted best first).

    A weak but true match (an LLM retelling) still holds rare terms of the copy that no other candidate
    has; the best of several same-topic articles shares what they all share. ``coverage_ratio`` is the
    runner-up's rank score over the best's (bounded, unlike ``margin``, whose range depends on the archive).
    """
    best = scored[0]
    others = scored[1:]
    rare = {t: w for t, w in copy_terms.items() if w >= RARE_WEIGHT} or copy_terms
    in_best = {t: w for t, w in rare.items() if t in best.stored.terms}
    exclusive = sum(w for t, w in in_best.items() if not any(t in o.stored.terms for o in others))
    second = others[0] if others else None
    return {
        "coverage_ratio": (second.rank_score / best.rank_score if best.rank_score > 0 else 1.0) if second else 0.0,
        "rare_margin": best.features["rare_containment"] - (second.features["rare_containment"] if second else 0.0),
        "exclusive_share": exclusive / (sum(rare.values()) or 1.0),
    }


def _score(
    copy: Document,
    bags: SentenceBags,
    content: list[int],
    copy_terms: dict[str, float],
    stored: StoredOriginal,
    settings: Settings,
    exclude_copy: frozenset[int],
    retrieval: float,
) -> _Scored:
    """Copy vs one candidate -> best-match rows and the order-free features (cheap: one matrix product).

    The monotone alignment and its features are added to the best candidate only (``_with_alignment``).
    """
    s11 = similarity_matrices(bags, stored.bags, merged=False)[0]
    match_rows = best_match_rows(s11, settings.min_pair_similarity, exclude_copy)
    rare = {t: w for t, w in copy_terms.items() if w >= RARE_WEIGHT}
    original_mass = [sum(b.values()) for b in stored.bags.bags]
    copy_mass = [sum(b.values()) for b in bags.bags]
    copy_cov, original_cov = two_way_coverage(s11, copy_mass, original_mass, content)
    features = {
        "containment": containment(copy_terms, stored.terms),
        "rare_containment": containment(rare, stored.terms) if rare else containment(copy_terms, stored.terms),
        "log_copy_mass": math.log1p(sum(copy_terms.values())),
        # Numbers of the copy's sentences that have a match in this candidate: an LLM's invented
        # sentences ("Meghan Markle, 37, and Trevor Engelson, 43, ...") carry numbers no original has.
        "number_agreement": number_agreement(_matched_numbers(copy, match_rows), stored.document.text),
        "copy_coverage": copy_cov,
        "original_coverage": original_cov,
        "order_agreement": order_agreement(match_rows),
        "retrieval": retrieval,
        **_document_overlap(copy_terms, stored.bags),
    }
    return _Scored(stored, [], match_rows, features, rank_score(features))


def _with_alignment(scored: _Scored, bags: SentenceBags, content: list[int], settings: Settings, exclude_copy: frozenset[int]) -> _Scored:
    """Add the monotone DP rows (align.align_bags) and their features to a scored candidate."""
    stored = scored.stored
    rows = align_bags(bags, stored.bags, min_similarity=settings.min_pair_similarity, skip_a=exclude_copy)
    share, sim, strong = _aligned_mass(rows, bags, content)
    features = scored.features | {
        "aligned_share": share, "aligned_similarity": sim, "strong_share": strong,
        **_row_agreement(rows, bags.words, stored.bags.words),
    }
    return replace(scored, rows=rows, features=features)


def _matched_numbers(copy: Document, match_rows: list[Row]) -> frozenset[str]:
    """The numbers written in the copy sentences of ``match_rows``."""
    return numbers(" ".join(copy.sentences[r[0][0]] for r in match_rows if r[0][0] < len(copy.sentences)))


def _document_overlap(copy_terms: dict[str, float], original: SentenceBags) -> dict[str, float]:
    """Whole-document term overlap: weighted Dice and the share of the original's term mass in the copy."""
    orig: dict[str, float] = {}
    for b in original.bags:
        for t, w in b.items():
            if w > orig.get(t, 0.0):
                orig[t] = w
    shared = sum(w for t, w in orig.items() if t in copy_terms)
    om = sum(orig.values()) or 1.0
    return {"document_dice": 2 * shared / (om + sum(copy_terms.values())), "reverse_containment": shared / om}


def rank_score(features: dict[str, float]) -> float:
    """What rescored candidates are ordered by: two-way coverage (copy by original + original by copy).

    On llm-paraphrase-dev (1,045 copies, true original among the rescored for 0.939) it puts the true
    original first for 0.907, against 0.876 for the monotone aligned similarity, 0.890 / 0.897 for either
    side alone and 0.865 for term containment.
    """
    return features["copy_coverage"] + features["original_coverage"]


def _row_agreement(
    rows: list[tuple[tuple[int, ...], tuple[int, ...], float]], copy_words: tuple[int, ...], original_words: tuple[int, ...]
) -> dict[str, float]:
    """Contiguity, mean similarity and length agreement of the aligned rows (see FEATURES)."""
    aligned = [r for r in rows if r[0] and r[1]]
    if not aligned:
        return {"contiguity": 0.0, "mean_row_similarity": 0.0, "length_agreement": 0.0}
    steps = [b[0][0] == a[0][-1] + 1 and b[1][0] == a[1][-1] + 1 for a, b in zip(aligned, aligned[1:])]
    lengths = []
    for ci, oi, _ in aligned:
        lc = sum(copy_words[i] for i in ci)
        lo = sum(original_words[j] for j in oi)
        lengths.append(min(lc, lo) / max(lc, lo, 1))
    return {
        # One aligned row has no step to judge: 0.5 says "no evidence either way".
        "contiguity": sum(steps) / len(steps) if steps else 0.5,
        "mean_row_similarity": sum(r[2] for r in aligned) / len(aligned),
        "length_agreement": sum(lengths) / len(lengths),
    }


def _aligned_mass(
    rows: list[tuple[tuple[int, ...], tuple[int, ...], float]], bags: SentenceBags, content: list[int]
) -> tuple[float, float, float]:
    """Shares of the copy's term mass: in aligned rows, similarity-weighted, in strongly similar rows."""
    mass = [sum(bags.bags[i].values()) for i in range(len(bags.bags))]
    total = sum(mass[i] for i in content) or 1.0
    aligned = weighted = strong = 0.0
    for ci, oi, sim in rows:
        if ci and oi:
            m = sum(mass[i] for i in ci)
            aligned += m
            weighted += m * sim
            if sim >= STRONG_SIMILARITY:
                strong += m
    return aligned / total, weighted / total, strong / total

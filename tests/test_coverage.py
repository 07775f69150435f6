"""Order-free evidence on real LLM paraphrases (tests/data/paraphrase): reordered rows, two-way coverage, order."""

import json
from pathlib import Path

import pytest

from unspin import Document
from unspin.match.align import SentenceBags, build_alignment, choose_rows, order_free_rows, similarity_matrices
from unspin.match.align import align_bags
from unspin.match.coverage import best_match_rows, order_agreement, reordered_rows, two_way_coverage
from unspin.settings import Settings
from unspin.datasets.transform import excerpt, shuffle

PAIRS = [json.loads(line) for line in (Path(__file__).parent / "data" / "paraphrase" / "pairs.jsonl").read_text().splitlines()]


def _doc(d: dict) -> Document:
    return Document(d["id"], " ".join(d["sentences"]), tuple(d["sentences"]))


@pytest.fixture(params=range(len(PAIRS)), ids=[p["copy"]["id"].split("/")[2] for p in PAIRS])
def pair(request):
    p = PAIRS[request.param]
    return _doc(p["copy"]), _doc(p["original"])


def _mass(bags: SentenceBags) -> list[float]:
    return [sum(b.values()) for b in bags.bags]


def _coverage(copy: Document, original: Document) -> tuple[float, float]:
    a, b = SentenceBags.of(copy.sentences), SentenceBags.of(original.sentences)
    return two_way_coverage(similarity_matrices(a, b)[0], _mass(a), _mass(b), list(range(len(copy.sentences))))


def test_puerto_rico_paraphrase_moves_the_ships_sentence_back():
    copy, original = _doc(PAIRS[0]["copy"]), _doc(PAIRS[0]["original"])
    a, b = SentenceBags.of(copy.sentences), SentenceBags.of(original.sentences)
    s11 = similarity_matrices(a, b)[0]
    rows = best_match_rows(s11, Settings().min_pair_similarity)
    # "shipping vessels full of supplies are forced to wait at harbor" (copy 5) retells original 4
    # ("There are ships full of supplies, backed up in the ports"), after the drivers (original 5).
    by_copy = {r[0][0]: r[1][0] for r in rows}
    assert by_copy[5] == 4 and by_copy[3] == 5
    back = [rows[k][0][0] for k in reordered_rows(rows)]
    assert back == [5]
    full = order_free_rows(rows, len(copy.sentences), len(original.sentences), frozenset())
    alignment = build_alignment(copy, original, full, a.words, b.words, Settings())
    kinds = {p.copy: p.kind for p in alignment.pairs if p.copy}
    assert kinds[(5,)] == "reordered"
    assert sum(p.kind == "reordered" for p in alignment.pairs) == 1
    # Every original sentence counts once in the reuse figure, however many copy rows draw on it.
    assert 0.0 < alignment.original_reused <= 1.0


def test_monotone_rows_are_never_reordered(pair):
    copy, original = pair
    a, b = SentenceBags.of(copy.sentences), SentenceBags.of(original.sentences)
    rows = align_bags(a, b)
    alignment = build_alignment(copy, original, rows, a.words, b.words, Settings())
    assert all(p.kind != "reordered" for p in alignment.pairs)


def test_shuffled_article_prefers_order_free_rows(pair):
    import random

    _, original = pair
    shuffled = shuffle(original, random.Random(3))
    a, b = SentenceBags.of(shuffled.sentences), SentenceBags.of(original.sentences)
    matrices = similarity_matrices(a, b)
    rows = align_bags(a, b, matrices=matrices)
    free = best_match_rows(matrices[0], Settings().min_pair_similarity)
    assert choose_rows(rows, free, _mass(a))
    assert order_agreement(free) < 0.9
    assert order_agreement(best_match_rows(similarity_matrices(b, b)[0], 0.12)) == 1.0


def test_coverage_runs_both_ways(pair):
    copy, original = pair
    copy_side, original_side = _coverage(copy, original)
    assert copy_side > 0.3 and original_side > 0.25
    # An excerpt (the lead) is wholly inside its original, but covers only part of it.
    lead = excerpt(original, 0.4)
    lead_side, rest_side = _coverage(lead, original)
    assert lead_side > 0.99 and rest_side < 0.75
    # The other pair's original: neither side covers the other.
    other = _doc(next(p for p in PAIRS if p["original"]["id"] != original.id)["original"])
    assert max(_coverage(copy, other)) < 0.15


def test_two_excerpts_of_one_article_cover_each_other_in_part(pair):
    _, original = pair
    n = len(original.sentences)
    head = Document("h", "", original.sentences[: n // 2 + 1])
    tail = Document("t", "", original.sentences[n // 2 - 1 :])
    other = _doc(next(p for p in PAIRS if p["original"]["id"] != original.id)["original"])
    # They share the middle sentences: each covers a part of the other, in both directions more than
    # the same excerpt covers another article (or is covered by it).
    assert min(_coverage(head, tail)) > 0.1
    assert min(_coverage(head, tail)) > 3 * max(_coverage(head, other))


@pytest.mark.parametrize("module", ["unspin.match.coverage", "unspin.datasets.transform"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(module)).failed == 0

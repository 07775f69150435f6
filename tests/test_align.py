from unspin import Document, align
from unspin.match.align import SentenceBags, align_bags


def test_alignment_of_real_copies_matches_gold(sample_copies, sample_originals):
    by_id = {d.id: d for d in sample_originals}
    tp = fp = fn = 0
    for c in sample_copies:
        al = align(c["document"], by_id[c["original_id"]])
        pred = {(i, j) for p in al.pairs for i in p.copy for j in p.original}
        gold = set(c["gold"])
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.97 and recall >= 0.95


def test_alignment_is_monotone_and_covers_every_sentence_once(sample_copies, sample_originals):
    by_id = {d.id: d for d in sample_originals}
    c = sample_copies[0]
    original = by_id[c["original_id"]]
    al = align(c["document"], original)
    copy_idx = [i for p in al.pairs for i in p.copy]
    orig_idx = [j for p in al.pairs for j in p.original]
    assert copy_idx == list(range(len(c["document"].sentences)))
    assert orig_idx == list(range(len(original.sentences)))


def test_kinds_verbatim_edited_and_one_sided():
    original = Document("o", "", ("Gen Nakatani met Pete Hegseth in Tokyo on Sunday.", "They discussed the command.", "Shares fell."))
    copy = Document(
        "c",
        "",
        (
            "Gen Nakatani met Pete Hegseth in Tokyo on Sunday.",
            "They discussed the new joint command.",
            "The weather in Paris was sunny and warm for the marathon.",
        ),
    )
    kinds = [(p.copy, p.original, p.kind) for p in align(copy, original).pairs]
    assert ((0,), (0,), "verbatim") in kinds
    assert ((1,), (1,), "lightly-edited") in kinds
    assert ((2,), (), "copy-only") in kinds
    assert ((), (2,), "original-only") in kinds


def test_split_sentence_aligns_two_to_one():
    original = Document("o", "", ("Hegseth arrived in Tokyo from Manila and met Nakatani at the ministry on Sunday.",))
    copy = Document("c", "", ("Hegseth arrived in Tokyo from Manila.", "He met Nakatani at the ministry on Sunday."))
    pairs = align(copy, original).pairs
    assert [(p.copy, p.original) for p in pairs] == [((0, 1), (0,))]


def test_excluded_sentences_are_left_out():
    a = SentenceBags.of(["Hegseth met Nakatani in Tokyo.", "Source link"])
    b = SentenceBags.of(["Hegseth met Nakatani in Tokyo on Sunday."])
    rows = align_bags(a, b, skip_a=frozenset({1}))
    assert [r[0] for r in rows] == [(0,)]


def test_empty_documents_align_to_nothing():
    al = align(Document("c", "", ()), Document("o", "", ("Something.",)))
    assert [(p.copy, p.original, p.kind) for p in al.pairs] == [((), (0,), "original-only")]
    assert al.copy_added == 0.0


def test_similarity_matrices_equal_the_weighted_dice_of_every_row(sample_copies, sample_originals):
    # The matrices are computed on the shared terms only, with totals from each document's cached
    # incidence; every 1-1, 1-2 and 2-1 cell must still be the Dice of the row's bags.
    from unspin.match.align import similarity_matrices

    by_id = {d.id: d for d in sample_originals}
    for c in sample_copies[:6]:
        a = SentenceBags.of(c["document"].sentences)
        b = SentenceBags.of(by_id[c["original_id"]].sentences)
        s11, s12, s21 = similarity_matrices(a, b)
        A, B = a.bags, b.bags
        for i in range(len(A)):
            for j in range(len(B)):
                assert abs(s11[i, j] - _dice_in(A, B, [A[i]], [B[j]])) < 1e-9
                if j + 1 < len(B):
                    assert abs(s12[i, j] - _dice_in(A, B, [A[i]], [B[j], B[j + 1]])) < 1e-9
                if i + 1 < len(A):
                    assert abs(s21[i, j] - _dice_in(A, B, [A[i], A[i + 1]], [B[j]])) < 1e-9


def _dice_in(doc_a, doc_b, rows_a, rows_b) -> float:
    weight: dict[str, float] = {}
    for bag in (*doc_a, *doc_b):
        for t, w in bag.items():
            weight[t] = max(weight.get(t, 0.0), w)
    x, y = set().union(*rows_a), set().union(*rows_b)
    total = sum(weight[t] for t in x) + sum(weight[t] for t in y)
    return 2 * sum(weight[t] for t in x & y) / total if total else 0.0

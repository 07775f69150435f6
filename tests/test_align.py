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

"""restore_names / apply_fixes on the seed and on real WMT copies (tests/data/names)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from unspin.match.align import align
from unspin.bench.restore import Tally, score_copy
from unspin.datasets.wmt import BenchCopy
from unspin.ingest.text import from_text
from unspin.names.lexicon import Lexicon, learn_names
from unspin.names.restore import apply_fixes, restore, restore_names
from unspin.names.keys import similarity
from unspin.records import Document, NameFix

DATA = Path(__file__).parent / "data" / "names"
NEVER_CHANGED = ("Nakatani", "Okinawa", "Tokyo", "Taiwan", "Trump", "Ishiba", "Philippines", "Signal", "Kamikobo")


def _doc(id_: str, sentences: list[str]) -> Document:
    return Document(id_, " ".join(sentences), tuple(sentences))


@pytest.fixture(scope="module")
def default_lexicon() -> Lexicon:
    return Lexicon.default()


@pytest.fixture(scope="module")
def seed() -> Document:
    return from_text((DATA / "seed.txt").read_text(encoding="utf-8"), id="seed")


@pytest.fixture(scope="module")
def wmt() -> tuple[dict[str, Document], dict[str, list[Document]]]:
    """The cut wmt-dev documents: originals by id, and their copies (system outputs) by original id."""
    originals: dict[str, Document] = {}
    copies: dict[str, list[Document]] = defaultdict(list)
    for line in (DATA / "wmt-dev-cut.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        doc = _doc(row["id"], row["sentences"])
        if row["kind"] == "original":
            originals[row["id"]] = doc
        else:
            copies[row["original_id"]].append(doc)
    return originals, copies


def test_seed_with_the_bundled_lexicon_restores_the_mangled_names(seed, default_lexicon):
    fixes = restore_names(seed, lexicon=default_lexicon)
    pairs = {(f.before, f.after) for f in fixes}
    assert {("Higseth", "Hegseth"), ("Higth", "Hegseth"), ("Shigro", "Shigeru"),
            ("Iowo Jimma", "Iwo Jima"), ("Ritzomican", "Ritsumeikan")} <= pairs
    assert sum(f.before == "Higseth" for f in fixes) == seed.text.count("Higseth")
    for f in fixes:
        assert seed.text[f.span[0] : f.span[1]] == f.before  # spans index copy.text
        assert f.source == "lexicon" and f.evidence and 0 < f.confidence <= 1
        assert not any(word in f.before.split() for word in NEVER_CHANGED)
    restored = apply_fixes(seed.text, fixes)
    assert "Iwo Jima Island" in restored and "Prime Minister Shigeru Ishiba" in restored
    assert "University of Ritsumeikan" in restored and "Higseth" not in restored
    for word in NEVER_CHANGED:
        assert restored.count(word) == seed.text.count(word)


def test_string_distance_alone_would_pick_the_decoy_but_restoration_does_not():
    # ANCHORS.md D: Jaro-Winkler ranks "Hesketh" (0.924) above "Hegseth" (0.914) for "Higseth".
    assert similarity("Higseth", "Hegseth") > similarity("Higseth", "Hesketh")
    lex = Lexicon(words={"hegseth": 1.3e-8, "hesketh": 1.6e-7, "shigeru": 2.8e-7, "ritsumeikan": 1.5e-8})
    copy = _doc("c", ["Mr. Higseth met Shigro Ishiba.", "He spoke at Ritzomican."])
    assert {f.after for f in restore_names(copy, lexicon=lex)} == {"Hegseth", "Shigeru", "Ritsumeikan"}


def test_a_lone_near_miss_is_left_alone(default_lexicon):
    # One unknown name close to a known one, in a copy that damages nothing else: the lexicon has
    # no way to tell a mangled name from a name it lacks.
    copy = _doc("c", ["Mr. Higseth arrived in Tokyo on Sunday.", "He met Mr. Nakatani."])
    assert restore_names(copy, lexicon=default_lexicon) == ()


def test_original_fixes_titles_reordered_names_and_unknown_surnames():
    copy = _doc("c", [
        "After meeting with General Nakatani, Mr. Higseth spoke.",
        "He briefly met Prime Minister Shigro Ishiba.",
        "“Trump wants Japan to do more,” said Masso Kamikobo.",
    ])
    original = _doc("o", [
        "After meeting with Gen Nakatani, Mr. Hegseth spoke.",
        "He briefly met Prime Minister Ishiba Shigeru.",
        "“Trump wants Japan to do more,” said Masao Kamikubo.",
    ])
    fixes = restore_names(copy, original=original)
    assert [(f.before, f.after) for f in fixes] == [
        ("General", "Gen"), ("Higseth", "Hegseth"), ("Shigro", "Shigeru"), ("Masso Kamikobo", "Masao Kamikubo"),
    ]
    assert all(f.source == "original" and "original sentence" in f.evidence for f in fixes)
    assert "given name" in fixes[0].evidence


def test_original_never_touches_what_it_spells_the_same(seed):
    fixes = restore_names(seed, original=seed)
    assert fixes == ()


def test_original_mode_on_real_wmt_copies_is_precise(wmt):
    originals, copies = wmt
    tally = Tally()
    for oid, docs in copies.items():
        for doc in docs:
            fixes = restore_names(doc, original=originals[oid], alignment=align(doc, originals[oid]))
            gold = tuple((i, i) for i in range(len(doc.sentences)))
            score_copy(BenchCopy(doc, oid, gold, "", ""), originals[oid], fixes, tally)
    assert tally.fixes >= 20, tally
    assert tally.correct / tally.fixes >= 0.95, tally.examples
    assert tally.restored / tally.mangled >= 0.8, tally


def test_siblings_restore_what_most_of_them_agree_on(wmt):
    originals, copies = wmt
    tally = Tally()
    for oid, docs in copies.items():
        for doc in docs:
            fixes, restored = restore(doc, siblings=docs)
            assert all(f.source == "siblings" for f in fixes)
            gold = tuple((i, i) for i in range(len(doc.sentences)))
            score_copy(BenchCopy(doc, oid, gold, "", ""), originals[oid], fixes, tally)
    assert tally.fixes >= 2, tally
    assert tally.correct / tally.fixes >= 0.9, tally.examples


def test_siblings_need_a_majority():
    copy = _doc("c", ["Mr. Higseth spoke in Tokyo."])
    agree = [_doc(f"s{n}", ["Mr. Hegseth spoke in Tokyo."]) for n in range(2)]
    disagree = [_doc(f"d{n}", ["Mr. Higseth spoke in Tokyo."]) for n in range(2)]
    assert restore(copy, siblings=agree)[1] == "Mr. Hegseth spoke in Tokyo."
    fixes = restore(copy, siblings=agree)[0]
    assert fixes[0].evidence.startswith("2 of 2 sibling copies write 'Hegseth'")
    assert restore(copy, siblings=agree + disagree)[0] == ()
    assert restore(copy, siblings=agree[:1])[0] == ()  # one sibling is no majority


def test_learned_multiword_names_restore_as_a_unit():
    originals = [_doc("o1", ["Marines landed on Iwo Jima in 1945."]), _doc("o2", ["The battle of Iwo Jima lasted weeks."])]
    names = learn_names(originals)
    assert names["Iwo Jima"] == 2
    lex = Lexicon(names=names + Counter({"Hegseth": 1, "Ritsumeikan": 1}))
    copy = _doc("c", ["Mr. Higseth stopped on Iowo Jimma Island.", "He spoke at Ritzomican."])
    fixes = restore_names(copy, lexicon=lex)
    assert ("Iowo Jimma", "Iwo Jima") in {(f.before, f.after) for f in fixes}


def test_apply_fixes_skips_stale_and_overlapping_fixes():
    text = "Mr. Higseth met Shigro Ishiba."
    fixes = [
        NameFix((16, 22), "Shigro", "Shigeru", "lexicon", 0.9, "e"),
        NameFix((4, 11), "Higseth", "Hegseth", "lexicon", 0.9, "e"),
        NameFix((4, 8), "Higs", "X", "lexicon", 0.9, "overlaps"),
        NameFix((23, 29), "Nobody", "Y", "lexicon", 0.9, "stale"),
    ]
    assert apply_fixes(text, fixes) == "Mr. Hegseth met Shigeru Ishiba."
    assert apply_fixes(text, []) == text

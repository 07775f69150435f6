"""Tests for unspin.names.keys' word and name-run scanners against their plain definitions (issue 14 sped them up)."""

from __future__ import annotations

import random
import re

from unspin.names.keys import Token, is_name_like, name_runs, name_words, words

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def _words_by_definition(sentence: str) -> list[tuple]:
    """words() as first written: possessive by regex, clause openers after the stripped gap."""
    out: list[tuple] = []
    for m in _WORD.finditer(sentence):
        text, start = m.group(), m.start()
        possessive = re.search(r"['’]s$", text)
        if possessive and len(text) > 3:
            text = text[: possessive.start()]
        gap = sentence[out[-1][2] if out else 0 : start].strip()
        out.append((text, start, start + len(text), not out or (bool(gap) and gap[-1] in "“\"‘:(")))
    return out


def _runs_by_definition(sentence: str) -> list[list[tuple]]:
    runs: list[list[tuple]] = []
    for tok in _words_by_definition(sentence):
        if not is_name_like(tok[0]):
            continue
        if runs and sentence[runs[-1][-1][2] : tok[1]] in (" ", "-") and tok[1] - runs[-1][-1][2] == 1:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return runs


ODD = [
    "“America,” Mr. Higseth’s aide said.", "Jones's 'Smith' - Lee-Kim O'Neil’s (“Dr Who”) \t Ab  Cd", "  x", "", "’s",
    "3 Iowa", "- Bob", "Bob -Al", "Bob- Al", "Anne’s’s Bo", "St. Mary's-Hospital", "Ünal Özil: Ǆemal", "x\u00a0Bob Al",
    "a: Bob", "a:\tBob", "«Bob»", "Bob  Al", "Bob\u2009Al", "NATO's Stoltenberg", "Iowo Jimma Island",
]


def test_words_and_runs_follow_their_definitions(sample_originals) -> None:
    sentences = [s for d in sample_originals for s in d.sentences] + ODD
    for s in sentences:
        toks = words(s)
        assert all(type(t) is Token for t in toks)
        assert [tuple(t) for t in toks] == _words_by_definition(s), s
        assert [[tuple(t) for t in run] for run in name_runs(s)] == _runs_by_definition(s), s
        assert name_words(s) == [t for t in toks if is_name_like(t.text)], s


def test_name_words_on_random_strings_of_the_characters_that_matter() -> None:
    # name_words() reads the clause opener backwards from a capitalised word instead of walking every
    # word; random mixes of letters, separators, openers, digits and spaces probe every branch
    rng = random.Random(14)
    alphabet = ["A", "Bo", "c", "d", "É", "é", "ß", "ǅ", "½", "3", "_", " ", " ", "\t", "\u00a0", "'", "’", "-", "s", "S",
                "'s", "’s", "“", '"', "‘", ":", "(", ".", ",", "NATO"]
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert [tuple(t) for t in name_words(s)] == [t for t in _words_by_definition(s) if is_name_like(t[0])], repr(s)
        assert [[tuple(t) for t in run] for run in name_runs(s)] == _runs_by_definition(s), repr(s)


def test_token_fields() -> None:
    t = Token("Hegseth", 4, 11, False)
    assert (t.text, t.start, t.end, t.initial) == ("Hegseth", 4, 11, False) == tuple(t)


def _learned_by_definition(sentence: str, max_words: int = 4) -> dict[str, int]:
    """lexicon.learn_names' counting over name_runs, as first written."""
    from unspin.names.keys import is_title

    counts: dict[str, int] = {}
    for run in _runs_by_definition(sentence):
        while run and is_title(run[0][0]):
            run = run[1:]
        if not run:
            continue
        if 2 <= len(run) <= max_words:
            span = sentence[run[0][1] : run[-1][2]]
            counts[span] = counts.get(span, 0) + 1
        for text, _, _, initial in run:
            if not initial and not is_title(text):
                counts[text] = counts.get(text, 0) + 1
    return counts


def test_count_name_spans_counts_what_the_runs_define(sample_originals) -> None:
    # learn_names counts in one pass over the capitalised words (issue 14: a fifth of indexing news)
    from unspin.names.keys import count_name_spans

    rng = random.Random(15)
    alphabet = ["A", "Bo", "c", "É", "é", "3", " ", " ", "'", "’", "-", "s", "'s", "“", ":", "(", ".", "Mr", "Gen",
                "General", "President", "NATO", "Dr."]
    sentences = [s for d in sample_originals for s in d.sentences] + ODD
    sentences += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    for s in sentences:
        counts: dict[str, int] = {}
        count_name_spans(s, counts, 4)
        assert counts == _learned_by_definition(s), repr(s)

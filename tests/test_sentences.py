"""Tests for unspin.text.sentences.split_sentences: real-style news cases, one rule each."""

from __future__ import annotations

import pytest

from unspin.text.sentences import split_sentences

CASES: list[tuple[str, tuple[str, ...]]] = [
    # honorifics and titles: a name follows, never a sentence end
    ("Mr. Higseth met Gen. Nakatani on Friday. They talked.",
     ("Mr. Higseth met Gen. Nakatani on Friday.", "They talked.")),
    ("Fr. Thomas Rosica said Dr. Jill Biden and Prof. Smith agreed.",
     ("Fr. Thomas Rosica said Dr. Jill Biden and Prof. Smith agreed.",)),
    ("Lt. Col. Alexander Vindman testified. Sen. Ted Cruz objected.",
     ("Lt. Col. Alexander Vindman testified.", "Sen. Ted Cruz objected.")),
    ("The fire spread to St. Louis and Mt. Vernon.", ("The fire spread to St. Louis and Mt. Vernon.",)),
    # initials
    ("He met John F. Kennedy. And J.R.R. Tolkien.", ("He met John F. Kennedy.", "And J.R.R. Tolkien.")),
    ("J. R. R. Tolkien was 3.5 feet tall.", ("J. R. R. Tolkien was 3.5 feet tall.",)),
    ("George W. Bush spoke.", ("George W. Bush spoke.",)),
    # dotted acronyms inside a sentence
    ("The U.S. Army left the U.N. Security Council meeting.",
     ("The U.S. Army left the U.N. Security Council meeting.",)),
    ("Mr. Higseth met Gen. Nakatani in the U.S. on Jan. 5. They talked.",
     ("Mr. Higseth met Gen. Nakatani in the U.S. on Jan. 5.", "They talked.")),
    # ... and at a real sentence end: split only before a typical sentence opener
    ("He returned to the U.S. The next day he resigned.",
     ("He returned to the U.S.", "The next day he resigned.")),
    ("Exports to the U.K. Rose sharply, the ministry said.",
     ("Exports to the U.K. Rose sharply, the ministry said.",)),  # a name-like word: no break
    # Reuters-21578 capitalises after "U.S." mid-sentence: no break before "And"/"Has"
    ("Margins rise for U.S. And Chinese soybeans.", ("Margins rise for U.S. And Chinese soybeans.",)),
    ("It was 5 p.m. Friday when he came.", ("It was 5 p.m. Friday when he came.",)),
    ("It was 3 a.m. The dog barked.", ("It was 3 a.m.", "The dog barked.")),
    # company suffixes
    ("He works for Apple Inc. The company grew.", ("He works for Apple Inc.", "The company grew.")),
    ("Tests are made by Murex Corp. Others include Syntex.",
     ("Tests are made by Murex Corp.", "Others include Syntex.")),
    ("He joined Nikko Securities Co. International in May.",
     ("He joined Nikko Securities Co. International in May.",)),
    # numbers
    ("Inflation was 3.5 percent in 2020. It fell later.",
     ("Inflation was 3.5 percent in 2020.", "It fell later.")),
    ("The vote was 5-4. No. 5 is next.", ("The vote was 5-4.", "No. 5 is next.")),
    ("He said no. No. He did not.", ("He said no.", "No.", "He did not.")),
    ("It starts Jan. 20 in Washington.", ("It starts Jan. 20 in Washington.",)),
    # quotations
    ('"We will win," he said. "We always do."', ('"We will win," he said.', '"We always do."')),
    ('"Why?" he asked. Nobody answered.', ('"Why?" he asked.', "Nobody answered.")),
    ("“It was over.” She left.", ("“It was over.”", "She left.")),
    ('"We lost. We will win next time," he said.', ('"We lost. We will win next time," he said.',)),
    # ellipses
    ("Wait... what? He left.", ("Wait... what?", "He left.")),
    ("He said... The end came.", ("He said...", "The end came.")),
    # datelines and credits
    ("VIRGINIA BEACH, Va. -- The city removed the statue.",
     ("VIRGINIA BEACH, Va. -- The city removed the statue.",)),
    ("AURORA, Colo. (AP) -- A gunman opened fire.", ("AURORA, Colo. (AP) -- A gunman opened fire.",)),
    # exclamations and brand names
    ("Great news! The deal is done.", ("Great news!", "The deal is done.")),
    ("He told Yahoo! News about it.", ("He told Yahoo! News about it.",)),
    # abbreviations
    ("Bring fruit, e.g. Apples and pears.", ("Bring fruit, e.g. Apples and pears.",)),
    ("They sold cars, trucks, etc. The rest was scrapped.",
     ("They sold cars, trucks, etc.", "The rest was scrapped.")),
    ("Sacramento, Calif. He moved there.", ("Sacramento, Calif.", "He moved there.")),
    # URLs, odd spacing, lists
    ("See https://example.com/a.b?c=1. Then leave.", ("See https://example.com/a.b?c=1.", "Then leave.")),
    ("on Twitter . Several tweets followed.", ("on Twitter .", "Several tweets followed.")),
    ("1. The first item.", ("1. The first item.",)),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_cases(text: str, expected: tuple[str, ...]) -> None:
    assert split_sentences(text) == expected


def test_lines_are_paragraphs() -> None:
    text = "Headline without a stop\n\n  First sentence. Second one.  \n   \nLast"
    assert split_sentences(text) == ("Headline without a stop", "First sentence.", "Second one.", "Last")


def test_empty_and_whitespace() -> None:
    assert split_sentences("") == ()
    assert split_sentences(" \n\t\n") == ()


def test_sentences_are_substrings() -> None:
    text = 'He said "hi."  She   left!\nDr. No. 5 is here... Really?'
    for sentence in split_sentences(text):
        assert sentence in text and sentence == sentence.strip()


def test_split_inside_quotes_when_asked() -> None:
    text = '"We lost. We will win next time," he said.'
    assert split_sentences(text, keep_quotes=False) == ('"We lost.', 'We will win next time," he said.')


def test_long_paragraph_is_linear() -> None:
    text = "The U.S. economy grew 3.5 pct. " * 20000
    assert len(split_sentences(text)) == 20000

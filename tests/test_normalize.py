"""Tests for unspin.text.normalize: clean_text, split_sentences, sentence_spans (on the seed and WMT news text)."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

import unspin.text.normalize
from unspin.text.normalize import clean_text, sentence_spans, split_sentences

from ingest_support import NYT_IMAGE, ROOT, SEED, WMT, wmt_records  # noqa: F401


def test_docstring_examples() -> None:
    assert doctest.testmod(unspin.text.normalize).failed == 0


# --- clean_text ----------------------------------------------------------------------------------


def test_clean_text_nfc_and_invisible_characters() -> None:
    dirty = "\ufeffShigeru Ishiba\u200b said Japan\u2060 would cafe\u0301 stay.\u00ad"
    assert clean_text(dirty) == "Shigeru Ishiba said Japan would café stay."


def test_clean_text_whitespace_keeps_paragraph_breaks() -> None:
    dirty = "  Mr.\u00a0Higseth\t arrived.  \r\nHe left.\r\n\r\n\r\n\r\nNew   paragraph.\u2029Last.  "
    assert clean_text(dirty) == "Mr. Higseth arrived.\nHe left.\n\nNew paragraph.\nLast."


def test_clean_text_keeps_joiners_where_scripts_need_them() -> None:
    persian = "می\u200cخواهم"  # ZWNJ is part of Persian spelling
    assert clean_text(persian) == persian
    assert clean_text("Hig\u200dseth") == "Higseth"  # a joiner inside an English word is an evasion


def test_clean_text_empty() -> None:
    assert clean_text("") == ""
    assert clean_text(" \n\u200b\n ") == ""


# --- split_sentences -----------------------------------------------------------------------------


def test_seed_sentences() -> None:
    text = clean_text(SEED.read_text(encoding="utf-8"))
    sentences = split_sentences(text)
    assert len(sentences) == 30
    assert sentences[-2:] == (NYT_IMAGE, "Source link")
    assert "“America does not mean America alone,” Mr. Higseth told reporters." in sentences
    assert "“There is a meeting of minds between these two.”" in sentences
    assert all(s in text and s == s.strip() for s in sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Higseth met Dr. Jones in the U.S. on Monday. They talked.",
            ("Mr. Higseth met Dr. Jones in the U.S. on Monday.", "They talked."),
        ),
        ("J. R. R. Tolkien wrote books. He was 3.5 feet tall.", ("J. R. R. Tolkien wrote books.", "He was 3.5 feet tall.")),
        (
            "Gen. Nakatani and Sen. Warren met on Jan. 5. It was cold.",
            ("Gen. Nakatani and Sen. Warren met on Jan. 5.", "It was cold."),
        ),
        (
            "“I have shared how Japan is making efforts,” said Mr. Nakatani. “Really?” he asked.",
            ("“I have shared how Japan is making efforts,” said Mr. Nakatani.", "“Really?” he asked."),
        ),
        (
            "I came across a text from Fr. Vladimir Zelensky that needs protest.",
            ("I came across a text from Fr. Vladimir Zelensky that needs protest.",),
        ),
        ("AUGUSTA, Ga. -- Authorities pulled a vehicle from a pond.", ("AUGUSTA, Ga. -- Authorities pulled a vehicle from a pond.",)),
        ("AURORA, Colo. (AP) - A car drove through a crowd.", ("AURORA, Colo. (AP) - A car drove through a crowd.",)),
        (
            "Read it at https://www.nytimes.com/2025/03/30/world/asia/hegseth.html?x=1. Then go.",
            ("Read it at https://www.nytimes.com/2025/03/30/world/asia/hegseth.html?x=1.", "Then go."),
        ),
        ("Prices rose 3.5%. Analysts said Lt. Col. Smith agreed.", ("Prices rose 3.5%.", "Analysts said Lt. Col. Smith agreed.")),
    ],
)
def test_news_abbreviations(text: str, expected: tuple[str, ...]) -> None:
    assert split_sentences(text) == expected


def test_lines_are_paragraphs() -> None:
    assert split_sentences("A headline without a period\nThe body starts here.") == (
        "A headline without a period",
        "The body starts here.",
    )


def test_wmt_originals_match_gold_segments() -> None:
    # WMT joins the headline to the first sentence with a space and no punctuation: no splitter can
    # see that boundary, so sentence 0 is headline + first sentence; every other segment matches.
    for record in wmt_records():
        gold, got = record["sentences"], split_sentences(record["text"])
        assert got[0] == gold[0] + " " + gold[1], record["id"]
        assert list(got[1:]) == gold[2:], record["id"]


def test_long_paragraph_is_chunked_without_breaking_sentences() -> None:
    body = list(split_sentences(clean_text(SEED.read_text(encoding="utf-8")))[:-2])  # no URL, no footer
    repeats = 100  # ~450 KB in one paragraph: the splitter stays linear
    text = " ".join(body * repeats)
    assert len(text) > 300_000
    assert split_sentences(text) == tuple(body * repeats)


def test_long_text_without_punctuation_terminates() -> None:
    text = ("word " * 50_000).strip()  # 250 KB, no sentence end at all
    sentences = split_sentences(text)
    assert "".join(s.replace(" ", "") for s in sentences) == text.replace(" ", "")


def test_empty() -> None:
    assert split_sentences("") == ()
    assert split_sentences("\n \n") == ()


# --- sentence_spans ------------------------------------------------------------------------------


def test_spans_of_split_sentences_are_exact() -> None:
    text = clean_text(SEED.read_text(encoding="utf-8"))
    sentences = split_sentences(text)
    spans = sentence_spans(text, sentences)
    assert [text[s:e] for s, e in spans] == list(sentences)
    assert spans == tuple(sorted(spans))


def test_spans_tolerate_whitespace_quotes_and_case() -> None:
    text = "Mr. Ishiba spoke.\n“America  does not mean America alone,” Mr. Higseth told reporters."
    spans = sentence_spans(text, ["mr. ishiba spoke.", '"America does not mean America alone," Mr. Higseth told reporters.'])
    assert spans == ((0, 17), (18, len(text)))


def test_spans_fuzzy_fallback() -> None:
    text = "The symbolism of visiting the island was great. He left."
    (start, end), missing = sentence_spans(text, ["The symbolism of visitng the island was great.", "Completely unrelated words here."])
    assert text[start:end].startswith("The symbolism") and end >= 45
    assert missing == (-1, -1)


def test_spans_repeated_sentences_get_distinct_places() -> None:
    text = "Yes. No. Yes."
    assert sentence_spans(text, ["Yes.", "No.", "Yes."]) == ((0, 4), (5, 8), (9, 13))


def test_spans_never_crash() -> None:
    odd = ["", "   ", "((((", "[unclosed", None, "\\d+"]
    assert sentence_spans("Some text (((( here.", odd) == (  # type: ignore[arg-type]
        (-1, -1),
        (-1, -1),
        (10, 14),
        (-1, -1),
        (-1, -1),
        (-1, -1),
    )
    assert sentence_spans("", ["a"]) == ((-1, -1),)


@pytest.mark.parametrize("extra", ["", " café", " \u2019"])
def test_clean_text_ascii_and_unicode_paths_agree(extra: str) -> None:
    # clean_text skips passes that cannot change the text, by different tests on ASCII and non-ASCII
    # text; adding one non-ASCII word must not change what happens to the rest
    for raw in ("a  b\tc\r\nd\x0be\x0cf \n g\n\n\n\nh\x07", "plain text.", "x \u00a0y", "x\u200c y", "x\u2028y"):
        assert clean_text(raw + extra) == clean_text(raw) + extra


def test_clean_text_unicode_spaces_and_breaks() -> None:
    assert clean_text("a\u00a0b\u3000\u2009c  d\u2028e\x85f\u200dg \u200ch") == "a b c d\ne\nfg h"
    assert clean_text("“a” – b") == "“a” – b"  # nothing to change: returned as it was

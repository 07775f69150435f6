"""Tests for unspin.text.fingerprint: tokens, term bags, and the shortcuts indexing takes (issue 14)."""

from __future__ import annotations

import doctest

import pytest

import unspin.text.fingerprint
from unspin.text.fingerprint import stems_of_tokens, terms_of_tokens, tokens
from unspin.text.normalize import split_sentences

ODD = ("Zelenskýy’s 1,000-strong “army” of 3.5 m don't-care İstanbul Straße ΟΔΥΣΣΕΥΣ \u212aelvin "
       "Hegseth's 85-minute a.m. ½ ٣٤ O'Neil")


def test_docstring_examples() -> None:
    assert doctest.testmod(unspin.text.fingerprint).failed == 0


def test_stems_are_the_term_bag_keys_in_first_seen_order(sample_originals) -> None:
    for doc in sample_originals:
        for sentence in (*doc.sentences, ODD):
            toks = tokens(sentence)
            assert stems_of_tokens(toks) == list(terms_of_tokens(toks))


def test_one_tokenisation_of_the_document_equals_one_per_sentence(sample_originals) -> None:
    # archive.layout.prepare tokenises " ".join(sentences) once: no token spans a space
    for doc in sample_originals:
        for sentences in (doc.sentences, split_sentences(doc.text), (ODD, "Σ", "Σ.", "'s x")):
            assert tokens(" ".join(sentences)) == [t for s in sentences for t in tokens(s)]


@pytest.mark.parametrize("accent", [" é", " \u212a"])  # non-ASCII before or only after lowercasing
def test_ascii_text_tokenises_as_through_the_unicode_path(sample_originals, accent: str) -> None:
    # tokens() uses an ASCII-only regex when the lowercased text is ASCII; appending one non-ASCII
    # word sends the same text through the Unicode regex
    for doc in sample_originals:
        if doc.text.isascii():
            assert tokens(doc.text + accent)[:-1] == tokens(doc.text)

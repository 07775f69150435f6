"""Tests for unspin.traces.residue: scraper/autoblog leftovers in the seed and around real WMT news text."""

from __future__ import annotations

import doctest
import json
import re
from importlib import resources
from pathlib import Path

import pytest

import unspin.traces.residue
from unspin.ingest import from_text, read
from unspin.records import Document
from unspin.traces.residue import find_residue, load_patterns, residue_sentence_indexes

from ingest_support import NYT_IMAGE, ROOT, SEED, WMT, wmt_records  # noqa: F401


def body() -> str:
    """A real article body (WMT original), one sentence per paragraph line after the headline."""
    record = wmt_records()[2]
    return "\n".join(record["sentences"])


def kinds(text: str) -> list[tuple[str, str]]:
    return [(r.kind, r.text) for r in find_residue(Document(id="t", text=text))]


def test_docstring_examples() -> None:
    assert doctest.testmod(unspin.traces.residue).failed == 0


def test_seed_residue_and_sentences() -> None:
    (doc,) = read(SEED)
    residue = find_residue(doc)
    assert [(r.kind, r.text) for r in residue] == [("image-url", NYT_IMAGE), ("source-link", "Source link")]
    for r in residue:
        assert doc.text[r.span[0] : r.span[1]] == r.text
    assert residue_sentence_indexes(doc, residue) == frozenset({len(doc.sentences) - 2, len(doc.sentences) - 1})


@pytest.mark.parametrize(
    ("footer", "kind"),
    [
        ("Source link", "source-link"),
        ("Source: Voice of America", "source-link"),
        ("Source: https://www.voanews.com/east-asia-pacific/tight-security-chengdu", "source-link"),
        ("via VOA News", "source-link"),
        ("Read more", "read-more"),
        ("Read More »", "read-more"),
        ("Read more: China orders US consulate in Chengdu to close", "read-more"),
        ("Continue reading...", "read-more"),
        ("Read the full story at Voice of America", "read-full"),
        ("Read the full article at voanews.com", "read-full"),
        ("The post Tight Security Presence outside US Consulate appeared first on World News Today.", "appeared-first"),
        ("This article originally appeared on Voice of America.", "originally-appeared"),
        ("Originally published at voanews.com", "originally-appeared"),
        ("Click here to read more", "click-here"),
        (NYT_IMAGE, "image-url"),
        ("https://www.voanews.com/a/east-asia-pacific_tight-security/6193540.html", "url"),
        ("Share this:", "share-buttons"),
        ("Facebook Twitter Pinterest WhatsApp Email", "share-buttons"),
        ("Click to share on Twitter (Opens in new window)", "share-buttons"),
        ("Like this:", "share-buttons"),
    ],
)
def test_trailing_footer_kinds(footer: str, kind: str) -> None:
    text = body() + "\n" + footer
    assert kinds(text) == [(kind, footer)]


def test_stacked_footers_and_blank_lines() -> None:
    text = body() + "\n\nShare this:\nFacebook Twitter\n\n" + NYT_IMAGE + "\nSource link\n"
    found = kinds(text)
    assert [k for k, _ in found] == ["share-buttons", "share-buttons", "image-url", "source-link"]


def test_related_block_swallows_its_headlines() -> None:
    related = ["Related posts:", "China orders US consulate in Chengdu to close", "US closes Houston consulate"]
    text = body() + "\n" + "\n".join(related)
    assert kinds(text) == [("related", line) for line in related]


def test_footer_glued_to_last_sentence() -> None:
    text = body() + " Source link"
    (residue,) = find_residue(Document(id="t", text=text))
    assert residue.kind == "source-link" and text[residue.span[0] : residue.span[1]] == "Source link"


@pytest.mark.parametrize(
    ("inline", "kind"),
    [
        ("[source_link]", "template-token"),
        ("%%title%%", "template-token"),
        ("{{ post.title }}", "template-token"),
        ("{great|good|fine}", "spintax"),
    ],
)
def test_tokens_anywhere(inline: str, kind: str) -> None:
    lines = body().split("\n")
    lines[3] = lines[3] + " " + inline
    assert kinds("\n".join(lines)) == [(kind, inline)]


def test_chatbot_refusal_runs_to_the_sentence_end() -> None:
    lines = body().split("\n")
    refusal = "As an AI language model, I cannot browse the internet."
    lines.insert(2, refusal + " The consulate was closed on Monday.")
    assert kinds("\n".join(lines)) == [("chatbot", refusal)]
    assert kinds(body() + "\nI cannot complete this prompt because it asks for news.") == [
        ("chatbot", "I cannot complete this prompt because it asks for news.")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Read more about it in the book he wrote.",
        "Source: a senior official said the consulate would close within days.",
        "Share prices fell in Shanghai on Monday.",
        "Related developments were reported in Houston.",
        "He told reporters to click here and there on the map, which they did.",
    ],
)
def test_prose_is_not_residue(line: str) -> None:
    lines = body().split("\n")
    assert kinds("\n".join(lines[:3] + [line] + lines[3:])) == []  # in the middle
    assert kinds(body() + "\n" + line) == []  # and at the very end
    assert kinds(body() + " " + line) == []  # and glued to the last sentence


def test_url_in_the_middle_is_not_residue() -> None:
    lines = body().split("\n")
    lines.insert(3, "https://www.voanews.com/a/east-asia-pacific_tight-security/6193540.html")
    assert kinds("\n".join(lines)) == []


def test_real_news_has_no_residue() -> None:
    for record in wmt_records():
        assert find_residue(Document(id=record["id"], text=record["text"])) == ()


def test_sentence_indexes_with_given_units() -> None:
    units = wmt_records()[0]["sentences"][:3] + ["Read the full story at ABC News", "Source link"]
    doc = from_text("", "given", sentences=units)
    residue = find_residue(doc)
    assert residue_sentence_indexes(doc, residue) == frozenset({3, 4})
    # a unit that only partly consists of residue is kept for matching
    glued = from_text("", "glued", sentences=[*units[:2], units[2] + " Source link"])
    assert residue_sentence_indexes(glued, find_residue(glued)) == frozenset()


def test_empty_document() -> None:
    doc = Document(id="e", text="")
    assert find_residue(doc) == () and residue_sentence_indexes(doc, ()) == frozenset()


def test_long_line_is_fast_to_reject() -> None:
    text = "Source: " + "a" * 200_000 + "!"  # would be catastrophic for a backtracking pattern
    assert find_residue(Document(id="long", text=text)) == ()


def test_pattern_table_is_valid_data() -> None:
    raw = json.loads(resources.files("unspin").joinpath("data/residue_patterns.json").read_text("utf-8"))
    assert raw["patterns"]
    for row in raw["patterns"]:
        assert set(row) <= {"kind", "where", "regex", "note", "tail"}
        assert row["where"] in {"line", "end", "anywhere"} and row["note"] and re.compile(row["regex"])
    assert len(load_patterns()) == len(raw["patterns"])

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
        ("{great|good|fine}", "spinner-placeholder"),
        ("{said|stated}", "spinner-placeholder"),
        ("{that a}", "spinner-placeholder"),
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
    assert kinds("\n".join(lines)) == [("ai-refusal", refusal)]
    assert kinds(body() + "\nI cannot complete this prompt because it asks for news.") == [
        ("ai-refusal", "I cannot complete this prompt because it asks for news.")
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


# --- LLM-farm residue on real fixtures (tests/data/residue/README.md gives each file's source) ---

FIXTURES = ROOT / "tests" / "data" / "residue"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("llmfake-rewrite-label.txt", [("prompt-echo", "Rewrite:")]),
        ("llmfake-please-paraphrase.txt", [("prompt-echo", "Please paraphrase the passage.")]),
        (
            "llmfake-sure-heres.txt",
            [("prompt-echo", "Can you paraphrase this passage?"), ("prompt-echo", "Sure! Here's a paraphrased version of the passage:")],
        ),
        (
            "firstpiper-prompt-echo.txt",
            [
                ("prompt-echo", "Please provide me with the text you want me to summarize and rewrite as a news article."),
                ("prompt-echo", "I need the text to be able to complete your request."),
                ("prompt-echo", "Once you provide the text, I will:"),
                ("prompt-echo", "I look forward to helping you!"),
            ],
        ),
        (
            "webstat-humanize-refusal.txt",
            [
                ("ai-refusal", "It’s impossible to generate a 2000-word summary or humanized account from this minimal content."),
                ("prompt-echo", "I would be happy to help you summarize and humanize it!"),
            ],
        ),
        ("newzbaba-spinner-slot.txt", [("spinner-placeholder", "{that a}")]),
        ("rtwnews-title-twice.txt", [("duplicated-title", "Hegseth Reinforces U.S.-Japan Military Alliance Amidst Regional Tensions")]),
        ("californiaexpres-image-note.txt", [("injected-spam", fixture("californiaexpres-image-note.txt").splitlines()[1])]),
        ("webjosh-also-read.txt", [("related", fixture("webjosh-also-read.txt").splitlines()[1])]),
        ("chinadailyhk-read-more.txt", [("read-more", "READ MORE: Danish PM urges respect ahead of US delegation visit to Greenland")]),
    ],
)
def test_llm_farm_fixtures(name: str, expected: list[tuple[str, str]]) -> None:
    text = fixture(name)
    found = find_residue(Document(id=name, text=text))
    assert [(r.kind, r.text) for r in found] == expected
    for r in found:
        assert text[r.span[0] : r.span[1]] == r.text


def test_paragraph_printed_twice_reports_the_second_copy() -> None:
    for name in ("fluxdaily-paragraph-twice.txt", "adsitepro-lead-twice-rating.txt"):
        text = fixture(name)
        lines = text.splitlines()
        repeated = [r for r in find_residue(Document(id=name, text=text)) if r.kind == "repeated-paragraph"]
        (r,) = repeated
        first = text.index(r.text)
        assert r.span[0] > first and r.text in lines  # the later copy, a whole line
    assert kinds(fixture("adsitepro-lead-twice-rating.txt"))[-1] == ("injected-spam", "Rating: 5")


def test_refusal_printed_twice() -> None:
    found = kinds(fixture("7hgi-ai-refusal.txt"))
    # line 1: the refusal and its request for details; line 2 (the same text again): a repeated paragraph
    assert [k for k, _ in found] == ["ai-refusal", "ai-refusal", "repeated-paragraph"]
    assert found[0][1].startswith("I'm sorry, but as an AI language model, I don't have real-time information")


def test_most_read_widget() -> None:
    found = kinds(fixture("cumhuriyetdaily-most-read.txt"))
    assert found[0] == ("injected-spam", "Most Read News") and {k for k, _ in found} == {"injected-spam"}
    # in the middle of a text (more prose after it) only the heading line counts
    lines = body().split("\n")
    assert kinds("\n".join([*lines[:3], "Most Read News", *lines[3:]])) == [("injected-spam", "Most Read News")]


@pytest.mark.parametrize(
    ("inserted", "kind"),
    [
        ("Rewrite:", "prompt-echo"),
        ("Rewrite this article", "prompt-echo"),
        ("Summarize and humanize this content to 2000 words", "prompt-echo"),
        ("Paraphrase the following:", "prompt-echo"),
        ("Please paraphrase the passage.", "prompt-echo"),
        ("Here is a rewritten version of the news article:", "prompt-echo"),
        ("Sure! Here's a paraphrased version of the passage:", "prompt-echo"),
        ("I look forward to helping you!", "prompt-echo"),
        ("As of my last knowledge update, the consulate was open.", "ai-refusal"),
        ("I'm sorry, but I cannot browse the web.", "ai-refusal"),
        ("I cannot complete this prompt.", "ai-refusal"),
    ],
)
def test_prompt_echoes_and_refusals_in_real_news(inserted: str, kind: str) -> None:
    lines = body().split("\n")
    assert kinds("\n".join([*lines[:2], inserted, *lines[2:]])) == [(kind, inserted)]
    if inserted[-1] in ".:!?":  # glued before prose (without an end mark it would run into the next sentence)
        assert kinds(lines[0] + "\n" + inserted + " " + "\n".join(lines[1:])) == [(kind, inserted)]


def test_site_tag_before_a_paragraph() -> None:
    lines = body().split("\n")
    text = "\n".join([lines[0], "(Cupventi.com) – " + lines[1], *lines[2:]])
    assert kinds(text) == [("injected-spam", "(Cupventi.com) –")]


@pytest.mark.parametrize(
    "line",
    [
        "Congress will rewrite the text of the bill next week, aides said.",
        "Lawmakers asked officials to summarize the report for the committee.",
        "The passage of the bill was delayed again.",
        "Here is the revised schedule for the talks.",
        "Rating agencies kept the outlook stable.",
        "Shares of the company rose 5 pct (Reuters) - dealers said.",
    ],
)
def test_llm_kinds_leave_news_prose_alone(line: str) -> None:
    lines = body().split("\n")
    assert kinds("\n".join(lines[:3] + [line] + lines[3:])) == []


def test_repeated_short_lines_in_human_news_are_not_residue() -> None:
    # real Reuters text: "Revs not given" twice; a block of three paragraphs the wire sent twice (not in a row)
    for name in ("reuters-15667-repeated-short-line.txt", "reuters-1560-retransmitted-block.txt"):
        assert find_residue(Document(id=name, text=fixture(name))) == ()
    # a short credit line repeated near the top of a real article is not a duplicated title
    lines = body().split("\n")
    assert kinds("\n".join([lines[0], "Reuters", lines[1], "Reuters", *lines[2:]])) == []
    # a headline printed again far below the top is not flagged either
    assert kinds("\n".join([*lines, lines[0]])) == []


def test_no_llm_kinds_on_real_news() -> None:
    llm_kinds = {"prompt-echo", "ai-refusal", "duplicated-title", "repeated-paragraph", "spinner-placeholder", "injected-spam"}
    for record in wmt_records():
        assert not {r.kind for r in find_residue(Document(id=record["id"], text=record["text"]))} & llm_kinds

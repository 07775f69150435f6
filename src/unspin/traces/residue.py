"""Scraper/autoblog residue: Document -> tuple[Residue, ...] (spans into Document.text), and the sentences it fills.

Kinds come from ``data/residue_patterns.json`` (its "about" lists them): scraper footers ("source-link",
"read-more", "related", "image-url", ...) and what LLM-driven farms leave: "prompt-echo" (the rewriting
prompt or the chatbot's preamble/sign-off: "Rewrite:", "Please paraphrase the passage."), "ai-refusal"
("As an AI language model, ..."), "spinner-placeholder" ("{said|stated}", "{that a}") and "injected-spam"
("(Cupventi.com) –", "Rating: 5", "Most Read News"). Two kinds are found by code here: "duplicated-title"
(a title-like line printed again near the top, as LLM networks print summary, title, title) and
"repeated-paragraph" (a paragraph printed twice in a row, verbatim; the second copy is reported).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from ..text.normalize import sentence_spans
from ..records import Document, Residue

__all__ = ["ResiduePattern", "find_residue", "load_patterns", "residue_sentence_indexes"]

Where = Literal["line", "end", "anywhere"]

# Residue lines are short boilerplate; a longer line is prose, and skipping it bounds regex cost.
MAX_RESIDUE_LINE = 1000
# A "Related posts:" heading swallows the lines after it only if they look like a list of links:
# at most this many lines, none longer than MAX_TAIL_WORDS words (headlines, not paragraphs).
MAX_TAIL_LINES = 12
MAX_TAIL_WORDS = 25
# A sentence end before a footer appended to the last line ("... these two.” Source link").
_SENTENCE_END = r"(?<=[.!?\"”’')\]])\s+"
# A line repeated within the first TOP_LINES content lines, of MIN_TITLE_WORDS..MAX_TITLE_WORDS words and
# not ending like a sentence, is a duplicated title; a line of MIN_PARAGRAPH_WORDS+ words (words with
# letters, so table rows of figures do not count) right after an identical one is a repeated paragraph.
TOP_LINES = 6
MIN_TITLE_WORDS = 4
MAX_TITLE_WORDS = 30
MIN_PARAGRAPH_WORDS = 8


@dataclass(frozen=True, slots=True)
class ResiduePattern:
    """One row of ``data/residue_patterns.json``."""

    kind: str
    regex: re.Pattern[str]
    where: Where
    note: str
    tail: bool = False


@lru_cache(maxsize=1)  # the shipped table is immutable data: parse and compile it once per process
def load_patterns() -> tuple[ResiduePattern, ...]:
    """The residue patterns shipped in ``unspin/data/residue_patterns.json``, compiled.

    Examples:
        >>> "source-link" in {p.kind for p in load_patterns()}
        True
    """
    raw = json.loads(resources.files("unspin").joinpath("data/residue_patterns.json").read_text("utf-8"))
    return tuple(
        ResiduePattern(
            kind=row["kind"],
            regex=re.compile(row["regex"], re.IGNORECASE),
            where=row["where"],
            note=row.get("note", ""),
            tail=bool(row.get("tail", False)),
        )
        for row in raw["patterns"]
    )


def _lines(text: str) -> list[tuple[int, int]]:
    """[start, end) of each line's stripped content (blank lines included as empty spans)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        start = pos + (line.find(stripped) if stripped else 0)
        out.append((start, start + len(stripped)))
        pos += len(line) + 1
    return out


def _line_kind(line: str, patterns: tuple[ResiduePattern, ...], wheres: tuple[str, ...]) -> ResiduePattern | None:
    if not line or len(line) > MAX_RESIDUE_LINE:
        return None
    for pattern in patterns:
        if pattern.where in wheres and pattern.regex.fullmatch(line):
            return pattern
    return None


def _tail_start(text: str, lines: list[tuple[int, int]], patterns: tuple[ResiduePattern, ...]) -> int | None:
    """Index of a "Related posts:"-style heading whose following lines are a short link list."""
    tails = tuple(p for p in patterns if p.tail)
    content = [i for i, (s, e) in enumerate(lines) if e > s]
    for rank in range(max(0, len(content) - MAX_TAIL_LINES - 1), len(content)):
        i, after = content[rank], content[rank + 1 :]
        s, e = lines[i]
        if _line_kind(text[s:e], tails, ("line",)) is None:
            continue
        if all(len(text[lines[j][0] : lines[j][1]].split()) <= MAX_TAIL_WORDS for j in after):
            return i
    return None


def find_residue(doc: Document) -> tuple[Residue, ...]:
    """Find scraper/autoblog leftovers in a copy's text, with character spans into ``doc.text``.

    Patterns are data (``unspin/data/residue_patterns.json``), each with a place where it counts:
    a whole line ("Source link", a bare image URL, share-button labels), the trailing block of the
    text ("Source: <site>", any bare URL, or a footer appended after the last sentence), or anywhere
    (unrendered template tokens, spinner placeholders, prompt echoes, chatbot refusals). Lines printed
    twice are found too (duplicated title, repeated paragraph). "Read more" inside a sentence is prose,
    not residue. Results are sorted by position and do not overlap.

    Args:
        doc: the Document (only ``text`` is read).

    Returns:
        The residue found, in text order.

    Examples:
        >>> doc = Document(id="c", text="Mr. Ishiba spoke.\\nRead more about it in his book.\\nSource link")
        >>> [(r.kind, r.text, r.span) for r in find_residue(doc)]
        [('source-link', 'Source link', (50, 61))]
    """
    text = doc.text
    if not text.strip():
        return ()
    patterns = load_patterns()
    lines = _lines(text)
    found: list[Residue] = []
    tail = _tail_start(text, lines, patterns)
    limit = len(lines) if tail is None else tail
    if tail is not None:
        heading = _line_kind(text[lines[tail][0] : lines[tail][1]], tuple(p for p in patterns if p.tail), ("line",))
        kind = heading.kind if heading else "related"
        found += [Residue(kind, text[s:e], (s, e)) for s, e in lines[tail:] if e > s]
    # trailing block: walk up from the end while lines are residue (blank lines pass)
    trailing_from = limit
    for i in range(limit - 1, -1, -1):
        s, e = lines[i]
        if e == s:
            trailing_from = i
            continue
        hit = _line_kind(text[s:e], patterns, ("line", "end"))
        if hit is not None:
            found.append(Residue(hit.kind, text[s:e], (s, e)))
            trailing_from = i
            continue
        found += _appended_footer(text, s, e, patterns)
        break
    for s, e in lines[:trailing_from]:
        hit = _line_kind(text[s:e], patterns, ("line",))
        if hit is not None:
            found.append(Residue(hit.kind, text[s:e], (s, e)))
    for pattern in patterns:
        if pattern.where == "anywhere":
            found += [Residue(pattern.kind, m.group(), m.span()) for m in pattern.regex.finditer(text) if m.group().strip()]
    return _without_overlaps(found + _repeated_lines(text, lines))


def _repeated_lines(text: str, lines: list[tuple[int, int]]) -> list[Residue]:
    """Lines printed twice: a duplicated title near the top, or a paragraph printed twice in a row.

    A paragraph repeated further away is left alone: human wire copy repeats whole blocks when a
    story is retransmitted (Reuters-21578 does, 22 times), farms print the same paragraph twice in a row.

    Examples:
        >>> text = "Summary of it.\\nHegseth Pledges Japan Alliance\\n\\nHegseth Pledges Japan Alliance\\nReuters\\nReuters"
        >>> [(r.kind, r.span) for r in _repeated_lines(text, _lines(text))]
        [('duplicated-title', (47, 77))]
    """
    seen: set[str] = set()
    out: list[Residue] = []
    previous = ""
    rank = 0
    for s, e in lines:
        if e == s:
            continue
        rank += 1
        line = text[s:e]
        key = " ".join(line.split()).casefold()
        words = [w for w in line.split() if any(c.isalpha() for c in w)]
        title_like = MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS and line[-1] not in ".!?\"”’'"
        if key in seen and rank <= TOP_LINES and title_like:
            out.append(Residue("duplicated-title", line, (s, e)))
        elif key == previous and len(words) >= MIN_PARAGRAPH_WORDS:
            out.append(Residue("repeated-paragraph", line, (s, e)))
        seen.add(key)
        previous = key
    return out


def _appended_footer(text: str, start: int, end: int, patterns: tuple[ResiduePattern, ...]) -> list[Residue]:
    """A footer glued after the last sentence of the last content line ("... two.” Source link")."""
    line = text[start:end]
    if len(line) > 20 * MAX_RESIDUE_LINE:
        return []
    for pattern in patterns:
        if pattern.where not in ("line", "end") or pattern.tail:
            continue
        m = re.search(_SENTENCE_END + "(?:" + pattern.regex.pattern + r")\Z", line[-MAX_RESIDUE_LINE:], re.IGNORECASE)
        if m:
            offset = start + max(0, len(line) - MAX_RESIDUE_LINE)
            s, e = offset + m.start(), offset + m.end()
            while s < e and text[s].isspace():
                s += 1
            return [Residue(pattern.kind, text[s:e], (s, e))]
    return []


def _without_overlaps(found: list[Residue]) -> tuple[Residue, ...]:
    """Sorted by start; of overlapping items keep the earlier (then longer) one."""
    out: list[Residue] = []
    for item in sorted(found, key=lambda r: (r.span[0], -r.span[1])):
        if out and item.span[0] < out[-1].span[1]:
            continue
        out.append(item)
    return tuple(out)


def residue_sentence_indexes(doc: Document, residue: tuple[Residue, ...]) -> frozenset[int]:
    """Indexes of the sentences of ``doc`` that consist entirely of residue.

    A sentence counts when every non-space character of it lies inside residue spans, so the
    pipeline can leave it out of matching and alignment. Sentences that cannot be located in the
    text (user-given units that differ from it) never count.

    Args:
        doc: the Document whose ``sentences`` are checked.
        residue: what :func:`find_residue` returned for it.

    Returns:
        The 0-based sentence indexes.

    Examples:
        >>> doc = Document(id="c", text="He left.\\nSource link", sentences=("He left.", "Source link"))
        >>> sorted(residue_sentence_indexes(doc, find_residue(doc)))
        [1]
    """
    if not residue or not doc.sentences:
        return frozenset()
    text = doc.text
    # merge residue spans that touch or are separated only by whitespace
    merged: list[list[int]] = []
    for r in sorted(residue, key=lambda r: r.span):
        s, e = r.span
        if merged and (s <= merged[-1][1] or not text[merged[-1][1] : s].strip()):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out: set[int] = set()
    for i, (s, e) in enumerate(sentence_spans(text, doc.sentences)):
        if s < 0:
            continue
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and any(ms <= s and e <= me for ms, me in merged):
            out.add(i)
    return frozenset(out)

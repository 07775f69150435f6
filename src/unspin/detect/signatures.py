"""Checkable MT/spinner signatures: text (str) -> Signature spans, each with a reason a reader can verify.

Name-like words no English word list knows ("Higseth", "Ritzomican"), doubled tokens
("administration’s administration’s"), detached hyphens ("self -governing", "85 -minute"),
capitalised function words mid-sentence ("concluded The first official visit"), spinner
substitutions, literal idioms and literal grammar (``data/mt_patterns.tsv``), and quotations
attributed in a way English does not punctuate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .features import data_lines, zipf

SIGNATURE_KINDS = (
    "unknown_name", "doubled_token", "detached_hyphen", "midsentence_capital",
    "spinner", "idiom", "grammar", "quote_attribution",
)
# Kinds that (nearly) never occur in edited English news: in WMT21/22 they fire in 3 of the 188
# English-source originals and 12 of the 755 human translations (typos such as "the the", a
# translator's "a 82-year-old"), against 150 of the 5,576 MT outputs. "unknown_name" is not among
# them: rare real names are in no word list either (it fires in 43 % of the English originals and
# 58 % of the human translations), so it is shown as evidence to check but does not count.
FINDING_KINDS = frozenset(SIGNATURE_KINDS) - {"unknown_name"}


@dataclass(frozen=True, slots=True)
class Signature:
    """A checkable sign of MT or spinning: kind, [start, end) offsets into the text, reason."""

    kind: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Pattern:
    """One row of ``data/mt_patterns.tsv``: a regex a reader can check and why it signals MT."""

    kind: str  # "spinner" | "idiom" | "grammar"
    regex: re.Pattern[str]
    reason: str


@lru_cache(maxsize=1)
def patterns() -> tuple[Pattern, ...]:
    """Spinner substitutions, literal idioms and literal grammar from ``data/mt_patterns.tsv``.

    Examples:
        >>> any(p.kind == "spinner" for p in patterns())
        True
    """
    out = []
    for ln in data_lines("mt_patterns.tsv"):
        kind, regex, reason = ln.split("\t")
        out.append(Pattern(kind, re.compile(regex), reason))
    return tuple(out)


@lru_cache(maxsize=1)
def _patterns_regex() -> re.Pattern[str]:
    # One alternation instead of ~35 searches per sentence (the scan dominated scoring time).
    return re.compile("|".join(f"(?P<p{i}>{p.regex.pattern})" for i, p in enumerate(patterns())))


# Capitalised only at a sentence start; between two lowercase words ("concluded The first
# official visit", "is also He sought") they mark fragments an MT system glued together. Titles
# ("The Lady Is a Tramp") fail the lowercase-word test; "A" is left out (Serie A, vitamin A).
_CAP_FUNCTION = (
    "The An About In On At For From With To Of And But Or He She They We It This That These "
    "Those Her Their Its Is Are Was Were"
).split()
_MIDCAP_RE = re.compile(r"(?<![\w’'-])[a-z][\w’'-]* (" + "|".join(_CAP_FUNCTION) + r") (?=[a-z])")
# "self -governing", "85 -minute": a hyphen detached from the word before it. A hyphen with
# spaces on both sides is a dash, and "pre- and post-war" is English, so neither counts. Each
# alternative starts only where its word starts: tried inside a word too, the scan ran the rest of
# the word from every letter (quadratic: 1.4 s on one 8,000-letter token, a pasted blob).
_DETACHED_HYPHEN_RE = re.compile(
    r"(?<![^\W_])[^\W_]+ -(?=[^\W\d_])[^\W_]+|(?<![^\W\d_])[^\W\d_]+- (?!and\b|or\b|to\b)[a-z]+"
)
# The same word twice ("administration’s administration’s", "Jewish Jewish"). "that that" and
# "had had" are English; single letters ("M M Naravane") are initials; a capitalised word doubled
# in the same case may be a name ("Saba Saba", "Walla Walla").
_DOUBLED_RE = re.compile(r"(?i)(?<![\w’'])([^\W\d_]{2,}(?:['’][^\W\d_]+)?) \1(?![\w’'])")
_DOUBLED_OK = frozenset({"that", "had", "is", "do", "very", "bye", "no", "yes", "ha", "so", "again", "knock"})
# A quotation closed with a full stop and then attributed in lowercase ('... well." he said'):
# English closes it with a comma; "?" and "!" are fine, and '." She says' starts a new sentence.
_QUOTE_RE = re.compile(r"\.[”\"] +(?:he|she|they|it|we) (?:said|says|added|told|stressed|noted)\b")


def _unknown_names(text: str) -> list[Signature]:
    out = []
    for m in re.finditer(r"\b([A-Z][a-z]{3,})\b", text):
        word = m.group(1)
        if zipf(word) == 0.0:
            out.append(Signature(
                "unknown_name", m.start(1), m.end(1),
                f'name-like word "{word}" is in no English word list (wordfreq): a garbled transliteration?',
            ))
    return out


def find_signatures(text: str) -> list[Signature]:
    """Every checkable MT/spinner signature in ``text``, ordered by offset.

    Args:
        text: the raw text; offsets in the result index into it.

    Returns:
        Signatures sorted by start offset (overlaps between different kinds are kept).

    Examples:
        >>> [s.kind for s in find_signatures("After a 85 -minute talk the administration’s administration’s plan.")]
        ['grammar', 'detached_hyphen', 'doubled_token']
    """
    sigs = _unknown_names(text)
    for m in _DOUBLED_RE.finditer(text):
        word = m.group(1)
        same_case_name = word[0].isupper() and m.group()[len(word) + 1] == word[0]
        if word.lower() not in _DOUBLED_OK and not same_case_name:
            sigs.append(Signature("doubled_token", m.start(), m.end(), f'the word "{word}" twice in a row'))
    for m in _DETACHED_HYPHEN_RE.finditer(text):
        sigs.append(Signature(
            "detached_hyphen", m.start(), m.end(),
            f'hyphen detached from its word ("{m.group()}"): MT tokenisation left a space in a compound',
        ))
    for m in _MIDCAP_RE.finditer(text):
        sigs.append(Signature(
            "midsentence_capital", m.start(1), m.end(1),
            f'"{m.group(1)}" capitalised mid-sentence: a sentence fragment glued in by machine translation',
        ))
    table = patterns()
    for m in _patterns_regex().finditer(text):
        p = table[int(m.lastgroup[1:])] if m.lastgroup else None
        if p is not None:
            sigs.append(Signature(p.kind, m.start(), m.end(), p.reason))
    for m in _QUOTE_RE.finditer(text):
        sigs.append(Signature(
            "quote_attribution", m.start(), m.end(),
            "quotation closed with a full stop and then attributed: English closes it with a comma",
        ))
    sigs.sort(key=lambda s: (s.start, s.end, s.kind))
    return sigs


def count_findings(*sentences: str) -> int:
    """Distinct high-precision findings (``FINDING_KINDS``) in the sentences: each kind+wording once.

    Sentences are searched one by one, so a headline glued to the next sentence ("rivalry heats
    up The visiting side") is not a mid-sentence capital.

    Examples:
        >>> count_findings("the the plan, the the plan and a self -governing island")
        2
        >>> count_findings("Rivalry heats up", "The visiting side won.")
        0
    """
    return len(frozenset().union(*(findings(s) for s in sentences)))


def findings(sentence: str) -> frozenset[tuple[str, str]]:
    """The sentence's high-precision findings as (kind, lowercased wording) pairs.

    Examples:
        >>> sorted(findings("They saw the the plan."))
        [('doubled_token', 'the the')]
    """
    return frozenset(
        (s.kind, sentence[s.start:s.end].lower()) for s in find_signatures(sentence) if s.kind in FINDING_KINDS
    )

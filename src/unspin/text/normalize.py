"""Text cleanup and sentence splitting: str -> str, str -> tuple[str, ...] (sentences) and their spans."""

from __future__ import annotations

import re
import unicodedata

from .sentences import split_sentences  # the splitter lives in its own module; re-exported here

__all__ = ["clean_text", "sentence_spans", "split_sentences"]

# --- clean_text ----------------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Invisible characters that content farms (and copy/paste) leave inside words; they break matching.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# ZWNJ/ZWJ are meaningful between Persian/Indic letters and inside emoji sequences, so they are only
# dropped next to ASCII, where they are never needed and only serve to defeat deduplication.
_JOINER_NEAR_ASCII = re.compile(r"(?<=[\x21-\x7e])[\u200c\u200d]+|[\u200c\u200d]+(?=[\x21-\x7e])")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_HSPACE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# What _LINE_BREAKS and _HSPACE would change: any line break but "\n"; any space but " ", or two " ".
_LINE_BREAK_CHAR = re.compile(r"[\r\u2028\u2029\x0b\x0c\x85]")
_HSPACE_CHANGE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]|  ")
_SPACE_AT_LINE_EDGE = re.compile(r" ?\n ?")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise unicode and whitespace, keeping line and paragraph breaks.

    NFC; zero-width characters, BOMs, soft hyphens and control characters removed; every kind of
    horizontal space becomes one ASCII space; line breaks become ``\\n``; more than one blank line
    becomes one blank line; leading and trailing whitespace is stripped.

    Args:
        text: any text.

    Returns:
        The cleaned text.

    Examples:
        >>> clean_text("\\ufeffMr.\\u00a0Hig\\u200bseth  said \\r\\n\\r\\n\\r\\nso.")
        'Mr. Higseth said\\n\\nso.'
    """
    # Each step runs only when it can change something (substring tests are ~50x cheaper than a regex
    # pass; issue 14: seven passes were a fifth of indexing time on raw text).
    if text.isascii():
        if "\r" in text or "\x0b" in text or "\x0c" in text:
            text = _LINE_BREAKS.sub("\n", text)
        text = _CONTROL.sub("", text)
        if "  " in text or "\t" in text:
            text = _HSPACE.sub(" ", text)
    else:
        # Same guards for non-ASCII text (half of WMT news: curly quotes, dashes): the joiner pass's
        # lookbehind and the space pass's one-match-per-space were 3/4 of its cost.
        text = unicodedata.normalize("NFC", text)
        if _LINE_BREAK_CHAR.search(text):
            text = _LINE_BREAKS.sub("\n", text)
        text = _INVISIBLE.sub("", text)
        if "\u200c" in text or "\u200d" in text:
            text = _JOINER_NEAR_ASCII.sub("", text)
        text = _CONTROL.sub("", text)
        if _HSPACE_CHANGE.search(text):  # else every _HSPACE match is one " ", replaced by itself
            text = _HSPACE.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _SPACE_AT_LINE_EDGE.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


# --- sentence_spans ------------------------------------------------------------------------------

_QUOTE_CLASSES = {
    **dict.fromkeys("\"“”„«»", "[\"“”„«»]"),
    **dict.fromkeys("'‘’`", "['‘’`]"),
    **dict.fromkeys("-–—", "[-–—]"),
}
# Fuzzy search (rapidfuzz partial_ratio) is the last resort; below this it is not the same text.
MIN_FUZZY_SCORE = 90.0
# Fuzzy search over a whole text is quadratic-ish; beyond this size only the window after the
# previous sentence is searched.
MAX_FUZZY_TEXT = 200_000


def _loose_pattern(sentence: str) -> re.Pattern[str] | None:
    """Regex matching ``sentence`` with any whitespace runs and any quote/dash variant."""
    words = sentence.split()
    if not words:
        return None
    parts = ["".join(_QUOTE_CLASSES.get(ch, re.escape(ch)) for ch in word) for word in words]
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


def _fuzzy_find(text: str, sentence: str, cursor: int) -> tuple[int, int] | None:
    from rapidfuzz import fuzz

    windows = [(cursor, min(len(text), cursor + 2 * len(sentence) + 200))]
    if len(text) <= MAX_FUZZY_TEXT:
        windows.append((0, len(text)))
    for lo, hi in windows:
        hit = fuzz.partial_ratio_alignment(sentence, text[lo:hi], score_cutoff=MIN_FUZZY_SCORE)
        if hit is not None and hit.dest_end > hit.dest_start:
            start, end = lo + hit.dest_start, lo + hit.dest_end
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            return start, end
    return None


def _find_one(text: str, sentence: str, cursor: int) -> tuple[int, int] | None:
    if not sentence:
        return None
    found = text.find(sentence, cursor)
    if found < 0:
        found = text.find(sentence)
    if found >= 0:
        return found, found + len(sentence)
    stripped = unicodedata.normalize("NFC", sentence).strip()
    pattern = _loose_pattern(stripped)
    if pattern is None:
        return None
    m = pattern.search(text, cursor) or pattern.search(text)
    if m:
        return m.span()
    return _fuzzy_find(text, stripped, cursor)


def sentence_spans(text: str, sentences: tuple[str, ...] | list[str]) -> tuple[tuple[int, int], ...]:
    """Character offsets [start, end) of each sentence in ``text``; (-1, -1) when not found.

    Sentences are looked up in order, each from where the previous one ended: exactly, then with
    any whitespace and quote/dash variants and case, then fuzzily (rapidfuzz partial ratio >= 90)
    near the expected place. User-given sentences need not be exact substrings. Never raises.

    Args:
        text: the document text.
        sentences: the document's sentences, in order.

    Returns:
        One (start, end) pair per sentence.

    Examples:
        >>> sentence_spans("Mr. Ishiba spoke.  “Yes,” he said.", ("Mr. Ishiba spoke.", '"Yes," he said.'))
        ((0, 17), (19, 34))
        >>> sentence_spans("abc", ("zzz",))
        ((-1, -1),)
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sentence in sentences:
        try:
            span = _find_one(text, sentence if isinstance(sentence, str) else "", cursor)
        except (re.error, ValueError, TypeError):  # never let one odd sentence stop a report
            span = None
        if span is None:
            spans.append((-1, -1))
            continue
        spans.append(span)
        cursor = max(cursor, span[1])
    return tuple(spans)

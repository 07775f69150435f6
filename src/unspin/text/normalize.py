"""Text cleanup and sentence splitting: str -> str, str -> tuple[str, ...] (sentences) and their spans."""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pysbd is imported lazily: it is only needed when sentences are split
    import pysbd

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
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _JOINER_NEAR_ASCII.sub("", text)
    text = _CONTROL.sub("", text)
    text = _HSPACE.sub(" ", text)
    text = _SPACE_AT_LINE_EDGE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


# --- split_sentences -----------------------------------------------------------------------------

# pysbd is superlinear in the length of one call (ECOSYSTEM.md: 264k chars in one call 38 s, as
# 250 paragraphs 0.8 s), so a paragraph longer than this is first cut into chunks at safe sentence
# ends. 3,000 chars is ~15 news sentences, well inside the fast range.
MAX_CHUNK_CHARS = 3000

# A sentence end that is safe to cut at without pysbd: terminal punctuation after a lowercase word
# of 3+ letters (so not "Mr.", "U.S.", "J.", "3.5"), then space and an uppercase start.
_SAFE_CUT = re.compile(r"[a-z]{3}[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z])")
_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# pysbd (0.3.4) splits after these titles when a name follows (measured on WMT originals: "Fr.").
_TITLES = frozenset(
    "mr mrs ms mx dr prof fr rev gen sen rep gov lt col sgt capt adm cmdr maj brig cpl pvt supt det "
    "insp hon pres amb messrs mme mlle msgr st".split()
)
_CONTEXT = 80  # characters on each side of a boundary that the repair rules look at
_LAST_TOKEN = re.compile(r"(\S+)\s*$")
_ABBREV_END = re.compile(r"(?:^|[\s(])(?:[A-Za-z]{1,4}\.)+$")
# Next piece starts a dateline continuation ("VIRGINIA BEACH, Va. -- The city ...", "AURORA,
# Colo. (AP) - ...") or the rest of an abbreviation ("S.&P."): never a new sentence.
_CONTINUATION_START = re.compile(r"^(?:--|[—–]\s|&|\((?:AP|AFP|Reuters|UPI|dpa|CNN)\))")


def _segmenter() -> pysbd.Segmenter:
    # A new Segmenter per document costs under a microsecond; no module-level cache needed.
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _chunks(paragraph: str) -> list[tuple[int, int]]:
    """Cut a paragraph into [start, end) chunks of at most MAX_CHUNK_CHARS at safe places."""
    out: list[tuple[int, int]] = []
    start, n = 0, len(paragraph)
    while n - start > MAX_CHUNK_CHARS:
        window_start = start + MAX_CHUNK_CHARS // 2
        window = paragraph[window_start : start + MAX_CHUNK_CHARS]
        cut = -1
        for m in _SAFE_CUT.finditer(window):
            cut = window_start + m.end()
        if cut < 0:  # no sentence end: cut at the last space, else anywhere
            space = window.rfind(" ")
            cut = window_start + space + 1 if space >= 0 else start + MAX_CHUNK_CHARS
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def _pysbd_boundaries(segmenter: pysbd.Segmenter, chunk: str) -> list[int]:
    """Offsets in ``chunk`` where pysbd ends a sentence (excluding the chunk end)."""
    ends: list[int] = []
    pos = 0
    for piece in segmenter.segment(chunk):
        piece = piece.strip()
        if not piece:
            continue
        found = chunk.find(piece, pos)
        if found < 0:  # pysbd changed the text (should not with clean=False): keep its length
            found = pos
        pos = found + len(piece)
        ends.append(pos)
    return ends[:-1] if ends else []


def _keep_boundary(paragraph: str, cut: int, protected: list[tuple[int, int]]) -> bool:
    """Whether a pysbd boundary at ``cut`` is a real sentence end (pysbd's known misses)."""
    i = bisect.bisect_left(protected, (cut,)) - 1  # the last URL starting before the cut
    if i >= 0 and protected[i][0] < cut < protected[i][1]:
        return False
    # bounded windows: slicing the whole paragraph here would make long paragraphs quadratic
    before = paragraph[max(0, cut - _CONTEXT) : cut].rstrip()
    after = paragraph[cut : cut + _CONTEXT].lstrip()
    last = _LAST_TOKEN.search(before)
    token = last.group(1) if last else ""
    if token.endswith(".") and token[:-1].lower().lstrip("(") in _TITLES and after[:1].isupper():
        return False
    if _CONTINUATION_START.match(after) and (_ABBREV_END.search(before) or after.startswith("&")):
        return False
    if after[:1].islower() and _ABBREV_END.search(before):
        return False
    return True


def _split_paragraph(segmenter: pysbd.Segmenter, paragraph: str) -> list[str]:
    protected = [m.span() for m in _URL_OR_EMAIL.finditer(paragraph)]
    cuts: list[int] = []
    for start, end in _chunks(paragraph):
        cuts.extend(start + c for c in _pysbd_boundaries(segmenter, paragraph[start:end]))
        cuts.append(end)
    sentences: list[str] = []
    begin = 0
    for cut in cuts:
        if cut != len(paragraph) and not _keep_boundary(paragraph, cut, protected):
            continue
        piece = paragraph[begin:cut].strip()
        if piece:
            sentences.append(piece)
        begin = cut
    return sentences


def split_sentences(text: str) -> tuple[str, ...]:
    """Split news text into sentences, each an exact (stripped) substring of ``text``.

    Lines are paragraphs: a sentence never spans a line break. Each paragraph goes through pysbd
    (in bounded chunks when very long), then a few known pysbd misses are repaired: no break inside
    a URL or e-mail address, after a title such as "Fr." before a name, before a dateline dash
    ("AUGUSTA, Ga. -- ...") or before a lowercase continuation of an abbreviation.

    Args:
        text: the document text (normally already passed through :func:`clean_text`).

    Returns:
        The sentences in order; empty for an empty text.

    Examples:
        >>> split_sentences("Mr. Higseth met Gen. Nakatani in the U.S. on Jan. 5. They talked.")
        ('Mr. Higseth met Gen. Nakatani in the U.S. on Jan. 5.', 'They talked.')
        >>> split_sentences("J. R. R. Tolkien was 3.5 feet tall.\\nhttps://example.com/a.jpg")
        ('J. R. R. Tolkien was 3.5 feet tall.', 'https://example.com/a.jpg')
    """
    segmenter = _segmenter()
    out: list[str] = []
    for paragraph in text.split("\n"):
        if paragraph.strip():
            out.extend(_split_paragraph(segmenter, paragraph))
    return tuple(out)


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

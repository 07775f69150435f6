"""Direct quotes in a text: str -> Quote records (spans of the quoted words, the attribution and its speaker).

Straight and curly double quotes (also „ « » and the single ‘ ’ pair at top level); a quote nested
inside another stays part of the outer one; a quote split around its attribution ("…," he said, "…")
is one quote with two parts. Machine translation misplaces marks (``better! "said the president``,
``an effect,“ she says``), so a mark's shape only decides what a lone straight mark is; otherwise
marks pair in order, and an open quote ends at the end of its paragraph, as news style writes it.

Hand-written: no maintained library finds quotes and their speakers in English news text without a
parser model (quotebank/citron need spaCy models we do not ship); the rules below are small and tested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

DOUBLE_MARKS = frozenset('"“”„‟«»')
OPENING_ONLY = frozenset("„«")
# Between two halves of one split quote: a short clause with a speech verb ('," he said, "').
MAX_SPLIT_GAP = 80
# An attribution is looked for this far before the quote (same sentence) and after it.
BEFORE_WINDOW = 160
AFTER_WINDOW = 100

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|asked|asks|explained|explains|noted|notes|wrote|writes|"
    "declared|declares|insisted|insists|warned|warns|announced|announces|replied|replies|continued|continues|"
    "argued|argues|stressed|stresses|emphasized|emphasised|recalled|recalls|tweeted|posted|claimed|claims|"
    "admitted|admits|acknowledged|remarked|commented|concluded|pointed out|was quoted as saying|quoted|"
    "repeated|repeats|confirmed|confirms|revealed|reveals|urged|urges|praised|suggested|suggests|agreed|"
    "complained|predicted|assured|promised|conceded|exclaimed|mentioned|mentions|reported|reports"
)
TITLE = r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Pres|Col|Capt|Lt|Sgt|Adm)\.?"
# A name may open with a lower-case Arabic article ("al-Mishri quoted him as saying").
NAME = rf"(?:{TITLE}\s+)?(?:(?:al|el)-)?[A-Z][\w’'\-]+(?:\s+(?:[A-Z][\w’'\-]+|de|van|von|bin|al-\w+)){{0,3}}"
PRONOUN = r"(?:he|she|they|we|I|He|She|They|We)"
_VERB = rf"(?:{SPEECH_VERBS})"
# '…," Mr. Hegseth told reporters' / '…," he said' / '…," said Mr. Nakatani' / '…," according to Ishiba'
_AFTER_NAME_VERB = re.compile(rf"^[\s,.!?;:—–-]*(?P<who>{NAME}|{PRONOUN})\s+(?:also\s+|later\s+|then\s+)?{_VERB}\b")
_AFTER_VERB_NAME = re.compile(rf"^[\s,.!?;:—–-]*{_VERB}\s+(?P<who>{NAME}|{PRONOUN})\b")
_AFTER_ACCORDING = re.compile(rf"^[\s,.!?;:—–-]*according to\s+(?P<who>{NAME})")
# 'Mr. Hegseth said: "…' / 'Nakatani told reporters that "…' / 'According to Ishiba, "…'
_BEFORE = re.compile(rf"(?P<who>{NAME}|{PRONOUN})\s+(?:also\s+|later\s+|then\s+)?{_VERB}(?:\s+[\w’'-]+){{0,4}}?\s*(?:that\s*)?[,:]?\s*$")
_BEFORE_ACCORDING = re.compile(rf"[Aa]ccording to\s+(?P<who>{NAME})\s*,?\s*$")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z“\"‘])")
_TITLE_WORD = re.compile(rf"^{TITLE}\s+")
PRONOUNS = frozenset("he she they we i".split())


@dataclass(frozen=True, slots=True)
class Quote:
    """One direct quote: its parts' spans (quote marks excluded), text, attribution and speaker."""

    spans: tuple[Span, ...]
    text: str  # the parts joined with a space
    speaker: str | None  # the attributed name ("Mr. Hegseth"), a pronoun ("he"), or None
    attribution: Span | None  # where the speaker is written


def find_quotes(text: str, min_words: int = 1) -> tuple[Quote, ...]:
    """Direct quotes of ``text`` in order, split quotes merged, each with its speaker when the text names one.

    Examples:
        >>> q = find_quotes('“America first does not mean America alone,” Mr. Hegseth told reporters.')
        >>> q[0].text, q[0].speaker
        ('America first does not mean America alone,', 'Mr. Hegseth')
        >>> q = find_quotes('"I will preserve it," he said, "and make it better!" Trump added.')
        >>> len(q), q[0].text, q[0].speaker
        (1, 'I will preserve it, and make it better!', 'he')
        >>> [x.text for x in find_quotes("He said 'no' and left. \\"Not 'now',\\" said Ms. Lee.")]
        ["Not 'now',"]
    """
    raw = [s for s in _raw_spans(text) if len(text[s[0]:s[1]].split()) >= min_words]
    merged: list[list[Span]] = []
    for span in raw:
        if merged:
            gap = text[merged[-1][-1][1] + 1 : span[0] - 1]
            if len(gap) <= MAX_SPLIT_GAP and "\n" not in gap and _is_attribution_gap(gap):
                merged[-1].append(span)
                continue
        merged.append([span])
    quotes = []
    for parts in merged:
        body = " ".join(text[a:b].strip() for a, b in parts)
        who, where = _speaker(text, parts)
        quotes.append(Quote(tuple(parts), body, who, where))
    return tuple(quotes)


def _raw_spans(text: str) -> list[Span]:
    """Spans inside paired double marks (per paragraph), plus top-level ‘single’ quotes."""
    spans: list[Span] = []
    offset = 0
    for para in text.split("\n"):
        marks = [m.start() for m in re.finditer("[" + "".join(DOUBLE_MARKS) + "]", para)]
        start: int | None = None
        for pos in marks:
            ch = para[pos]
            if start is None:
                if ch in "”»" and _looks_closing(para, pos) and not _looks_opening(para, pos):
                    continue  # a stray closing mark (its opening was in an earlier paragraph, or lost)
                if ch == '"' and _looks_closing(para, pos) and not _looks_opening(para, pos):
                    continue
                start = pos + 1
            else:
                if ch in OPENING_ONLY and pos > start:
                    start = pos + 1  # a new opening before the old one closed: the old one was stray
                    continue
                if pos > start:
                    spans.append((offset + start, offset + pos))
                start = None
        if start is not None and start < len(para) and para[start:].strip():
            spans.append((offset + start, offset + len(para.rstrip())))
        offset += len(para) + 1
    inside = [(a, b) for a, b in spans]
    for m in re.finditer(r"(?:(?<=^)|(?<=[\s(\[—–]))‘([^‘’\n]{2,}?)’(?![\w])", text):
        a, b = m.span(1)
        if not any(x <= a and b <= y for x, y in inside):
            spans.append((a, b))
    return sorted(spans)


def _looks_opening(s: str, pos: int) -> bool:
    before = s[pos - 1] if pos > 0 else " "
    after = s[pos + 1] if pos + 1 < len(s) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _looks_closing(s: str, pos: int) -> bool:
    before = s[pos - 1] if pos > 0 else " "
    after = s[pos + 1] if pos + 1 < len(s) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]—–-")


def _is_attribution_gap(gap: str) -> bool:
    g = re.sub(rf"\b{TITLE}\s", "X ", gap.strip())  # "Mr. Hegseth" is no sentence end
    return bool(g) and bool(re.search(rf"\b{_VERB}\b", g)) and not _SENTENCE_END.search(g) and g.endswith(",")


def _speaker(text: str, parts: list[Span]) -> tuple[str | None, Span | None]:
    """The speaker named around a quote: between its parts, after it, or before it (same sentence)."""
    candidates: list[tuple[int, str]] = []
    for (a, b), (c, _) in zip(parts, parts[1:]):
        candidates.append((b + 1, text[b + 1 : c - 1]))
    end = parts[-1][1]
    after = text[end + 1 : end + 1 + AFTER_WINDOW].split("\n")[0]
    candidates.append((end + 1, after))
    for base, window in candidates:
        for pattern in (_AFTER_NAME_VERB, _AFTER_VERB_NAME, _AFTER_ACCORDING):
            m = pattern.match(window)
            if m:
                return _clean_who(m.group("who")), (base + m.start("who"), base + m.end("who"))
    start = parts[0][0] - 1
    before = text[max(0, start - BEFORE_WINDOW) : start].split("\n")[-1]
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    base = start - len(before)
    for pattern in (_BEFORE, _BEFORE_ACCORDING):
        m = pattern.search(before)
        if m:
            return _clean_who(m.group("who")), (base + m.start("who"), base + m.end("who"))
    return None, None


def _clean_who(who: str) -> str:
    return who.strip()


def speaker_surname(speaker: str | None) -> str | None:
    """The name a speaker is compared by (its last word, title dropped); None for pronouns and no speaker.

    Examples:
        >>> speaker_surname("Mr. Hegseth"), speaker_surname("Masso Kamikubo"), speaker_surname("he")
        ('Hegseth', 'Kamikubo', None)
    """
    if not speaker or speaker.lower() in PRONOUNS:
        return None
    bare = _TITLE_WORD.sub("", speaker).strip()
    words = bare.split()
    return re.sub(r"['’]s$", "", words[-1]) if words else None

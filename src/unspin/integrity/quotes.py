"""Quote integrity: (copy, original, alignment) -> one QuoteCheck per direct quote of the copy.

Each copy quote is matched to a quote of the original in the sentences the alignment pairs with its
own (one sentence of slack either side), else to the best window of those sentences, else it is
``unmatched``. A matched quote is ``verbatim`` (same words), ``altered`` (a negation, quantifier,
intensifier or qualifier dropped or added, a name replaced, or another speaker), or ``paraphrased``
(other words, same meaning classes: what honest translation does).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from ..names.keys import HONORIFICS, Token, fold, is_name_like, name_runs, name_words, similarity, words
from ..records import Alignment, Document, QuoteCheck, Span
from ..text.normalize import sentence_spans
from ..text.quotes import Quote, find_quotes, speaker_surname
from ..text.sentences import split_sentences
from .words import class_changes, key, severity, swapped, tokens

# A copy quote pairs with the original quote it shares most words with (Dice of the two word sets:
# translation reorders words, "Headquarters for War Control" / "war-fighting headquarters" = 0.57),
# if that reaches this. A neighbouring, different quote of the same speaker shares < 0.25.
MIN_QUOTE_SIMILARITY = 0.3
# Else the best window of the aligned original sentences (rapidfuzz partial_ratio, 0-100): the
# original may not quote what the copy quotes. 60 keeps MT renderings, drops unrelated text.
MIN_WINDOW_SCORE = 60.0
# A pronoun or a missing attribution takes the last named speaker this many characters back.
SPEAKER_CARRY = 400
# Two speaker names are one person when their spellings are this similar (names.keys.similarity:
# Higseth/Hegseth 1.0, Kamikobo/Kamikubo 1.0, Nakatani/Hegseth 0.27).
SAME_NAME = 0.6


@dataclass(frozen=True, slots=True)
class Located:
    """A document's text, its sentences' spans, and its quotes with resolved speakers."""

    text: str
    starts: tuple[int, ...]
    spans: tuple[Span, ...]
    quotes: tuple[Quote, ...]
    resolved: tuple[str | None, ...]  # the speaker's surname, a pronoun resolved to the last named speaker
    speakers: frozenset[str]  # the people the document quotes or names with an honorific ("Mr. Tonozaki")

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)


def locate(doc: Document) -> Located:
    """Quotes and sentence spans of a Document (text "" reads its sentences one per line)."""
    text = doc.text or "\n".join(doc.sentences)
    spans = sentence_spans(text, doc.sentences) if doc.sentences else ()
    quotes = find_quotes(text)
    resolved = resolve_speakers(quotes)
    speakers = frozenset(s for s in resolved if s and _person(s)) | frozenset(_HONORIFIC_NAME.findall(text))
    return Located(text, tuple(max(a, 0) for a, _ in spans), spans, quotes, resolved, speakers)


_HONORIFIC_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+(?:[A-Z][\w’'\-]+\s+)?([A-Z][\w’'\-]+)")


def resolve_speakers(quotes: Sequence[Quote]) -> tuple[str | None, ...]:
    """Each quote's speaker surname; "he said" or no attribution takes the last named speaker nearby.

    Examples:
        >>> q = find_quotes('"We will win," Mr. Hegseth said. "They know it." Later "No," he said.')
        >>> resolve_speakers(q)
        ('Hegseth', 'Hegseth', 'Hegseth')
    """
    out: list[str | None] = []
    last: tuple[str, int] | None = None
    for q in quotes:
        name = speaker_surname(q.speaker)
        if name is None and last is not None and q.spans[0][0] - last[1] <= SPEAKER_CARRY:
            name = last[0]
        if name is not None:
            last = (name, q.spans[-1][1])
        out.append(name)
    return tuple(out)


def same_person(a: str, b: str) -> bool:
    """Whether two surnames are one person spelled two ways (or the same).

    Examples:
        >>> same_person("Higseth", "Hegseth"), same_person("Nakatani", "Hegseth")
        (True, False)
    """
    fa, fb = fold(a), fold(b)
    return fa == fb or (bool(fa) and bool(fb) and (fa in fb or fb in fa)) or similarity(a, b) >= SAME_NAME


def check_quotes(copy: Document, original: Document, alignment: Alignment) -> tuple[QuoteCheck, ...]:
    """One QuoteCheck per direct quote of the copy, in text order.

    Examples:
        >>> c = Document("c", "", ('"America does not mean America alone," Mr. Higseth told reporters.',))
        >>> o = Document("o", "", ('"America first does not mean America alone," Mr. Hegseth told reporters.',))
        >>> from unspin.match.align import align
        >>> q = check_quotes(c, o, align(c, o))[0]
        >>> q.status, q.changes
        ('altered', (('qualifier-dropped', 'first'),))
    """
    cl, ol = locate(copy), locate(original)
    rows: dict[int, set[int]] = {}
    for pair in alignment.pairs:
        for i in pair.copy:
            rows.setdefault(i, set()).update(pair.original)
    n_orig = len(ol.spans)
    out: list[QuoteCheck] = []
    for q in cl.quotes:
        first, last = cl.sentence_of(q.spans[0][0]), cl.sentence_of(q.spans[-1][1] - 1)
        aligned = set().union(*(rows.get(i, set()) for i in range(first, last + 1)))
        span = (q.spans[0][0], q.spans[-1][1])
        if not aligned:
            out.append(QuoteCheck("unmatched", span, q.text, None, None, q.speaker, None,
                                  evidence="the original has no sentence aligned with this one: possibly fabricated"))
            continue
        lo, hi = max(0, min(aligned) - 1), min(n_orig - 1, max(aligned) + 1)
        out.append(_compare(q, ol, lo, hi))
    return tuple(out)


def _compare(q: Quote, ol: Located, lo: int, hi: int) -> QuoteCheck:
    span = (q.spans[0][0], q.spans[-1][1])
    a, b = ol.spans[lo][0], ol.spans[hi][1]
    ct = tokens(q.text)
    best: tuple[float, int] | None = None
    for k, oq in enumerate(ol.quotes):
        if oq.spans[-1][1] <= a or oq.spans[0][0] >= b:
            continue
        sim = word_dice(ct, tokens(oq.text))
        if best is None or sim > best[0]:
            best = (sim, k)
    if best is not None and best[0] >= MIN_QUOTE_SIMILARITY:
        oq = ol.quotes[best[1]]
        o_text, o_span = oq.text, (oq.spans[0][0], oq.spans[-1][1])
        o_speaker, o_resolved, quoted = oq.speaker, ol.resolved[best[1]], True
    else:
        window = fuzz.partial_ratio_alignment(q.text.lower(), ol.text[a:b].lower())
        if window is None or window.score < MIN_WINDOW_SCORE:
            return QuoteCheck("unmatched", span, q.text, None, None, q.speaker, None,
                              evidence=f"no quote or passage like it in original sentences {lo + 1}-{hi + 1}: possibly fabricated")
        # widened to whole words: a window cut mid-word ("Moscow Spea", "unicator") compares half a word
        o_span = _whole_words(ol.text, a + window.dest_start, a + window.dest_end)
        o_text, o_speaker, o_resolved, quoted = ol.text[o_span[0]:o_span[1]], None, None, False
        # a passage inside a longer quote of the original ("She's in legacy building mode. …," Wright said) has its speaker
        inside = next((k for k, oq in enumerate(ol.quotes) if oq.spans[0][0] <= o_span[0] and o_span[1] <= oq.spans[-1][1]), None)
        if inside is not None:
            o_speaker, o_resolved = ol.quotes[inside].speaker, ol.resolved[inside]
    ot = tokens(o_text)
    changes = merge_changes(class_changes(o, c) for o, c in segment_pairs(o_text, q.text))
    changes += _names_replaced(o_text, q.text)
    named = speaker_surname(q.speaker)  # the copy names the speaker here (a carried one drifts with its own quote)
    if named and _person(named) and (other := _other_speaker(ol, named, o_span, o_speaker, o_resolved)):
        changes.append(("speaker-changed", f"{other} → {named}"))
    changes.sort(key=lambda c: severity(c[0]))
    diff = tuple((tag, " ".join(ot[i1:i2]), " ".join(ct[j1:j2]))
                 for tag, i1, i2, j1, j2 in Levenshtein.opcodes(ot, ct).as_list() if tag != "equal")
    sim = Indel.normalized_similarity(ot, ct)
    same = ot == ct
    status = "altered" if changes else ("verbatim" if same else "paraphrased")
    where = f"original {'quote' if quoted else 'passage (not quoted there)'} in sentences {lo + 1}-{hi + 1}"
    evidence = "; ".join(f"{k.replace('-', ' ')}: {w}" for k, w in changes) or f"{status} ({sim:.2f} of words shared)"
    return QuoteCheck(status, span, q.text, o_span, o_text, q.speaker, o_speaker, tuple(changes), diff, sim,
                      f"{evidence} — {where}")


# A name after a preposition is a place or a body, not a speaker ("The governor of Indiana also said").
_PLACE_BEFORE = re.compile(r"\b(?:of|in|from|at|to|for)\s+(?:the\s+)?$", re.I)


def _other_speaker(ol: Located, named: str, o_span: Span, o_speaker: str | None, o_resolved: str | None) -> str | None:
    """Whom the original gives the quote at ``o_span`` to, when that is not the copy's speaker ``named``; else None.

    A speaker the original names at its quote is compared with ``named``. Otherwise (a pronoun, or no speaker the
    patterns find) the passage around it decides first, its sentences outside the quoted words: if it writes ``named``
    (in any case: "nappo says"), that is the speaker; if not, the speaker carried from an earlier quote is
    compared, and failing that, a person the passage names stands against a copy speaker whom the original
    names only elsewhere. The original's attribution is often beyond the patterns ("nappo says", "Zhang Diming
    introduced", "the hero, Tonozaki said"). "Names elsewhere" means a person the original quotes or writes with
    an honorific: a place or an organisation the speaker patterns read as a name ("Shiga Prefecture said") is
    no one, and a name the original never writes (an MT transliteration) is not judged: flagging that
    (session 8) made 4 false flags on a 1,000-copy wmt-dev sample for 1 more swap found.
    """
    def carried() -> str | None:  # the original's resolved speaker, when it is a person and not the copy's
        return o_resolved if o_resolved and _person(o_resolved) and not same_person(named, o_resolved) else None

    direct = speaker_surname(o_speaker)
    if direct is not None and direct == o_resolved:
        return carried()
    first, last = ol.sentence_of(o_span[0]), ol.sentence_of(max(o_span[0], o_span[1] - 1))
    key = fold(named)
    here: list[tuple[int, str]] = []  # (position, name) of the people the passage names, sentence by sentence
    # the quoted words blanked: a name inside a quote ("Before Yamakawa went to first") attributes nothing
    text = ol.text[:o_span[0]] + " " * (o_span[1] - o_span[0]) + ol.text[o_span[1]:]
    for a, b in ol.spans[first:last + 1]:
        sentence = text[a:b]
        if any(fold(t.text) == key or (t.text[0].isupper() and same_person(named, t.text)) for t in words(sentence)):
            return None  # the passage names the copy's speaker
        here += [(a + t.start, t.text) for t in name_words(sentence)
                 if not t.initial and _person(t.text) and not _PLACE_BEFORE.search(sentence, 0, t.start)]
    if o_resolved:
        return carried()
    if not here or not any(same_person(named, s) for s in ol.speakers):
        return None
    before = [name for at, name in here if at < o_span[0]]
    return before[-1] if before else here[0][1]


# Capitalised words the speaker patterns take for a name at a sentence start ('…," It said' / 'This
# referred to …'): on wmt-dev, 7 of the 16 speaker changes flagged on unperturbed MT copies.
NOT_PERSONS = frozenset("it this that these those there here the a an which who what one all both each "
                        "district city government ministry police".split())
# A bare title is no name to compare ('…," the Governor said' / '…," Newsom said': one person); on a 300-copy
# wmt-dev sample, 1 of the 2 speaker changes flagged on unperturbed quotes.
TITLES = frozenset("governor president minister chairman chairwoman director spokesman spokeswoman spokesperson "
                   "official officials mayor chief manager coach head leader agency statement source sources "
                   "report newspaper prime premier secretary senator general".split())


def _person(surname: str) -> bool:
    """Whether a resolved speaker can be a person's name ("It", "This", "District" cannot)."""
    low = surname.lower()
    # an acronym speaks too ("IFS says", "DAZU-O said"): 3 letters or more, so that "US" or "EU" does not
    return (low not in NOT_PERSONS and low not in TITLES and not any(ch.isdigit() for ch in surname)
            and (not surname.isupper() or sum(ch.isalpha() for ch in surname) >= 3))


# A quote of several sentences is compared sentence by sentence: each copy sentence against the original
# sentence (or two adjacent ones: MT splits and joins) that shares most of its words, if that reaches this
# (Dice of the word keys); a copy sentence the original quote does not render is not compared.
MIN_SEGMENT_SIMILARITY = 0.3
# Else, in two quotes of as many sentences, the sentence in the same place if it shares this much ("This is not
# a difficult time in Corona" / "These are tough times with COVID-19").
MIN_PARALLEL_SIMILARITY = 0.1


def segment_pairs(original: str, copy: str) -> list[tuple[list[str], list[str]]]:
    """(original tokens, copy tokens) for each sentence of the copy quote and its counterpart in the original's.

    Examples:
        >>> pairs = segment_pairs("We won. We did not lose much.", "We did lose a lot. We won.")
        >>> [(" ".join(o), " ".join(c)) for o, c in pairs]
        [('we did not lose much', 'we did lose a lot'), ('we won', 'we won')]
    """
    o_parts = [t for part in split_sentences(original) if (t := tokens(part))]
    c_parts = [t for part in split_sentences(copy) if (t := tokens(part))]
    if len(o_parts) <= 1 and len(c_parts) <= 1:
        return [(tokens(original), tokens(copy))]
    parallel = len(o_parts) == len(c_parts)  # as many sentences: MT kept them in order
    candidates = o_parts + [a + b for a, b in zip(o_parts, o_parts[1:])]
    keyed = [{key(w) for w in o} for o in candidates]
    out = []
    for i, c in enumerate(c_parts):
        kc = {key(w) for w in c}
        sims = [2 * len(kc & ko) / (len(kc) + len(ko)) for ko in keyed]
        best = max(range(len(sims)), key=sims.__getitem__)
        if sims[best] >= MIN_SEGMENT_SIMILARITY:
            out.append((candidates[best], c))
        elif parallel and sims[i] >= MIN_PARALLEL_SIMILARITY:  # a reworded sentence in its place
            out.append((o_parts[i], c))
    return out


def merge_changes(parts: Iterable[list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """One (kind, words) per kind over a quote's sentence pairs, words joined in order."""
    merged: dict[str, list[str]] = {}
    for part in parts:
        for kind, words_ in part:
            merged.setdefault(kind, []).append(words_)
    return [(kind, " ".join(ws)) for kind, ws in merged.items()]


def word_dice(a: list[str], b: list[str]) -> float:
    """Dice coefficient of two token lists' word sets (0..1).

    Examples:
        >>> round(word_dice(["headquarters", "for", "war", "control"], ["war", "fighting", "headquarters"]), 2)
        0.57
    """
    sa, sb = set(a), set(b)
    return 2 * len(sa & sb) / (len(sa) + len(sb)) if sa or sb else 0.0


def _whole_words(text: str, start: int, end: int) -> Span:
    """A span widened to the word boundaries around it.

    Examples:
        >>> t = "the Moscow Speaks radio"
        >>> t[slice(*_whole_words(t, 4, 15))]
        'Moscow Speaks'
    """
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _title_case(text: str) -> bool:
    """Whether the words after the first (three letters or more) are capitalised: a title, not a sentence.

    Examples:
        >>> _title_case("Bye-bye Accident Zero Initiative"), _title_case("That's very my husband, Dougie Jones")
        (True, False)
    """
    long = re.findall(r"[^\W\d_]{3,}", text)[1:]
    return 0 < len(long) <= 8 and sum(w[0].isupper() for w in long) >= 0.75 * len(long)


def _opens(text: str, t: Token) -> bool:
    """Whether a word opens the quote or one of its sentences ("… fat. But most …": "But" is no name)."""
    return t.initial or bool(re.search(r"[.!?…]['’\"”)]*\s*$", text[:t.start]))


_I_CONTRACTION = re.compile(r"^I['’](?:m|ll|d|ve)$")


def _name(word: str) -> bool:
    """Name-like, not "I" contracted ("I'll" / "I'm") nor an honorific ("Mr. Inyo" for "Iryo" swaps no name)."""
    return is_name_like(word) and not _I_CONTRACTION.match(word) and word.lower() not in HONORIFICS


def _names_replaced(original: str, copy: str) -> list[tuple[str, str]]:
    """A name of the original quote gone, and a name the original quote lacks in its place ("Russia → China").

    Words at the start of the quote or after a sentence end are not names (``keys.words`` marks them).
    """
    if _title_case(copy) or _title_case(original):
        return []  # a quoted title ("Moscow Speaks" / "Moscow Talk"): a name MT translates, not a claim
    o_names = [t.text for t in words(original) if not _opens(original, t) and _name(t.text)]
    c_names = [t.text for t in words(copy) if not _opens(copy, t) and _name(t.text)]
    o_all = {fold(t.text) for t in words(original)}
    c_all = {fold(t.text) for t in words(copy)}
    gone = [n for n in o_names if not any(same_person(n, c) for c in c_names) and fold(n) not in c_all]
    new = [n for n in c_names if not any(same_person(n, o) for o in o_names) and fold(n) not in o_all]
    if gone and new and len(gone) == len(new):
        ot, ct = tokens(original), tokens(copy)
        return [("name-replaced", f"{g} → {n}") for g, n in zip(gone, new)
                if swapped(ot, ct, fold(g) or g.lower(), fold(n) or n.lower()) and not _same_entity(original, g, copy, n)]
    return []


def _same_entity(original: str, gone: str, copy: str, new: str) -> bool:
    """Whether ``gone`` and ``new`` are the generic word of one multi-word name, the rest of it kept ("Khabarovsk Krai"
    / "Khabarovsk Territory", "Moscow Oblast" / "Moscow Region"): translation, not another name.

    Examples:
        >>> _same_entity("Khabarovsk Krai cannot wait", "Krai", "Khabarovsk Territory can not wait", "Territory")
        True
        >>> _same_entity("Russia will attack", "Russia", "China will attack", "China")
        False
    """
    def rest(text: str, word: str) -> set[str]:
        return {fold(t.text) for run in name_runs(text) if any(t.text == word for t in run) for t in run if t.text != word}

    return bool(rest(original, gone) & rest(copy, new))

"""Name proposals per source: (copy view, original | siblings | lexicon) -> token-level Proposals.

``names.restore_names`` runs these in the order original -> siblings -> lexicon; a token decided
or protected by an earlier source is not looked at again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from .lexicon import Entry, Lexicon
from .names_keys import (
    TITLES,
    Token,
    fold,
    is_name_like,
    is_romanized,
    is_title,
    name_runs,
    shared_keys,
    similarity,
    translit_form,
    words,
)
from .records import Alignment, Document, FixSource

# --- thresholds (evidence next to each) ----------------------------------------------------------
# Against an aligned sentence of the original the candidates are few (the names that sentence spells
# differently), so a moderate similarity is enough once a phonetic key agrees. Seed pairs score
# 0.92-1.0 (names_keys.similarity); unrelated name pairs of WMT sentences rarely pass 0.7 with a key.
PAIR_SIMILARITY_WITH_KEY = 0.7
PAIR_SIMILARITY_WITHOUT_KEY = 0.85
# Two words both this common in English (Zipf >= 3.5: "Ministry", "Prefecture", "Russian") differ
# by a translation choice, not by mangling; names that matter here sit far lower (Hegseth 1.1,
# Nakatani 1.7, Shigeru 2.4) or are spelled identically (Tokyo 4.3).
COMMON_ZIPF = 3.5
# A lexicon offers a whole vocabulary, so it needs more: both keys and 0.8, or one key and 0.85.
# (Iowo->Iwo 0.857 both keys; Shigro->Shigeru 0.923 skeleton; Higseth->Hegseth and
# Ritzomican->Ritsumeikan 1.0 both keys; the decoys Iowa 0.75 and Hesketh (no key) fail.)
LEXICON_SIMILARITY = {2: 0.8, 1: 0.85}
# The unfolded letters must still mostly be the name's (plain Indel >= 0.6, the benchmark's own
# rule for "spelled differently"): folding alone made "Gurunavi" a "Goronwy" (plain 0.40).
RAW_SIMILARITY = 0.6
# The best lexicon candidate must beat the runner-up by this much (score = similarity + 0.05 per
# shared key + 0.05 for a name from originals or a gazetteer); a tie means the copy is ambiguous.
LEXICON_MARGIN = 0.03
# Sibling copies: restore a spelling only when most aligned siblings (and at least two) write it.
MIN_SIBLING_VOTES = 2
# Lexicon fixes need a copy that damages names: at least this many distinct unknown names near a
# known spelling, and at least this share of its unknown names (see from_lexicon for the evidence).
MIN_DAMAGED_NAMES = 2
DAMAGED_SHARE = 0.5
# A known but rare word next to a restored name is part of the same name when a near-identical
# spelling is ten times more frequent (Zipf +1): "Iowo Jimma" -> "Iwo" + "Jimma"->"Jima"
# (Zipf 1.37 -> 2.65). "Ishiba" (1.03) has no such variant (Ichiba 1.34 shares one key).
RARE_ZIPF = 2.0
UNIT_ZIPF_GAIN = 1.0
UNIT_SIMILARITY = 0.9
# Another spelling of a name already restored in the same copy ("Higth" next to ten "Higseth").
LOCAL_SIMILARITY = 0.8


@dataclass(frozen=True, slots=True)
class Proposal:
    """A token-level fix before adjacent tokens of one name are merged into a NameFix."""

    sentence: int
    token: int  # index into the sentence's tokens
    after: str
    source: FixSource
    confidence: float
    evidence: str


@dataclass(slots=True)
class CopyView:
    """A copy's sentences as located in its text, with their words; shared by all sources."""

    text: str
    offsets: tuple[int, ...]  # start of each sentence in text (-1 when not found)
    sentences: tuple[str, ...]  # the located slices of text ("" when not found)
    tokens: tuple[list[Token], ...]
    decided: dict[tuple[int, int], Proposal] = field(default_factory=dict)
    protected: set[str] = field(default_factory=set)  # spellings a source confirmed

    def open_tokens(self, i: int) -> Iterable[tuple[int, Token]]:
        for k, tok in enumerate(self.tokens[i]):
            if (i, k) not in self.decided and tok.text not in self.protected and is_name_like(tok.text):
                yield k, tok

    def propose(self, p: Proposal) -> None:
        self.decided.setdefault((p.sentence, p.token), p)


def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def _keys_phrase(k: int) -> str:
    return {2: "metaphone and skeleton agree", 1: "one phonetic key agrees", 0: "no phonetic key agrees"}[k]


def variant_score(a: str, b: str) -> tuple[float, int] | None:
    """(similarity, shared keys) when ``b`` may be a respelling of ``a`` in aligned text, else None.

    Examples:
        >>> variant_score("Higseth", "Hegseth")
        (1.0, 2)
        >>> variant_score("Japanese", "Japan") is None, variant_score("Ministry", "Minister") is None
        (True, True)
    """
    fa, fb = fold(a), fold(b)
    if not fa or not fb or fa == fb or fa.startswith(fb) or fb.startswith(fa):
        return None  # same word, or an inflection / truncation ("Japan"/"Japanese")
    if min(_zipf(a), _zipf(b)) >= COMMON_ZIPF:
        return None
    sim, k = similarity(a, b), shared_keys(a, b)
    if sim >= PAIR_SIMILARITY_WITHOUT_KEY or (k and sim >= PAIR_SIMILARITY_WITH_KEY):
        return sim, k
    return None


def _word_set(texts: Iterable[str]) -> set[str]:
    return {t.text for s in texts for t in words(s)}


# --- 1. the original ------------------------------------------------------------------------------


def from_original(view: CopyView, original: Document, alignment: Alignment) -> None:
    """Names the aligned original sentence spells differently; titles read from given names."""
    everywhere = _word_set(original.sentences)
    for pair in alignment.pairs:
        if not pair.copy or not pair.original:
            continue
        orig_text = " ".join(original.sentences[j] for j in pair.original if j < len(original.sentences))
        orig_tokens = words(orig_text)
        copy_words = {t.text for i in pair.copy if i < len(view.tokens) for t in view.tokens[i]}
        copy_lower = {w.lower() for w in copy_words}
        offered = [t for t in orig_tokens if is_name_like(t.text) and t.text not in copy_words and t.text.lower() not in copy_lower]
        where = f"original sentence {pair.original[0] + 1}"
        scored = []
        for i in pair.copy:
            if i >= len(view.tokens):
                continue
            for k, tok in view.open_tokens(i):
                if tok.text in everywhere or is_title(tok.text):
                    continue
                for o in offered:
                    vs = variant_score(tok.text, o.text)
                    if vs:
                        scored.append((vs[0] + 0.05 * vs[1], vs, i, k, tok, o.text))
        used_copy: set[tuple[int, int]] = set()
        used_orig: set[str] = set()
        for _, (sim, keys), i, k, tok, o in sorted(scored, key=lambda r: -r[0]):
            if (i, k) in used_copy or o in used_orig:
                continue
            used_copy.add((i, k))
            used_orig.add(o)
            conf = min(0.99, 0.6 + 0.4 * sim) * (1.0 if keys else 0.9)
            view.propose(Proposal(i, k, o, "original", conf, f"{where} writes '{o}' (similarity {sim:.2f}; {_keys_phrase(keys)})"))
        for i in pair.copy:
            if i < len(view.tokens):
                _title_confusion(view, i, orig_text, orig_tokens, where)
    view.protected |= {w for w in everywhere if is_name_like(w)}


def _title_confusion(view: CopyView, i: int, orig_text: str, orig_tokens: list[Token], where: str) -> None:
    """"General Nakatani" where the original writes "Gen Nakatani": Gen is the given name."""
    toks = view.tokens[i]
    for k in range(len(toks) - 1):
        title, name = toks[k], toks[k + 1]
        if (i, k) in view.decided or title.text.lower() not in TITLES or view.sentences[i][title.end : name.start] != " ":
            continue
        surname = view.decided[(i, k + 1)].after if (i, k + 1) in view.decided else name.text
        for j in range(1, len(orig_tokens)):
            given, o_name = orig_tokens[j - 1], orig_tokens[j]
            if (
                o_name.text == surname
                and orig_text[given.end : o_name.start] == " "
                and is_name_like(given.text)
                and given.text != title.text
                and title.text.lower().startswith(given.text.lower())
            ):
                view.propose(
                    Proposal(i, k, given.text, "original", 0.9, f"{where} writes '{given.text} {surname}': "
                             f"'{given.text}' is the given name, not the title '{title.text}'")
                )
                break


# --- 2. sibling copies ---------------------------------------------------------------------------


def from_siblings(view: CopyView, siblings: Sequence[tuple[Document, Alignment]]) -> None:
    """Spellings that most siblings' aligned sentences agree on where this copy differs."""
    aligned: list[dict[int, str]] = []
    for doc, alignment in siblings:
        rows: dict[int, str] = {}
        for pair in alignment.pairs:
            if pair.copy and pair.original:
                text = " ".join(doc.sentences[j] for j in pair.original if j < len(doc.sentences))
                for i in pair.copy:
                    rows[i] = (rows.get(i, "") + " " + text).strip()
        aligned.append(rows)
    for i in range(len(view.tokens)):
        texts = [rows[i] for rows in aligned if i in rows]
        if len(texts) < MIN_SIBLING_VOTES:
            continue
        sib_tokens = [words(t) for t in texts]
        copy_words = {t.text for t in view.tokens[i]}
        for k, tok in list(view.open_tokens(i)):
            if is_title(tok.text):
                continue
            support = sum(any(t.text == tok.text for t in toks) for toks in sib_tokens)
            votes: Counter[str] = Counter()
            for toks in sib_tokens:
                best = max(
                    ((vs, t.text) for t in toks if is_name_like(t.text) and t.text not in copy_words
                     for vs in [variant_score(tok.text, t.text)] if vs),
                    default=None, key=lambda r: r[0][0] + 0.05 * r[0][1],
                )
                if best:
                    votes[best[1]] += 1
            if not votes:
                continue
            after, n = votes.most_common(1)[0]
            if n >= MIN_SIBLING_VOTES and n * 2 > len(texts) and n > 2 * support:
                view.propose(Proposal(i, k, after, "siblings", n / len(texts) * similarity(tok.text, after),
                                      f"{n} of {len(texts)} sibling copies write '{after}' in the aligned sentence "
                                      f"({support} write '{tok.text}')"))
    # spellings most siblings share are confirmed, whatever the lexicon says
    doc_words = Counter(w for doc, _ in siblings for w in _word_set(doc.sentences))
    view.protected |= {w for w, n in doc_words.items() if 2 * n >= len(siblings) and is_name_like(w)}


# --- 3. the lexicon ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Choice:
    score: float  # similarity + 0.05 per shared key (+0.05 for a name, not just a word)
    similarity: float  # names_keys.similarity (letters that transliteration swaps are free)
    raw: float  # plain Indel similarity: tells apart spellings that fold alike ("Iwo"/"Iwu")
    keys: int
    entry: Entry
    eligible: bool = True  # False: close, but not a spelling to restore (it still competes)


def _rank(token: str, entries: Iterable[Entry], thresholds: dict[int, float]) -> list[_Choice]:
    """Candidates that pass the thresholds, one per folded spelling, best first."""
    ft = fold(token)
    best: dict[str, _Choice] = {}
    for e in entries:
        fe = fold(e.form)
        if fe[:1] != ft[:1] or fe == ft:
            continue
        sim, k, raw = similarity(token, e.form), shared_keys(token, e.form), fuzz.ratio(ft, fe) / 100.0
        if not k or sim < thresholds[k]:
            continue
        eligible = not (
            fe.startswith(ft) or ft.startswith(fe)  # an inflection ("Kharlamova"/"Kharlamov")
            or (" " not in fe and _zipf(e.form) >= COMMON_ZIPF)  # MT renders common words right ("Moneith"/"Month")
            or raw < RAW_SIMILARITY
        )
        c = _Choice(sim + 0.05 * k + (0.05 if e.origin != "wordfreq" else 0.0), sim, raw, k, e, eligible)
        group = translit_form(e.form)
        if group not in best or (c.score, c.raw) > (best[group].score, best[group].raw):
            best[group] = c
    return sorted(best.values(), key=lambda c: (-c.score, -c.raw))


def _pick(ranked: list[_Choice]) -> _Choice | None:
    """The best candidate, unless another spelling (that folds differently) is about as good."""
    if not ranked or not ranked[0].eligible or (len(ranked) > 1 and ranked[1].score > ranked[0].score - LEXICON_MARGIN):
        return None
    return ranked[0]


def _describe(e: Entry) -> str:
    if e.origin == "wordfreq":
        return f"wordfreq, Zipf {e.zipf:.1f}"
    if e.origin == "originals":
        return f"{e.count}× in originals"
    return e.origin


def _lexicon_may_fix(word: str, lexicon: Lexicon) -> bool:
    """An ASCII word of 3+ letters, capitalised only at the start, that no layer of the lexicon knows.

    Only ASCII: a word with letters beyond ASCII ("Breiðavík", "Dvořák") keeps the orthography of
    its own language, which an English word list cannot judge (wmt-dev is-en: most wrong lexicon
    fixes before this rule). Inner capitals mark brands and acronyms ("ReyCUP"), not names.
    """
    return (
        word.isascii() and len(word) >= 3 and not any(ch.isupper() for ch in word[1:])
        and not is_title(word) and not lexicon.knows(word)
    )


def from_lexicon(view: CopyView, lexicon: Lexicon) -> None:
    """Unknown names close to exactly one known spelling, in a copy that damages names; multi-word names as units."""
    unknown: dict[int, set[int]] = {}
    for i, toks in enumerate(view.tokens):
        # A systematic romanization ("Okihama", "Xiaoliang") is a spelling, not damage.
        unknown[i] = {k for k, t in view.open_tokens(i) if _lexicon_may_fix(t.text, lexicon) and not is_romanized(t.text)}
    spellings = {view.tokens[i][k].text for i, ks in unknown.items() for k in ks}
    foreign = {w for w in spellings if lexicon.foreign(w)}  # another language's word: not damage either
    spellings -= foreign
    picks = {w: (ranked, _pick(ranked)) for w in spellings for ranked in [_rank(w, lexicon.candidates(w), LEXICON_SIMILARITY)]}
    phrases = [p for i, ks in unknown.items() if ks - _positions(view, i, foreign) for p in _phrases(view, i, lexicon, ks)]
    damaged = {w for w, (_, best) in picks.items() if best} | {view.tokens[p.sentence][p.token].text for p in phrases}
    # A copy that damages names does so to several of them (the seed: Higseth, Shigro, Iowo,
    # Ritzomican, 4 of its 5 unknown names). One lone near miss in a copy is more often another
    # name the lexicon lacks (wmt-dev, no original: 69 % of copies with any lexicon candidate had
    # exactly one; those fixes were right 1 time in 6).
    if len(damaged) < MIN_DAMAGED_NAMES or len(damaged) < DAMAGED_SHARE * len(spellings):
        return
    for p in phrases:
        view.propose(p)
    for i, ks in unknown.items():
        toks = view.tokens[i]
        for k in sorted(ks):
            tok = toks[k]
            if (i, k) in view.decided or tok.text not in picks or picks[tok.text][1] is None:
                continue
            ranked, best = picks[tok.text]
            e = best.entry
            runner = f"; next best '{ranked[1].entry.form}' {ranked[1].similarity:.2f}" if len(ranked) > 1 else ""
            view.propose(Proposal(i, k, _cased(e.form, tok.text), "lexicon", min(0.95, 0.5 + 0.45 * best.similarity),
                                  f"'{tok.text}' is unknown to the lexicon; '{e.form}' is known ({_describe(e)}) and close "
                                  f"(similarity {best.similarity:.2f}; {_keys_phrase(best.keys)}){runner}; "
                                  f"{len(damaged)} of this copy's {len(spellings)} unknown names are near known ones"))
            _complete_unit(view, i, k, lexicon)


def _positions(view: CopyView, i: int, spellings: set[str]) -> set[int]:
    return {k for k, t in enumerate(view.tokens[i]) if t.text in spellings}


def _cased(form: str, like: str) -> str:
    return form[:1].upper() + form[1:] if like[:1].isupper() and form[:1].islower() else form


def _phrases(view: CopyView, i: int, lexicon: Lexicon, unknown: set[int]) -> list[Proposal]:
    """Runs of capitalised words that a learned or gazetteer name matches as a whole."""
    sentence, toks = view.sentences[i], view.tokens[i]
    index = {t.start: k for k, t in enumerate(toks)}
    out: list[Proposal] = []
    taken: set[int] = set()
    for run in name_runs(sentence, toks):
        ks = [index[t.start] for t in run]
        for size in range(min(4, len(run)), 1, -1):
            for a in range(len(run) - size + 1):
                part = ks[a : a + size]
                if not unknown.intersection(part) or taken.intersection(part) or any((i, k) in view.decided for k in part):
                    continue
                phrase = sentence[toks[part[0]].start : toks[part[-1]].end]
                best = _pick([c for c in _rank(phrase, lexicon.candidates(phrase), LEXICON_SIMILARITY)
                              if len(c.entry.form.split()) == size])
                if best is None:
                    continue
                sim, keys, e = best.similarity, best.keys, best.entry
                taken.update(part)
                for k, word in zip(part, e.form.split()):
                    if toks[k].text != word:
                        out.append(Proposal(i, k, word, "lexicon", min(0.95, 0.5 + 0.45 * sim),
                                            f"'{phrase}' is unknown to the lexicon; '{e.form}' is a known name "
                                            f"({_describe(e)}; similarity {sim:.2f}; {_keys_phrase(keys)})"))
    return out


def _complete_unit(view: CopyView, i: int, k: int, lexicon: Lexicon) -> None:
    """Rare known words next to a restored word of the same name: "Iowo Jimma" -> "Iwo Jima"."""
    sentence, toks = view.sentences[i], view.tokens[i]
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(toks) and sentence[min(toks[j].end, toks[j - step].end) : max(toks[j].start, toks[j - step].start)] == " ":
            if (i, j) in view.decided:
                j += step
                continue
            tok = toks[j]
            if not is_name_like(tok.text) or tok.text in view.protected or lexicon.count(tok.text):
                break
            z = lexicon.zipf(tok.text)
            if not 0 < z < RARE_ZIPF:
                break
            ranked = [c for c in _rank(tok.text, lexicon.candidates(tok.text), {2: UNIT_SIMILARITY, 1: 2.0})
                      if c.eligible and c.entry.zipf >= z + UNIT_ZIPF_GAIN]
            if not ranked:
                break
            sim, keys, e = ranked[0].similarity, ranked[0].keys, ranked[0].entry
            view.propose(Proposal(i, j, _cased(e.form, tok.text), "lexicon", min(0.9, 0.4 + 0.45 * sim),
                                  f"'{tok.text}' (Zipf {z:.1f}) is part of a name whose next word was restored; "
                                  f"'{e.form}' (Zipf {e.zipf:.1f}) is the common spelling ({_keys_phrase(keys)})"))
            j += step


# --- within the copy -----------------------------------------------------------------------------


def propagate(view: CopyView, lexicon: Lexicon | None) -> None:
    """Give every other spelling of a restored name in the copy the same fix ("Higth" -> "Hegseth")."""
    fixed: dict[str, Proposal] = {}
    for (i, k), p in sorted(view.decided.items()):
        fixed.setdefault(view.tokens[i][k].text, p)
    if not fixed:
        return
    for i in range(len(view.tokens)):
        for k, tok in list(view.open_tokens(i)):
            if tok.text in fixed:
                p = fixed[tok.text]
                view.propose(Proposal(i, k, p.after, p.source, p.confidence, p.evidence))
                continue
            if lexicon is None or not _lexicon_may_fix(tok.text, lexicon) or is_romanized(tok.text):
                continue
            close = [(similarity(tok.text, w), w) for w in fixed
                     if fold(w)[:1] == fold(tok.text)[:1] and fuzz.ratio(fold(w), fold(tok.text)) >= 100 * RAW_SIMILARITY]
            close = [c for c in close if c[0] >= LOCAL_SIMILARITY]
            if close and lexicon.foreign(tok.text):
                continue
            if close:
                sim, w = max(close)
                p = fixed[w]
                view.propose(Proposal(i, k, p.after, p.source, p.confidence * sim,
                                      f"'{tok.text}' is unknown and close to '{w}' (similarity {sim:.2f}) elsewhere in "
                                      f"this copy, restored as '{p.after}': {p.evidence}"))

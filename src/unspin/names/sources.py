"""Name proposals from aligned text: (copy view, original | siblings) -> token-level Proposals.

``names.restore_names`` runs these in the order original -> siblings -> lexicon (``names.from_lexicon``);
a token decided or protected by an earlier source is not looked at again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from .lexicon import Lexicon
from .keys import TITLES, Token, fold, is_name_like, is_title, shared_keys, similarity, words
from ..records import Alignment, Document, FixSource

# --- thresholds (evidence next to each) ----------------------------------------------------------
# Against an aligned sentence of the original the candidates are few (the names that sentence spells
# differently), so a moderate similarity is enough once a phonetic key agrees. Seed pairs score
# 0.92-1.0 (names.keys.similarity); unrelated name pairs of WMT sentences rarely pass 0.7 with a key.
PAIR_SIMILARITY_WITH_KEY = 0.7
PAIR_SIMILARITY_WITHOUT_KEY = 0.85
# Below the pair thresholds, a resemblance (same first letter, >= 0.6) is used only for the one
# name left unmatched on both sides of an aligned pair (the benchmark's own "spelled differently").
WEAK_SIMILARITY = 0.6
# Two words both this common in English (Zipf >= 3.5: "Ministry", "Prefecture", "Russian") differ
# by a translation choice, not by mangling; names that matter here sit far lower (Hegseth 1.1,
# Nakatani 1.7, Shigeru 2.4) or are spelled identically (Tokyo 4.3).
COMMON_ZIPF = 3.5
# Sibling copies: restore a spelling only when at least two and 90 % of the siblings aligned with
# the sentence write it, none writes the copy's, and it is an established spelling (a lexicon, or
# wordfreq, knows it). MT systems share habits, so a bare majority often outvotes the reference:
# on a third of wmt-dev, majority fixes were right 75 % of the time, these 96 % (43 of 45).
MIN_SIBLING_VOTES = 2
SIBLING_SHARE = 0.9
# An original misspells a name now and then (the seed's original: "Hesgeth" once, "Hegseth" ten
# times). A spelling is replaced by the original's majority spelling of the same name: another of
# its words, same first letter, this similar (names.keys.similarity: Hesgeth/Hegseth 0.86), written
# more often. Distinct names of one article rarely pass 0.8 (Nakatani/Nakamura 0.5, Kim/Kym are one).
MAJORITY_SIMILARITY = 0.8


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
    aligned: set[int] = field(default_factory=set)  # sentences an original or siblings spoke for

    def open_tokens(self, i: int) -> Iterable[tuple[int, Token]]:
        for k, tok in enumerate(self.tokens[i]):
            if (i, k) not in self.decided and tok.text not in self.protected and is_name_like(tok.text):
                yield k, tok

    def propose(self, p: Proposal) -> None:
        self.decided.setdefault((p.sentence, p.token), p)


def english_zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def keys_phrase(k: int) -> str:
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
    if min(english_zipf(a), english_zipf(b)) >= COMMON_ZIPF:
        return None
    sim, k = similarity(a, b), shared_keys(a, b)
    if sim >= PAIR_SIMILARITY_WITHOUT_KEY or (k and sim >= PAIR_SIMILARITY_WITH_KEY):
        return sim, k
    return None


def weak_variant(a: str, b: str) -> float | None:
    """Similarity when ``b`` may still be ``a`` respelt (same first letter, neither inside the other, >= 0.6).

    Examples:
        >>> round(weak_variant("Yudai", "Yuta"), 2), weak_variant("Moriyama", "Yama")
        (0.67, None)
    """
    fa, fb = fold(a), fold(b)
    if not fa or not fb or fa[0] != fb[0] or fa in fb or fb in fa:
        return None
    if max(english_zipf(a), english_zipf(b)) >= COMMON_ZIPF:  # only names: "Loki" is not a weak "Like"
        return None
    sim = max(similarity(a, b), fuzz.ratio(fa, fb) / 100.0)
    return sim if sim >= WEAK_SIMILARITY else None


def _word_set(texts: Iterable[str]) -> set[str]:
    return {t.text for s in texts for t in words(s)}


# --- 1. the original ------------------------------------------------------------------------------


def majority_spelling(name: str, counts: Counter[str]) -> tuple[str, str]:
    """(spelling to restore, evidence note): the original's most frequent spelling of ``name``.

    Examples:
        >>> majority_spelling("Hesgeth", Counter({"Hegseth": 10, "Hesgeth": 1}))
        ('Hegseth', "; the original writes 'Hegseth' 10 times, 'Hesgeth' once: the majority spelling wins")
        >>> majority_spelling("Nakatani", Counter({"Nakatani": 3, "Nakamura": 5}))[0]
        'Nakatani'
        >>> majority_spelling("Romanian", Counter({"Romanians": 4, "Romanian": 1}))[0]
        'Romanian'
    """
    own = counts.get(name, 0)
    fn = fold(name)
    # not an inflection or a longer name of which one is the start ("Romanian"/"Romanians", "Ragnar"/"Ragnarsson")
    rivals = [(n, w) for w, n in counts.items() if w[:1].lower() == name[:1].lower() and (fw := fold(w))
              and not (fw.startswith(fn) or fn.startswith(fw)) and similarity(w, name) >= MAJORITY_SIMILARITY]
    if not rivals:
        return name, ""
    n, best = max(rivals)
    if n <= own:
        return name, ""
    times = "once" if own == 1 else f"{own} times"
    return best, f"; the original writes '{best}' {n} times, '{name}' {times}: the majority spelling wins"


def from_original(view: CopyView, original: Document, alignment: Alignment) -> None:
    """Names the aligned original sentence spells differently; titles read from given names."""
    everywhere = _word_set(original.sentences)
    counts = Counter(t.text for s in original.sentences for t in words(s) if is_name_like(t.text))
    for pair in alignment.pairs:
        if not pair.copy or not pair.original:
            continue
        view.aligned.update(pair.copy)
        orig_text = " ".join(original.sentences[j] for j in pair.original if j < len(original.sentences))
        orig_tokens = words(orig_text)
        orig_words = {t.text for t in orig_tokens}
        copy_words = {t.text for i in pair.copy if i < len(view.tokens) for t in view.tokens[i]}
        copy_lower = {w.lower() for w in copy_words}
        # a capitalised common word at the start of the original's sentence ("Like") is no name
        offered = [t for t in orig_tokens if is_name_like(t.text) and t.text not in copy_words
                   and t.text.lower() not in copy_lower and not (t.initial and english_zipf(t.text) >= COMMON_ZIPF)]
        where = f"original sentence {pair.original[0] + 1}"
        scored = []
        weak: list[tuple[int, int, str, float]] = []
        for i in pair.copy:
            if i >= len(view.tokens):
                continue
            for k, tok in view.open_tokens(i):
                if is_title(tok.text) or tok.text in orig_words:
                    continue
                for o in offered:
                    vs = variant_score(tok.text, o.text)
                    if vs:
                        scored.append((vs[0] + 0.05 * vs[1], vs, i, k, tok, o.text))
                    # a spelling the original uses elsewhere needs more than a weak resemblance
                    elif tok.text not in everywhere and (w := weak_variant(tok.text, o.text)) is not None:
                        weak.append((i, k, o.text, w))
        used_copy: set[tuple[int, int]] = set()
        used_orig: set[str] = set()
        for _, (sim, keys), i, k, tok, o in sorted(scored, key=lambda r: -r[0]):
            if (i, k) in used_copy or o in used_orig:
                continue
            used_copy.add((i, k))
            used_orig.add(o)
            conf = min(0.99, 0.6 + 0.4 * sim) * (1.0 if keys else 0.9)
            spelled, note = majority_spelling(o, counts)
            view.propose(Proposal(i, k, spelled, "original", conf,
                                  f"{where} writes '{o}' (similarity {sim:.2f}; {keys_phrase(keys)}){note}"))
        # Weaker resemblance ("Yudai"/"Yuta", "Hizen-cho"/"Hizenmachi") counts only when the pair is
        # the one left on both sides: no other spelling in either sentence competes.
        weak = [w for w in weak if (w[0], w[1]) not in used_copy and w[2] not in used_orig]
        per_copy = Counter((i, k) for i, k, _, _ in weak)
        per_orig = Counter(o for _, _, o, _ in weak)
        for i, k, o, sim in weak:
            if per_copy[(i, k)] == 1 and per_orig[o] == 1:
                spelled, note = majority_spelling(o, counts)
                view.propose(Proposal(i, k, spelled, "original", 0.5 + 0.4 * sim,
                                      f"{where} writes '{o}', the only name there like '{view.tokens[i][k].text}' "
                                      f"(similarity {sim:.2f}){note}"))
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
            gap = orig_text[given.end : o_name.start]
            if (
                o_name.text == surname
                and gap in (" ", ". ")
                and is_name_like(given.text)
                and given.text != title.text
                and title.text.lower().startswith(given.text.lower())
            ):
                # "Gen. Nakatani" in the original is restored as written, with its period
                written = given.text + gap.strip()
                view.propose(
                    Proposal(i, k, written, "original", 0.9, f"{where} writes '{written} {surname}': "
                             f"'{given.text}' is the given name, not the title '{title.text}'")
                )
                break


# --- 2. sibling copies ---------------------------------------------------------------------------


def from_siblings(view: CopyView, siblings: Sequence[tuple[Document, Alignment]], lexicon: Lexicon | None = None) -> None:
    """Established spellings that nearly all siblings' aligned sentences agree on where this copy differs."""
    known = lexicon.knows if lexicon is not None else (lambda w: english_zipf(w) > 0)
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
        view.aligned.add(i)
        sib_tokens = [words(t) for t in texts]
        copy_words = {t.text for t in view.tokens[i]}
        for k, tok in list(view.open_tokens(i)):
            # Siblings outvote only a spelling no word list knows: two established spellings
            # ("Alexey"/"Alexei", "Normandy"/"Normandie", "Elisa"/"Elisha") are a style choice of
            # the MT systems, not damage (wmt-dev: most wrong sibling fixes before this rule).
            if is_title(tok.text) or english_zipf(tok.text) > 0:
                continue
            folded = fold(tok.text)
            support = sum(any(fold(t.text) == folded for t in toks) for toks in sib_tokens)
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
            # a copy that kept the source's letters ("Elísabet") is more faithful than an ASCII majority
            if not tok.text.isascii() and after.isascii():
                continue
            if n >= MIN_SIBLING_VOTES and n >= SIBLING_SHARE * len(texts) and support == 0 and known(after):
                view.propose(Proposal(i, k, after, "siblings", n / len(texts) * similarity(tok.text, after),
                                      f"{n} of {len(texts)} sibling copies write '{after}' in the aligned sentence "
                                      f"({support} write '{tok.text}'), a known spelling"))
    # spellings most siblings share are confirmed, whatever the lexicon says
    doc_words = Counter(w for doc, _ in siblings for w in _word_set(doc.sentences))
    view.protected |= {w for w, n in doc_words.items() if 2 * n >= len(siblings) and is_name_like(w)}

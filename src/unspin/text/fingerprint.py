"""What survives translation and spinning: str -> terms (stems of names, numbers, rare words) and their weights.

Machine translation keeps names, numbers and rare content words but rewrites function words and word
order: the mean 5-gram overlap of a WMT copy with its original is under 10 %, while the word-unigram
Jaccard is 0.55 (wmt-dev README). So unspin compares documents on bags of *terms*: lowercased word
stems without stop words, each weighted by how rare the word is in English. The weights come from
wordfreq (a global prior, so two documents can be compared without any archive statistics); the
archive adds its own document frequencies only to choose retrieval query terms.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .memo import Memo

# Word tokens: letters/digits with inner apostrophes, hyphens or dots in numbers ("3.5", "1,000").
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
# _TOKEN on lowercased ASCII text, where [^\W\d_] is [a-z], \d is [0-9] and "’" cannot occur: the
# same matches, a third faster (Reuters, 99.99 % ASCII, tokenises in 0.57 s instead of 0.87 s).
_ASCII_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|[0-9]+(?:[.,][0-9]+)*")
_POSSESSIVE = re.compile(r"['’]s$")

# Stems are word prefixes. Prefix truncation is a crude but language-agnostic stemmer that merges the
# inflections an MT system picks freely ("increasing"/"increased"/"increase" -> "increa"); six letters
# keep most names distinct ("hegseth" -> "hegset").
STEM_LENGTH = 6

# English function words and reporting verbs that every news article uses: they carry no identity.
# (wordfreq weights already make them light; dropping them keeps query and index small.)
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told mr mrs ms per cent percent one two also
    its it's that's there's s t don didn doesn isn wasn weren won wouldn shouldn couldn""".split()
)

# Weight of a term = -log10 of its English word frequency, clipped: "the" ~1.3, "minister" ~4.4,
# "hegseth" ~7.9; unknown words (names, mangled names) get the maximum.
MAX_WEIGHT = 8.0
MIN_WEIGHT = 1.0
NUMBER_WEIGHT = 6.0  # numbers survive translation almost always; worth about a rare word


def tokens(text: str) -> list[str]:
    """Lowercased word tokens of ``text``, possessive "'s" removed, numbers with separators unified.

    Examples:
        >>> tokens("Mr. Hegseth’s 85-minute meeting cost $1,000.")
        ['mr', 'hegseth', '85', 'minute', 'meeting', 'cost', '1000']
    """
    # One C-level findall over the lowercased text, then one dict lookup per token: the token's final
    # form is a pure function of its raw form, so it is computed once per distinct raw token
    # (issue 14: tokenising was ~half of indexing time at 550k documents).
    text = text.lower()
    raw = (_ASCII_TOKEN if text.isascii() else _TOKEN).findall(text)
    return _FINAL.map(raw)


def _final(raw: str) -> str:
    """The token a raw (lowercased) regex match becomes (memoised in ``_FINAL``)."""
    if raw[0].isdigit():
        tok = _number(raw)
    else:
        tok = raw if raw.isascii() else fold(raw)
        if "'" in tok or "’" in tok:
            # "Hegseth's" -> "hegseth"; other inner apostrophes are dropped ("don't" -> "dont") so that
            # a term is always one token for the retrieval index's tokenizer.
            tok = _POSSESSIVE.sub("", tok).replace("'", "").replace("’", "")
    return tok


def fold(word: str) -> str:
    """Lowercase and strip accents ("Zelenskyy" and "Zelenskýy" agree)."""
    word = word.lower()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _number(tok: str) -> str:
    # "1,000" / "1.000" / "1000" are one number; keep a decimal part only when it is not a thousands group.
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", tok):
        return re.sub(r"[.,]", "", tok)
    return tok.replace(",", ".")


def stem(token: str) -> str:
    """Index/compare key of a token: a 6-letter prefix, or the number with "." spelled "p" ("3p5")."""
    return token.replace(".", "p") if token[0].isdigit() else token[:STEM_LENGTH]


@lru_cache(maxsize=200_000)
def weight(token: str) -> float:
    """Rarity weight of one (lowercased) token: -log10 of its English frequency, clipped to [1, 8]."""
    if token[0].isdigit():
        return NUMBER_WEIGHT
    from wordfreq import word_frequency  # imported lazily: 0.1 s, only when text is weighed

    f = word_frequency(token, "en")
    if f <= 0.0:
        return MAX_WEIGHT
    return min(MAX_WEIGHT, max(MIN_WEIGHT, -math.log10(f)))


def terms(text: str) -> dict[str, float]:
    """Weighted terms of a text: stem -> weight (the max weight of the tokens sharing that stem).

    Examples:
        >>> sorted(terms("The minister met Hegseth in Tokyo."))
        ['hegset', 'met', 'minist', 'tokyo']
    """
    return terms_of_tokens(tokens(text))


def terms_of_tokens(toks: Sequence[str]) -> dict[str, float]:
    """``terms`` of already tokenised text (one tokenisation serves terms, word counts and hashes)."""
    pairs = list(filter(None, _TERM.map(toks)))  # drops stop words (False)
    out = dict(pairs)  # first-seen order of stems; the last weight wins...
    if len(out) < len(pairs):  # ...so where a stem repeats, keep its highest weight
        for s, w in pairs:
            if w > out[s]:
                out[s] = w
    return out


def _term(tok: str) -> tuple[str, float] | bool:
    return False if not _is_term(tok) else (stem(tok), weight(tok))


def _is_term(tok: str) -> bool:
    return tok not in STOP_WORDS and (len(tok) >= 2 or tok.isdigit())


def stems_of_tokens(toks: Sequence[str]) -> list[str]:
    """The keys of ``terms_of_tokens(toks)``, in the same (first-seen) order, without weighing them.

    Indexing stores only a document's distinct stems; the weights are wordfreq lookups (a third of
    ``terms_of_tokens``' cost on unseen words) that matching recomputes from the text anyway.

    Examples:
        >>> stems_of_tokens(tokens("The minister met Hegseth; ministers met in Tokyo."))
        ['minist', 'met', 'hegset', 'tokyo']
    """
    return list(dict.fromkeys(filter(None, _STEM.map(toks))))


def _stem_of(tok: str) -> str:
    return stem(tok) if _is_term(tok) else ""  # "": not a term


# raw token -> final token; final token -> (stem, weight), or False for tokens that are no term
# (stop words, single letters); final token -> stem, or "" for no term.
_FINAL: Memo[str] = Memo(_final)
_TERM: Memo[tuple[str, float] | bool] = Memo(_term)
_STEM: Memo[str] = Memo(_stem_of)


def document_terms(sentences: Iterable[str]) -> dict[str, float]:
    """Union of the sentences' terms (max weight per stem)."""
    out: dict[str, float] = {}
    for sentence in sentences:
        for s, w in terms(sentence).items():
            if w > out.get(s, 0.0):
                out[s] = w
    return out


def weighted_dice(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Dice similarity of two term bags (0..1): 2·w(A∩B) / (w(A) + w(B))."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    shared = sum(w for t, w in a.items() if t in b)
    total = sum(a.values()) + sum(b.values())
    return 2.0 * shared / total if total else 0.0


@dataclass(frozen=True, slots=True)
class Incidence:
    """A document's sentences x its distinct terms, sparse: what the similarity matrices need of it."""

    columns: dict[str, int]  # term -> column, in first-seen order
    weights: np.ndarray  # per column: the term's highest weight in the document
    rows: np.ndarray  # (rows[k], cols[k]): sentence rows[k] holds column cols[k]
    cols: np.ndarray
    totals: np.ndarray  # per sentence: the sum of its terms' column weights
    both: np.ndarray  # per pair of neighbouring sentences: the weight of the terms both hold


@dataclass(frozen=True, slots=True)
class SentenceBags:
    """Pre-computed term bags of a document's sentences (reused across many alignments)."""

    bags: tuple[dict[str, float], ...]
    words: tuple[int, ...]  # word count per sentence (for coverage figures)
    _incidence: list = field(default_factory=list, compare=False, repr=False)  # cache of ``incidence()``

    def incidence(self) -> Incidence:
        """The bags as a term-incidence matrix, computed once (see :class:`Incidence`).

        An archived original is aligned against many copies: ``match.align.similarity_matrices`` then
        works on the two documents' shared columns only instead of walking both documents' bags.
        """
        if not self._incidence:
            columns: dict[str, int] = {}
            weights: list[float] = []
            rows: list[int] = []
            cols: list[int] = []
            for i, bag in enumerate(self.bags):
                for t, w in bag.items():
                    k = columns.setdefault(t, len(columns))
                    if k == len(weights):
                        weights.append(w)
                    elif w > weights[k]:
                        weights[k] = w
                    rows.append(i)
                    cols.append(k)
            w = np.asarray(weights, dtype=np.float64)
            r, c = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
            totals = np.bincount(r, weights=w[c], minlength=len(self.bags)) if len(c) else np.zeros(len(self.bags))
            # weight of the terms two neighbouring sentences share (a merged row's bag is their union)
            x = np.zeros((len(self.bags), len(weights)), dtype=bool)
            x[r, c] = True
            both = (x[:-1] & x[1:]) @ w if len(self.bags) > 1 else np.zeros(0)
            self._incidence.append(Incidence(columns, w, r, c, totals, both))
        return self._incidence[0]

    @classmethod
    def of(cls, sentences: Sequence[str]) -> SentenceBags:
        toks = [tokens(s) for s in sentences]
        return cls(tuple(terms_of_tokens(t) for t in toks), tuple(len(t) for t in toks))

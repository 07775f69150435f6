"""Spinner signals from a collocation model of real English news: text (str) -> substitution spans and spin statistics.

A word-for-word synonym spinner breaks fixed phrases ("White House" -> "White Home", "told
reporters" -> "informed reporters") and leaves word pairs no news writer uses ("bunch chat",
"army workouts"). Two shipped tables, both built by ``unspin train detector`` from real news only
(Reuters distractors, WMT English sources, LLM-dev originals; never from spun text):

* ``data/spin_collocations.tsv.gz``: fixed phrases of the news corpus (2-3 words, seen >= 25
  times) with the one-word WordNet substitutes that were never seen in their place. A phrase in a
  text that matches a substitute is a checkable finding: "Home" where news writes "White House".
* ``data/news_bigrams.bits``: a two-hash bit set (Bloom filter) of the lower-cased word pairs seen
  at least twice in that corpus. The share of common-word pairs a text uses that news never does
  is a statistic for the classifier, not evidence (any writer coins a few).
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from .features import function_words, zipf

COLLOCATIONS_FILE = "spin_collocations.tsv.gz"
BIGRAMS_FILE = "news_bigrams.bits"
BLOOM_BITS = 1 << 21  # 256 KiB; ~180k pairs at two hashes: about 2 % false "seen"
_SEED2 = 0x9E3779B9
# Word tokens; anything else (numbers, punctuation) breaks a phrase.
TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|[0-9][0-9,.]*|[^\sA-Za-z0-9]")
# Spinner artefacts that need no table: a digit group spun into a word ("three,408" for 3,408)
# and "a"/"an" left as they were before the next word was swapped ("an more and more assertive").
_NUMBER_SPUN_RE = re.compile(r"(?i)\b(?:one|two|three|four|five|six|seven|eight|nine),\d{3}\b")
_ARTICLE_RE = re.compile(r"\b([Aa]n) ((?:more|much|many|most|lot|little|few|large|big|huge|good|great|new|number|bunch)\b)")


@dataclass(frozen=True, slots=True)
class Substitution:
    """A fixed phrase of news with one word swapped: the text's words and the phrase news writes."""

    start: int
    end: int
    text: str
    original: str
    count: int  # how often the corpus writes ``original``


def bigram_key(a: str, b: str) -> bytes:
    return f"{a.lower()} {b.lower()}".encode("utf-8")


def bloom_positions(key: bytes) -> tuple[int, int]:
    """The two bit positions of a key (crc32 with two seeds; stable across processes).

    Examples:
        >>> bloom_positions(b"white house") == bloom_positions(b"white house")
        True
    """
    return zlib.crc32(key) % BLOOM_BITS, zlib.crc32(key, _SEED2) % BLOOM_BITS


def _read_bytes(name: str) -> bytes:
    return resources.files("unspin").joinpath("data").joinpath(name).read_bytes()


@lru_cache(maxsize=1)
def bigram_bits() -> np.ndarray:
    """The shipped news bigram bit set as a bool array of ``BLOOM_BITS``."""
    return np.unpackbits(np.frombuffer(_read_bytes(BIGRAMS_FILE), dtype=np.uint8)).astype(bool)


@lru_cache(maxsize=1)
def substitutes() -> dict[tuple[str, ...], dict[str, tuple[str, int]]]:
    """Frame (phrase with "_" for the swapped word) -> {substitute: (word news writes, phrase count)}.

    Examples:
        >>> substitutes()[("White", "_")]["Home"][0]
        'House'
    """
    out: dict[tuple[str, ...], dict[str, tuple[str, int]]] = {}
    text = gzip.decompress(_read_bytes(COLLOCATIONS_FILE)).decode("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        frame, word, count, subs = line.split("\t")
        slot = out.setdefault(tuple(frame.split(" ")), {})
        for s in subs.split("|"):
            if s not in slot or slot[s][1] < int(count):
                slot[s] = (word, int(count))
    return out


def word_runs(text: str) -> Iterable[list[re.Match[str]]]:
    """Runs of consecutive word tokens (``TOKEN_RE``), split at numbers and punctuation."""
    run: list[re.Match[str]] = []
    for m in TOKEN_RE.finditer(text):
        if m.group()[0].isalpha():
            run.append(m)
        else:
            if run:
                yield run
            run = []
    if run:
        yield run


def find_substitutions(text: str) -> list[Substitution]:
    """Fixed news phrases with a word swapped for a thesaurus synonym, one per span.

    Examples:
        >>> [(s.text, s.original) for s in find_substitutions("He spoke at the White Home on Monday.")]
        [('White Home', 'White House')]
    """
    table = substitutes()
    fw = _function_words()
    found: dict[tuple[int, int], Substitution] = {}
    for run in word_runs(text):
        words = [m.group() for m in run]
        for n in (2, 3):
            for i in range(len(words) - n + 1):
                gram = words[i:i + n]
                for j, w in enumerate(gram):
                    if w.lower() in fw:
                        continue
                    hit = table.get(tuple(gram[:j] + ["_"] + gram[j + 1:]), {}).get(w)
                    if hit is None:
                        continue
                    start, end = run[i].start(), run[i + n - 1].end()
                    original = " ".join(gram[:j] + [hit[0]] + gram[j + 1:])
                    # Keep the shortest phrase at each place ("White Home" over "the White Home").
                    if not any(s <= start and end <= e or start <= s and e <= end for s, e in found):
                        found[(start, end)] = Substitution(start, end, text[start:end], original, hit[1])
    return sorted(found.values(), key=lambda s: s.start)


def spinner_artefacts(text: str) -> list[tuple[int, int, str]]:
    """Spans of table-free spinner artefacts with a reason: spun digit groups, a stale "an".

    Examples:
        >>> [text for s, e, _ in spinner_artefacts("It cost three,408 dollars and an more and more big sum.") for text in ["x"]]
        ['x', 'x']
    """
    out = [(m.start(), m.end(), f'a digit group written as a word ("{m.group()}"): a spinner swapped the number')
           for m in _NUMBER_SPUN_RE.finditer(text)]
    out += [(m.start(), m.end(), f'"{m.group(1)}" before "{m.group(2)}": the article was written for a word a spinner replaced')
            for m in _ARTICLE_RE.finditer(text)]
    return sorted(out)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(function_words())


SPIN_FEATURES = ("subs_per_sentence", "subs_distinct", "artefacts", "unseen_pair_share", "unseen_pair_share_content")


def spin_features(sentences: Sequence[str]) -> np.ndarray:
    """Collocation statistics of a document (``SPIN_FEATURES`` order).

    ``unseen_pair_share``: of the adjacent word pairs whose two words are common (wordfreq Zipf
    >= 3.5, lower case), the share the news corpus never has (twice); ``_content``: the same over
    pairs without a function word.

    Examples:
        >>> v = spin_features(["The White House said so."])
        >>> len(v) == len(SPIN_FEATURES)
        True
    """
    bits = bigram_bits()
    fw = _function_words()
    subs: set[str] = set()
    n_subs = 0
    artefacts = 0
    pairs = unseen = cpairs = cunseen = 0
    for s in sentences:
        found = find_substitutions(s)
        n_subs += len(found)
        subs.update(x.text.lower() for x in found)
        artefacts += len(spinner_artefacts(s))
        for run in word_runs(s):
            words = [m.group() for m in run]
            for a, b in zip(words, words[1:]):
                if not (a.islower() and b.islower()) or zipf(a) < 3.5 or zipf(b) < 3.5:
                    continue
                p, q = bloom_positions(bigram_key(a, b))
                seen = bool(bits[p] and bits[q])
                pairs += 1
                unseen += not seen
                if a not in fw and b not in fw:
                    cpairs += 1
                    cunseen += not seen
    n = max(1, len(sentences))
    return np.array([
        n_subs / n, float(min(len(subs), 10)), float(min(artefacts, 5)),
        unseen / pairs if pairs else 0.0, cunseen / cpairs if cpairs else 0.0,
    ])

"""A thesaurus-driven synonym spinner and the collocation tables: news sentences -> spun sentences / shipped tables.

The spinner makes the spin detector's positives: it does what the farm spinners observed in
the real farm pages (tests/data/farm) do (word-for-word swaps from a thesaurus, capitalised words included, "a"/"an"
left alone, digits of a group sometimes swapped for a word), with WordNet 3.0 as the thesaurus
(``wordnet.py``). Its output is never used to build the collocation tables, which come from real
news only.

Which documents build the tables and which may serve as spin training/evaluation material is
fixed by a hash of the document id (``in_collocation_corpus``), so a spun copy is never judged
against tables that saw its original.
"""

from __future__ import annotations

import gzip
import random
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from ..detect.collocations import BLOOM_BITS, TOKEN_RE, bigram_key, bloom_positions, word_runs
from ..detect.features import function_words, zipf
from .wordnet import Thesaurus

MIN_PHRASE = 25  # a phrase seen this often is "fixed"; 10 gave a 1.5 MB table, 25 ~0.3 MB, 50 ~0.1 MB
MIN_SUBSTITUTE_ZIPF = 3.0  # spinners pick words readers know; rarer WordNet lemmas ("menage") are left out
MIN_BIGRAM = 2  # word pairs seen at least twice enter the bit set
SPIN_RATE = (0.25, 0.6)  # share of eligible words a spinner swaps, drawn per document
_DIGITS_RE = re.compile(r"\b([1-9]),(\d{3})\b")
_NUMBER_WORDS = "one two three four five six seven eight nine".split()


def in_collocation_corpus(doc_id: str) -> bool:
    """Whether a real news document builds the collocation tables (else it may be spun for the classifier).

    Reuters: 3 in 4 documents; WMT English sources and LLM-dev originals: 1 in 2 (they are few
    and also serve as the classifier's negatives).

    Examples:
        >>> in_collocation_corpus("reuters/1") in (True, False)
        True
    """
    h = zlib.crc32(doc_id.encode("utf-8"))
    return h % 4 != 0 if doc_id.startswith("reuters") else h % 2 == 0


def spin_sentences(sentences: Sequence[str], thesaurus: Thesaurus, seed: int) -> tuple[str, ...]:
    """The sentences after a word-for-word thesaurus spin (seeded; the same seed gives the same text).

    Examples:
        >>> from unspin.train.wordnet import load_thesaurus
        >>> spin_sentences(["The White House said so."], load_thesaurus(), 3)  # doctest: +SKIP
        ('The White Home stated so.',)
    """
    rng = random.Random(seed)
    rate = rng.uniform(*SPIN_RATE)
    fw = frozenset(function_words())
    cache: dict[str, list[str]] = {}

    def swap(m: re.Match[str]) -> str:
        w = m.group()
        if not w[0].isalpha() or len(w) < 3 or w.lower() in fw or rng.random() >= rate:
            return w
        if w not in cache:
            cache[w] = [v for v in thesaurus.variants(w) if all(zipf(x) >= MIN_SUBSTITUTE_ZIPF for x in v.split(" "))]
        options = cache[w][:6]  # first senses first: the spinner's thesaurus lists them first too
        return rng.choice(options) if options else w

    def number(m: re.Match[str]) -> str:
        return f"{_NUMBER_WORDS[int(m.group(1)) - 1]},{m.group(2)}" if rng.random() < rate / 2 else m.group()

    return tuple(_DIGITS_RE.sub(number, TOKEN_RE.sub(swap, s)) for s in sentences)


def build_tables(documents: Iterable[Sequence[str]], thesaurus: Thesaurus) -> tuple[bytes, bytes, dict[str, int]]:
    """The two shipped tables from real news sentences: (collocations .tsv.gz, bigram bits, counts).

    Deterministic: lines are sorted and gzip gets mtime 0.
    """
    grams: Counter[tuple[str, ...]] = Counter()
    pairs: Counter[bytes] = Counter()
    n_words = 0
    for sentences in documents:
        for s in sentences:
            for run in ([m.group() for m in ms] for ms in word_runs(s)):
                n_words += len(run)
                for n in (2, 3):
                    for i in range(len(run) - n + 1):
                        grams[tuple(run[i:i + n])] += 1
                pairs.update(bigram_key(a, b) for a, b in zip(run, run[1:]))
    fw = frozenset(function_words())
    cache: dict[str, list[str]] = {}
    lines = []
    for gram, count in grams.items():
        if count < MIN_PHRASE:
            continue
        for j, w in enumerate(gram):
            if w.lower() in fw or len(w) < 3 or all(x.lower() in fw for k, x in enumerate(gram) if k != j):
                continue  # "believe that" -> "trust that" is no fixed phrase: the context must carry content
            if w not in cache:
                cache[w] = [v for v in thesaurus.variants(w) if " " not in v and zipf(v) >= MIN_SUBSTITUTE_ZIPF]
            subs = [v for v in cache[w] if grams.get(gram[:j] + (v,) + gram[j + 1:], 0) == 0]
            if subs:
                frame = " ".join(gram[:j] + ("_",) + gram[j + 1:])
                lines.append(f"{frame}\t{w}\t{count}\t{'|'.join(sorted(subs))}")
    header = (
        "# unspin spinner collocations: frame (phrase, _ = swapped word), the word news writes, phrase count, "
        "WordNet 3.0 substitutes never seen in its place. Built by `unspin train detector` from real news only.\n"
    )
    table = gzip.compress((header + "\n".join(sorted(lines)) + "\n").encode("utf-8"), mtime=0)
    bits = np.zeros(BLOOM_BITS, dtype=bool)
    n_pairs = 0
    for key, c in pairs.items():
        if c >= MIN_BIGRAM:
            p, q = bloom_positions(key)
            bits[p] = bits[q] = True
            n_pairs += 1
    info = {"words": n_words, "fixed_phrase_lines": len(lines), "bigrams": n_pairs,
            "bits_set_share": round(float(bits.mean()), 4)}
    return table, np.packbits(bits).tobytes(), info

"""MT statistics: sentences (str) -> dense feature vectors and hashed skeleton n-grams (numpy/dicts).

The features describe *how* the English is written, not what it is about: function-word and
punctuation rates, the word-frequency profile (wordfreq Zipf values), sentence-length regularity,
contractions, repetition, name spelled two ways, and n-grams over a "skeleton" in which content
words are replaced by their Zipf band. No content-word bag, so the classifier cannot learn the
topic of the WMT foreign-language news instead of the machine. Checkable signatures (evidence
spans) live in ``signatures.py``.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz.distance import JaroWinkler
from wordfreq import zipf_frequency

# Words: letters/digits with inner apostrophes ("don't", "administration’s"); else one non-space char.
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\S")
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Tried only where a word starts: from every letter of a long token it was quadratic.
_CONTRACTION_RE = re.compile(r"(?i)(?<![^\W_])[^\W_]+['’](?:t|re|ll|ve|d|m)\b")


def data_lines(name: str) -> list[str]:
    """Non-comment lines of a data file shipped in ``unspin/data``."""
    text = resources.files("unspin").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def function_words() -> tuple[str, ...]:
    """The closed-class words whose rates are features (``data/function_words.txt``).

    Examples:
        >>> "the" in function_words()
        True
    """
    return tuple(ln.strip() for ln in data_lines("function_words.txt"))


def zipf(word: str) -> float:
    """wordfreq Zipf value (log10 per billion words) of a lowercased word; 0.0 when unknown.

    wordfreq caches lookups itself, so this needs no cache of its own.

    Examples:
        >>> zipf("the") > 7
        True
        >>> zipf("Higseth")
        0.0
    """
    return zipf_frequency(word.lower(), "en")


# --------------------------------------------------------------------------------- statistics

# Straight and curly quotes are one feature on purpose: which of the two a text uses says more
# about the pipeline that stored it (the WMT English sources are all straight, many human
# references curly) than about translation, and a real copy keeps whatever its source used.
_PUNCT = {
    "comma": ",", "colon": ":", "semicolon": ";", "question": "?", "exclaim": "!",
    "paren": "(", "quote": '"“”„«»', "dash": "–—", "hyphen": "-", "apostrophe": "'’",
}


@lru_cache(maxsize=1)
def feature_names() -> tuple[str, ...]:
    """Names of the columns ``text_features`` returns, in order.

    Examples:
        >>> feature_names()[0]
        'fw_the'
    """
    names = [f"fw_{w}" for w in function_words()]
    names += [f"punct_{k}" for k in _PUNCT]
    names += [
        "zipf_mean", "zipf_content_mean", "zipf_content_std", "share_unknown", "share_rare",
        "share_mid", "share_common", "share_unknown_capital", "share_capital_mid", "share_digit",
        "share_contraction", "word_length", "repeat_content", "sentence_words_log",
        "sentence_words_cv", "sentence_final_not_period", "repeat_in_sentence", "name_variants",
    ]
    return tuple(names)


# Raw per-sentence sums; every feature is a ratio of sums, so a document's features are computed
# from its sentences' sums without a second pass over the text.
_N_SUMS = 14  # words, zipf_n, zipf_sum, content_n, content_sum, content_sumsq, unknown, rare, mid,
#              common, unknown_cap, capital_mid, digits, letters


@dataclass(frozen=True, slots=True)
class _SentenceCounts:
    fw: np.ndarray
    punct: np.ndarray
    sums: np.ndarray
    contractions: int
    content: tuple[str, ...]
    names: tuple[str, ...]
    not_period: bool


def _count(sent: str) -> _SentenceCounts:
    fw_index = _fw_index()
    fw = np.zeros(len(fw_index))
    sums = np.zeros(_N_SUMS)
    content: list[str] = []
    names: list[str] = []
    words = _WORD_RE.findall(sent)
    sums[0] = len(words)
    for i, w in enumerate(words):
        lw = w.lower()
        sums[13] += len(w)
        j = fw_index.get(lw)
        if j is not None:
            fw[j] += 1
        if w.isdigit():
            sums[12] += 1
            continue
        z = zipf(lw)
        sums[1] += 1
        sums[2] += z
        sums[6] += z == 0.0
        sums[7] += 0.0 < z < 3.0
        sums[8] += 3.0 <= z < 5.0
        sums[9] += z >= 6.0
        if j is None:
            content.append(lw)
            sums[3] += 1
            sums[4] += z
            sums[5] += z * z
        if w[0].isupper() and len(w) >= 4 and j is None:
            names.append(w)
        if i > 0 and w[0].isupper():
            sums[11] += 1
            sums[10] += z == 0.0
    punct = np.array([sum(sent.count(c) for c in chars) for chars in _PUNCT.values()], dtype=float)
    stripped = sent.rstrip()
    return _SentenceCounts(
        fw, punct, sums, len(_CONTRACTION_RE.findall(sent)), tuple(content), tuple(names),
        bool(stripped) and stripped[-1] not in ".!?\"”’'",
    )


@lru_cache(maxsize=1)
def _fw_index() -> dict[str, int]:
    return {w: i for i, w in enumerate(function_words())}


def _combine(counts: Sequence[_SentenceCounts]) -> np.ndarray:
    n_sent = max(1, len(counts))
    fw = sum((c.fw for c in counts), np.zeros(len(_fw_index())))
    punct = sum((c.punct for c in counts), np.zeros(len(_PUNCT)))
    s = sum((c.sums for c in counts), np.zeros(_N_SUMS))
    n_words = max(1.0, s[0])
    n_z = max(1.0, s[1])
    n_c = max(1.0, s[3])
    content_mean = s[4] / n_c
    content_std = math.sqrt(max(0.0, s[5] / n_c - content_mean**2))
    content = [w for c in counts for w in c.content]
    repeats = (len(content) - len(set(content))) / max(1, len(content))
    # "masks, masks and respirators": a content word twice in one sentence, where MT collapsed
    # two source synonyms into one English word.
    in_sentence = sum(len(c.content) - len(set(c.content)) for c in counts) / max(1, len(content))
    lengths = np.array([c.sums[0] for c in counts]) if counts else np.zeros(1)
    mean_len = float(lengths.mean())
    cv = float(lengths.std() / mean_len) if mean_len > 0 else 0.0
    vec = np.concatenate([
        fw / n_words,
        punct / n_words,
        [
            s[2] / n_z, content_mean, content_std, s[6] / n_z, s[7] / n_z, s[8] / n_z, s[9] / n_z,
            s[10] / n_words, s[11] / n_words, s[12] / n_words,
            sum(c.contractions for c in counts) / n_words, s[13] / n_words, repeats,
            math.log1p(mean_len), cv, sum(c.not_period for c in counts) / n_sent,
            in_sentence, name_variants(sorted({n for c in counts for n in c.names})),
        ],
    ])
    return vec.astype(np.float64)


def name_variants(names: Sequence[str]) -> float:
    """Share of distinct capitalised words that have a near-identical twin in the same text.

    A system translating sentence by sentence spells one name several ways ("Diriye"/"Diriyah",
    "Higseth"/"Higth"); a human translator or a writer keeps one spelling.

    Examples:
        >>> name_variants(["Diriyah", "Diriye", "Riyadh"])
        0.6666666666666666
    """
    if len(names) < 2:
        return 0.0
    twins: set[str] = set()
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if a[:2] != b[:2] or a.rstrip("s’'") == b.rstrip("s’'"):
                continue
            if JaroWinkler.similarity(a.lower(), b.lower()) >= 0.85:
                twins.update((a, b))
    return len(twins) / len(names)


def text_features(sentences: Sequence[str]) -> np.ndarray:
    """Feature vector (``feature_names()`` order) describing how ``sentences`` are written.

    Rates are per word, so documents and single sentences share one scale; a single sentence gets a sentence-length spread of 0.

    Args:
        sentences: the sentences of a document, or one sentence.

    Returns:
        float64 array of ``len(feature_names())`` values.

    Examples:
        >>> v = text_features(["The minister said that the plan was ready."])
        >>> bool(v[feature_names().index("fw_the")] > 0)
        True
    """
    return _combine([_count(s) for s in sentences])


def document_features(sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Features of each sentence and of the whole document, counting each sentence once.

    Args:
        sentences: the document's sentences.

    Returns:
        ``(per_sentence, document)``: a ``(len(sentences), n_features)`` matrix and one vector,
        equal to ``text_features([s])`` for each sentence and ``text_features(sentences)``.

    Examples:
        >>> per_sentence, doc = document_features(["One sentence.", "Another one."])
        >>> per_sentence.shape[0], doc.shape == per_sentence.shape[1:]
        (2, True)
    """
    counts = [_count(s) for s in sentences]
    per_sentence = np.array([_combine([c]) for c in counts]).reshape(len(counts), len(feature_names()))
    return per_sentence, _combine(counts)


# --------------------------------------------------------------------------------- skeleton n-grams

HASH_BUCKETS = 1 << 14  # 16,384 buckets: 2^15 gave the same held-out AUC (±0.003) at twice the model size
_NGRAM_MAX = 3


def skeleton(sentence: str) -> list[str]:
    """The sentence with every content word replaced by its shape and wordfreq Zipf band.

    Function words and punctuation stay, content words become ``<w5>`` (lowercase, Zipf 5.x) or
    ``<C0>`` (capitalised, unknown), so n-grams over it describe syntax and word rarity but not
    the topic. "concluded The first" gives ``['<w4>', '<C>the', '<w6>']``: a capitalised function
    word mid-sentence is kept apart from its lowercase twin.

    Examples:
        >>> skeleton("The minister said 85 words.")
        ['the', '<w5>', 'said', '<num>', '<w5>', '.']
    """
    fw = _fw_index()
    out = []
    for i, tok in enumerate(_TOKEN_RE.findall(sentence)):
        low = tok.lower()
        if low in fw:
            # A capitalised function word mid-sentence is a signature of glued fragments: keep it apart.
            out.append(low if i == 0 or not tok[0].isupper() else "<C>" + low)
        elif tok[0].isdigit():
            out.append("<num>")
        elif not tok[0].isalnum():
            out.append(tok)
        else:
            band = int(zipf(low))
            out.append(f"<C{band}>" if tok[0].isupper() else f"<w{band}>")
    return out


def ngram_counts(sentence: str) -> dict[int, float]:
    """Raw counts of the sentence's skeleton 1-3-grams, hashed into ``HASH_BUCKETS``.

    crc32 rather than Python's salted ``hash`` so the buckets are the same in every process.

    Examples:
        >>> sum(ngram_counts("Yes.").values())  # 'yes', '.', 'yes .'
        3.0
    """
    counts: dict[int, float] = {}
    toks = skeleton(sentence)
    for n in range(1, _NGRAM_MAX + 1):
        for i in range(len(toks) - n + 1):
            key = zlib.crc32(" ".join(toks[i:i + n]).encode("utf-8")) & (HASH_BUCKETS - 1)
            counts[key] = counts.get(key, 0.0) + 1.0
    return counts


def normalise(counts: Sequence[dict[int, float]]) -> dict[int, float]:
    """Sum hashed counts (of a document's sentences) and scale the sum to unit L2 norm.

    Examples:
        >>> normalise([{1: 3.0}, {2: 4.0}])
        {1: 0.6, 2: 0.8}
    """
    total: dict[int, float] = {}
    for c in counts:
        for k, v in c.items():
            total[k] = total.get(k, 0.0) + v
    norm = math.sqrt(sum(v * v for v in total.values())) or 1.0
    return {k: v / norm for k, v in total.items()}


def hashed_ngrams(sentences: Sequence[str]) -> dict[int, float]:
    """L2-normalised skeleton 1-3-gram counts of ``sentences`` (n-grams never cross sentences).

    Examples:
        >>> v = hashed_ngrams(["The minister said so."])
        >>> round(sum(x * x for x in v.values()), 6)
        1.0
    """
    return normalise([ngram_counts(s) for s in sentences])

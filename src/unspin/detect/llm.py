"""LLM-written signals: sentences (str) -> style statistics and checkable spans (prompt echoes, chatbot vocabulary).

Cheap features only, no language model: how often the text uses the connectives, hedges and
summary phrases instruction-tuned models favour ("furthermore", "it is important to note",
"highlighting", "in conclusion"), whether it echoes the prompt ("Here is a paraphrased version"),
and how even it is (sentence-length spread, burstiness of words, type-token ratio, quotes and
numbers kept). The rates are features of the LLM model in ``method.py``; prompt echoes are also
evidence on their own, chatbot vocabulary only when the model agrees.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .features import HASH_BUCKETS, hashed_ngrams, normalise, zipf

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Vocabulary instruction-tuned models over-use in news rewrites (grouped: each group is one feature).
LLM_PHRASES: dict[str, str] = {
    "connective": r"\b(?:furthermore|moreover|additionally|in addition|consequently|nevertheless|however),",
    "summary": r"\b(?:in conclusion|in summary|overall|ultimately|all in all|in essence|to sum up)\b",
    "hedge": r"\b(?:it is (?:important|worth|crucial|essential) to (?:note|mention|remember|consider)|it(?: is|'s|’s) worth noting|remains to be seen|it is unclear|it is clear that)\b",
    "showcase": r"\b(?:highlight(?:s|ed|ing)?|underscor(?:e|es|ed|ing)|showcas(?:e|es|ed|ing)|emphasi[sz](?:e|es|ed|ing)|shed(?:s|ding)? light|sheds light)\b",
    "llm_words": r"\b(?:delv(?:e|es|ed|ing)|notably|pivotal|crucial|testament|landscape|tapestry|navigat(?:e|es|ed|ing)|foster(?:s|ed|ing)?|realm|intricate|multifaceted|profound|garner(?:ed|ing|s)?|amidst|commendable|meticulous(?:ly)?|bolster(?:s|ed|ing)?|spark(?:s|ed|ing)?|seamless(?:ly)?)\b",
    "abstract": r"\b(?:individuals?|significant(?:ly)?|various|numerous|potential(?:ly)?|ongoing|(?:a|their|his|her|its) commitment to|a range of|in light of|in the wake of|amid)\b",
    "reporting": r"\b(?:according to|reportedly|revealed that|stated that|expressed (?:his|her|their) )\b",
    "meta": r"\b(?:the (?:article|passage|text|news|report|story) (?:states|says|mentions|reports|discusses|highlights)|this (?:article|passage|news))\b",
}
# The prompt or the assistant's preamble printed with the article: evidence on its own.
PROMPT_ECHO_RE = re.compile(
    r"(?i)\b(?:here(?: is|'s|’s) (?:a |the )?(?:paraphrased|rewritten|revised|reworded|summarized)(?: version)?"
    r"|please (?:paraphrase|rewrite|summarize)|paraphrased (?:version|text|passage|article)"
    r"|rewritten (?:version|text|passage|article)|as an ai(?: language model)?|i (?:cannot|can't|can’t) (?:fulfill|complete|provide)"
    r"|(?:^|\n)(?:sure|certainly)[!,.] (?:here|i)|^(?:paraphrase|rewrite|rewritten|paraphrased)\s*:)"
)
_PHRASE_RES = {k: re.compile("(?i)" + v) for k, v in LLM_PHRASES.items()}
LLM_FEATURES = tuple(f"llm_{k}" for k in LLM_PHRASES) + (
    "prompt_echo", "type_token", "burstiness", "sentence_len_sd", "first_person", "second_person",
    "quote_share", "number_share", "long_words", "log_words", "log_sentences", "caps_share", "paren_share",
    "web_share", "long_sentences", "short_sentences",
)


def llm_features(sentences: Sequence[str]) -> np.ndarray:
    """``LLM_FEATURES`` of a document: phrase rates per 100 words and evenness statistics.

    Examples:
        >>> v = llm_features(["Furthermore, it is important to note the pivotal role.", "Overall, it went well."])
        >>> bool(v[LLM_FEATURES.index("llm_hedge")] > 0), len(v) == len(LLM_FEATURES)
        (True, True)
    """
    text = " ".join(sentences)
    words = _WORD_RE.findall(text)
    n = max(1, len(words))
    per100 = 100.0 / n
    rates = [len(r.findall(text)) * per100 for r in _PHRASE_RES.values()]
    low = [w.lower() for w in words]
    counts = Counter(low)
    # Burstiness: a writer repeats the words of the story in bursts; a rewrite spreads them evenly.
    # Here: the share of repeated content words (length >= 5) that repeat within the same sentence window.
    lengths = np.array([len(_WORD_RE.findall(s)) for s in sentences], dtype=float)
    sd = float(lengths.std() / lengths.mean()) if len(lengths) > 1 and lengths.mean() > 0 else 0.0
    repeated = [w for w, c in counts.items() if c >= 2 and len(w) >= 5]
    burst = len(repeated) / max(1, len([w for w in counts if len(w) >= 5]))
    ttr = len(counts) / math.sqrt(2 * n)  # Guiraud's R: type-token ratio that does not fall with length
    return np.array(rates + [
        float(bool(PROMPT_ECHO_RE.search(text))),
        ttr, burst, sd,
        sum(counts[w] for w in ("i", "me", "my", "we", "our", "us")) * per100,
        sum(counts[w] for w in ("you", "your")) * per100,
        sum(text.count(c) for c in "\"“”") * per100,
        sum(w.isdigit() for w in words) * per100,
        sum(len(w) >= 9 for w in words) * per100,
        # Web articles keep what a rewrite drops: headline fragments, all-caps labels, asides, links.
        math.log1p(len(words)), math.log1p(len(sentences)),
        sum(w.isupper() and len(w) > 1 for w in words) * per100, text.count("(") * per100,
        sum(text.count(c) for c in ("http", "@", "#")) * per100,
        float(np.mean([len(_WORD_RE.findall(s)) > 40 for s in sentences])) if sentences else 0.0,
        float(np.mean([len(_WORD_RE.findall(s)) < 6 for s in sentences])) if sentences else 0.0,
    ])


def llm_hashed(sentences: Sequence[str]) -> dict[int, float]:
    """Sparse features of the LLM model: skeleton 1-3-grams plus 1-2-grams of common words (Zipf >= 4), summed.

    Common words carry a model's register ("various individuals", "in order to") but not the
    story's topic: rarer words become one placeholder.

    Examples:
        >>> round(sum(v * v for v in llm_hashed(["The vote failed."]).values()), 6) > 0
        True
    """
    words = [w.lower() if zipf(w) >= 4.0 else "<x>" for s in sentences for w in _WORD_RE.findall(s)]
    counts: dict[int, float] = {}
    for n in (1, 2):
        for i in range(len(words) - n + 1):
            key = zlib.crc32(("w:" + " ".join(words[i:i + n])).encode("utf-8")) & (HASH_BUCKETS - 1)
            counts[key] = counts.get(key, 0.0) + 1.0
    out = dict(hashed_ngrams(sentences))
    for k, v in normalise([counts]).items():
        out[k] = out.get(k, 0.0) + v
    return out


def llm_signatures(text: str) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, reason) spans: prompt echoes and chatbot vocabulary.

    Examples:
        >>> [k for k, *_ in llm_signatures("Here is a paraphrased version: Notably, the vote failed.")]
        ['prompt_echo', 'llm_phrase']
    """
    out = [("prompt_echo", m.start(), m.end(), f'"{m.group().strip()}": the prompt or the chatbot\'s preamble printed with the text')
           for m in PROMPT_ECHO_RE.finditer(text)]
    for name in ("connective", "summary", "hedge", "showcase", "llm_words"):
        for m in _PHRASE_RES[name].finditer(text):
            out.append(("llm_phrase", m.start(), m.end(), f'"{m.group()}": wording chatbots favour in rewrites ({name})'))
    return sorted(out, key=lambda x: x[1])

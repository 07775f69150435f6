"""Settings: every tunable default of the pipeline in one frozen dataclass (no global reads)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    # --- retrieval -------------------------------------------------------------------------------
    # How many candidates the retriever returns for rescoring. Whole WMT copies find their original
    # at rank 1 with plain BM25; partial copies (2-4 sentences) need a deeper list.
    candidates_k: int = 20
    # How many of the retrieved candidates are rescored sentence by sentence: the top this many by
    # containment of the copy's terms AND the top this many by the retriever's bm25 (union, usually
    # 6). On llm-paraphrase-dev the true original is among them for 0.936 of the copies at 4 (0.929 at
    # 3, 0.939 at 5, which rescores 7.7 candidates a copy instead of 6.2).
    rescore_k: int = 4
    # Query terms: at most this many of the copy's rarest terms go into the retrieval query.
    query_terms: int = 40
    # Terms found in more than this share of archive documents carry no identity and are dropped
    # from queries (FTS5 cost grows with posting-list length; ECOSYSTEM.md: df>=1% pruned, 100/100 top-1).
    max_query_df: float = 0.03
    # --- matching --------------------------------------------------------------------------------
    # Accept the best candidate as the original when its calibrated confidence reaches this. None =
    # the operating point shipped with the model (data/matcher.json "threshold", chosen by `unspin
    # train matcher` on its training year only: <= 1 % of training negatives accepted, never < 0.5).
    min_confidence: float | None = None
    # Refuse a candidate whose numbers disagree with the copy's: smoothed share of the copy's numbers
    # found in it (``match.number_agreement``) below this. No wmt-dev copy, full or partial (2 x 5,576),
    # is below 0.25; template stories that differ only in their figures are (43 of the 420 Reuters
    # articles that the model still attributed to another Reuters article). 0.25 = none of 3 or more
    # numbers, or 1 of 7 or more.
    min_number_agreement: float = 0.25
    # Accept the best candidate below the operating point when it shares at least this many long
    # sentences (>= shared_sentence_words words) near-verbatim (word similarity >= light_similarity).
    # On the real farm pages (bench farm) 20 of 113 true copy pairs share >= 2 sentences of >= 12 words,
    # none of 4,543 other pairs does; recall 0.239 -> 0.319, precision 0.900 -> 0.923. 20 words, not 12:
    # same farm figures, and on the templates bench 1.9 instead of 2.7 points of Reuters articles
    # newly named (most of them the story filed again with additions, a true copy). 0 turns it off.
    min_shared_sentences: int = 2
    shared_sentence_words: int = 20
    # Refuse a candidate whose aligned rows carry too little of the copy, whatever the model says:
    # ``aligned_similarity`` (term-mass-weighted similarity of the monotone rows over the whole copy)
    # below this. The model reads the lead over the runner-up, and in a big archive a same-topic
    # article that shares no sentence with the copy can lead. On ``unspin bench scale``'s 100k archive
    # (docs/experiments/scale_gate, every copy checked with its original present and withheld) the 81
    # wrong originals named from the big corpus (CNN/DailyMail, AllSides, FNC-1, BBC) had
    # aligned_similarity median 0.058, 38 below 0.05 (23 with no aligned row at all), at confidence
    # 0.68-0.99; the 5,543 true accepts (16k and 100k) have WMT full >= 0.33, 30 % partial >= 0.27, LLM
    # paraphrases >= 0.054 (1 % below 0.11). At 100k wrong-when-withheld falls 5.5 -> 3.3 % (LLM),
    # 3.4 -> 3.2 % (WMT full), 5.2 -> 3.8 % (partial), no R@1 lost at 16k or 100k. A page accepted on
    # carried sentences (min_shared_sentences) is exempt: an excerpt inside page furniture covers little
    # of the page. 0 turns it off.
    min_aligned_similarity: float = 0.05
    # --- alignment -------------------------------------------------------------------------------
    # A sentence pair below this similarity is not kept as an aligned row (becomes copy-only /
    # original-only).
    min_pair_similarity: float = 0.12
    # Row kinds by word-level edit similarity (Indel over normalised tokens): >= verbatim ->
    # "verbatim", >= light -> "lightly-edited" (a word or two in ten changed), else "rewritten".
    verbatim_similarity: float = 0.97
    light_similarity: float = 0.8
    # --- output ----------------------------------------------------------------------------------
    top_candidates: int = 5

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Settings:
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ConfigError(f"unknown setting(s) {unknown}; known settings: {sorted(known)}")
        converted: dict[str, Any] = {}
        for key, value in data.items():
            default = getattr(cls(), key)
            kind = float if default is None else type(default)  # the only None default is a float
            try:
                converted[key] = kind(value)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"setting {key}={value!r} is not a {kind.__name__}") from exc
        return cls(**converted)

    @classmethod
    def from_toml(cls, path: str | Path) -> Settings:
        """Read ``[unspin]`` (or top-level) keys from a TOML file."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
        return cls.from_mapping(data.get("unspin", data))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, prefix: str = "UNSPIN_") -> Settings:
        env = os.environ if environ is None else environ
        names = {f.name for f in fields(cls)}
        data = {k[len(prefix):].lower(): v for k, v in env.items() if k.startswith(prefix) and k[len(prefix):].lower() in names}
        return cls.from_mapping(data)

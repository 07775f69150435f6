"""Spun or LLM-written, and which method: sentences (str) -> spin and LLM probabilities; three probabilities -> a method verdict.

Two logistic models over one dense vector (``method_features``): the MT statistics of
``features.py``, the collocation statistics of ``collocations.py`` and the LLM style statistics
of ``llm.py``; the LLM model adds hashed skeleton n-grams and common-word n-grams
(``llm.llm_hashed``). Both are fitted by ``unspin train detector`` (``train/methods.py``) and stored in
``data/detector.json`` under ``"methods"``; each has its own operating threshold (out-of-fold FPR
on human English news at most ``train.methods.TARGET_FPR``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ConfigError
from .collocations import SPIN_FEATURES, spin_features
from .features import document_features, feature_names
from .llm import LLM_FEATURES, llm_features, llm_hashed
from .linear import LinearPart

METHODS = ("machine-translated", "synonym-spun", "llm-written")
NONE = "none"
# Log-odds one distinct hand-checked spinner finding adds to the spin model's logit: a row of the
# spinner table (``data/mt_patterns.tsv``: "White Home", "Secretary of Protection") or a
# table-free artefact ("three,408", "an more"). The same prior as ``train.detector.FINDING_LOGIT``
# for the same reason: the generated training data cannot estimate it. The WordNet spinner never
# produces the table's rows (WordNet does not list "protection" for "defense"), while real
# spinners, with other thesauri, do; those rows match none of the 943 WMT English and human-
# translated documents. At most ``MAX_SPIN_FINDINGS`` count.
SPIN_FINDING_LOGIT = 1.0
MAX_SPIN_FINDINGS = 3


def method_feature_names() -> tuple[str, ...]:
    """Column names of ``method_features``.

    Examples:
        >>> method_feature_names()[-1]
        'short_sentences'
    """
    return feature_names() + SPIN_FEATURES + LLM_FEATURES


def method_features(sentences: Sequence[str]) -> np.ndarray:
    """One document's dense vector for the spin and LLM models.

    Examples:
        >>> method_features(["The White House said so."]).shape == (len(method_feature_names()),)
        True
    """
    _, doc = document_features(sentences)
    return np.concatenate([doc, spin_features(sentences), llm_features(sentences)])


def count_spin_findings(text: str) -> int:
    """Distinct spinner-table rows and spinner artefacts in ``text`` (kind + wording once each).

    Examples:
        >>> count_spin_findings("The White Home and the White Home met three,408 people.")
        2
    """
    from .collocations import spinner_artefacts
    from .signatures import find_signatures

    found = {("spinner", text[s.start:s.end].lower()) for s in find_signatures(text) if s.kind == "spinner"}
    found |= {("artefact", text[s:e].lower()) for s, e, _ in spinner_artefacts(text)}
    return len(found)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


@dataclass(frozen=True, slots=True)
class MethodModels:
    """The fitted spin and LLM models with their operating thresholds."""

    spin: LinearPart
    llm: LinearPart
    spin_threshold: float
    llm_threshold: float
    training: dict[str, Any]

    def score(self, sentences: Sequence[str], spin_findings: int = 0) -> tuple[float, float]:
        """``(spin_probability, llm_probability)`` of a document with ``spin_findings`` (``count_spin_findings``)."""
        x = method_features(sentences)[None, :]
        spin = float(self.spin.logits(x, [{}])[0]) + SPIN_FINDING_LOGIT * min(spin_findings, MAX_SPIN_FINDINGS)
        llm = float(self.llm.logits(x, [llm_hashed(sentences)])[0])
        return _sigmoid(spin), _sigmoid(llm)

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature_names": list(method_feature_names()),
            "spin_threshold": round(self.spin_threshold, 6), "llm_threshold": round(self.llm_threshold, 6),
            "training": self.training, "spin": self.spin.to_dict(), "llm": self.llm.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MethodModels:
        if tuple(d["feature_names"]) != method_feature_names():
            raise ConfigError("detector file's spin/LLM models were trained with other features; retrain it "
                              "with `unspin train detector`")
        return cls(LinearPart.from_dict(d["spin"]), LinearPart.from_dict(d["llm"]), float(d["spin_threshold"]),
                   float(d["llm_threshold"]), dict(d.get("training") or {}))


def method_verdict(scores: dict[str, tuple[float, float]]) -> str:
    """The method whose probability clears its threshold by the widest margin (in log-odds), or "none".

    Args:
        scores: method -> (probability, threshold), for the methods that were scored.

    Examples:
        >>> method_verdict({"machine-translated": (0.8, 0.75), "synonym-spun": (0.99, 0.6)})
        'synonym-spun'
        >>> method_verdict({"machine-translated": (0.2, 0.75)})
        'none'
    """
    margins = {m: _logit(p) - _logit(t) for m, (p, t) in scores.items() if p >= t}
    return max(margins, key=margins.__getitem__) if margins else NONE

"""The shipped detector: data/detector.json (plain JSON coefficients) -> Detector; sentences -> probabilities.

Inference needs numpy only (no scikit-learn, no pickle). The model has three parts, all fitted by
``unspin train detector`` (see ``train.py``):

* a sentence model: logistic regression over one sentence's features -> a logit per sentence;
* a document model: the same kind of model over the whole document's features -> one logit;
* a stacker: ``sigmoid(a * doc_logit + b * mean(sentence_logits) + f * findings + c)``; a, b, c
  are fitted on out-of-fold predictions, so the document probability is calibrated (for equal
  priors of MT and not-MT). ``findings`` is the number of distinct high-precision signatures
  (``signatures.py``), capped at ``max_findings``; ``f`` is a prior the training data cannot
  estimate (see ``train.FINDING_LOGIT``). Sentence probabilities are calibrated the same way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from .features import HASH_BUCKETS, document_features, feature_names, ngram_counts, normalise
from .linear import LinearPart  # noqa: F401  (re-exported: train and tests import it from here)
from .signatures import findings

FORMAT = "unspin.detector/1"


def _sigmoid(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50.0, 50.0)))


@dataclass(frozen=True, slots=True)
class Detector:
    """The fitted MT/spinner detector (``data/detector.json``)."""

    document: LinearPart
    sentence: LinearPart
    stack: tuple[float, float, float, float]  # a * doc_logit + b * mean_sentence_logit + f * findings + c
    sentence_calibration: tuple[float, float, float]  # sigmoid(a * logit + f * findings + c)
    max_findings: int  # findings above this count add nothing (one bad paragraph is not a verdict)
    threshold: float  # operating point on the document probability
    training: dict[str, Any]  # command, data hash, seed, sizes, out-of-fold figures
    methods: Any = None  # method.MethodModels (spin and LLM models), None in a file from before issue 12

    def score(self, sentences: Sequence[str]) -> tuple[float, tuple[float, ...]]:
        """Document probability and one probability per sentence.

        Args:
            sentences: the document's sentences (at least one non-empty).

        Returns:
            ``(mt_probability, sentence_probabilities)``.

        Examples:
            >>> p, per_sentence = default_detector().score(["The minister said so.", "He left."])
            >>> 0.0 <= p <= 1.0 and len(per_sentence) == 2
            True
        """
        if not sentences:
            return 0.0, ()
        per_sentence, doc = document_features(sentences)
        counts = [ngram_counts(s) for s in sentences]
        s_logits = self.sentence.logits(per_sentence, [normalise([c]) for c in counts])
        d_logit = float(self.document.logits(doc[None, :], [normalise(counts)])[0])
        found = [findings(s) for s in sentences]
        doc_findings = min(len(frozenset().union(*found)), self.max_findings)
        s_findings = np.minimum([len(f) for f in found], self.max_findings)
        a, b, f, c = self.stack
        p_doc = float(_sigmoid(a * d_logit + b * float(s_logits.mean()) + f * doc_findings + c))
        sa, sf, sc = self.sentence_calibration
        p_sent = tuple(float(x) for x in _sigmoid(sa * s_logits + sf * s_findings + sc))
        return p_doc, p_sent

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "feature_names": list(feature_names()),
            "hash_buckets": HASH_BUCKETS,
            "threshold": round(self.threshold, 6),
            "stack": [round(x, 6) for x in self.stack],
            "sentence_calibration": [round(x, 6) for x in self.sentence_calibration],
            "max_findings": self.max_findings,
            "training": self.training,
            "document": self.document.to_dict(),
            "sentence": self.sentence.to_dict(),
            **({"methods": self.methods.to_dict()} if self.methods is not None else {}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Detector:
        """Rebuild a detector, refusing one whose features differ from this code's.

        Raises:
            ConfigError: wrong format, or the file was trained with other features.
        """
        if d.get("format") != FORMAT:
            raise ConfigError(f"not an unspin detector file (format {d.get('format')!r}, expected {FORMAT!r})")
        if tuple(d["feature_names"]) != feature_names() or d["hash_buckets"] != HASH_BUCKETS:
            raise ConfigError(
                "detector file was trained with different features; retrain it with "
                "`unspin train detector --data ../shared/data/wmt-dev`"
            )
        from .method import MethodModels

        a, b, f, c = d["stack"]
        sa, sf, sc = d["sentence_calibration"]
        return cls(
            document=LinearPart.from_dict(d["document"]), sentence=LinearPart.from_dict(d["sentence"]),
            stack=(float(a), float(b), float(f), float(c)), sentence_calibration=(float(sa), float(sf), float(sc)),
            max_findings=int(d["max_findings"]), threshold=float(d["threshold"]),
            training=dict(d.get("training") or {}),
            methods=MethodModels.from_dict(d["methods"]) if d.get("methods") else None,
        )


def load_detector(path: str | Path) -> Detector:
    """Read a detector JSON file written by ``unspin train detector --out PATH``.

    Raises:
        ConfigError: the file is missing, not JSON, or not a detector of this version.

    Examples:
        >>> import tempfile, json, os
        >>> path = os.path.join(tempfile.mkdtemp(), "d.json")
        >>> _ = open(path, "w").write(json.dumps(default_detector().to_dict()))
        >>> load_detector(path).threshold == default_detector().threshold
        True
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read detector file {path}: {exc}") from exc
    return Detector.from_dict(data)


@lru_cache(maxsize=1)
def default_detector() -> Detector:
    """The detector shipped in the package (``unspin/data/detector.json``), loaded once per process.

    Examples:
        >>> 0.0 < default_detector().threshold < 1.0
        True
    """
    text = resources.files("unspin").joinpath("data").joinpath("detector.json").read_text(encoding="utf-8")
    return Detector.from_dict(json.loads(text))

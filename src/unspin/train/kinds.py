"""Per-kind balancing for the shipped detectors: kinds -> sample weights; (scores, kinds) -> an FPR-bounded threshold."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def fpr_threshold(p: np.ndarray, kinds: Sequence[str], negatives: Sequence[str], target_fpr: float) -> float:
    """Smallest threshold with FPR <= ``target_fpr`` on every kind of ``negatives`` present (0.5 if none is).

    Examples:
        >>> p = np.array([0.1, 0.2, 0.3, 0.9, 0.95])
        >>> fpr_threshold(p, ["human"] * 3 + ["mt"] * 2, ["human"], 0.02) > 0.3
        True
    """
    kinds = np.asarray(kinds)
    out = []
    for kind in negatives:
        scores = np.sort(p[kinds == kind])
        if len(scores):
            k = int(np.floor(target_fpr * len(scores)))
            out.append(float(scores[len(scores) - k - 1]) + 1e-6)
    return max(out) if out else 0.5


def kind_weights(kinds: Sequence[str], shares: dict[str, float]) -> np.ndarray:
    """Sample weights giving each kind in ``shares`` that share of the total weight (other kinds weigh 0).

    Examples:
        >>> kind_weights(["mt", "mt", "mt", "human"], {"mt": 0.5, "human": 0.5}).tolist()
        [0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 2.0]
    """
    kinds = np.asarray(kinds)
    w = np.zeros(len(kinds))
    for kind, share in shares.items():
        mask = kinds == kind
        if mask.any():
            w[mask] = share * len(kinds) / mask.sum()
    return w

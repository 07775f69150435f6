"""One logistic model over dense and hashed features: (dense matrix, hashed dicts) -> logits; to and from plain JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class LinearPart:
    """A logistic model over ``[(dense - mean) / scale, hashed skeleton n-grams]``."""

    mean: np.ndarray
    scale: np.ndarray
    dense_coef: np.ndarray
    hashed_coef: np.ndarray
    intercept: float

    def logits(self, dense: np.ndarray, hashed: Sequence[dict[int, float]]) -> np.ndarray:
        """Logits of the rows of ``dense`` (n, d) with their hashed n-gram vectors.

        Examples:
            >>> part = LinearPart(np.zeros(1), np.ones(1), np.ones(1), np.zeros(4), 0.5)
            >>> part.logits(np.array([[2.0]]), [{}]).tolist()
            [2.5]
        """
        base = ((dense - self.mean) / self.scale) @ self.dense_coef + self.intercept
        sparse = np.array([sum(self.hashed_coef[k] * v for k, v in h.items()) for h in hashed])
        return base + sparse

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean": _round(self.mean), "scale": _round(self.scale), "dense_coef": _round(self.dense_coef),
            "hashed_coef": _round(self.hashed_coef), "intercept": round(float(self.intercept), 6),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LinearPart:
        return cls(
            mean=np.asarray(d["mean"], dtype=float), scale=np.asarray(d["scale"], dtype=float),
            dense_coef=np.asarray(d["dense_coef"], dtype=float),
            hashed_coef=np.asarray(d["hashed_coef"], dtype=float), intercept=float(d["intercept"]),
        )


def _round(a: np.ndarray) -> list[float]:
    # 6 significant digits: the JSON stays small and logits move by < 1e-4.
    return [float(f"{x:.6g}") for x in np.asarray(a, dtype=float)]



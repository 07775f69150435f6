"""The calibrated decision: feature dict -> probability that the best candidate is the copy's original.

The model (data/matcher.json) is fitted by ``unspin train matcher`` (``train.matcher``); its operating point is
the threshold stored with it. ``match.find`` computes the features and applies the decision.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

import numpy as np


@lru_cache(maxsize=1)
def load_matcher_model() -> dict:
    """The shipped calibration model (coefficients per feature, intercept, training provenance)."""
    text = resources.files("unspin").joinpath("data/matcher.json").read_text(encoding="utf-8")
    return json.loads(text)


def confidence(features: dict[str, float], model: dict | None = None) -> float:
    """Calibrated probability that the best candidate is the copy's original (logistic model).

    ``expansion`` "standardised-poly2": features standardised with the model's ``mean``/``scale``, then
    [1, z_i…, z_i·z_j for i <= j] (scikit-learn's PolynomialFeatures order); without it, linear in the raw features.
    Features listed in the model's ``monotone`` never lower the confidence as they grow: a bigger lead over
    the runner-up is never evidence against a match, but a quadratic surface bends down where training rows
    thin out (a light edit in a 5-article archive, margin 1.7, scored 0.50). Such a feature is read on a
    fixed grid of ``MONOTONE_STEPS`` values over its training range, and the confidence is the best at any
    grid value up to the feature's own (a non-decreasing step function of it).
    """
    model = model or load_matcher_model()
    if not model.get("monotone"):
        return _confidence(features, model)
    best = 0.0
    for name in model["monotone"]:
        i = model["features"].index(name)
        low, high = model["low"][i], model["high"][i]
        value = min(max(features[name], low), high)
        step = (high - low) / MONOTONE_STEPS
        k_max = int((value - low) / step + 1e-9) if step > 0 else 0
        best = max(best, float(_confidence_grid(features, model, i, low + step * np.arange(k_max + 1)).max()))
    return best


MONOTONE_STEPS = 32
_GRID_CACHE: dict[int, tuple[dict, tuple[np.ndarray, ...]]] = {}


def _confidence_grid(features: dict[str, float], model: dict, i: int, values: np.ndarray) -> np.ndarray:
    """``_confidence`` of ``features`` with feature ``i`` set to each of ``values``, as one numpy product.

    The grid above costs up to 33 evaluations per check; in Python they were an eighth of a check's CPU.
    """
    cached = _GRID_CACHE.get(id(model))
    if cached is None or cached[0] is not model:
        arrays = tuple(np.asarray(model.get(k, ()), dtype=np.float64) for k in ("low", "high", "mean", "scale", "coef"))
        _GRID_CACHE.clear()
        _GRID_CACHE[id(model)] = cached = (model, arrays)
    low, high, mean, scale, coef = cached[1]
    x = np.tile(np.array([features[name] for name in model["features"]], dtype=np.float64), (len(values), 1))
    x[:, i] = values
    if "low" in model:
        x = np.clip(x, low, high)
    if model.get("expansion") == "standardised-poly2":
        z = (x - mean) / scale
        rows, cols = np.triu_indices(z.shape[1])  # PolynomialFeatures' order: z_i·z_j for i <= j, row by row
        x = np.hstack([np.ones((len(z), 1)), z, z[:, rows] * z[:, cols]])
    logit = model["intercept"] + x @ coef
    return 1.0 / (1.0 + np.exp(-np.clip(logit, -40.0, 40.0)))


def _confidence(features: dict[str, float], model: dict) -> float:
    x = [features[name] for name in model["features"]]
    if "low" in model:  # clip to the training range: a degree-2 model extrapolates badly (tiny crawls: huge margins)
        x = [min(max(v, lo), hi) for v, lo, hi in zip(x, model["low"], model["high"], strict=True)]
    if model.get("expansion") == "standardised-poly2":
        z = [(v - m) / s for v, m, s in zip(x, model["mean"], model["scale"], strict=True)]
        x = [1.0, *z, *(z[i] * z[j] for i in range(len(z)) for j in range(i, len(z)))]
    logit = model["intercept"] + sum(c * v for c, v in zip(model["coef"], x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, logit))))


def model_for(n_originals: int | None = None, model: dict | None = None) -> dict:
    """The shipped model for an archive of ``n_originals``: its ``large`` model from the size it was fitted at on.

    Why two: the model's strongest evidence, the best candidate's ``lead`` over the runner-up, shrinks as an
    archive fills with articles on the same topics. Fitted against wmt-dev, LLM-dev and Reuters originals
    (16k), the model named a wrong original for 4.5 % of the LLM copies and 4.3 % / 3.9 % of the partial / full
    WMT copies whose original was withheld from a 555k archive of real news, blogs and Wikipedia; the ``large``
    model, fitted with 25,000 real news articles more in its training archives (41k), for 0.4 % and 2.7 % /
    1.4 % (BENCHMARKS.md, "Matcher for large archives"). It accepts fewer LLM copies (R@1 0.754 -> 0.734 there),
    so archives smaller than its training archive keep the first.
    """
    model = model or load_matcher_model()
    large = model.get("large")
    if large is not None and n_originals is not None and n_originals >= large["min_archive"]:
        return large
    return model


def operating_point(n_originals: int | None = None) -> float:
    """The shipped threshold for an archive of ``n_originals`` (``Settings.min_confidence`` None means this one)."""
    return float(model_for(n_originals).get("threshold", 0.5))

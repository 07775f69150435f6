"""Matcher calibration: the shipped confidence function reproduces scikit-learn's degree-2 model exactly."""

import random

from unspin.train.matcher import fit, operating_threshold, quantile_range
from unspin.train.matcher_data import Example
from unspin.match.calibration import MONOTONE_STEPS
from unspin.match.find import FEATURES, confidence, load_matcher_model


def _examples(n: int = 400) -> list[Example]:
    rng = random.Random(1)
    out = []
    for k in range(n):
        label = k % 2
        features = tuple(rng.random() * (0.5 + label) for _ in FEATURES)
        out.append(Example(features, label, present=bool(label), group="llm" if k % 3 else "wmt-full"))
    return out


def test_confidence_matches_sklearn_poly2():
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    examples = _examples()
    params, threshold = fit(examples)
    low, high = quantile_range([list(e.features) for e in examples])  # training clips to the central range
    x = [[min(max(v, lo), hi) for v, lo, hi in zip(e.features, low, high, strict=True)] for e in examples]
    scaler = StandardScaler().fit(x)
    z = PolynomialFeatures(2).fit_transform(scaler.transform(x))
    reference = LogisticRegression(C=0.3, max_iter=5000, random_state=0).fit(z, [e.label for e in examples])
    expected = reference.predict_proba(z)[:, 1]
    plain = {"features": list(FEATURES), **{k: v for k, v in params.items() if k != "monotone"}}
    monotone = {"features": list(FEATURES), **params}
    assert monotone["monotone"] == ["lead"]
    for e, p in zip(examples[:50], expected[:50], strict=True):
        features = dict(zip(FEATURES, e.features, strict=True))
        assert abs(confidence(features, plain) - p) < 1e-9
        # On the lead's grid the monotone reading is the best of the plain one up to that point.
        i = FEATURES.index("lead")
        on_grid = features | {"lead": params["low"][i] + 5 * (params["high"][i] - params["low"][i]) / MONOTONE_STEPS}
        assert confidence(on_grid, monotone) >= confidence(on_grid, plain) - 1e-12
    assert 0.5 <= threshold < 1.0


def test_operating_threshold_bounds_false_accepts():
    probabilities = [0.1 * k for k in range(10)] + [0.95] * 5
    labels = [0] * 10 + [1] * 5
    t = operating_threshold(probabilities, labels, 0.1)  # one of ten negatives may pass
    assert sum(p >= t for p, y in zip(probabilities, labels) if y == 0) <= 1
    assert t >= 0.5


def test_shipped_model_is_degree_two_over_the_current_features():
    model = load_matcher_model()
    assert model["features"] == list(FEATURES)
    n = len(FEATURES)
    assert len(model["coef"]) == 1 + n + n * (n + 1) // 2
    assert 0.5 <= model["threshold"] < 1.0


def test_confidence_clips_features_to_the_training_range():
    model = {"features": ["a"], "coef": [4.0], "intercept": 0.0, "low": [0.0], "high": [1.0]}
    assert confidence({"a": 25.0}, model) == confidence({"a": 1.0}, model)
    assert confidence({"a": -3.0}, model) == confidence({"a": 0.0}, model)


def test_fitted_model_stores_its_training_ranges():
    examples = _examples()
    params, _ = fit(examples)
    assert len(params["low"]) == len(params["high"]) == len(FEATURES)
    assert (params["low"], params["high"]) == quantile_range([list(e.features) for e in examples])
    assert all(lo <= hi for lo, hi in zip(params["low"], params["high"], strict=True))
    model = load_matcher_model()
    assert len(model["low"]) == len(model["high"]) == len(FEATURES)


def test_page_like_copies_keep_their_text_and_add_furniture():
    from unspin.datasets.transform import add_noise, window, writethru
    from unspin.records import Document

    doc = Document("o", "", tuple(f"Sentence {k} says 12{k} things." for k in range(10)))
    noisy = add_noise(doc, random.Random(0))
    assert set(doc.sentences) <= set(noisy.sentences) and len(noisy.sentences) > len(doc.sentences)
    assert window(doc, 0.2, 0.6).sentences == doc.sentences[2:6]
    thru = writethru(doc, random.Random(0), "A new lead.")
    assert thru.sentences[0] == "A new lead." and sum(a != b for a, b in zip(thru.sentences[1:], doc.sentences[1:])) == 1


def _fixture_wmt(tmp_path):
    """16 real WMT copies and their originals as a wmt-dev folder, 48 sample originals as distractors (tmp_path)."""
    import gzip
    import json
    from pathlib import Path

    data = Path(__file__).parent / "data"
    wmt = tmp_path / "wmt"
    wmt.mkdir()
    with gzip.open(wmt / "originals.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write((data / "mt" / "originals.jsonl").read_text(encoding="utf-8"))
    with gzip.open(wmt / "copies.jsonl.gz", "wt", encoding="utf-8") as fh:
        for line in (data / "mt" / "copies.jsonl").read_text(encoding="utf-8").splitlines():
            fh.write(json.dumps({"gold_alignment": [], **json.loads(line)}) + "\n")  # the cut has no gold rows
    with gzip.open(tmp_path / "distractors.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write((data / "sample" / "originals.jsonl").read_text(encoding="utf-8"))
    return wmt


def test_train_matcher_runs_end_to_end_on_the_bundled_fixtures(tmp_path):
    """`unspin train matcher` (in process) on 16 real WMT copies and 48 originals: a usable model file."""
    import json

    from typer.testing import CliRunner

    from unspin.cli import app

    wmt = _fixture_wmt(tmp_path)
    out = tmp_path / "matcher.json"
    r = CliRunner().invoke(app, ["train", "matcher", "--data", str(wmt), "--distractors", str(tmp_path / "distractors.jsonl.gz"),
                                 "--no-paraphrase", "--out", str(out)])
    assert r.exit_code == 0, r.output
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["features"] == list(FEATURES) and model["monotone"] == ["lead"]
    assert 0.5 <= model["threshold"] < 1.0
    assert {"wmt-full", "wmt-partial"} <= set(model["trained"]["examples"])
    assert 0.0 <= confidence(dict.fromkeys(FEATURES, 0.5), model) <= 1.0


def test_train_matcher_fits_a_large_archive_model_with_news_added(tmp_path):
    """`--large-news`: a second model fitted with real pages added to the training archives, used from its size on."""
    import gzip
    import json
    from pathlib import Path

    import pytest

    from unspin.errors import ConfigError
    from unspin.match import calibration
    from unspin.train.matcher import news_sample, train_matcher

    wmt = _fixture_wmt(tmp_path)
    data = Path(__file__).parent / "data"
    pages = [json.loads(line) for line in (data / "farm" / "pages.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    with gzip.open(tmp_path / "news.jsonl.gz", "wt", encoding="utf-8") as fh:  # raw text, as the big corpus has it
        for p in pages[:30]:
            fh.write(json.dumps({"id": p["id"], "text": p["text"]}) + "\n")
        fh.write('{"id": "broken", "text": \n{"id": "blank", "text": "  "}\n')  # skipped, not sampled
    sampled = news_sample(tmp_path / "news.jsonl.gz", 100)
    assert len(sampled) == 30 and all(d.sentences for d in sampled)  # the broken and the blank line are no articles
    with gzip.open(tmp_path / "bad.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write('{"id": "broken", "text": \n')
    for bad in (tmp_path / "bad.jsonl.gz", tmp_path / "missing.jsonl.gz"):
        with pytest.raises(ConfigError):
            news_sample(bad, 10)
    model = train_matcher(wmt, tmp_path / "distractors.jsonl.gz", None, large_news=tmp_path / "news.jsonl.gz", large_count=20)
    large = model["large"]
    assert large["features"] == model["features"] and 0.5 <= large["threshold"] < 1.0
    assert large["trained"]["extra_news"]["count"] == 20 and "archive_size" not in model["trained"]
    assert large["coef"] != model["coef"]  # fitted on other rows: the added news are candidates of every check
    assert calibration.model_for(large["min_archive"], model) is large
    assert calibration.model_for(large["min_archive"] - 1, model) is model and calibration.model_for(None, model) is model


def test_the_shipped_model_has_a_large_archive_model_for_archives_past_its_training_size():
    from unspin.match.calibration import model_for, operating_point

    model = load_matcher_model()
    large = model["large"]
    assert large["features"] == model["features"] and large["min_archive"] > 16_297  # the benches' 16k archive
    assert model_for(16_297) is model and model_for(550_000) is large
    assert operating_point(550_000) == large["threshold"] and operating_point() == model["threshold"]

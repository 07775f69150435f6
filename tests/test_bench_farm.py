"""`unspin bench farm`: the real farm pages in tests/data/farm -> a section with scan and baseline rows."""

from __future__ import annotations

from typer.testing import CliRunner

from unspin.bench.farm import FARM, gold_pairs, load_pages, predicted_pairs, scores
from unspin.cli import app


def test_the_dev_set_is_labelled_as_documented():
    pages = load_pages(FARM)
    clusters = {p["cluster"] for p in pages if p["kind"] != "independent"}
    assert len(pages) >= 90 and len(clusters) >= 15
    assert len({p["kind"] for p in pages} - {"independent", "original"}) >= 3
    assert all(p["evidence"] and p["url"] for p in pages)
    assert len(gold_pairs(pages)) >= 100


def test_pairwise_scores():
    gold = {frozenset({"a", "b"}), frozenset({"c", "d"})}
    pred = predicted_pairs({"a": "x", "b": "x", "c": "y", "d": "z", "e": "x"})
    s = scores(pred, gold)
    assert s["pairs"] == 3 and round(s["precision"], 3) == 0.333 and s["recall"] == 0.5


def test_bench_farm_appends_a_section(tmp_path):
    out = tmp_path / "BENCHMARKS.md"
    result = CliRunner().invoke(app, ["bench", "farm", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Real farm pages" in text and "unspin scan (no archive)" in text and "MinHash" in text

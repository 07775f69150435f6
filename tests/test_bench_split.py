"""`unspin bench split` in process on a fixture cut from tests/data/sample (real WMT and Reuters text)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli import app

SAMPLE = Path(__file__).parent / "data" / "sample"
runner = CliRunner()


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in rows)


@pytest.fixture()
def split_data(tmp_path: Path) -> dict[str, Path]:
    """The three data folders in the shared layout: WMT originals (gold sentences), Reuters, and
    the sample's MT copies standing in for the LLM originals (real news text; no LLM text in tests/data)."""
    originals = _rows(SAMPLE / "originals.jsonl")
    _write(tmp_path / "wmt" / "originals.jsonl.gz", [r for r in originals if r["id"].startswith("wmt")])
    _write(tmp_path / "distractors" / "reuters21578.jsonl.gz", [r for r in originals if r["id"].startswith("reuters")])
    _write(tmp_path / "llm" / "originals.jsonl.gz", _rows(SAMPLE / "copies.jsonl"))
    return {"--data": tmp_path / "wmt", "--distractors": tmp_path / "distractors", "--llm": tmp_path / "llm"}


def _table(markdown: str) -> list[dict[str, str]]:
    """The last Markdown table in ``markdown`` -> rows as {column: cell}."""
    lines = [x for x in markdown.splitlines() if x.startswith("|")]
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    return [dict(zip(head, (c.strip() for c in x.strip("|").split("|")))) for x in lines[2:]]


def test_bench_split_reports_gold_agreement_and_speed(tmp_path, split_data):
    out = tmp_path / "B.md"
    args = [a for k, v in split_data.items() for a in (k, str(v))]
    r = runner.invoke(app, ["bench", "split", *args, "--pysbd-sample", "20", "--out", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text("utf-8")
    assert "## Sentence splitting (unspin rules vs pysbd)" in text
    rows = _table(text)
    keys = [(x["set"], x["splitter"], x["reference"]) for x in rows]
    pysbd = next(x["splitter"] for x in rows if x["splitter"].startswith("pysbd"))
    assert ("WMT", "unspin", "WMT gold") in keys
    assert ("WMT", "unspin (keep_quotes=False)", "WMT gold") in keys
    assert ("WMT", pysbd, "WMT gold") in keys
    assert ("Reuters", "unspin", pysbd) in keys and ("LLM", "unspin", pysbd) in keys
    assert [x["splitter"] for x in rows if "speed" in x["set"]] == ["unspin", "unspin", pysbd]
    gold = {x["splitter"]: x for x in rows if x["reference"] == "WMT gold"}
    assert gold["unspin"]["docs"] == "32" and gold[pysbd]["docs"] == "20"  # the pysbd sample
    for x in gold.values():
        assert 0.7 <= float(x["F1"]) <= 1.0, x
    assert all(float(x["MB_per_s"].replace(",", "")) > 0 for x in rows if "speed" in x["set"])
    assert "seeded sample" in text


@pytest.mark.parametrize("missing", ["--data", "--distractors", "--llm"])
def test_bench_split_without_data_exits_non_zero(tmp_path, split_data, missing):
    split_data[missing] = tmp_path / "missing"
    args = [a for k, v in split_data.items() for a in (k, str(v))]
    out = tmp_path / "B.md"
    r = runner.invoke(app, ["bench", "split", *args, "--out", str(out)])
    assert r.exit_code == 2
    assert "shared data" in r.output and missing in r.output
    assert not out.exists()

"""`unspin detect`, `unspin train detector`, `unspin bench detect` in-process (CliRunner) on real texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli import app
from unspin.detect.model import load_detector

ROOT = Path(__file__).resolve().parents[1]
MT_DATA = ROOT / "tests" / "data" / "mt"
SEED = ROOT / "examples" / "seed.txt"

runner = CliRunner()


def _english_original(tmp_path: Path) -> Path:
    row = json.loads((MT_DATA / "originals.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert row["kind"] == "english-source"
    path = tmp_path / "original.txt"
    path.write_text(row["text"], encoding="utf-8")
    return path


def test_detect_json_on_the_seed():
    result = runner.invoke(app, ["detect", str(SEED), "--format", "json"])
    assert result.exit_code == 0, result.output
    item = json.loads(result.stdout)
    assert item["schema"] == "unspin.detect/1"
    assert item["mt_likely"] is True and item["mt_probability"] >= item["mt_threshold"]
    assert len(item["mt_sentence_probabilities"]) == len(item["copy"]["sentences"])
    assert len({e["text"] for e in item["mt_evidence"]}) >= 5


def test_detect_jsonl_one_line_per_input(tmp_path):
    result = runner.invoke(app, ["detect", str(SEED), str(_english_original(tmp_path)), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert len(lines) == 2
    assert lines[0]["mt_probability"] > lines[1]["mt_probability"]


def test_detect_text_shows_verdict_and_evidence():
    result = runner.invoke(app, ["detect", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "likely machine-translated (MT 0.9" in result.stdout and "spin " in result.stdout and "LLM " in result.stdout
    assert "administration’s administration’s" in result.stdout


def test_detect_with_a_broken_model_file_fails_clearly(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["detect", str(SEED), "--model", str(bad)])
    assert result.exit_code == 2
    assert "not an unspin detector" in result.output


def test_train_detector_writes_a_loadable_deterministic_model(tmp_path):
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        result = runner.invoke(app, ["train", "detector", "--data", str(MT_DATA), "--out", str(out), "--no-english"])
        assert result.exit_code == 0, result.output
    assert outs[0].read_bytes() == outs[1].read_bytes()
    det = load_detector(outs[0])
    assert det.training["command"] == f"unspin train detector --data {MT_DATA} --seed 0 --no-english"
    result = runner.invoke(app, ["detect", str(SEED), "--model", str(outs[0]), "--format", "json"])
    assert result.exit_code == 0, result.output


def test_train_detector_without_native_english_says_what_is_missing(tmp_path):
    result = runner.invoke(app, ["train", "detector", "--data", str(MT_DATA), "--out", str(tmp_path / "d.json"),
                                 "--english", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "--no-english" in result.output
    assert not (tmp_path / "d.json").exists()


def test_bench_detect_without_data_exits_non_zero(tmp_path):
    result = runner.invoke(app, ["bench", "detect", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "B.md")])
    assert result.exit_code != 0
    assert "shared data" in result.output
    assert not (tmp_path / "B.md").exists()


@pytest.mark.slow
def test_bench_detect_appends_a_section(tmp_path, reuters_rows):
    out = tmp_path / "BENCHMARKS.md"
    # The fixture's Reuters articles stand in for the native newswire (../shared is not in a clone).
    native = tmp_path / "native.jsonl"
    native.write_text("".join(json.dumps(r) + "\n" for r in reuters_rows), encoding="utf-8")
    result = runner.invoke(
        app, ["bench", "detect", "--data", str(MT_DATA), "--folds", "2", "--seed-text", str(SEED), "--out", str(out),
              "--english", str(native), "--only", "mt"],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "MT / spinner detection" in text
    assert "auc_vs_english" in text and "auc_vs_human" in text and "fpr_native" in text
    assert "wmt21 -> wmt22" in text and "grouped 2-fold (pooled)" in text
    assert "seed.txt" in text

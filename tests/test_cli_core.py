import gzip
import json

import pytest
from typer.testing import CliRunner

from unspin.cli import app

runner = CliRunner()


def test_index_then_check_jsonl_in_input_order(tmp_path):
    db = tmp_path / "news.db"
    r = runner.invoke(app, ["index", "--archive", str(db), "tests/data/sample/originals.jsonl"])
    assert r.exit_code == 0, r.output
    assert "48 added" in r.output
    r2 = runner.invoke(app, ["index", "--archive", str(db), "tests/data/sample/originals.jsonl"])
    assert "0 added, 48 already present" in r2.output
    out = runner.invoke(app, ["check", "--archive", str(db), "tests/data/sample/copies.jsonl", "--format", "jsonl", "--no-detect", "--no-restore"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    expected = [json.loads(x) for x in open("tests/data/sample/copies.jsonl", encoding="utf-8")]
    assert [x["copy"]["id"] for x in lines] == [e["id"] for e in expected]
    assert all(x["original"] and x["original"]["id"] == e["original_id"] for x, e in zip(lines, expected))


def test_check_json_for_one_document_and_html(tmp_path):
    r = runner.invoke(app, ["check", "examples/seed.txt", "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["schema"] == "unspin.report/1" and d["original"] is None
    h = runner.invoke(app, ["check", "examples/seed.txt", "--format", "html"])
    assert h.stdout.lstrip().startswith("<!doctype html>")


def test_check_without_archive_file_is_a_clear_error(tmp_path):
    r = runner.invoke(app, ["check", "--archive", str(tmp_path / "nope.db"), "examples/seed.txt"])
    assert r.exit_code == 2
    assert "does not exist" in r.output


def test_demo_runs_on_bundled_defaults(tmp_path):
    r = runner.invoke(app, ["demo", "--archive", str(tmp_path / "demo.db")])
    assert r.exit_code == 0, r.output
    assert "Source link" in r.output
    assert "The New York Times" in r.output and "2025-03-30" in r.output


def test_bench_without_shared_data_exits_non_zero(tmp_path):
    r = runner.invoke(app, ["bench", "attribution", "--data", str(tmp_path / "missing"), "--out", str(tmp_path / "B.md")])
    assert r.exit_code == 2
    assert "shared data" in r.output


def test_bench_templates_runs_on_the_fixture_reuters_articles(tmp_path, reuters_rows):
    src = tmp_path / "reuters.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in reuters_rows)
    out = tmp_path / "B.md"
    r = runner.invoke(app, ["bench", "templates", "--distractors", str(src), "--sample", "16", "--out", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text("utf-8")
    assert "| unspin | 16 |" in text and "| unspin, number check off | 16 |" in text
    r = runner.invoke(app, ["bench", "templates", "--distractors", str(tmp_path / "missing"), "--out", str(out)])
    assert r.exit_code == 2 and "shared data" in r.output


def test_demo_rebuilds_a_stale_sample_archive(tmp_path):
    import sqlite3

    db = tmp_path / "demo.db"
    assert runner.invoke(app, ["demo", "--archive", str(db)]).exit_code == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value='0' WHERE key='schema'")
    con.commit()
    con.close()
    r = runner.invoke(app, ["demo", "--archive", str(db)])
    assert r.exit_code == 0, r.output
    assert "Source link" in r.output


def test_bench_scale_refuses_tier_sizes_that_repeat_the_first_tier(tmp_path):
    # "--size 16000" used to be measured as the 16k tier again: one row printed twice, nothing indexed
    from unspin.bench.scale import run_scale
    from unspin.errors import ConfigError

    for sizes in ([16_000], [200_000, 100_000], [100_000, 100_500]):
        with pytest.raises(ConfigError, match="must grow"):
            run_scale(news=tmp_path / "n", filler=None, wmt=tmp_path, llm=tmp_path, distractors=tmp_path,
                      workdir=tmp_path / "wd", sizes=sizes)
    assert not (tmp_path / "wd").exists()

"""`unspin restore`, `unspin lexicon import` and `unspin bench restore`, in-process with CliRunner."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from pathlib import Path

from typer.testing import CliRunner

from unspin.cli import app

runner = CliRunner()
NAMES = Path(__file__).parent / "data" / "names"
SEED = NAMES / "seed.txt"


def _wmt_rows() -> list[dict]:
    return [json.loads(x) for x in (NAMES / "wmt-dev-cut.jsonl").read_text(encoding="utf-8").splitlines()]


def test_restore_seed_json_with_bundled_lexicon():
    r = runner.invoke(app, ["restore", str(SEED), "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    pairs = {(f["before"], f["after"]) for f in out["fixes"]}
    assert ("Iowo Jimma", "Iwo Jima") in pairs and ("Shigro", "Shigeru") in pairs
    assert all(f["source"] == "lexicon" and f["evidence"] for f in out["fixes"])
    assert "Prime Minister Shigeru Ishiba" in out["restored_text"] and "Higseth" not in out["restored_text"]


def test_restore_text_shows_fixes_inline_with_evidence():
    r = runner.invoke(app, ["restore", str(SEED)])
    assert r.exit_code == 0, r.output
    assert "[-Ritzomican-]{+Ritsumeikan+}" in r.stdout
    assert "Ritzomican -> Ritsumeikan  (lexicon" in r.stdout


def test_restore_with_original_and_siblings(tmp_path):
    rows = _wmt_rows()
    oid = "wmt21/ru-en/izvestiya.521046/ref-A"
    original = next(r for r in rows if r["id"] == oid)
    copies = [r for r in rows if r.get("original_id") == oid]
    (tmp_path / "original.jsonl").write_text(json.dumps({"id": oid, "sentences": original["sentences"], "text": ""}), encoding="utf-8")
    (tmp_path / "copy.jsonl").write_text(json.dumps({"id": copies[0]["id"], "sentences": copies[0]["sentences"], "text": ""}), encoding="utf-8")
    sibs = tmp_path / "siblings"
    sibs.mkdir()
    for n, c in enumerate(copies[1:]):
        (sibs / f"s{n}.jsonl").write_text(json.dumps({"id": c["id"], "sentences": c["sentences"], "text": ""}), encoding="utf-8")
    with_original = runner.invoke(app, ["restore", str(tmp_path / "copy.jsonl"), "--original", str(tmp_path / "original.jsonl"),
                                        "--no-wordfreq", "--format", "json"])
    assert with_original.exit_code == 0, with_original.output
    fixes = json.loads(with_original.stdout)["fixes"]
    assert fixes and all(f["source"] == "original" for f in fixes)
    with_siblings = runner.invoke(app, ["restore", str(tmp_path / "copy.jsonl"), "--siblings", str(sibs), "--format", "json"])
    assert with_siblings.exit_code == 0, with_siblings.output
    assert {f["source"] for f in json.loads(with_siblings.stdout)["fixes"]} <= {"siblings", "lexicon"}


def test_lexicon_import_then_restore_with_the_gazetteer(tmp_path):
    dump = tmp_path / "names.tsv"
    dump.write_text("Masao Kamikubo\tKamikubo\nPete Hegseth\nShigeru Ishiba\nRitsumeikan University\n", encoding="utf-8")
    r = runner.invoke(app, ["lexicon", "import", str(dump), "--out", str(tmp_path / "g.db")])
    assert r.exit_code == 0, r.output
    assert "4 names" in r.stdout
    copy = tmp_path / "copy.txt"
    copy.write_text("Mr. Higseth met Shigro Ishiba.\nHe quoted Masso Kamikobo of Ritzomican.\n", encoding="utf-8")
    out = runner.invoke(app, ["restore", str(copy), "--lexicon", str(tmp_path / "g.db"), "--no-wordfreq", "--format", "json"])
    assert out.exit_code == 0, out.output
    restored = json.loads(out.stdout)["restored_text"]
    assert restored.strip() == "Mr. Hegseth met Shigeru Ishiba.\nHe quoted Masao Kamikubo of Ritsumeikan."


def test_lexicon_import_missing_dump_fails_cleanly(tmp_path):
    r = runner.invoke(app, ["lexicon", "import", str(tmp_path / "nope.tsv"), "--out", str(tmp_path / "g.db")])
    assert r.exit_code != 0 and "error:" in r.output


def test_bench_restore_needs_the_data(tmp_path):
    r = runner.invoke(app, ["bench", "restore", "--data", str(tmp_path / "missing"), "--out", str(tmp_path / "B.md")])
    assert r.exit_code != 0
    assert "shared data" in r.output and not (tmp_path / "B.md").exists()


def test_bench_restore_on_a_tiny_wmt_layout(tmp_path):
    rows = _wmt_rows()
    data = tmp_path / "wmt"
    data.mkdir()
    with gzip.open(data / "originals.jsonl.gz", "wt", encoding="utf-8") as fh:
        for r in rows:
            if r["kind"] == "original":
                fh.write(json.dumps({"id": r["id"], "sentences": r["sentences"], "text": " ".join(r["sentences"])}) + "\n")
    with gzip.open(data / "copies.jsonl.gz", "wt", encoding="utf-8") as fh:
        per: dict[str, int] = defaultdict(int)
        for r in rows:
            if r["kind"] == "copy" and per[r["original_id"]] < 3:
                per[r["original_id"]] += 1
                n = len(r["sentences"])
                fh.write(json.dumps({"id": r["id"], "original_id": r["original_id"], "sentences": r["sentences"],
                                     "text": " ".join(r["sentences"]), "gold_alignment": [[i, i] for i in range(n)],
                                     "year": 2021, "pair": r["id"].split("/")[1]}) + "\n")
    out = tmp_path / "BENCHMARKS.md"
    r = runner.invoke(app, ["bench", "restore", "--data", str(data), "--out", str(out)])
    assert r.exit_code == 0, r.output
    md = out.read_text(encoding="utf-8")
    assert "## Name restoration (wmt-dev)" in md
    for mode in ("original", "siblings", "lexicon"):
        assert f"| {mode} | 15 |" in md


def test_restore_with_archive_uses_the_found_original(tmp_path):
    import json as _json

    from typer.testing import CliRunner as _Runner

    from unspin.cli import app as _app

    runner = _Runner()
    db = tmp_path / "a.db"
    assert runner.invoke(_app, ["index", "--archive", str(db), "tests/data/sample/originals.jsonl"]).exit_code == 0
    copies = tmp_path / "copies.jsonl"
    copies.write_text("".join(open("tests/data/sample/copies.jsonl", encoding="utf-8").readlines()[:8]), encoding="utf-8")
    r = runner.invoke(_app, ["restore", str(copies), "--archive", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = [_json.loads(x) for x in r.stdout.splitlines()]
    assert len(rows) == 8
    sources = {f["source"] for row in rows for f in row["fixes"]}
    assert "original" in sources

"""Crawl scan, Spark engine (pyspark local mode): the same crawl gives the same results as the local engine."""

from __future__ import annotations

import pytest

pytest.importorskip("pyspark")

import pyarrow.parquet as pq  # noqa: E402

from unspin.scan import scan  # noqa: E402

from test_scan import add_warc_and_bad_inputs, build_crawl  # noqa: E402  (same crawl as the local tests)

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    from unspin.spark.job import session

    s = session("local[2]", app_name="unspin-test")
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def test_spark_and_local_engines_give_identical_results(spark, tmp_path):
    from unspin.spark.job import run_spark

    info = build_crawl(tmp_path / "crawl")
    bad = add_warc_and_bad_inputs(tmp_path / "crawl", info["gold"])
    sources = [str(info["crawl"]), *map(str, bad)]
    local = scan(sources, info["archive"], tmp_path / "local", workers=1, chunk_size=8, progress=False)
    remote = run_spark(sources, info["archive"], tmp_path / "spark", spark=spark, partitions=3)
    for name in ("pages", "domains", "errors"):
        a = pq.read_table(tmp_path / "local" / f"{name}.parquet")
        b = pq.read_table(tmp_path / "spark" / f"{name}.parquet")
        assert a.schema == b.schema
        rows_a, rows_b = a.to_pylist(), b.to_pylist()
        diff = [{k: (x[k], y[k]) for k in x if x[k] != y[k]} | {"page": x.get("page_id")}
                for x, y in zip(rows_a, rows_b, strict=False) if x != y]
        assert len(rows_a) == len(rows_b) and not diff, (name, diff[:5])
        assert (tmp_path / "local" / f"{name}.csv").read_bytes() == (tmp_path / "spark" / f"{name}.csv").read_bytes()
    assert (tmp_path / "local" / "report.html").read_bytes() == (tmp_path / "spark" / "report.html").read_bytes()
    assert (remote.pages, remote.errors, remote.with_original, remote.linked, remote.clusters) == (
        local.pages, local.errors, local.with_original, local.linked, local.clusters)
    pages = pq.read_table(tmp_path / "spark" / "pages.parquet").to_pandas()
    assert pages.cluster_id.notna().all() and pages.skipped.sum() >= 3


def test_spark_schema_follows_the_record():
    from dataclasses import fields

    from unspin.records import ScanResult
    from unspin.spark.schema import scan_result_schema

    assert scan_result_schema().fieldNames() == [f.name for f in fields(ScanResult)]


def test_import_unspin_does_not_import_pyspark():
    import subprocess
    import sys

    code = "import sys, unspin, unspin.scan, unspin.scan.stages, unspin.spark; print('pyspark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_parquet_archive_path_equals_the_local_engine(spark, tmp_path):
    """Issue 14: the archive as partitioned Parquet (no file on executors), candidates by a join on rare terms."""
    import json

    from unspin.spark.distributed import run_spark_parquet
    from unspin.spark.parquet import export

    info = build_crawl(tmp_path / "crawl")
    bad = add_warc_and_bad_inputs(tmp_path / "crawl", info["gold"])
    sources = [str(info["crawl"]), *map(str, bad)]
    meta = export(info["archive"], tmp_path / "parquet")
    assert meta["originals"] > 0 and (tmp_path / "parquet" / "postings").is_dir()
    local = scan(sources, info["archive"], tmp_path / "local", workers=1, chunk_size=8, progress=False)
    remote = run_spark_parquet(sources, tmp_path / "parquet", tmp_path / "spark", spark=spark, partitions=3)
    for name in ("pages", "domains", "errors"):
        rows_a = pq.read_table(tmp_path / "local" / f"{name}.parquet").to_pylist()
        rows_b = pq.read_table(tmp_path / "spark" / f"{name}.parquet").to_pylist()
        diff = [{k: (x[k], y[k]) for k in x if x[k] != y[k]} | {"page": x.get("page_id")}
                for x, y in zip(rows_a, rows_b, strict=False) if x != y]
        assert len(rows_a) == len(rows_b) and not diff, (name, diff[:5])
    assert (remote.pages, remote.with_original, remote.clusters) == (local.pages, local.with_original, local.clusters)
    moved = json.loads((tmp_path / "spark" / "shuffle.json").read_text())
    assert moved["pages"] == remote.pages - 0 or moved["pages"] > 0
    assert moved["shuffle_bytes"] > 0
    assert sum(stage["bytes"] for stage in moved["stages"]) == moved["shuffle_bytes"]
    assert all(stage["name"] and stage["bytes"] > 0 and stage["seconds"] >= 0 for stage in moved["stages"])
    assert sum(stage["seconds"] for stage in moved["executor_seconds"]) > 0



def test_an_archive_exported_in_the_old_postings_format_is_refused(spark, tmp_path):
    from unspin.errors import ConfigError
    from unspin.spark.distributed import run_spark_parquet

    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "meta.json").write_text('{"originals": 3, "avgdl": 10.0, "buckets": 64}')
    (tmp_path / "crawl.jsonl").write_text('{"id": "p", "text": "A page."}\n')
    with pytest.raises(ConfigError, match="export it again"):
        run_spark_parquet([str(tmp_path / "crawl.jsonl")], tmp_path / "old", tmp_path / "out", spark=spark)

"""Spark scan job: crawl files + archive -> pages/domains/errors (Parquet, CSV) + report.html, like the local engine.

Same four stages as ``unspin.scan`` and the same library functions in each, so the two engines give
the same results (issue 4; text-dedup #28/#88 is what happens otherwise):

1. executors read the crawl files (``unspin.read``, one task per file) and run ``scan_one`` over
   each partition (``mapPartitions``) against the archive of originals, shipped to every executor
   as one SQLite file with ``SparkContext.addFile`` (an archive is a few hundred MB at most: cheaper
   to copy than to partition);
2. the driver builds the crawl archive from the scanned pages in input order
   (``scan.stages.build_crawl_archive``), and ships it the same way;
3. executors ``link_one`` the pages without an archive original;
4. the driver clusters (``scan.assign_clusters``) and writes the outputs (``scan.output.finalize``).

Run it with ``unspin scan … --engine spark``, or on a cluster with
``spark-submit --master URL $(python -c 'import unspin.spark.job as j; print(j.__file__)') CRAWL… --archive A --out OUT``
(unspin must be installed in the executors' Python; crawl, archive and out paths must be visible to the driver,
crawl paths to the executors too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import uuid
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

# Absolute imports: spark-submit runs this file as a script (``spark-submit …/unspin/spark/job.py``).
from unspin.archive.store import Archive
from unspin.records import Link, ScanResult, ScanSummary
from unspin.scan.output import finalize
from unspin.scan.stages import SENTENCES, build_crawl_archive, links_of, list_inputs, scan_rows
from unspin.scan.shared_keys import shared_key_links
from unspin.settings import Settings

# Shipped with SparkContext.addFile under a name unique to the run: Spark refuses a second file of one
# name with other contents in the same session (two scans in one application, or a rerun).
ARCHIVE_FILE = "unspin-archive-{run}.db"
CRAWL_FILE = "unspin-crawl-{run}.db"
_OPEN: dict[str, Archive] = {}  # per Python worker: archives opened once and reused across partitions


def snapshot(src: Path, dst: Path) -> Path:
    """A single-file, rollback-journal copy of an archive (a WAL file would not travel with addFile)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if dst.exists():
        dst.unlink()
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dst)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()
    return dst


def run_token() -> str:
    """A fresh token for the names of the files one run ships to the executors."""
    return uuid.uuid4().hex[:12]


def open_shipped(name: str | None) -> Archive | None:
    if name is None:
        return None
    from pyspark import SparkFiles

    path = SparkFiles.get(name)
    if path not in _OPEN:
        _OPEN[path] = Archive(path, readonly=True)
    return _OPEN[path]


def read_file(item: tuple[int, str]) -> Iterator[tuple[int, int, dict[str, Any]]]:
    from unspin.ingest import read

    fi, path = item
    for ii, doc in enumerate(read(path)):
        yield fi, ii, doc.to_dict()


def _scan_partition(archive_name: str | None, settings: dict[str, Any], columns: list[str]):
    def run(items: Iterator[tuple[int, int, dict[str, Any]]]) -> Iterator[tuple]:
        from unspin.records import Document

        archive = open_shipped(archive_name)
        s = Settings(**settings)
        for fi, ii, d in items:
            for row in scan_rows([(fi, ii, Document.from_dict(d))], archive, s):
                yield tuple(row.get(c) for c in columns)

    return run


def link_partition(crawl_name: str, settings: dict[str, Any]):
    def run(rows: Iterator[Any]) -> Iterator[tuple]:
        crawl = open_shipped(crawl_name)
        s = Settings(**settings)
        for link in links_of((r.asDict() for r in rows), crawl, s):
            yield (link.page_id, link.linked_id, link.confidence, link.transformation, link.mt_probability, link.rank, link.basis)

    return run


def session(master: str = "local[2]", app_name: str = "unspin-scan"):
    """A SparkSession for the scan; executors use this Python (the one unspin is installed in)."""
    from pyspark.sql import SparkSession

    # Python workers must run the interpreter unspin is installed in (a venv); Spark otherwise starts
    # "python3" from PATH. An explicit PYSPARK_PYTHON (a cluster's own) wins.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master).appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def run_spark(
    sources: list[str],
    archive: str | Path | None,
    out_dir: str | Path,
    *,
    master: str = "local[2]",
    settings: Settings | None = None,
    partitions: int | None = None,
    spark: Any = None,
) -> ScanSummary:
    """Scan a crawl with Spark; writes the same outputs as ``unspin.scan.scan``.

    Args:
        sources: crawl files and directories (paths the executors can read).
        archive: path of the archive of originals.
        out_dir: results folder; Spark's intermediate data goes to ``out_dir/work-spark``.
        master: Spark master when no session is given (``local[2]``, ``spark://…``, ``yarn``).
        settings: pipeline settings.
        partitions: partitions of the scan stage (default: 4 × default parallelism).
        spark: an existing SparkSession (tests, notebooks); else one is created and stopped.

    Returns:
        A ScanSummary.
    """
    from unspin.spark.schema import scan_result_schema

    start = time.perf_counter()
    settings = settings or Settings()
    out = Path(out_dir)
    work = out / "work-spark"
    if work.exists():
        shutil.rmtree(work)  # Spark recomputes lost tasks itself; a rerun starts clean
    work.mkdir(parents=True)
    files = list_inputs(sources)
    own = spark is None
    spark = spark or session(master)
    sc = spark.sparkContext
    try:
        archive_name = None
        if archive is not None:
            archive_name = ARCHIVE_FILE.format(run=run_token())
            sc.addFile(str(snapshot(Path(archive), work / archive_name)))
        opts = asdict(settings)
        schema = scan_result_schema(with_sentences=True)
        columns = schema.fieldNames()
        n = partitions or 4 * sc.defaultParallelism
        docs = sc.parallelize(list(enumerate(files)), max(1, len(files))).flatMap(read_file)
        if n > len(files):
            docs = docs.repartition(n)
        rows = docs.mapPartitions(_scan_partition(archive_name, opts, columns))
        stats = finish_scan(spark, rows, schema, work, out, n, opts)
    finally:
        if own:
            spark.stop()
    return ScanSummary(out_dir=out, resumed_chunks=0, seconds=round(time.perf_counter() - start, 3), **stats)


def finish_scan(spark: Any, rows: Any, schema: Any, work: Path, out: Path, n: int, opts: dict[str, Any]) -> dict[str, int]:
    """Stages 2-4 from the scanned part rows: crawl archive, page-to-page links, clusters and outputs."""
    from pyspark.sql import functions as F

    from unspin.spark.schema import LINK_SCHEMA

    sc = spark.sparkContext
    spark.createDataFrame(rows, schema).write.parquet(str(work / "pages.parquet"))
    scanned = spark.read.parquet(str(work / "pages.parquet"))
    pages = scanned.orderBy("file_index", "item_index")  # input order: the order of every output

    crawl_path = work / "pages.db"
    build_crawl_archive((r.asDict() for r in pages.toLocalIterator()), crawl_path)
    crawl_name = CRAWL_FILE.format(run=run_token())
    sc.addFile(str(snapshot(crawl_path, work / crawl_name)))
    todo = scanned.where(F.col("original_id").isNull() & ~F.col("skipped")).select("page_id", "url", "original_id",
                                                                                    "skipped", SENTENCES)
    links_rdd = todo.rdd.repartition(n).mapPartitions(link_partition(crawl_name, opts))
    spark.createDataFrame(links_rdd, LINK_SCHEMA).write.parquet(str(work / "links.parquet"))
    links = [Link(**r.asDict()) for r in spark.read.parquet(str(work / "links.parquet")).collect()]
    keys = scanned.select("page_id", "url", "title", "original_id", "skipped", "file_index", "item_index")
    with Archive(crawl_path, readonly=True) as crawl:  # shared ids, slugs, titles: one pass on the driver
        links += shared_key_links((r.asDict() for r in keys.orderBy("file_index", "item_index").toLocalIterator()),
                                  crawl, {k.page_id for k in links})
    results = scanned.drop(SENTENCES).orderBy("file_index", "item_index")  # column pruning: no text
    return finalize(lambda: (ScanResult.from_dict(r.asDict()) for r in results.toLocalIterator()), links, out)


def entry_parser(prog: str, description: str, crawl_help: str, out_help: str) -> argparse.ArgumentParser:
    """The spark-submit arguments both engines take: crawl paths, --out, --master, --settings."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("crawl", nargs="+", help=crawl_help)
    parser.add_argument("--out", required=True, help=out_help)
    parser.add_argument("--master", default=os.environ.get("SPARK_MASTER", "local[2]"))
    parser.add_argument("--settings", help="TOML file with [unspin] settings")
    return parser


def settings_of(args: argparse.Namespace) -> Settings:
    """The ``--settings`` TOML file's settings, or the defaults."""
    return Settings.from_toml(args.settings) if args.settings else Settings()


def main(argv: list[str] | None = None) -> int:
    """spark-submit entry point."""
    parser = entry_parser("unspin.spark.job", "Scan a crawl with Spark.", "crawl files or directories", "results folder")
    parser.add_argument("--archive", required=False, help="archive of originals (SQLite file)")
    args = parser.parse_args(argv)
    summary = run_spark(args.crawl, args.archive, args.out, master=args.master, settings=settings_of(args))
    print(summary.to_dict())
    return 0


if __name__ == "__main__":
    sys.exit(main())

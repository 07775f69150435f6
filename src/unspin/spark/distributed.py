"""Spark scan against a Parquet archive (``spark.parquet``): no archive file on any executor.

Stage 1 of ``spark.job`` (check every page against the archive) becomes joins, each a shuffle:

A. executors read the crawl and compute each page's weighted terms (residue sentences left out, as
   ``check`` does); joined with ``df/`` they give each page its document frequencies;
B. executors pick the query terms with ``match.find.query_terms`` (the local engine's function);
C. the query terms are joined with ``postings/`` (only rare terms are queried, so the join carries
   few postings per page) and executors rank the candidates with FTS5's bm25 (``parquet.bm25_rank``);
D. the candidates are joined with the term sets of ``originals/``; executors pick the few that
   ``find_original`` rescores (``match.coverage.rescore_keys``, the local engine's function), and only those,
   with the members of their carrier groups, are joined with the full rows (text, sentences) of ``originals/``;
E. executors run ``scan_rows`` (the library's ``scan_one`` -> ``check`` -> ``find_original``) against
   an ``ArchiveView`` holding exactly that page's slice of the archive.

Stages 2-4 (crawl archive, page-to-page links, clusters, outputs) are ``spark.job.finish_scan``.
Shuffle bytes are read from Spark's status store and reported per page (``shuffle_bytes``).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from unspin.errors import ConfigError
from unspin.match.coverage import rescore_keys
from unspin.match.find import copy_terms_of, query_terms
from unspin.records import Document, ScanSummary
from unspin.scan.stages import list_inputs, scan_rows
from unspin.settings import Settings
from unspin.spark.job import entry_parser, finish_scan, read_file, session, settings_of
from unspin.spark.parquet import POSTINGS_FORMAT, ArchiveView, rank_page
from unspin.text.fingerprint import SentenceBags
from unspin.traces.residue import find_residue, residue_sentence_indexes

_SHIFT = 1 << 32  # page id = file index * 2^32 + item index
READER_BATCH_ROWS = 256  # rows per vectorized Parquet batch when reading the archive (Spark's default: 4,096)


def copy_terms(doc: Document) -> dict[str, float]:
    """The page's terms as ``find_original`` weighs them (max weight per stem, residue sentences left out)."""
    if not doc.sentences:
        return {}
    return copy_terms_of(SentenceBags.of(doc.sentences), residue_sentence_indexes(doc, find_residue(doc)))


def _wanted(table: Any, asked: Any, column: str) -> Any:
    """The rows of an archive table whose ``column`` the crawl's rows ``asked`` hold (a map-side broadcast join)."""
    from pyspark.sql.functions import broadcast

    return table.join(broadcast(asked.select(column).distinct()), column)


def shuffle_stages(spark: Any) -> dict[int, tuple[str, int, float]]:
    """Stage id -> (name, shuffle bytes written, executor seconds) of every stage of this application so far.

    Read from Spark's status store. A stage's name is its call site ("groupWith at …/distributed.py:173" for an RDD
    step): it says which step of the scan moved the bytes and where the executors' time went (run time summed over
    the stage's tasks, so it can exceed the wall time).
    """
    store = spark.sparkContext._jsc.sc().statusStore()  # noqa: SLF001 - py4j: no Python API for stage metrics
    defaults = [getattr(store, f"stageList$default${i}")() for i in range(2, 6)]  # Spark 4: 5 parameters
    it = store.stageList(None, *defaults).iterator()
    out: dict[int, tuple[str, int, float]] = {}
    while it.hasNext():
        stage = it.next()
        out[int(stage.stageId())] = (str(stage.name()), int(stage.shuffleWriteBytes()), int(stage.executorRunTime()) / 1000)
    return out


def run_spark_parquet(
    sources: list[str],
    archive_dir: str | Path,
    out_dir: str | Path,
    *,
    master: str = "local[2]",
    settings: Settings | None = None,
    partitions: int | None = None,
    spark: Any = None,
) -> ScanSummary:
    """Scan a crawl against a Parquet archive (paths may be object storage: s3a://, gs://, abfss://)."""
    start = time.perf_counter()
    settings = settings or Settings()
    out = Path(out_dir)
    work = out / "work-spark"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    files = list_inputs(sources)
    own = spark is None
    spark = spark or session(master)
    sc = spark.sparkContext
    root = str(archive_dir).rstrip("/")
    from pyspark.sql.functions import broadcast

    try:
        # Archive rows carry whole articles: the vectorized Parquet reader's default 4,096-row batches of long texts
        # ran a local[2] driver (1 GB heap) out of memory on a 100k archive with blog/Wikipedia filler.
        spark.conf.set("spark.sql.parquet.columnarReaderBatchSize", str(READER_BATCH_ROWS))
        meta = json.loads(spark.read.text(f"{root}/meta.json", wholetext=True).first()[0])
        if meta.get("postings_format") != POSTINGS_FORMAT:
            raise ConfigError(f"{root} was exported by an older unspin (postings format {meta.get('postings_format', 1)}, "
                              f"this one reads {POSTINGS_FORMAT}): export it again (python -m unspin.spark.export)")
        before = shuffle_stages(spark)
        opts = asdict(settings)
        n = partitions or 4 * sc.defaultParallelism
        docs = sc.parallelize(list(enumerate(files)), max(1, len(files))).flatMap(read_file)
        if n > len(files):
            docs = docs.repartition(n)
        pages = docs.map(lambda x: (x[0] * _SHIFT + x[1], x)).persist()
        pages_count = pages.count()
        originals = spark.read.parquet(f"{root}/originals")
        # A: page terms x document frequencies
        terms = pages.flatMap(lambda kv: [(kv[0], t, w) for t, w in copy_terms(Document.from_dict(kv[1][2])).items()])
        # the archive's document frequencies (bounded by its vocabulary) go to every executor: no shuffle of either side
        tdf = spark.createDataFrame(terms, "pid long, term string, weight double").join(
            broadcast(spark.read.parquet(f"{root}/df")), "term", "left")
        per_page = tdf.rdd.map(lambda r: (r.pid, (r.term, r.weight, r.df or 0))).groupByKey().mapValues(list).persist()
        # B: query terms (the local engine's own choice)
        count, avgdl, k = meta["originals"], meta["avgdl"], settings.candidates_k

        def query(item: tuple[int, list]) -> list[tuple[str, int]]:
            pid, rows = item
            view = ArchiveView(count, {t: df for t, _, df in rows}, [], {})
            q = query_terms({t: w for t, w, _ in rows}, view, Settings(**opts))
            return [(t, view.document_frequency([t])[t]) for t in q]

        q = spark.createDataFrame(per_page.flatMap(lambda kv: [(kv[0], t, i, df) for i, (t, df) in enumerate(query(kv))]),
                                  "pid long, term string, qrank int, df long")
        # C: the join on rare terms, ranked as the local archive ranks. Every join with an archive table first cuts the
        # table to the rows the crawl asks for, by a broadcast join on the distinct terms / keys (bounded by the archive,
        # not the crawl): a plain join shuffles the whole table once per scan (the originals' term sets alone were
        # 26 MB of the 50 MB a 300-page scan of a 16k archive moved). A term's postings travel to each page that
        # queries it as one row of two byte strings (~4 bytes a posting); as one row per posting (postings format 1)
        # they were three quarters of a scan's shuffle bytes.
        matched = q.join(_wanted(spark.read.parquet(f"{root}/postings").select("term", "keys", "lengths"), q, "term"), "term")
        retriever = meta.get("retriever", "postings")
        hits = matched.rdd.map(lambda r: (r.pid, (r.qrank, r.df, bytes(r.keys), bytes(r.lengths)))).groupByKey().mapValues(
            lambda rows: rank_page(rows, count, avgdl, k, retriever)).persist()
        # D: the candidates' term sets; the rescored ones and their carriers' documents
        cand = spark.createDataFrame(hits.flatMap(lambda kv: [(kv[0], key) for key, _ in kv[1]]), "pid long, key long")
        cterms = cand.join(_wanted(originals.select("key", "terms"), cand, "key"), "key").rdd.map(
            lambda r: (r.pid, (r.key, r.terms))).groupByKey().mapValues(dict).persist()
        rescore_k = settings.rescore_k

        def rescored(item: tuple[int, Any]) -> tuple[int, tuple[list[int], dict[int, list[str]]]]:
            """The keys ``find_original`` will rescore, and each candidate's terms that the page shares (all that
            its containment, hence the same choice on the executor of stage E, reads)."""
            pid, (dfrows, hit, terms) = item
            dfrows, hit, terms = list(dfrows), list(hit), list(terms)
            if not hit or not dfrows:
                return pid, ([], {})
            copy = {t: w for t, w, _ in dfrows[0]}
            shared = {k: [t for t in ts if t in copy] for k, ts in (terms[0] if terms else {}).items()}
            return pid, (rescore_keys(copy, hit[0], shared, rescore_k), shared)

        ranked = per_page.groupWith(hits, cterms).map(rescored).persist()
        chosen = spark.createDataFrame(ranked.flatMap(lambda kv: [(kv[0], k) for k in kv[1][0]]), "pid long, key long")
        grp = originals.select("key", "grp").where("grp IS NOT NULL")
        members = chosen.join(_wanted(grp, chosen, "key"), "key").select("pid", "grp").distinct().join(grp, "grp").select("pid", "key")
        cols = ["key", "id", "url", "title", "published", "image", "source", "text", "sentences", "terms", "grp", "similarity"]
        need = chosen.union(members).distinct()
        need = need.join(_wanted(originals.select(*cols), need, "key"), "key")
        slices = need.rdd.map(lambda r: (r.pid, r.asDict())).groupByKey().mapValues(list)
        ids = spark.createDataFrame(pages.flatMap(lambda kv: [(kv[0], x) for x in {kv[1][2]["id"], kv[1][2].get("url")} if x]),
                                    "pid long, x string")
        # the archive's ids (bounded by the archive) go to every executor; the crawl's ids are not shuffled at all
        known = ids.join(broadcast(originals.select(originals.id.alias("x"))), "x").rdd.map(lambda r: (r.pid, r.x))
        # E: the library's own check on each page's slice
        from unspin.spark.schema import scan_result_schema

        schema = scan_result_schema(with_sentences=True)
        columns = schema.fieldNames()
        grouped = pages.groupWith(per_page, hits, slices, known, ranked.mapValues(lambda v: v[1]))

        def scan(item: tuple[int, Any]) -> Iterator[tuple]:
            _, (page, dfrows, hit, slice_, known_, terms) = item
            page, dfrows, hit, slice_, terms = list(page), list(dfrows), list(hit), list(slice_), list(terms)
            if not page:
                return
            fi, ii, d = page[0]
            view = ArchiveView(count, {t: df for t, _, df in (dfrows[0] if dfrows else [])}, hit[0] if hit else [],
                               {x["key"]: x for x in (slice_[0] if slice_ else [])}, list(known_), terms[0] if terms else {})
            for row in scan_rows([(fi, ii, Document.from_dict(d))], view, Settings(**opts)):  # type: ignore[arg-type]
                yield tuple(row.get(c) for c in columns)

        rows = grouped.flatMap(scan)
        stats = finish_scan(spark, rows, schema, work, out, n, opts)
        stages = [(i, name, b, sec) for i, (name, b, sec) in sorted(shuffle_stages(spark).items()) if i not in before]
        moved = sum(b for _, _, b, _ in stages)
        pages.unpersist()
        cterms.unpersist()
        ranked.unpersist()
    finally:
        if own:
            spark.stop()
    summary = ScanSummary(out_dir=out, resumed_chunks=0, seconds=round(time.perf_counter() - start, 3), **stats)
    (out / "shuffle.json").write_text(json.dumps({"pages": pages_count, "shuffle_bytes": moved,
                                                  "shuffle_bytes_per_page": moved / max(1, pages_count),
                                                  "stages": [{"id": i, "name": name, "bytes": b, "seconds": sec}
                                                             for i, name, b, sec in stages if b],
                                                  "executor_seconds": [{"id": i, "name": name, "seconds": sec}
                                                                       for i, name, _, sec in stages]}))
    return summary


def main(argv: list[str] | None = None) -> int:
    """spark-submit entry point (see README "Scanning a crawl")."""
    import sys

    parser = entry_parser("unspin.spark.distributed", "Scan a crawl against a Parquet archive.",
                          "crawl files or directories (object-storage paths work)", "results folder (written by the driver)")
    parser.add_argument("--archive-parquet", required=True, help="folder written by `python -m unspin.spark.export`")
    parser.add_argument("--partitions", type=int, default=None)
    args = parser.parse_args(argv)
    summary = run_spark_parquet(args.crawl, args.archive_parquet, args.out, master=args.master, settings=settings_of(args),
                                partitions=args.partitions)
    print(summary.to_dict(), file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Parquet-archive Spark scan vs the local engine: (archive, crawl) -> equality of every output row, time, shuffle per page."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def run_spark_archive(archive: Path, crawl: Sequence[str], workdir: Path, *, master: str = "local[2]",
                      log: Callable[[str], None] = print) -> tuple[list[dict], list[str]]:
    import pyarrow.parquet as pq

    from ..scan import scan
    from ..spark.distributed import run_spark_parquet
    from ..spark.parquet import export

    workdir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    meta = export(archive, workdir / "parquet")
    export_s = time.perf_counter() - t0
    parquet_mb = sum(p.stat().st_size for p in (workdir / "parquet").rglob("*") if p.is_file()) / 2**20
    log(f"exported {meta['originals']:,} originals ({parquet_mb:,.0f} MB) in {export_s:.0f} s; local scan …")
    t0 = time.perf_counter()
    local = scan(list(crawl), archive, workdir / "local", workers=1, progress=False)
    local_s = time.perf_counter() - t0
    log("Spark scan on the Parquet archive …")
    t0 = time.perf_counter()
    remote = run_spark_parquet(list(crawl), workdir / "parquet", workdir / "spark", master=master)
    spark_s = time.perf_counter() - t0
    diffs = {}
    for name in ("pages", "domains", "errors"):
        a = pq.read_table(workdir / "local" / f"{name}.parquet").to_pylist()
        b = pq.read_table(workdir / "spark" / f"{name}.parquet").to_pylist()
        diffs[name] = sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
    moved = json.loads((workdir / "spark" / "shuffle.json").read_text())
    rows = [{"engine": "local (SQLite archive)", "pages": local.pages, "with original": local.with_original,
             "clusters": local.clusters, "seconds": local_s, "pages/s": local.pages / local_s},
            {"engine": f"Spark {master}, Parquet archive", "pages": remote.pages, "with original": remote.with_original,
             "clusters": remote.clusters, "seconds": spark_s, "pages/s": remote.pages / spark_s,
             "rows differing (pages/domains/errors)": "/".join(str(diffs[n]) for n in ("pages", "domains", "errors")),
             "shuffle MB": moved["shuffle_bytes"] / 2**20, "shuffle kB/page": moved["shuffle_bytes_per_page"] / 1024}]
    notes = [f"archive: {meta['originals']:,} originals, Parquet {parquet_mb:,.0f} MB (export {export_s:.0f} s); crawl: "
             f"{', '.join(map(str, crawl))}",
             "shuffle = bytes written by every Spark shuffle of the scan (Spark's status store), stage 1 joins and stages 2-4."]
    by_site: dict[str, int] = {}
    for stage in moved.get("stages", []):
        by_site[stage["name"]] = by_site.get(stage["name"], 0) + stage["bytes"]
    top = sorted(by_site.items(), key=lambda kv: -kv[1])[:8]
    if top:
        notes.append("largest shuffles by call site: " + "; ".join(f"{name} {b / 2**20:,.1f} MB" for name, b in top))
    busy: dict[str, float] = {}
    for stage in moved.get("executor_seconds", []):
        busy[stage["name"]] = busy.get(stage["name"], 0.0) + stage["seconds"]
    slow = sorted(busy.items(), key=lambda kv: -kv[1])[:8]
    if slow:
        notes.append(f"executor time by call site (task run time summed, {sum(busy.values()):,.0f} s in all): "
                     + "; ".join(f"{name} {sec:,.0f} s" for name, sec in slow))
    return rows, notes

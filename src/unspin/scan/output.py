"""Scan outputs: ScanResults + Links -> pages, domains, errors (Parquet + CSV) and report.html in out_dir.

Both engines end here with the same rows in the same order, so their outputs are the same files.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..records import Link, ScanResult
from .clusters import assign_clusters, with_cluster
from .report_html import write_report
from .page import lag_hours, parse_time

# The output contract first (issue 4: other tools read these names), then everything else.
CONTRACT = ("page_id", "url", "domain", "original_id", "confidence", "cluster_id", "transformation", "lag_hours", "error")
PAGE_COLUMNS = CONTRACT + tuple(f.name for f in fields(ScanResult) if f.name not in CONTRACT)
DOMAIN_COLUMNS = ("copier_domain", "publisher", "pages", "clusters", "median_lag_hours", "dominant_transformation",
                  "transformations", "altered_quotes", "changed_numbers", "methods")
ERROR_COLUMNS = ("page_id", "source", "url", "error", "skipped")
UNKNOWN_DOMAIN = "(unknown)"
_BATCH = 4096


def _arrow_type(annotation: str):
    import pyarrow as pa

    base = annotation.replace(" | None", "").strip()
    return {"str": pa.string(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}[base]


def page_schema():
    """Arrow schema of pages.parquet, generated from ScanResult's fields."""
    import pyarrow as pa

    types = {f.name: _arrow_type(str(f.type)) for f in fields(ScanResult)}
    return pa.schema([pa.field(name, types[name]) for name in PAGE_COLUMNS])


def domain_schema():
    import pyarrow as pa

    return pa.schema([("copier_domain", pa.string()), ("publisher", pa.string()), ("pages", pa.int64()),
                      ("clusters", pa.int64()), ("median_lag_hours", pa.float64()),
                      ("dominant_transformation", pa.string()), ("transformations", pa.string()),
                      ("altered_quotes", pa.int64()), ("changed_numbers", pa.int64()), ("methods", pa.string())])


def error_schema():
    import pyarrow as pa

    return pa.schema([("page_id", pa.string()), ("source", pa.string()), ("url", pa.string()), ("error", pa.string()),
                      ("skipped", pa.bool_())])


class _TableWriter:
    """Parquet and CSV of one table, written in batches to temporary names and renamed at the end."""

    def __init__(self, out_dir: Path, name: str, schema) -> None:
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq

        self.schema = schema
        self.final = [out_dir / f"{name}.parquet", out_dir / f"{name}.csv"]
        self.tmp = [p.with_name(f".{p.name}.tmp") for p in self.final]
        self.parquet = pq.ParquetWriter(self.tmp[0], schema)
        self.csv = pacsv.CSVWriter(str(self.tmp[1]), schema)
        self.batch: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        self.batch.append(row)
        if len(self.batch) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.batch:
            table = pa.Table.from_pylist(self.batch, schema=self.schema)
            self.parquet.write_table(table)
            self.csv.write_table(table)
            self.batch = []

    def close(self) -> None:
        self.flush()
        self.parquet.close()
        self.csv.close()
        for tmp, final in zip(self.tmp, self.final, strict=True):
            os.replace(tmp, final)


@dataclass(slots=True)
class _Cluster:
    size: int = 0
    original_id: str | None = None
    publisher: str | None = None
    earliest: tuple[Any, str, str | None] | None = None  # (time, page_id, domain) of the first published page
    domains: Counter = field(default_factory=Counter)


def finalize(results: Callable[[], Iterator[ScanResult]], links: Iterable[Link], out_dir: Path) -> dict[str, int]:
    """Cluster the pages, fill the cluster fields, and write every output file.

    Args:
        results: returns a fresh iterator over the scan's ScanResults in input order (read twice:
            once to cluster, once to write, so the crawl is never held in memory).
        links: page-to-page links of pages without an archive original, each page's best first.
        out_dir: the results folder.

    Returns:
        Counts for the ScanSummary (pages, scanned, errors, with_original, linked, clusters).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    edges: list[tuple[str, str]] = []
    link_of: dict[str, Link] = {}
    for k in links:
        edges.append((k.page_id, k.linked_id))
        if k.rank == 0:
            link_of[k.page_id] = k
    pages: list[tuple[str, str | None]] = []
    archived: list[tuple[str, str]] = []
    meta: dict[str, tuple[Any, str | None]] = {}
    for r in results():
        pages.append((r.page_id, r.original_id))
        if r.archived_id is not None:
            archived.append((r.page_id, r.archived_id))
        if not r.skipped:
            meta[r.page_id] = (parse_time(r.published), r.domain)
    ids = assign_clusters(pages, edges, archived)
    clusters: dict[str, _Cluster] = defaultdict(_Cluster)
    for r in results():
        c = clusters[ids[r.page_id]]
        c.size += 1
        if r.original_id is not None and c.original_id is None:
            c.original_id, c.publisher = r.original_id, r.publisher
        t, dom = meta.get(r.page_id, (None, None))
        if t is not None and (c.earliest is None or (t, r.page_id) < c.earliest[:2]):
            c.earliest = (t, r.page_id, dom)
        c.domains[r.domain or UNKNOWN_DOMAIN] += 1
    del pages, meta

    writer = _TableWriter(out_dir, "pages", page_schema())
    errors = _TableWriter(out_dir, "errors", error_schema())
    by_pair: dict[tuple[str, str], dict[str, Any]] = {}
    lags: list[float] = []
    counts = Counter()
    for r in results():
        row = _finish(r, ids[r.page_id], clusters[ids[r.page_id]], link_of.get(r.page_id))
        writer.write({k: getattr(row, k) for k in PAGE_COLUMNS})
        counts["pages"] += 1
        counts["scanned"] += not row.skipped
        counts["errors"] += row.skipped
        counts["with_original"] += row.original_id is not None
        counts["linked"] += row.linked_to is not None
        if row.error:
            errors.write({"page_id": row.page_id, "source": row.source, "url": row.url, "error": row.error,
                          "skipped": row.skipped})
        copier = row.domain or UNKNOWN_DOMAIN
        if row.publisher and row.publisher != copier:
            agg = by_pair.setdefault((copier, row.publisher), {"pages": 0, "lags": [], "kinds": Counter(), "clusters": set(),
                                                               "altered_quotes": 0, "changed_numbers": 0,
                                                               "methods": Counter()})
            agg["pages"] += 1
            agg["altered_quotes"] += row.altered_quotes or 0
            agg["changed_numbers"] += row.changed_numbers or 0
            agg["clusters"].add(row.cluster_id)
            if row.lag_hours is not None:
                agg["lags"].append(row.lag_hours)
                lags.append(row.lag_hours)
            agg["kinds"][row.transformation or "unknown"] += 1
            if row.method is not None:
                agg["methods"][row.method] += 1
    writer.close()
    errors.close()
    domains = domain_rows(by_pair)
    dw = _TableWriter(out_dir, "domains", domain_schema())
    for d in domains:
        dw.write(d)
    dw.close()
    counts["clusters"] = sum(1 for c in clusters.values() if c.size > 1)
    counts["singletons"] = counts["scanned"] - sum(c.size for c in clusters.values() if c.size > 1)
    write_report(out_dir / "report.html", dict(counts), domains, lags, _top_clusters(clusters))
    return {k: int(counts[k]) for k in ("pages", "scanned", "errors", "with_original", "linked", "clusters", "singletons")}


def _finish(r: ScanResult, cid: str, c: _Cluster, link: Link | None) -> ScanResult:
    changes: dict[str, Any] = {"cluster_id": cid, "cluster_size": c.size}
    if r.original_id is None and link is not None:
        # the sibling's judgement wins where it has one; the page's own detector score stays otherwise
        changes.update(linked_to=link.linked_id, link_confidence=link.confidence, link_basis=link.basis,
                       transformation=link.transformation or r.transformation,
                       mt_probability=link.mt_probability if link.mt_probability is not None else r.mt_probability)
    if r.original_id is None and not r.skipped and c.size > 1:
        if changes.get("transformation", r.transformation) is None and r.method == "llm-written":
            # a copy (its cluster says so) that no link of its own judged: the detector's verdict says how it was made
            changes["transformation"] = "llm-paraphrased"
        if c.publisher is not None:  # linked into a cluster whose original is archived
            changes["publisher"] = c.publisher
        elif c.earliest is not None and c.earliest[1] != r.page_id:
            # No archived original: the earliest-published page of the cluster is the best guess of
            # who was copied (passim's direction rule); the lag is measured from it.
            lag = lag_hours(r.published, c.earliest[0].isoformat())
            if lag is not None:
                changes.update(publisher=c.earliest[2], lag_hours=lag, lag_basis="earliest-copy")
    return with_cluster(r, **changes)


def domain_rows(by_pair: dict[tuple[str, str], dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (copier domain, publisher): pages, clusters, median lag, dominant transformation, drift, method verdicts.

    Ranked by drift first (altered quotes + changed figures: the sites that change what a story says),
    then by pages copied.
    """
    rows = []
    for (copier, publisher), agg in by_pair.items():
        kinds = sorted(agg["kinds"].items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append({
            "copier_domain": copier,
            "publisher": publisher,
            "pages": agg["pages"],
            "clusters": len(agg["clusters"]),
            "median_lag_hours": round(statistics.median(agg["lags"]), 3) if agg["lags"] else None,
            "dominant_transformation": kinds[0][0] if kinds else None,
            "transformations": "; ".join(f"{k}:{n}" for k, n in kinds),
            "altered_quotes": agg.get("altered_quotes", 0),
            "changed_numbers": agg.get("changed_numbers", 0),
            # the detector's method verdicts of the pages it scored ("llm-written:3; none:1"): who runs an LLM farm
            "methods": "; ".join(f"{k}:{n}" for k, n in sorted(agg.get("methods", Counter()).items(),
                                                              key=lambda kv: (-kv[1], kv[0]))),
        })
    rows.sort(key=lambda d: (-(d["altered_quotes"] + d["changed_numbers"]), -d["pages"], d["copier_domain"], d["publisher"]))
    return rows


def _top_clusters(clusters: dict[str, _Cluster], n: int = 25) -> list[dict[str, Any]]:
    big = sorted(((cid, c) for cid, c in clusters.items() if c.size > 1), key=lambda kv: (-kv[1].size, kv[0]))[:n]
    return [
        {"cluster_id": cid, "size": c.size, "original_id": c.original_id, "publisher": c.publisher,
         "domains": ", ".join(f"{d} ({k})" for d, k in sorted(c.domains.items(), key=lambda kv: (-kv[1], kv[0]))[:6])}
        for cid, c in big
    ]

"""Scan a crawl: crawl files -> one ScanResult per page, clusters of copies, domain table, report.html.

Stages, each in its own module, in import order (lower never imports higher):

- ``page``         Document -> ScanResult against the archive (``scan_one``); page -> page Links (``link_one``)
- ``clusters``     (page, original) and (page, page) links -> stable cluster ids (union-find)
- ``stages``       engine-neutral steps: list inputs, scan rows, build the crawl archive, link rows
- ``report_html``  counts, domains, lags -> self-contained report.html (inline SVG)
- ``output``       ScanResults + Links -> pages/domains/errors as Parquet and CSV, and the report
- ``progress``     the rich progress bar
- ``local``        the local engine: resumable work folder, worker pool -> ScanSummary (``scan``)

The Spark engine (``unspin.spark``) runs ``stages``, ``clusters`` and ``output``; never ``local``.
"""

from ..records import Link, ScanResult, ScanSummary, Transformation
from .clusters import assign_clusters, cluster_id
from ..match.kinds import transformation
from .local import scan
from .page import domain_of, lag_hours, link_one, parse_time, scan_one

__all__ = ["Link", "ScanResult", "ScanSummary", "Transformation", "assign_clusters", "cluster_id", "domain_of",
           "lag_hours", "link_one", "parse_time", "scan", "scan_one", "transformation"]

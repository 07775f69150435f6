"""Scan a crawl: (Document, Archive) -> ScanResult per page; crawl files -> clusters, domain report, report.html.

A scan has four resumable stages, each built on the library's own functions so that the local and
the Spark engine cannot drift apart:

1. ``scan_one`` every page against the archive of originals (``check.check``: residue, match, align);
2. put every page into a *crawl archive* (an ``Archive`` of the crawl's own pages, on disk in the
   work folder) so that pages can be matched with each other;
3. ``link_one`` every page that has no original in the archive to its closest sibling in the crawl
   (``match.find_original`` with the page itself excluded): copies of one original find each other
   even when that original was never archived, and independent same-story articles abstain exactly
   as they do against the archive;
4. ``assign_clusters`` (union-find over page→original and page→page links) and write the outputs.

The transformation kinds live in ``scan_kinds``, the local engine and the file layout in
``scan_parts`` (work folder, part files, manifest, workers; progress bar in ``scan_progress``), the
outputs in ``scan_output``, the HTML report in ``scan_html`` and the Spark engine in ``unspin.spark``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .archive import Archive
from .check import Stages, check
from .match import find_original
from .records import Document, Link, ScanResult
from .scan_kinds import Transformation, mt_probability, needs_mt, transformation
from .settings import Settings

__all__ = ["Link", "ScanResult", "ScanSummary", "Transformation", "assign_clusters", "link_one", "scan", "scan_one",
           "transformation"]

# A page-to-page link merges two whole clusters, so it needs more evidence than an archive match.
# On a 10,000-page wmt-dev + Reuters crawl (seed 0; bench scan) links between two MT copies of one
# document have confidence p5 0.990, median 0.9985, while links between Reuters stories that are not
# re-issues of each other (one wire template: "Oper shr loss … vs …", weekly bill auctions) have
# median 0.973; at 0.99 cluster purity is 0.991 there, at 0.9 it is 0.964.
LINK_MIN_CONFIDENCE = 0.99
MAX_LINKS = 3


@dataclass(frozen=True, slots=True)
class ScanSummary:
    """What a ``scan`` call did and where it wrote it."""

    out_dir: Path
    pages: int
    scanned: int  # pages read and scanned (not skipped)
    errors: int  # pages skipped because they could not be read
    with_original: int
    linked: int  # pages without an archive original linked to a sibling
    clusters: int  # clusters of two or more pages
    resumed_chunks: int  # finished chunks found from an earlier, interrupted run
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {f.name: str(getattr(self, f.name)) if f.name == "out_dir" else getattr(self, f.name) for f in fields(self)}


# -- per page ---------------------------------------------------------------------------------------
def domain_of(url: str | None) -> str | None:
    """Host of a URL, lowercased, without a leading "www." (None when there is no host).

    Examples:
        >>> domain_of("https://www.NYTimes.com/2025/03/30/world/x.html")
        'nytimes.com'
    """
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def parse_time(value: str | None) -> _dt.datetime | None:
    """An ISO 8601 date or datetime (or a WARC/HTTP-style variant) as an aware UTC datetime."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        t = _dt.datetime.fromisoformat(text)
    except ValueError:
        t = None
        for fmt in ("%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S", "%a, %d %b %Y %H:%M:%S %z", "%Y/%m/%d"):
            try:
                t = _dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if t is None:
            return None
    return t.replace(tzinfo=_dt.timezone.utc) if t.tzinfo is None else t.astimezone(_dt.timezone.utc)


def lag_hours(copy_published: str | None, original_published: str | None) -> float | None:
    """Hours from the original's publication to the copy's, when both are known.

    Examples:
        >>> lag_hours("2025-03-31T06:00:00Z", "2025-03-30")
        30.0
    """
    a, b = parse_time(copy_published), parse_time(original_published)
    if a is None or b is None:
        return None
    return round((a - b).total_seconds() / 3600.0, 3)


def scan_one(
    doc: Document,
    archive: Archive | None,
    settings: Settings | None = None,
    *,
    file_index: int = 0,
    item_index: int = 0,
) -> ScanResult:
    """Scan one crawl page against the archive of originals.

    Args:
        doc: the page (from ``unspin.read``); a page that could not be read (errors, no sentences)
            becomes a skipped row carrying its error.
        archive: the archive of originals (None: only the page's own fields are filled).
        settings: pipeline settings (matching thresholds).
        file_index: which input file the page came from (for ordering outputs).
        item_index: which item of that file it is.

    Returns:
        The page's ScanResult without cluster fields (see ``assign_clusters``).

    Examples:
        >>> r = scan_one(Document("p1", "", url="https://www.farm.example/a"), None)
        >>> r.domain, r.skipped, r.error
        ('farm.example', True, 'no text to scan')
    """
    settings = settings or Settings()
    base = dict(
        page_id=doc.id, url=doc.url, domain=domain_of(doc.url), title=doc.title, published=doc.published,
        source=doc.source, original_id=None, confidence=None, similarity=None, publisher=None,
        transformation=None, mt_probability=None, original_reused=None, copy_added=None, lag_hours=None,
        sentences=len(doc.sentences), file_index=file_index, item_index=item_index,
    )
    notes = "; ".join(doc.errors) or None
    if not doc.sentences:
        return ScanResult(**base, error=notes or "no text to scan", skipped=True)
    report = check(doc, archive, settings, stages=Stages(detect=False, restore=False))
    if report.match is None or report.original is None:
        return ScanResult(**base, error=notes, skipped=False)
    original = report.original
    mt = mt_probability(doc) if needs_mt(report.alignment) else None
    kind = transformation(doc, original, report.alignment, mt)
    base.update(
        original_id=report.match.original_id,
        confidence=round(report.match.confidence, 4),
        similarity=round(report.match.similarity, 4),
        publisher=domain_of(original.url),
        transformation=kind,
        mt_probability=mt,
        original_reused=round(report.alignment.original_reused, 4) if report.alignment else None,
        copy_added=round(report.alignment.copy_added, 4) if report.alignment else None,
        lag_hours=lag_hours(doc.published, original.published),
    )
    return ScanResult(**base, error=notes, skipped=False, lag_basis="original" if base["lag_hours"] is not None else None)


def link_one(doc: Document, crawl: Archive, settings: Settings | None = None) -> tuple[Link, ...]:
    """Link a page that has no archive original to the crawl pages it most likely shares an original with.

    ``crawl`` is an Archive of the crawl's own pages; the page itself is excluded, so a match is a
    sibling (another copy of the same, possibly unarchived, original) or the original's own page.
    Same-story independent reporting abstains, as it does against the archive of originals. Up to
    ``MAX_LINKS`` siblings are linked, best first: with one link per page the copies of a document
    can split into separate pairs of mutual best matches.

    Returns:
        The Links, best first (empty when the page has no sibling in the crawl).
    """
    from .residue import find_residue, residue_sentence_indexes

    settings = settings or Settings()
    if not doc.sentences:
        return ()
    skip = residue_sentence_indexes(doc, find_residue(doc))
    links: list[Link] = []
    exclude = {doc.id}
    for _ in range(MAX_LINKS):
        att = find_original(doc, crawl, settings, exclude_copy=skip, exclude_ids=frozenset(exclude))
        if att.match is None or att.original is None or att.match.confidence < LINK_MIN_CONFIDENCE:
            break
        kind = mt = None
        if not links:  # the page's transformation is judged against its closest sibling
            mt = mt_probability(doc) if needs_mt(att.alignment) else None
            kind = transformation(doc, att.original, att.alignment, mt)
        links.append(Link(doc.id, att.match.original_id, round(att.match.confidence, 4), kind, mt, len(links)))
        exclude.add(att.match.original_id)
    return tuple(links)


# -- clustering -------------------------------------------------------------------------------------
def assign_clusters(
    pages: Iterable[tuple[str, str | None]], links: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Cluster ids for every page: pages sharing an archive original or linked to each other are one cluster.

    Args:
        pages: ``(page_id, original_id or None)`` for every page of the crawl.
        links: ``(page_id, linked page_id)`` pairs from ``link_one``.

    Returns:
        page_id -> cluster_id. The id is a hash of the cluster's smallest archive original id (or,
        when it has none, of its smallest page id), so it is the same on every rerun and engine and
        does not depend on the input order.

    Examples:
        >>> ids = assign_clusters([("a", "o1"), ("b", "o1"), ("c", None), ("d", None)], [("c", "a")])
        >>> ids["a"] == ids["b"] == ids["c"], ids["d"] == ids["a"]
        (True, False)
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:  # path compression keeps later finds O(1)
            parent[x], x = root, parent[x]
        return root

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    page_ids: list[str] = []
    for page_id, original_id in pages:
        page_ids.append(page_id)
        find("p\0" + page_id)
        if original_id is not None:
            union("p\0" + page_id, "o\0" + original_id)
    for a, b in links:
        union("p\0" + a, "p\0" + b)
    # "o\0" < "p\0": a cluster holding an archive original is named by its smallest original id
    label: dict[str, str] = {}
    for node in parent:
        root = find(node)
        if root not in label or node < label[root]:
            label[root] = node
    return {p: cluster_id(label[find("p\0" + p)]) for p in page_ids}


def cluster_id(label: str) -> str:
    """Short stable id of a cluster from its label ("o\\0<original id>" or "p\\0<page id>")."""
    return "c" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:15]


def with_cluster(result: ScanResult, **changes: Any) -> ScanResult:
    return replace(result, **changes)


def scan(
    sources: Iterable[str | Path],
    archive: str | Path | Archive | None,
    out_dir: str | Path,
    *,
    workers: int = 1,
    settings: Settings | None = None,
    chunk_size: int = 200,
    progress: bool = True,
) -> ScanSummary:
    """Scan a crawl (WARC, JSONL, HTML files or directories) and write the results to ``out_dir``.

    Streams the input (never holds the crawl in memory), shows a progress bar with rate and ETA,
    and is resumable: finished chunks are committed as part files with a manifest under
    ``out_dir/work``; a rerun with the same arguments continues where the last one stopped.

    Args:
        sources: crawl files and directories.
        archive: path of the archive of originals (an in-memory ``Archive`` works with ``workers=1``).
        out_dir: results folder (``pages``, ``domains``, ``errors`` as Parquet and CSV, ``report.html``).
        workers: processes scanning pages in parallel.
        settings: pipeline settings.
        chunk_size: pages per part file (the unit of resumption).
        progress: show the rich progress bar.

    Returns:
        A ScanSummary.
    """
    from .scan_parts import run_local

    return run_local(
        [str(s) for s in sources], archive, Path(out_dir), workers=workers, settings=settings or Settings(),
        chunk_size=chunk_size, progress=progress,
    )

"""Crawl clusters: (page -> original) and (page -> page) links -> a stable cluster id per page (union-find)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..records import ScanResult


def assign_clusters(
    pages: Iterable[tuple[str, str | None]], links: Iterable[tuple[str, str]],
    archived: Iterable[tuple[str, str]] = (),
) -> dict[str, str]:
    """Cluster ids for every page: pages sharing an archive original or linked to each other are one cluster.

    Args:
        pages: ``(page_id, original_id or None)`` for every page of the crawl.
        links: ``(page_id, linked page_id)`` pairs from ``link_one``.
        archived: ``(page_id, archive id)`` for pages that the archive holds themselves: a page and
            its own archive entry are one cluster, so copies that matched the entry join the page.

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
    for page_id, archive_id in archived:
        union("p\0" + page_id, "o\0" + archive_id)
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

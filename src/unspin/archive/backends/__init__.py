"""Retrieval backends behind a small Protocol, chosen by name at the edge: get(name, **kw) -> Retriever.

A Retriever indexes documents as bags of weighted terms (fingerprint.terms) under integer keys and
returns the best-scoring keys for a query bag. Two keep their index in the archive's own SQLite file:
``postings`` (numpy term postings, the default for a new archive) and ``sqlite`` (FTS5, the default
before, ranks the same with more CPU); ``memory`` is a pure-Python inverted index for small in-process
collections (tests, a crawl's own pages during a scan). Third-party backends register under the
``unspin.backends`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from ...errors import ConfigError


@runtime_checkable
class Retriever(Protocol):
    """Candidate search over term bags."""

    def add(self, items: Iterable[tuple[int, Mapping[str, float]]]) -> None:
        """Index ``(key, terms)`` pairs (keys are unique; adding a key twice is the caller's bug)."""

    def search(self, query: Mapping[str, float], k: int) -> list[tuple[int, float]]:
        """The ``k`` best keys for a query bag, best first, with a backend-specific score (higher = better)."""

    def document_frequency(self, terms: Iterable[str]) -> dict[str, int]:
        """How many indexed documents contain each term (0 when absent)."""


IN_FILE = ("sqlite", "postings")  # backends that keep their index in the archive's SQLite file
# The in-file backend of a new archive: postings rank as FTS5 does (same top-1, same top-20 sets on 300
# wmt-dev copies at 48, 10k and 100k originals) for 0.7x, 0.16x and 0.07x its CPU per query, and check
# 2.1x more copies per CPU-second at 100k (BENCHMARKS.md, "Postings retriever (issue 14)").
DEFAULT = "postings"


def get(name: str, **kwargs: Any) -> Retriever:
    """Build a retriever by name ("sqlite", "postings", "memory", or an ``unspin.backends`` entry point)."""
    if name == "memory":
        from .memory import MemoryRetriever

        return MemoryRetriever(**kwargs)
    if name == "sqlite":
        from .sqlite import FTS5Retriever

        return FTS5Retriever(**kwargs)
    if name == "postings":
        from .postings import PostingsRetriever

        return PostingsRetriever(**kwargs)
    from importlib.metadata import entry_points

    for ep in entry_points(group="unspin.backends"):
        if ep.name == name:
            return ep.load()(**kwargs)
    available = ["memory", "postings", "sqlite", *sorted(ep.name for ep in entry_points(group="unspin.backends"))]
    raise ConfigError(f"unknown retriever backend {name!r}; available: {', '.join(available)}")

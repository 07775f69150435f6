"""Engine-neutral scan steps: crawl files -> pages -> ScanResult rows; rows -> crawl archive; rows -> Links.

The local engine (``scan.local``) and the Spark job (``unspin.spark.job``) both run these, so their
results cannot drift apart.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..archive.store import Archive
from ..errors import ConfigError
from ..ingest import walk
from ..records import Document, Link
from ..settings import Settings
from .page import link_one, scan_one

SENTENCES = "_sentences"  # extra key of part rows: the page's sentences, for the crawl archive


def list_inputs(sources: Iterable[str]) -> list[str]:
    """Every input file, in scan order: the sources as given, directories expanded (sorted, recursive).

    The order decides ``file_index`` and therefore the order of every output, for both engines.
    """
    # the same walk ``unspin.read`` uses, so files are seen in the same order
    files: list[str] = []
    for source in sources:
        name = os.fspath(source)
        if name == "-":
            raise ConfigError("a scan cannot read stdin (it must be resumable); write the crawl to a file first")
        if os.path.isdir(name):
            files.extend(walk(name))
        elif os.path.exists(name):
            files.append(name)
        else:
            raise ConfigError(f"crawl input {name} does not exist")
    if not files:
        raise ConfigError("no crawl files to scan")
    return files


def page_document(row: dict[str, Any]) -> Document | None:
    """The crawl-archive Document of a part row (None for a skipped page)."""
    sentences = row.get(SENTENCES) or []
    if row.get("skipped") or not sentences:
        return None
    return Document(id=row["page_id"], text=" ".join(sentences), sentences=tuple(sentences), url=row.get("url"))


def build_crawl_archive(rows: Iterable[dict[str, Any]], path: Path) -> int:
    """Add every readable page (in input order) to the crawl archive at ``path``; returns its size.

    Both engines call this with the pages in the same order, so the archive (keys included) and
    therefore every link is the same.
    """
    with Archive(path) as crawl:
        crawl.add(d for d in (page_document(r) for r in rows) if d is not None)
        return len(crawl)


def links_of(rows: Iterable[dict[str, Any]], crawl: Archive, settings: Settings) -> list[Link]:
    """Links for the pages of ``rows`` that have no archive original."""
    out = []
    for row in rows:
        if row.get("original_id") is not None:
            continue
        doc = page_document(row)
        if doc is None:
            continue
        out.extend(link_one(doc, crawl, settings))
    return out


def scan_rows(items: Iterable[tuple[int, int, Document]], archive: Archive | None, settings: Settings) -> list[dict[str, Any]]:
    """Part rows (ScanResult + sentences) of ``(file_index, item_index, Document)`` items."""
    rows = []
    for fi, ii, doc in items:
        try:
            result = scan_one(doc, archive, settings, file_index=fi, item_index=ii)
        except Exception as exc:  # one page must never stop a crawl; the error travels in its row
            result = scan_one(Document(doc.id, "", url=doc.url, source=doc.source, errors=(f"internal error: {exc!r}",)),
                              None, settings, file_index=fi, item_index=ii)
        row = result.to_dict()
        row[SENTENCES] = list(doc.sentences) if not result.skipped else []
        rows.append(row)
    return rows

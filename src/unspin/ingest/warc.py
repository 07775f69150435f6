"""WARC/ARC (optionally gzipped) byte stream -> Iterator[Document], one per HTML or text response record."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import IO

from ..records import Document
from .html import from_html
from .text import decode_bytes, from_text, unreadable

__all__ = ["read_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def _content_type(record: object) -> str:
    http = getattr(record, "http_headers", None)
    value = http.get_header("Content-Type") if http is not None else None
    if not value:
        value = record.rec_headers.get_header("Content-Type")  # type: ignore[attr-defined]
    return (value or "").strip()


def _to_document(record: object, path: str, offset: int) -> Document | None:
    """One WARC record -> Document, or None when it holds no page (image, redirect, request ...)."""
    headers = record.rec_headers  # type: ignore[attr-defined]
    if record.rec_type not in ("response", "resource"):  # type: ignore[attr-defined]
        return None
    http = getattr(record, "http_headers", None)
    if http is not None and record.rec_type == "response":  # type: ignore[attr-defined]
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return None
    ctype = _content_type(record)
    kind = ctype.split(";")[0].strip().lower()
    where = f"{path}#offset={offset}"
    uri = headers.get_header("WARC-Target-URI") or None
    doc_id = uri or where
    warc_date = headers.get_header("WARC-Date") or None
    payload = record.content_stream().read()  # type: ignore[attr-defined]
    if not kind:  # no declared type: sniff
        kind = _HTML_TYPES[0] if payload.lstrip()[:1] == b"<" else _TEXT_TYPES[0]
    if kind not in _HTML_TYPES and kind not in _TEXT_TYPES:
        return None
    if not payload.strip():
        return unreadable(doc_id, where, f"{where}: empty {kind} payload for {uri}")
    if kind in _HTML_TYPES:
        doc = from_html(payload, doc_id, url=uri, source=where)
    else:
        declared = _CHARSET.search(ctype)
        text, notes = decode_bytes(payload, where, declared.group(1) if declared else None)
        doc = from_text(text, doc_id, url=uri, source=where).with_errors(*notes)
    # the page's own date (trafilatura) wins over the crawl date
    return replace(doc, published=doc.published or warc_date, url=doc.url or uri)


def read_warc(stream: IO[bytes], path: str) -> Iterator[Document]:
    """Stream Documents from a WARC or ARC file (gzipped or not) with warcio.

    Only ``response``/``resource`` records with a 2xx status and an HTML or plain-text payload
    become Documents; id = WARC-Target-URI, source = ``path#offset=<record offset>``, published =
    the page's date, else WARC-Date. A record that cannot be parsed yields an error Document and
    ends the file (a WARC cannot be resynchronised safely); Documents already read are kept. A file
    with no page at all yields one error Document saying so.

    Args:
        stream: the open binary file.
        path: the path as given, for ids and messages.

    Yields:
        Documents, in file order.
    """
    from warcio.archiveiterator import ArchiveIterator  # lazy: only WARC inputs need it
    from warcio.exceptions import ArchiveLoadFailed

    pages = skipped = 0
    offset = 0
    try:
        iterator = ArchiveIterator(stream, arc2warc=True)
        for record in iterator:
            offset = iterator.get_record_offset()
            try:
                doc = _to_document(record, path, offset)
            except (EOFError, OSError, zlib.error, ValueError, ArchiveLoadFailed) as exc:
                where = f"{path}#offset={offset}"
                uri = record.rec_headers.get_header("WARC-Target-URI") or where
                yield unreadable(uri, where, f"{where}: cannot read record for {uri} ({type(exc).__name__}: {exc})")
                pages += 1
                continue
            if doc is None:
                skipped += 1
                continue
            pages += 1
            yield doc
    except (EOFError, OSError, zlib.error, ValueError, ArchiveLoadFailed) as exc:
        where = f"{path}#offset={offset}"
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        yield unreadable(
            where, where, f"{path}: WARC truncated or malformed after offset {offset} ({type(exc).__name__}: {message}); rest of file lost"
        )
        return
    if pages == 0:
        yield unreadable(path, path, f"{path}: no HTML or text response records ({skipped} other record(s) skipped)")

"""WARC/ARC (optionally gzipped) byte stream -> Iterator[Document], one per HTML or text response record."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
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


@dataclass(frozen=True, slots=True)
class _Page:
    uri: str | None
    warc_date: str | None
    kind: str
    content_type: str
    payload: bytes


def _check_complete(record: object) -> None:
    """Raise EOFError if the record's block ended early (warcio reads a cut gzip member silently)."""
    raw = record.raw_stream  # type: ignore[attr-defined]
    while raw.read(65536):  # drain what is left of this record's block
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        raise EOFError(f"record truncated: {missing} of {record.length} bytes missing")  # type: ignore[attr-defined]


def _read_page(record: object) -> _Page | None:
    """The page in a WARC record, or None when it holds none (image, redirect, request ...)."""
    page = _page_or_none(record)
    _check_complete(record)
    return page


def _page_or_none(record: object) -> _Page | None:
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
    if kind and kind not in _HTML_TYPES and kind not in _TEXT_TYPES:
        return None
    payload = record.content_stream().read()  # type: ignore[attr-defined]
    if not kind:  # no declared type: sniff
        kind = _HTML_TYPES[0] if payload.lstrip()[:1] == b"<" else _TEXT_TYPES[0]
    uri = headers.get_header("WARC-Target-URI") or None
    return _Page(uri, headers.get_header("WARC-Date") or None, kind, ctype, payload)


def _to_document(page: _Page, path: str, offset: int) -> Document:
    where = f"{path}#offset={offset}"
    doc_id = page.uri or where
    if not page.payload.strip():
        return unreadable(doc_id, where, f"{where}: empty {page.kind} payload for {page.uri}")
    if page.kind in _HTML_TYPES:
        doc = from_html(page.payload, doc_id, url=page.uri, source=where)
    else:
        declared = _CHARSET.search(page.content_type)
        text, notes = decode_bytes(page.payload, where, declared.group(1) if declared else None)
        doc = from_text(text, doc_id, url=page.uri, source=where).with_errors(*notes)
    # the page's own date (trafilatura) wins over the crawl date
    return replace(doc, published=doc.published or page.warc_date, url=doc.url or page.uri)


def _first_bytes(stream: IO[bytes]) -> bytes:
    """The first bytes of the (decompressed) stream, without consuming it."""
    peek = getattr(stream, "peek", None)
    head = peek(512)[:512] if peek else b""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 512)
        except zlib.error:
            return b""
    return head


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

    failures = (EOFError, OSError, zlib.error, ValueError, ArchiveLoadFailed)
    head = _first_bytes(stream)
    if not head.lstrip().startswith((b"WARC/", b"filedesc://")):
        start = head.lstrip()[:20]
        yield unreadable(path, path, f"{path}: not a WARC or ARC file (starts with {start!r})")
        return
    pages = skipped = 0
    offset = 0  # where the current record starts: the previous record's offset + length
    try:
        iterator = ArchiveIterator(stream, arc2warc=True)
        for record in iterator:
            uri = record.rec_headers.get_header("WARC-Target-URI")
            try:
                page = _read_page(record)
                # warcio can only tell a record's offset once its payload has been read
                offset, length = iterator.get_record_offset(), iterator.get_record_length()
            except failures as exc:
                where = f"{path}#offset={offset}"
                yield unreadable(uri or where, where, f"{where}: cannot read record for {uri} ({type(exc).__name__}: {exc})")
                return
            if page is None:
                skipped += 1
            else:
                pages += 1
                yield _to_document(page, path, offset)
            offset += length
    except failures as exc:
        where = f"{path}#offset={offset}"
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        yield unreadable(
            where, where, f"{path}: WARC truncated or malformed at offset {offset} ({type(exc).__name__}: {message}); rest of file lost"
        )
        return
    if pages == 0:
        yield unreadable(path, path, f"{path}: no HTML or text response records ({skipped} other record(s) skipped)")

"""Files, directories and stdin -> Iterator[Document]; format by suffix, else by sniffing the content."""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterator
from typing import IO, Literal

from ..errors import ConfigError
from ..records import Document
from .html import from_html, read_html_bytes
from .jsonl import from_record, read_jsonl
from .text import from_text, read_text_bytes, split_document, unreadable
from .warc import read_warc

__all__ = ["Format", "from_html", "from_record", "from_text", "read", "split_document"]

Format = Literal["text", "html", "jsonl", "warc"]
FORMATS: tuple[str, ...] = ("text", "html", "jsonl", "warc")

_SUFFIXES: dict[str, Format] = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc", ".arc": "warc",
}  # fmt: skip
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<meta", b"<p>", b"<div")
_SNIFF_BYTES = 8192
STDIN_NAME = "stdin"


def _format_from_name(path: str) -> Format | None:
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return _SUFFIXES.get(os.path.splitext(name)[1])


def _sniff_format(head: bytes) -> Format:
    """Guess the format from the first (decompressed) bytes."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    lowered = start[:2048].lower()
    if start.startswith(b"<") and any(marker in lowered for marker in _HTML_MARKERS):
        return "html"
    return "text"


def _peek(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if peek else b""


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _SNIFF_BYTES)
    except zlib.error:
        return b""


def _read_all(stream: IO[bytes], gzipped: bool) -> bytes:
    return gzip.GzipFile(fileobj=stream).read() if gzipped else stream.read()


def _read_stream(stream: IO[bytes], path: str, fmt: Format | None, split: bool = True) -> Iterator[Document]:
    """Documents from one open binary stream (a file or stdin)."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    head = _peek(stream)
    if not head:
        yield unreadable(path, path, f"{path}: empty file")
        return
    gzipped = head[:2] == b"\x1f\x8b"
    kind = fmt or _format_from_name(path) or _sniff_format(_gunzip_head(head) if gzipped else head)
    if kind == "warc":  # warcio reads gzip members itself
        yield from read_warc(stream, path)
        return
    if kind == "jsonl":
        yield from read_jsonl(gzip.GzipFile(fileobj=stream) if gzipped else stream, path, split)
        return
    try:
        data = _read_all(stream, gzipped)
    except (EOFError, OSError, zlib.error) as exc:
        yield unreadable(path, path, f"{path}: cannot decompress ({type(exc).__name__}: {exc})")
        return
    yield read_html_bytes(data, path) if kind == "html" else read_text_bytes(data, path, split)


def _guarded(stream: IO[bytes], path: str, fmt: Format | None, split: bool = True) -> Iterator[Document]:
    yielded = 0
    try:
        for doc in _read_stream(stream, path, fmt, split):
            yielded += 1
            yield doc
    except Exception as exc:  # a bug in a parser library must not lose the rest of the batch
        where = f"{path}#item={yielded + 1}"
        yield unreadable(where, where, f"{path}: reading stopped after {yielded} item(s) ({type(exc).__name__}: {exc})")


def _read_path(path: str, fmt: Format | None, split: bool = True) -> Iterator[Document]:
    try:
        stream = open(path, "rb")
    except OSError as exc:
        yield unreadable(path, path, f"{path}: cannot open ({exc.strerror or exc})")
        return
    with stream:
        yield from _guarded(stream, path, fmt, split)


def walk(directory: str) -> Iterator[str]:
    """Files under ``directory``, recursively, sorted, skipping hidden files and folders."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)


def read(*sources: str | os.PathLike[str], fmt: Format | None = None, split: bool = True) -> Iterator[Document]:
    """Read Documents from files, directories (recursive) and stdin ("-"), streaming.

    The format comes from ``fmt`` if given, else from the suffix (.txt/.md text, .html/.htm HTML,
    .jsonl/.ndjson JSON Lines, .warc/.arc WARC, each optionally .gz), else from the content.
    Gzip is recognised by its magic bytes. Bad input never raises and is never dropped: an empty,
    binary, undecodable or truncated file, a broken JSON line or a malformed WARC record each yields
    a Document with no text and an error naming the path and line or offset, and reading goes on.

    Ids: a text or HTML file's path as given; a JSONL record's ``id`` (else ``path#L<line>``); a
    WARC record's target URI. ``Document.source`` says where each came from.

    Args:
        *sources: paths, directories or "-" for stdin.
        fmt: force one format for every source ("text", "html", "jsonl", "warc").
        split: False leaves plain text and JSONL text unsplit (no sentences; the text not yet cleaned) for
            :func:`split_document` to finish later, e.g. in ``Archive.add``'s worker processes. HTML and
            WARC records are extracted and split as always.

    Yields:
        Documents in input order (directory entries sorted).

    Raises:
        ConfigError: ``fmt`` is not a known format.

    Examples:
        >>> docs = list(read("examples/seed.txt"))  # doctest: +SKIP
        >>> docs[0].id, docs[0].sentences[-1]  # doctest: +SKIP
        ('examples/seed.txt', 'Source link')
    """
    if fmt is not None and fmt not in FORMATS:
        raise ConfigError(f"unknown input format {fmt!r}; choose one of {', '.join(FORMATS)}")
    for source in sources:
        name = os.fspath(source)
        if name == "-":
            yield from _guarded(sys.stdin.buffer, STDIN_NAME, fmt, split)
        elif os.path.isdir(name):
            for path in walk(name):
                yield from _read_path(path, fmt, split)
        else:
            yield from _read_path(name, fmt, split)

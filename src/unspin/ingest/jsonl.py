"""JSON Lines (one object per line) -> Iterator[Document], streamed; one record -> Document."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from ..records import Document
from .html import from_html
from .text import decode_bytes, from_text, unreadable

__all__ = ["from_record", "read_jsonl"]


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return None if value is None or value == "" else str(value)


def from_record(record: dict[str, Any], source: str | None = None, split: bool = True) -> Document:
    """Build a Document from one JSONL object ``{"id", "text" | "html", "url"?, "published"?, "title"?, "sentences"?}``.

    ``sentences``, when given as a list of strings, are the units and are kept exactly. ``html`` is
    used (through :func:`from_html`) only when there is no ``text``; the record's own ``url``,
    ``title`` and ``published`` win over what the page says. A record without an id gets ``source``
    as its id and an error saying so; a record without text gets no text and an error. Never raises.

    Args:
        record: the decoded JSON object.
        source: where it was read from ("path#L12"); also the fallback id.
        split: False defers cleaning and splitting ``text`` (``ingest.text.split_document``).

    Returns:
        The Document.

    Examples:
        >>> doc = from_record({"id": "a1", "text": "Mr. Ishiba spoke. He left.", "url": "https://x.test/a"})
        >>> doc.id, doc.sentences, doc.url
        ('a1', ('Mr. Ishiba spoke.', 'He left.'), 'https://x.test/a')
        >>> from_record({"text": "Hi."}, source="f.jsonl#L3").errors
        ('f.jsonl#L3: record has no "id"; using "f.jsonl#L3"',)
    """
    where = source or "record"
    errors: list[str] = []
    raw_id = record.get("id")
    if raw_id is None or raw_id == "" or isinstance(raw_id, (dict, list)):
        doc_id = where
        errors.append(f'{where}: record has no "id"; using "{doc_id}"')
    else:
        doc_id = str(raw_id)
    url, title, published = (_optional_str(record, k) for k in ("url", "title", "published"))
    sentences = record.get("sentences")
    if sentences is not None and not (isinstance(sentences, list) and all(isinstance(s, str) for s in sentences)):
        errors.append(f'{where}: "sentences" is not a list of strings; splitting the text instead')
        sentences = None
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip() or sentences:
        doc = from_text(text if isinstance(text, str) else "", doc_id, url, title, published, sentences, source, split)
    elif isinstance(html, str) and html.strip():
        doc = from_html(html, doc_id, url=url, source=source)
        doc = replace(doc, url=url or doc.url, title=title or doc.title, published=published or doc.published)
    else:
        errors.append(f'{where}: record has no "text" or "html" (keys: {sorted(record)[:10]})')
        doc = Document(id=doc_id, text="", url=url, title=title, published=published, source=source)
    image = _optional_str(record, "image")
    if image:
        doc = replace(doc, image=image)
    # errors met before extraction come first: they explain the ones after
    return replace(doc, errors=tuple(errors) + doc.errors)


def read_jsonl(lines: Iterable[bytes], path: str, split: bool = True) -> Iterator[Document]:
    """Stream Documents from the byte lines of a JSONL file; a bad line becomes an error Document.

    Blank lines are skipped. A line that is not JSON, or not an object, yields a Document with id
    ``path#L<line>``. A read error (truncated gzip, I/O error) yields one error Document naming the
    last good line and ends the file; the Documents already read are kept.

    Args:
        lines: the file's lines as bytes (an open binary file or gzip file).
        path: the path as given, for ids and messages.
        split: False defers cleaning and splitting each record's text (``ingest.text.split_document``).

    Yields:
        One Document per non-blank line, plus one for a read error or an empty file.

    Examples:
        >>> [d.id for d in read_jsonl([b'{"id": "a", "text": "One."}', b"", b"{oops"], "f.jsonl")]
        ['a', 'f.jsonl#L3']
    """
    number = 0
    seen = 0
    iterator = iter(lines)
    while True:
        try:
            raw = next(iterator)
        except StopIteration:
            break
        except (EOFError, OSError, zlib.error, ValueError) as exc:
            where = f"{path}#L{number + 1}"
            yield unreadable(where, where, f"{where}: cannot read past line {number} ({type(exc).__name__}: {exc}); rest of file lost")
            return
        number += 1
        if not raw.strip():
            continue
        seen += 1
        where = f"{path}#L{number}"
        line, notes = decode_bytes(raw, where)
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield unreadable(where, where, f"{where}: not valid JSON ({exc})")
            continue
        if not isinstance(record, dict):
            yield unreadable(where, where, f"{where}: JSON {type(record).__name__}, expected an object")
            continue
        doc = from_record(record, source=where, split=split)
        yield doc.with_errors(*notes) if notes else doc
    if seen == 0:
        yield unreadable(path, path, f"{path}: empty file (no JSON lines)")

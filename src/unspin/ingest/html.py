"""HTML (str or bytes) -> Document via trafilatura: main text, title, date, canonical URL, main image."""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import Document
from .text import decode_bytes, from_text, sniff_binary, unreadable

__all__ = ["from_html", "read_html_bytes"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def _extract(html: str, url: str | None) -> tuple[str, dict[str, str | None], str | None]:
    """(main text, metadata, problem) from trafilatura, falling back to its plain-text baseline."""
    import trafilatura  # imported lazily: ~0.3 s, and only HTML inputs need it

    from trafilatura.settings import set_date_params

    meta: dict[str, str | None] = {"title": None, "date": None, "url": None, "image": None}
    # trafilatura's own date parameters, asking htmldate for the time and offset too: a copy's lag
    # behind its original is often hours, and a date alone made same-day lags come out negative.
    date_params = set_date_params() | {"outputformat": _DATE_FORMAT}
    try:
        result = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params=date_params,
        )
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup; one page must not stop a batch
        result, problem = None, f"trafilatura failed: {type(exc).__name__}: {exc}"
    else:
        problem = None
    text = ""
    if result is not None:
        text = result.text or ""
        for key in meta:
            value = getattr(result, key, None)
            meta[key] = str(value) if value else None
    if not text.strip():
        # trafilatura returns nothing for pages it thinks are too short; the baseline keeps any text.
        try:
            text = trafilatura.html2txt(html) or ""
        except Exception as exc:  # same reason as above
            problem = problem or f"trafilatura failed: {type(exc).__name__}: {exc}"
            text = ""
    meta["date"] = _trim_date(meta["date"])
    return text, meta, problem


_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def _trim_date(value: str | None) -> str | None:
    """htmldate's timestamp, less a midnight it made up for a page that gave only a date.

    Examples:
        >>> _trim_date("2025-03-30T14:05:00+0900"), _trim_date("2025-03-30T00:00:00"), _trim_date(None)
        ('2025-03-30T14:05:00+0900', '2025-03-30', None)
    """
    if value and value.endswith("T00:00:00"):
        return value[: -len("T00:00:00")]
    return value


def from_html(html: str | bytes, id: str, url: str | None = None, source: str | None = None) -> Document:
    """Build a Document from an HTML page (trafilatura ``bare_extraction``).

    The main text becomes ``text`` (boilerplate such as navigation, footers and comments removed);
    title, publication date, canonical URL and main image (og:image) come from the page metadata.
    ``url`` (where the page was fetched) is the fallback for the canonical URL. A page with no text
    gives a Document with no text and an error; this never raises.

    Args:
        html: the page, as text or bytes (bytes are decoded using the page's declared charset).
        id: the document id.
        url: the address the page was fetched from, if known.
        source: where it was read from.

    Returns:
        The Document.

    Examples:
        >>> page = ('<html><head><title>Hegseth in Tokyo</title></head><body><article><p>'
        ...         'Defense Secretary Pete Hegseth met Gen. Nakatani in Tokyo on Sunday.</p>'
        ...         '</article></body></html>')
        >>> from_html(page, "p1").sentences
        ('Defense Secretary Pete Hegseth met Gen. Nakatani in Tokyo on Sunday.',)
    """
    notes: tuple[str, ...] = ()
    where = source or id
    if isinstance(html, bytes):
        declared = _META_CHARSET.search(html[:4096])
        html, notes = decode_bytes(html, where, declared.group(1).decode("ascii", "ignore") if declared else None)
    text, meta, problem = _extract(html, url)
    if not text.strip():
        message = f"{where}: no article text found in HTML" + (f" ({problem})" if problem else "")
        return replace(unreadable(id, source, message), url=meta["url"] or url, errors=notes + (message,))
    doc = from_text(text, id, url=meta["url"] or url, title=meta["title"], published=meta["date"], source=source)
    doc = replace(doc, image=meta["image"])
    return doc.with_errors(*notes) if notes else doc


def read_html_bytes(data: bytes, path: str) -> Document:
    """An HTML file's bytes -> Document (id and source = path); never raises.

    Examples:
        >>> read_html_bytes(b"  ", "empty.html").errors
        ('empty.html: empty file',)
    """
    if not data.strip():
        return unreadable(path, path, f"{path}: empty file")
    kind = sniff_binary(data[:8192])
    if kind:
        return unreadable(path, path, f"{path}: {kind}, not HTML; skipped")
    return from_html(data, path, source=path)

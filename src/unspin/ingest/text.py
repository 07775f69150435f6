"""Plain text -> Document; also byte decoding and the empty "unreadable item" Document shared by all readers."""

from __future__ import annotations

import codecs
import re
from dataclasses import replace

from ..text.normalize import clean_text, split_sentences
from ..records import Document

__all__ = ["decode_bytes", "from_text", "guess_title", "read_text_bytes", "sniff_binary", "split_document", "unreadable"]

# Magic numbers of files people drop into an input folder by mistake; named in the error message.
_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
    (b"SQLite format 3", "SQLite database"),
)
# Share of control bytes (other than tab/newline/CR/FF) above which bytes are not text.
MAX_CONTROL_SHARE = 0.05


def unreadable(id: str, source: str | None, message: str) -> Document:
    """A Document standing for an item that could not be read: no text, one error.

    Examples:
        >>> unreadable("a.txt", "a.txt", "a.txt: empty file").errors
        ('a.txt: empty file',)
    """
    return Document(id=id, text="", sentences=(), source=source, errors=(message,))


def sniff_binary(head: bytes) -> str | None:
    """Say what kind of binary data ``head`` (the first few KB of a file) is, or None for text.

    Examples:
        >>> sniff_binary(b"%PDF-1.7 ...")
        'PDF document'
        >>> sniff_binary("Mr. Higseth said".encode()) is None
        True
    """
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > MAX_CONTROL_SHARE:
        return "binary data (control bytes)"
    return None


def decode_bytes(data: bytes, where: str, declared: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Decode bytes as text, saying in the returned notes when the result is lossy or guessed.

    Tries the declared charset (HTML ``<meta charset>``), a UTF-16 BOM, UTF-8 (with or without a
    BOM), then cp1252. Mostly-UTF-8 bytes with a few bad bytes are decoded as UTF-8 with U+FFFD and
    a note, rather than as cp1252 mojibake. Bytes that are not cp1252 fall back to latin-1 with a
    note (latin-1 never fails, so nothing is ever lost silently).

    Args:
        data: the raw bytes.
        where: the path (and line/offset) used in notes.
        declared: a charset the container declares, tried first.

    Returns:
        (text, notes); notes is empty when decoding was exact.

    Examples:
        >>> decode_bytes("café".encode("cp1252"), "a.txt")
        ('café', ())
        >>> decode_bytes(b"caf\\xc3\\xa9 \\xff ok", "a.txt")[1]
        ('a.txt: not valid UTF-8 at byte 6; 1 bad byte(s) replaced with U+FFFD',)
    """
    if declared:
        try:
            return data.decode(declared), ()
        except (LookupError, UnicodeDecodeError):
            pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError as exc:
            return data.decode("utf-16", "replace"), (f"{where}: bad UTF-16 at byte {exc.start}; replaced",)
    try:
        return data.decode("utf-8-sig"), ()  # utf-8-sig reads plain UTF-8 too and drops a BOM
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = data.decode("utf-8-sig", "replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if multibyte and multibyte >= bad:  # mostly real UTF-8: a few damaged bytes, not another encoding
        return text, (f"{where}: not valid UTF-8 at byte {first_bad}; {bad} bad byte(s) replaced with U+FFFD",)
    try:
        return data.decode("cp1252"), ()
    except UnicodeDecodeError:
        return data.decode("latin-1"), (
            f"{where}: neither UTF-8 nor cp1252 (first bad UTF-8 byte at {first_bad}); decoded as latin-1",
        )


_TITLE_END = re.compile(r"[.!?:;,\"”’)]$")
# A headline is short: the longest WMT headlines are ~25 words; body sentences end in punctuation.
MAX_TITLE_WORDS = 25


def guess_title(text: str) -> str | None:
    """The first line of a plain text if it looks like a headline, else None.

    A headline here: followed by more text, at most MAX_TITLE_WORDS words, and not ending like a
    sentence (., !, ?, :, quote ...). Kept simple on purpose: a wrong guess only sets metadata.

    Examples:
        >>> guess_title("Hegseth Reassures Japan\\n\\nDefense Secretary Pete Hegseth said ...")
        'Hegseth Reassures Japan'
        >>> guess_title("Defense Minister Higseth concluded his visit on Sunday.\\nAfter a meeting ...") is None
        True
    """
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first or _TITLE_END.search(first):
        return None
    if len(first.split()) > MAX_TITLE_WORDS or first.startswith(("http://", "https://")):
        return None
    return first


def from_text(
    text: str,
    id: str,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    sentences: tuple[str, ...] | list[str] | None = None,
    source: str | None = None,
    split: bool = True,
) -> Document:
    """Build a Document from text, splitting it into sentences unless they are given.

    Given sentences are the units everything reports on and are kept exactly; the text is then the
    given text unchanged, or the sentences one per line when no text is given. Otherwise the text is
    cleaned (:func:`unspin.text.normalize.clean_text`) and split (:func:`unspin.text.normalize.split_sentences`).

    Args:
        text: the article text ("" when only sentences are given).
        id: the document id.
        url, title, published: metadata, kept as given.
        sentences: the sentence units, when the input defines them.
        source: where it was read from (path, "path#L12", ...).
        split: False leaves the text as given and the sentences empty, for :func:`split_document` to
            finish later (``Archive.add`` does it in its workers; issue 14).

    Returns:
        The Document.

    Examples:
        >>> from_text("Mr. Ishiba spoke. He left.", "a").sentences
        ('Mr. Ishiba spoke.', 'He left.')
        >>> doc = from_text("", "b", sentences=["One.", "Two."])
        >>> doc.text, doc.sentences
        ('One.\\nTwo.', ('One.', 'Two.'))
    """
    if sentences is not None:
        units = tuple(sentences)
        body = text if text else "\n".join(units)
    elif not split:
        body, units = text, ()
    else:
        body = clean_text(text)
        units = split_sentences(body)
    return Document(id=id, text=body, sentences=units, url=url, title=title, published=published, source=source)


def split_document(doc: Document) -> Document:
    """A Document read with ``split=False``, cleaned and split as ``from_text`` would have; any other unchanged.

    A Document with text and no sentences is one whose splitting was deferred: splitting (pysbd where
    the rules are unsure) is most of reading a plain-text article, so ``unspin index`` leaves it to
    the archive's worker processes instead of the one process that reads the input.

    Examples:
        >>> split_document(Document("a", "Mr.  Ishiba spoke. He left.")).sentences
        ('Mr. Ishiba spoke.', 'He left.')
        >>> split_document(Document("b", "One. Two.", ("One. Two.",))).sentences
        ('One. Two.',)
    """
    if doc.sentences or not doc.text.strip():
        return doc
    body = clean_text(doc.text)
    return replace(doc, text=body, sentences=split_sentences(body))


def read_text_bytes(data: bytes, path: str, split: bool = True) -> Document:
    """A plain-text file's bytes -> Document (id and source = path); never raises.

    Examples:
        >>> read_text_bytes(b"", "empty.txt").errors
        ('empty.txt: empty file',)
    """
    if not data.strip():
        return unreadable(path, path, f"{path}: empty file")
    kind = sniff_binary(data[:8192])
    if kind:
        return unreadable(path, path, f"{path}: {kind}, not text; skipped")
    text, notes = decode_bytes(data, path)
    cleaned = clean_text(text)
    doc = from_text(cleaned, path, title=guess_title(cleaned), source=path, split=split)
    return doc.with_errors(*notes) if notes else doc

"""How an original is stored: Document -> one compact row (compressed text, sentence spans, terms, anchors).

Schema 3 (issue 14) keeps an archive under 2.5x its raw text at 550k originals: schema 2 stored the
text, the sentences again as JSON strings and every sentence's weighted term bag as JSON (5.4x the raw
text on AllSides articles). Now the text is zlib-compressed, sentences are (start, end) offsets into it
when they are substrings in order (the splitter's output always is), the distinct terms are compressed,
and sentence bags are recomputed when an original is read (``SentenceBags.of``, cached by the archive):
that costs ~0.2 ms per candidate, cheaper than storing and parsing them.

``prepare`` is the per-document work of indexing (splitting text read unsplit, tokenise once, term bag,
content hash, carrier anchors, compression). It is a pure function of the Document, so
``Archive.add(workers=N)`` runs it in worker processes while the main process reads input and writes
SQLite.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from ..ingest.text import split_document
from ..records import Document
from ..text.fingerprint import SentenceBags, stems_of_tokens, tokens
from .carriers import anchors_of

SCHEMA_VERSION = "3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS originals (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT, title TEXT, published TEXT, image TEXT, source TEXT,
    text BLOB NOT NULL,               -- zlib(UTF-8 text)
    sentences BLOB NOT NULL,          -- zlib(JSON): flat [start, end, ...] offsets into text, or a list of strings
    terms BLOB NOT NULL,              -- zlib(the document's distinct stems, space-separated)
    anchors INTEGER NOT NULL,         -- how many carrier anchors the document has (archive.carriers)
    content_hash BLOB NOT NULL UNIQUE,
    added_at TEXT NOT NULL
);
-- Names learned from the originals (capitalised spans and their counts) for name restoration.
CREATE TABLE IF NOT EXISTS learned_names (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
"""

_LEVEL = 6  # zlib level: 6 compresses news text ~2.7x at ~40 MB/s; 1 gives ~2.2x, 9 gains <2 %


@dataclass(frozen=True, slots=True)
class Prepared:
    """What ``Archive.add`` writes for one Document (computed by ``prepare``, possibly in a worker)."""

    id: str
    url: str | None
    title: str | None
    published: str | None
    image: str | None
    source: str | None
    text: bytes
    sentences: bytes
    terms: str  # distinct stems, space-separated (the retrieval index's document)
    terms_blob: bytes  # the same, compressed as stored (``compress_terms``)
    digest: bytes
    anchors: tuple[int, ...]
    names: tuple[tuple[str, int], ...] = ()  # names learned from it, when the caller asked (Archive.add(learn=))


def prepare(doc: Document) -> Prepared | str:
    """The row of one original, or a message saying why it cannot be added.

    A Document with text and no sentences (read with ``split=False``) is split first
    (``ingest.text.split_document``), as reading would have.

    Examples:
        >>> p = prepare(Document("o1", "Hegseth met Nakatani in Tokyo. Iwo Jima was next.",
        ...                      ("Hegseth met Nakatani in Tokyo.", "Iwo Jima was next.")))
        >>> sorted(p.terms.split()), decode_sentences(p.sentences, decode_text(p.text))
        (['hegset', 'iwo', 'jima', 'met', 'nakata', 'next', 'tokyo'], ('Hegseth met Nakatani in Tokyo.', 'Iwo Jima was next.'))
        >>> prepare(Document("e", "", ()))
        'e: not added: no text'
    """
    doc = split_document(doc)
    if doc.errors and not doc.sentences:
        return f"{doc.id}: not added: {'; '.join(doc.errors)}"
    sentences = doc.sentences
    if not sentences:
        return f"{doc.id}: not added: no text"
    # One tokenisation of the whole document: no token spans a space, so the tokens of the joined
    # sentences are the sentences' tokens in order; the stems are the union of their term bags' keys
    # in first-seen order (what the per-sentence bags gave, at a third of the cost; issue 14).
    words = tokens(" ".join(sentences))
    stems = stems_of_tokens(words)
    if not stems:
        return f"{doc.id}: not added: no words to index"
    text = doc.text or " ".join(sentences)
    terms = " ".join(stems)
    return Prepared(
        doc.id, doc.url, doc.title, doc.published, doc.image, doc.source,
        zlib.compress(text.encode("utf-8"), _LEVEL), encode_sentences(sentences, text), terms, compress_terms(terms),
        hashlib.sha1(" ".join(words).encode("utf-8")).digest(), anchors_of(words),
    )


def prepare_learning(learn: Callable[[Iterable[Document]], Mapping[str, int]], doc: Document) -> Prepared | str:
    """``prepare`` plus the names ``learn`` finds in the document (run where ``prepare`` runs: in the workers)."""
    doc = split_document(doc)
    prepared = prepare(doc)
    if isinstance(prepared, str):
        return prepared
    return replace(prepared, names=tuple(learn([doc]).items()))


def content_hash(doc: Document) -> str:
    """Hash of the normalised words of a document's sentences: same words in the same order = same content."""
    sentences = doc.sentences or (doc.text,)
    words = [w for s in sentences for w in tokens(s)]
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


def encode_sentences(sentences: tuple[str, ...] | list[str], text: str) -> bytes:
    """Sentences as offsets into ``text`` when each is found there in order, else as strings (compressed).

    Examples:
        >>> decode_sentences(encode_sentences(["A b.", "C d."], "A b. C d."), "A b. C d.")
        ('A b.', 'C d.')
        >>> decode_sentences(encode_sentences(["X."], "other"), "other")
        ('X.',)
    """
    spans: list[int] = []
    pos = 0
    for s in sentences:
        at = text.find(s, pos)
        if at < 0:
            spans = []
            break
        spans += (at, at + len(s))
        pos = at + len(s)
    payload = spans if spans else list(sentences)
    return zlib.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), _LEVEL)


def decode_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def decode_sentences(blob: bytes, text: str) -> tuple[str, ...]:
    payload = json.loads(zlib.decompress(blob))
    if payload and isinstance(payload[0], int):
        return tuple(text[payload[i] : payload[i + 1]] for i in range(0, len(payload), 2))
    return tuple(payload)


def decode_terms(blob: bytes) -> frozenset[str]:
    return frozenset(zlib.decompress(blob).decode("utf-8").split())


def compress_terms(terms: str) -> bytes:
    return zlib.compress(terms.encode("utf-8"), _LEVEL)


def bags_of(sentences: tuple[str, ...]) -> SentenceBags:
    """The sentence bags matching needs (recomputed on read: see the module docstring)."""
    return SentenceBags.of(sentences)

"""Archive of originals: Documents -> one SQLite file (store + FTS5 retrieval index) -> candidates for a copy.

One path holds everything: the originals (id, url, title, published, text, sentences, content hash,
weighted terms) and the retrieval index. Adding is incremental and idempotent (an id or a content
hash already present is skipped), runs in transactions of ``batch_size`` documents (an interrupted
add keeps every finished batch and a rerun continues), and the file is in WAL mode so checks can read
while another process adds.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import sqlite3
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import backends
from .backends import Retriever
from .backends.sqlite import FTS5Retriever
from ..errors import ArchiveError
from ..text.fingerprint import SentenceBags, tokens
from ..records import Document

SCHEMA_VERSION = "2"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS originals (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT, title TEXT, published TEXT, image TEXT, source TEXT,
    text TEXT NOT NULL,
    sentences TEXT NOT NULL,          -- JSON list of strings
    terms TEXT NOT NULL,              -- the document's distinct stems, space-separated
    bags TEXT NOT NULL,               -- JSON [[{stem: weight} per sentence], [word count per sentence]]
    content_hash TEXT NOT NULL UNIQUE,
    added_at TEXT NOT NULL
);
-- Names learned from the originals (capitalised spans and their counts) for name restoration.
CREATE TABLE IF NOT EXISTS learned_names (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
"""


@dataclass(slots=True)
class AddResult:
    """What one ``Archive.add`` call did."""

    added: int = 0
    skipped_existing_id: int = 0
    skipped_duplicate_content: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.added + self.skipped_existing_id + self.skipped_duplicate_content + len(self.errors)


@dataclass(frozen=True, slots=True)
class StoredOriginal:
    """An archive row with what matching needs: the Document, its term bag and sentence bags."""

    key: int
    document: Document
    terms: frozenset[str]
    bags: SentenceBags


def content_hash(doc: Document) -> str:
    """Hash of the normalised words of a document: same words in the same order = same content."""
    words = tokens(doc.text or " ".join(doc.sentences))
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


class Archive:
    """The archive of originals.

    Args:
        path: the SQLite file (created if missing); ``None`` keeps everything in memory.
        readonly: open an existing file read-only (the web service's default).
        cache_size: how many originals' sentence bags to keep in memory for re-use across checks.
        retriever: the candidate-search backend (``unspin.archive.backends.get``): "sqlite" (FTS5 inside the
            file, the default), "memory", or an ``unspin.backends`` entry point; any but "sqlite"
            is built from the stored term bags when the archive opens.

    Examples:
        >>> with Archive() as archive:
        ...     result = archive.add([Document("o1", "Hegseth met Nakatani in Tokyo.", ("Hegseth met Nakatani in Tokyo.",))])
        ...     (result.added, len(archive), archive.get("o1").id)
        (1, 1, 'o1')
    """

    def __init__(
        self, path: str | Path | None = None, *, readonly: bool = False, cache_size: int = 4096, retriever: str = "sqlite"
    ) -> None:
        self.path = None if path is None else Path(path)
        self.readonly = readonly
        try:
            if self.path is None:
                con = sqlite3.connect(":memory:", check_same_thread=False)
            elif readonly:
                if not self.path.exists():
                    raise ArchiveError(f"archive {self.path} does not exist; create it with `unspin index --archive {self.path} …`")
                con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                con = sqlite3.connect(self.path, check_same_thread=False, timeout=30.0)
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA busy_timeout=30000")
            if not readonly:
                con.executescript(_SCHEMA)
                con.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
                con.commit()
            version = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{path} is not an unspin archive (SQLite said: {exc})") from exc
        if version is None or version[0] != SCHEMA_VERSION:
            raise ArchiveError(f"{path} has archive schema {version!r}; this unspin reads schema {SCHEMA_VERSION}")
        self._con = con
        self._lock = threading.RLock()  # one connection shared by threads (web service); SQLite serialises anyway
        if retriever == "sqlite":
            self.retriever: Retriever = FTS5Retriever(con) if not readonly else _readonly_fts(con)
        else:
            # Another backend keeps its own index: it is built here from the stored term bags (the
            # SQLite file stays the record of truth, so switching backends needs no re-indexing).
            self.retriever = backends.get(retriever)
            rows = con.execute("SELECT key, bags FROM originals ORDER BY key")
            self.retriever.add((key, _document_bag(json.loads(bags)[0])) for key, bags in rows)
        self._cache: OrderedDict[int, StoredOriginal] = OrderedDict()
        self._cache_size = cache_size

    # -- context manager ------------------------------------------------------------------------
    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._con.close()

    # -- reading --------------------------------------------------------------------------------
    def __len__(self) -> int:
        with self._lock:
            return self._con.execute("SELECT COUNT(*) FROM originals").fetchone()[0]

    def __contains__(self, id: object) -> bool:
        with self._lock:
            return self._con.execute("SELECT 1 FROM originals WHERE id=?", (id,)).fetchone() is not None

    def get(self, id: str) -> Document | None:
        """The original with this id, or None."""
        with self._lock:
            row = self._con.execute("SELECT key FROM originals WHERE id=?", (id,)).fetchone()
        return None if row is None else self.stored(row[0]).document

    def documents(self) -> Iterator[Document]:
        """Every original, in insertion order (streamed)."""
        last = 0
        while True:
            with self._lock:
                rows = self._con.execute(
                    "SELECT key, id, url, title, published, image, source, text, sentences FROM originals "
                    "WHERE key > ? ORDER BY key LIMIT 500",
                    (last,),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _document(row[1:])
            last = rows[-1][0]

    def stored(self, key: int) -> StoredOriginal:
        """The stored original under an internal key, with its bags (cached, least-recently-used)."""
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        with self._lock:
            row = self._con.execute(
                "SELECT id, url, title, published, image, source, text, sentences, terms, bags FROM originals WHERE key=?",
                (key,),
            ).fetchone()
        if row is None:
            raise ArchiveError(f"archive {self.path} has no original under key {key}")
        doc = _document(row[:8])
        # Bags were computed at indexing time: parsing JSON is ~10x cheaper than re-tokenising.
        bags, words = json.loads(row[9])
        item = StoredOriginal(key, doc, frozenset(row[8].split()), SentenceBags(tuple(bags), tuple(words)))
        self._cache[key] = item
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return item

    def terms_of(self, keys: Iterable[int]) -> dict[int, frozenset[str]]:
        """The distinct terms of several originals (for cheap candidate re-ranking by containment).

        Stored as one space-separated string: splitting it is ~5x cheaper than parsing JSON, and
        containment needs only the set (the weights that matter are the copy's).
        """
        keys = list(keys)
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        with self._lock:
            rows = self._con.execute(f"SELECT key, terms FROM originals WHERE key IN ({marks})", keys).fetchall()
        return {k: frozenset(t.split()) for k, t in rows}

    def search(self, query: dict[str, float], k: int) -> list[tuple[int, float]]:
        with self._lock:
            return self.retriever.search(query, k)

    def document_frequency(self, terms: Iterable[str]) -> dict[str, int]:
        with self._lock:
            return self.retriever.document_frequency(terms)

    def learned_names(self) -> Counter[str]:
        """Names learned from the originals by the last ``refresh_names`` (empty if never run)."""
        with self._lock:
            try:
                rows = self._con.execute("SELECT name, n FROM learned_names").fetchall()
            except sqlite3.OperationalError:  # a read-only file from before the table existed
                rows = []
        return Counter(dict(rows))

    def names_stamp(self) -> str | None:
        """Changes whenever ``refresh_names`` rewrites the learned names (None before the first)."""
        with self._lock:
            row = self._con.execute("SELECT value FROM meta WHERE key='names_for'").fetchone()
        return None if row is None else row[0]

    def names_are_current(self) -> bool:
        """Whether ``learned_names`` was computed over the archive as it is now."""
        return self.names_stamp() == str(len(self))

    # -- writing --------------------------------------------------------------------------------
    def store_names(self, names: Mapping[str, int]) -> int:
        """Replace the learned names (``unspin.names.refresh_names`` computes them); returns how many.

        The archive stores names; it does not know how to find them: name heuristics live with the
        lexicon, a later stage of the pipeline.
        """
        if self.readonly:
            raise ArchiveError(f"archive {self.path} is open read-only; open it writable to refresh names")
        count = len(self)
        with self._transaction() as con:
            con.execute("DELETE FROM learned_names")
            con.executemany("INSERT INTO learned_names(name, n) VALUES (?, ?)", names.items())
            con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('names_for', ?)", (str(count),))
        return len(names)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One explicit transaction under the lock: committed on success, rolled back on any exit."""
        with self._lock:
            self._con.execute("BEGIN")
            try:
                yield self._con
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            self._con.execute("COMMIT")

    def add(
        self,
        docs: Iterable[Document],
        *,
        batch_size: int = 500,
        progress: Callable[[AddResult], None] | None = None,
    ) -> AddResult:
        """Add originals; existing ids and duplicate contents are skipped, bad items reported.

        Each batch is one transaction, so an interruption loses at most the batch in flight.
        """
        if self.readonly:
            raise ArchiveError(f"archive {self.path} is open read-only; open it writable to add originals")
        result = AddResult()
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                self._add_batch(batch, result)
                batch = []
                if progress:
                    progress(result)
        if batch:
            self._add_batch(batch, result)
            if progress:
                progress(result)
        return result

    def _add_batch(self, batch: list[Document], result: AddResult) -> None:
        prepared = []
        for doc in batch:
            if doc.errors and not doc.sentences:
                result.errors.append(f"{doc.id}: not added: {'; '.join(doc.errors)}")
                continue
            sentences = doc.sentences or ((doc.text,) if doc.text.strip() else ())
            if not sentences:
                result.errors.append(f"{doc.id}: not added: no text")
                continue
            bags = SentenceBags.of(sentences)
            bag = _document_bag(bags.bags)
            if not bag:
                result.errors.append(f"{doc.id}: not added: no words to index")
                continue
            prepared.append((doc, sentences, bag, bags, content_hash(doc)))
        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        with self._transaction() as con:
            new_items = []
            for doc, sentences, bag, bags, digest in prepared:
                if con.execute("SELECT 1 FROM originals WHERE id=?", (doc.id,)).fetchone():
                    result.skipped_existing_id += 1
                    continue
                if con.execute("SELECT 1 FROM originals WHERE content_hash=?", (digest,)).fetchone():
                    result.skipped_duplicate_content += 1
                    continue
                cur = con.execute(
                    "INSERT INTO originals(id, url, title, published, image, source, text, sentences, terms, "
                    "bags, content_hash, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        doc.id, doc.url, doc.title, doc.published, doc.image, doc.source,
                        doc.text or " ".join(sentences), json.dumps(list(sentences), ensure_ascii=False),
                        " ".join(bag),
                        json.dumps([bags.bags, bags.words], ensure_ascii=False),
                        digest, now,
                    ),
                )
                new_items.append((cur.lastrowid, bag))
                result.added += 1
            self.retriever.add(new_items)


def _document_bag(sentence_bags: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """A document's index terms: every term of its sentences at its highest sentence weight.

    Examples:
        >>> _document_bag([{"hegset": 2.0, "tokyo": 1.0}, {"tokyo": 1.5}])
        {'hegset': 2.0, 'tokyo': 1.5}
    """
    bag: dict[str, float] = {}
    for b in sentence_bags:
        for t, w in b.items():
            if w > bag.get(t, 0.0):
                bag[t] = w
    return bag


def _document(row: tuple) -> Document:
    id_, url, title, published, image, source, text, sentences = row
    return Document(
        id=id_, text=text, sentences=tuple(json.loads(sentences)), url=url, title=title,
        published=published, image=image, source=source,
    )


def _readonly_fts(con: sqlite3.Connection) -> Retriever:
    # The vocab virtual table is created on first writable open; a read-only connection can only
    # use what exists (CREATE VIRTUAL TABLE would fail), which is everything an archive file has.
    retriever = FTS5Retriever.__new__(FTS5Retriever)
    retriever.con = con
    return retriever

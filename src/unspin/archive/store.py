"""Archive of originals: Documents -> one SQLite file (store + retrieval index + carrier groups) -> candidates.

One path holds everything: the originals (id, url, title, published, compressed text and sentence
offsets, distinct terms, content hash; ``layout``), the retrieval index, and the groups of originals that
carry one story (``carriers``). Adding streams, is incremental and idempotent (an id or a content hash
already present is skipped), runs in transactions of ``batch_size`` documents (an interrupted add keeps
every finished batch and a rerun continues), can tokenise in worker processes, and the file is in WAL
mode so checks can read while another process adds.

Longer than 400 lines: ``Archive`` is the API of one SQLite connection under one lock (reads, adds,
carriers, maintenance); splitting the class across modules would spread that locking discipline.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
import threading
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from . import backends, carriers
from .backends import Retriever
from .layout import SCHEMA, SCHEMA_VERSION, Prepared, bags_of, content_hash, decode_sentences, decode_terms, decode_text, prepare, \
    prepare_learning
from ..errors import ArchiveError, ConfigError
from ..text.fingerprint import SentenceBags
from ..records import Document

__all__ = ["SCHEMA_VERSION", "AddResult", "Archive", "StoredOriginal", "content_hash"]


@dataclass(slots=True)
class AddResult:
    """What one ``Archive.add`` call did."""

    added: int = 0
    skipped_existing_id: int = 0
    skipped_duplicate_content: int = 0
    errors: list[str] = field(default_factory=list)
    grouped: int = 0  # added originals that joined a group of carriers (archive.carriers)

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


class Archive:
    """The archive of originals.

    Args:
        path: the SQLite file (created if missing); ``None`` keeps everything in memory.
        readonly: open an existing file read-only (the web service's default).
        cache_size: how many originals' sentence bags to keep in memory for re-use across checks.
        retriever: the candidate-search backend (``unspin.archive.backends.get``). The in-file ones,
            "postings" (numpy term postings, the default for a new file) and "sqlite" (FTS5, same bm25),
            are chosen when the file is created and recorded in its meta table; ``None`` (the default)
            opens a file with the one it records (files without a record are "sqlite"). "memory" or an
            ``unspin.backends`` entry point is built from the stored term bags when the archive opens.

    Examples:
        >>> with Archive() as archive:
        ...     result = archive.add([Document("o1", "Hegseth met Nakatani in Tokyo.", ("Hegseth met Nakatani in Tokyo.",))])
        ...     (result.added, len(archive), archive.get("o1").id)
        (1, 1, 'o1')
    """

    def __init__(
        self, path: str | Path | None = None, *, readonly: bool = False, cache_size: int = 4096, retriever: str | None = None
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
                con.executescript(SCHEMA)
                con.executescript(carriers.SCHEMA)
                con.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
                con.commit()
            version = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if version is not None and version[0] == SCHEMA_VERSION:
                in_file = _in_file_retriever(con, retriever, readonly, path)
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{path} is not an unspin archive (SQLite said: {exc})") from exc
        if version is None or version[0] != SCHEMA_VERSION:
            raise ArchiveError(
                f"{path} has archive schema {version[0] if version else None!r}; this unspin reads schema {SCHEMA_VERSION}: "
                f"index the originals again into a new file (`unspin index --archive NEW.db …`; schema 3 stores them "
                f"compressed, about a third of the size)"
            )
        self._con = con
        self._lock = threading.RLock()  # one connection shared by threads (web service); SQLite serialises anyway
        if retriever is None or retriever in backends.IN_FILE:
            self.retriever: Retriever = backends.get(in_file, connection=con, readonly=readonly)
        else:
            # Another backend keeps its own index: it is built here from the stored term bags (the
            # SQLite file stays the record of truth, so switching backends needs no re-indexing).
            self.retriever = backends.get(retriever)
            rows = con.execute("SELECT key, terms FROM originals ORDER BY key")
            self.retriever.add((key, dict.fromkeys(decode_terms(terms), 1.0)) for key, terms in rows)
        self._count, self._count_at = 0, (-1, -1)
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
        # COUNT(*) scans the table (11 ms at 100k originals, twice per check): recount only when the file
        # changed, which PRAGMA data_version says for other connections and _count_at for this one.
        with self._lock:
            version = (self._con.execute("PRAGMA data_version").fetchone()[0], self._con.total_changes)
            if version != self._count_at:
                self._count = self._con.execute("SELECT COUNT(*) FROM originals").fetchone()[0]
                self._count_at = version
            return self._count

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
                "SELECT id, url, title, published, image, source, text, sentences, terms FROM originals WHERE key=?",
                (key,),
            ).fetchone()
        if row is None:
            raise ArchiveError(f"archive {self.path} has no original under key {key}")
        doc = _document(row[:8])
        # Sentence bags are recomputed, not stored (layout: 0.2 ms per original, and a third of the disk).
        item = StoredOriginal(key, doc, decode_terms(row[8]), bags_of(doc.sentences))
        self._cache[key] = item
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return item

    def terms_of(self, keys: Iterable[int]) -> dict[int, frozenset[str]]:
        """The distinct terms of several originals (for cheap candidate re-ranking by containment).

        Stored as one compressed space-separated string: splitting it is ~5x cheaper than parsing JSON,
        and containment needs only the set (the weights that matter are the copy's).
        """
        keys = list(keys)
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        with self._lock:
            rows = self._con.execute(f"SELECT key, terms FROM originals WHERE key IN ({marks})", keys).fetchall()
        return {k: decode_terms(t) for k, t in rows}

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
            _stamp_names(con, count)
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
        batch_size: int = 2000,
        progress: Callable[[AddResult], None] | None = None,
        workers: int = 1,
        learn: Callable[[Iterable[Document]], Mapping[str, int]] | None = None,
    ) -> AddResult:
        """Add originals; existing ids and duplicate contents are skipped, bad items reported.

        Streams: at most a few batches are in memory, whatever the input's size. Each batch is one
        transaction, so an interruption loses at most the batch in flight, and a rerun skips what is
        stored by id before doing any work on it (resuming a 550k-document index costs seconds).

        Args:
            docs: the originals (any iterable; read lazily). One with text and no sentences
                (``read(..., split=False)``) is cleaned and split where it is tokenised.
            batch_size: originals per transaction.
            progress: called after each batch with the running result.
            workers: processes that split, tokenise, hash and compress (``layout.prepare``) while this one
                reads the input and writes SQLite; 1 = all in this process.
            learn: how to learn names from a document (``unspin.names.learn_names``). When the stored
                names are current (or the archive is empty), each added original's names are added to
                them in its batch's transaction, computed in the workers, and they stay current: no
                pass over the whole archive after an append (at 550k originals that pass took minutes
                for every batch of new articles). Otherwise the names are left stale for a full
                ``refresh_names``.
        """
        if self.readonly:
            raise ArchiveError(f"archive {self.path} is open read-only; open it writable to add originals")
        result = AddResult()
        learning = learn is not None and (len(self) == 0 or self.names_are_current())
        work = partial(prepare_learning, learn) if learning else prepare
        pool = None
        if workers > 1:
            import multiprocessing

            # fork: the workers need only ``prepare`` and the modules already imported (spawn would re-run
            # the caller's script, which then needs an ``if __name__ == "__main__"`` guard)
            methods = multiprocessing.get_all_start_methods()
            pool = multiprocessing.get_context("fork" if "fork" in methods else "spawn").Pool(workers)
        try:
            pending: deque = deque()
            it = iter(docs)
            while chunk := list(islice(it, batch_size)):
                fresh = self._unseen(chunk, result)
                pending.append([work(d) for d in fresh] if pool is None else
                               pool.map_async(work, fresh, chunksize=max(1, len(fresh) // (4 * workers))))
                # with workers, one batch stays in flight while the next one is read
                while len(pending) > (pool is not None):
                    self._write(_ready(pending.popleft()), result, progress, learning)
            while pending:
                self._write(_ready(pending.popleft()), result, progress, learning)
        finally:
            if pool is not None:
                pool.terminate()
        return result

    def _unseen(self, chunk: list[Document], result: AddResult) -> list[Document]:
        """The chunk's documents whose id is not stored yet (the others are counted as skipped)."""
        with self._lock:
            known = _stored(self._con, "id", {d.id for d in chunk})
        result.skipped_existing_id += sum(d.id in known for d in chunk)
        return [d for d in chunk if d.id not in known]

    def _write(self, prepared: list[Prepared | str], result: AddResult, progress: Callable | None, learning: bool) -> None:
        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        with self._transaction() as con:
            rows = [p for p in prepared if not isinstance(p, str)]
            result.errors.extend(p for p in prepared if isinstance(p, str))
            # One lookup per batch for stored ids and contents (two queries per document were a tenth of
            # indexing CPU), then one executemany; keys are given as SQLite would pick them (max + 1).
            ids = _stored(con, "id", {p.id for p in rows})
            digests = _stored(con, "content_hash", {p.digest for p in rows})
            (key,) = con.execute("SELECT coalesce(max(key), 0) FROM originals").fetchone()
            new: list[tuple[int, Prepared]] = []
            for p in rows:
                if p.id in ids:
                    result.skipped_existing_id += 1
                elif p.digest in digests:
                    result.skipped_duplicate_content += 1
                else:
                    ids.add(p.id)
                    digests.add(p.digest)
                    key += 1
                    new.append((key, p))
            con.executemany(
                "INSERT INTO originals(key, id, url, title, published, image, source, text, sentences, terms, "
                "anchors, content_hash, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(k, p.id, p.url, p.title, p.published, p.image, p.source, p.text, p.sentences,
                  p.terms_blob, len(p.anchors), p.digest, now) for k, p in new],
            )
            result.added += len(new)
            self.retriever.add((k, dict.fromkeys(p.terms.split(), 1.0)) for k, p in new)
            result.grouped += carriers.group_batch(con, [(k, p.anchors) for k, p in new])
            if learning:  # names stay current: this batch's, added to the stored counts
                con.executemany("INSERT INTO learned_names(name, n) VALUES (?, ?) "
                                "ON CONFLICT(name) DO UPDATE SET n = n + excluded.n",
                                [kv for _, p in new for kv in p.names])
                _stamp_names(con, con.execute("SELECT COUNT(*) FROM originals").fetchone()[0])
        if progress:
            progress(result)

    # -- carriers and maintenance ------------------------------------------------------------------
    def key_of(self, id: str) -> int | None:
        """The internal key of an original (None if absent)."""
        with self._lock:
            row = self._con.execute("SELECT key FROM originals WHERE id=?", (id,)).fetchone()
        return None if row is None else row[0]

    def carriers_of(self, id: str) -> list[tuple[Document, float]]:
        """The originals in ``id``'s carrier group (one story on several outlets), itself included, by key.

        Each comes with its link similarity (share of shared word 5-grams, ``archive.carriers``); only id,
        url, title and published are loaded (``get`` reads one whole). Empty without carriers.
        """
        with self._lock:
            group = [] if (key := self.key_of(id)) is None else carriers.members(self._con, key)
            if not group:
                return []
            marks = ",".join("?" * len(group))
            meta = {r[0]: r[1:] for r in self._con.execute(
                f"SELECT key, id, url, title, published FROM originals WHERE key IN ({marks})", [k for k, _ in group])}
        return [(Document(meta[k][0], "", url=meta[k][1], title=meta[k][2], published=meta[k][3]), sim) for k, sim in group]

    def keys(self, after: int = 0, limit: int = 5000) -> list[int]:
        """Internal keys in order, ``limit`` at a time after ``after`` (for bulk exports)."""
        with self._lock:
            return [r[0] for r in self._con.execute("SELECT key FROM originals WHERE key > ? ORDER BY key LIMIT ?", (after, limit))]

    def carrier_groups(self) -> dict[int, tuple[int, float]]:
        """key -> (group, link similarity) for every original that has carriers."""
        with self._lock:
            return {k: (g, s) for k, g, s in self._con.execute("SELECT key, grp, similarity FROM carriers")}

    def optimize(self) -> None:
        """Merge the retrieval index into one segment and checkpoint the WAL (after a bulk load)."""
        if self.readonly:
            return
        with self._lock:
            optimize = getattr(self.retriever, "optimize", None)
            if optimize is not None:
                optimize()
                self._con.commit()
            self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _stamp_names(con: sqlite3.Connection, count: int) -> None:
    """Record that the learned names cover the archive at ``count`` originals (``names_are_current``)."""
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('names_for', ?)", (str(count),))


def _stored(con: sqlite3.Connection, column: str, values: set) -> set:
    """Which of ``values`` the originals table holds in ``column`` (an indexed one: id, content_hash)."""
    values = list(values)
    found = set()
    for start in range(0, len(values), 500):  # stay under SQLite's bound-parameter limit
        part = values[start : start + 500]
        found.update(r[0] for r in con.execute(f"SELECT {column} FROM originals WHERE {column} IN ({','.join('?' * len(part))})", part))
    return found


def _ready(item) -> list:  # noqa: ANN001 - a list, or a multiprocessing AsyncResult of one
    return item if isinstance(item, list) else item.get()


def _document(row: tuple) -> Document:
    id_, url, title, published, image, source, text, sentences = row
    text = decode_text(text)
    return Document(
        id=id_, text=text, sentences=decode_sentences(sentences, text), url=url, title=title,
        published=published, image=image, source=source,
    )


def _in_file_retriever(con: sqlite3.Connection, asked: str | None, readonly: bool, path: object) -> str:
    """The in-file retriever this archive keeps ("sqlite" or "postings"), recorded on first writable open.

    A new file gets ``backends.DEFAULT`` unless asked otherwise; files from before the record are FTS5
    ("sqlite"). Asking for the other one is an error once the file holds originals (its index would be
    missing them), and fine while it is empty.
    """
    row = con.execute("SELECT value FROM meta WHERE key='retriever'").fetchone()
    empty = con.execute("SELECT 1 FROM originals LIMIT 1").fetchone() is None
    recorded = row[0] if row else (None if empty else "sqlite")
    if asked not in backends.IN_FILE:
        chosen = recorded or backends.DEFAULT
        if asked is not None:  # a backend built in memory from the stored bags: the file's index is not used
            return chosen
    elif recorded not in (None, asked) and not (empty and not readonly):
        raise ConfigError(
            f"archive {path} keeps a {recorded!r} retrieval index, not {asked!r}: open it without a retriever "
            f"(or with retriever={recorded!r}), or index its originals into a new file with `unspin index --retriever {asked}`"
        )
    else:
        chosen = asked
    if not readonly and recorded != chosen:
        con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('retriever', ?)", (chosen,))
        con.commit()
    return chosen

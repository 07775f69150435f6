"""What the routes call: request inputs -> Document -> library call -> Report / AddResult; no analysis here.

``Service`` holds the operator's choices (archive path, settings, token, fetch policy) and the archive
connections. Reads and writes run at the same time (the archive is SQLite in WAL mode): checks borrow
one of a small pool of read-only ``Archive`` objects, each with its own connection, and writes go
through one writable ``Archive`` behind a lock (SQLite admits one writer at a time anyway). A reader
needs no refresh after a write: the archive keeps nothing in memory that a new row changes (its cache
holds finished originals by key, and rows are never rewritten), and each query sees the latest commit.
"""

from __future__ import annotations

import contextlib
import hmac
import queue
import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .. import ingest
from ..archive.store import AddResult, Archive
from ..check import check, lexicon_for
from ..errors import ArchiveError
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, fetch_url
from ..names.lexicon import Lexicon
from ..records import Document, MTScore, Report
from ..settings import Settings
from .errors import ApiError

READERS = 4  # pooled read-only archive connections; checks are CPU-bound, more would only hold memory
REPORTS_KEPT = 64  # reports the page can still offer for download (LRU); a few MB at most


@dataclass(frozen=True, slots=True)
class ServiceLimits:
    """What the service accepts and fetches: request size and the URL fetcher's limits and allow-list."""

    max_body_bytes: int = 4_000_000  # a pasted article with its HTML is far below this
    fetch_max_bytes: int = DEFAULT_MAX_BYTES
    fetch_timeout: float = DEFAULT_TIMEOUT  # seconds for a whole fetch, redirects included
    fetch_allow_origins: tuple[str, ...] = ()  # "host:port" exempt from the private-address check


@dataclass(frozen=True, slots=True)
class CopyInput:
    """One thing to check, as a person or a client gave it: exactly one of text, html, url."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    id: str | None = None


def _mt_score():
    """The MT scorer if installed (issue 4), else None; /v1/detect and the MT strip depend on it."""
    try:
        from ..detect import mt_score
    except ImportError:
        return None
    return mt_score


class Service:
    """The operator's choices (archive, settings, token, fetch policy) and the archive connections behind the routes."""

    def __init__(
        self,
        archive_path: str | Path | None = None,
        *,
        settings: Settings | None = None,
        token: str | None = None,
        allow_private_fetch: bool = False,
        read_only: bool = True,
        limits: ServiceLimits | None = None,
    ) -> None:
        self.archive_path = Path(archive_path) if archive_path is not None else None
        self.settings = settings or Settings()
        self.token = token or None
        self.read_only = read_only
        self.allow_private_fetch = allow_private_fetch
        self.limits = limits or ServiceLimits()
        self._pool: queue.LifoQueue[Archive] = queue.LifoQueue()
        self._pool_slots = threading.BoundedSemaphore(READERS)
        self._write_lock = threading.Lock()
        self._writer: Archive | None = None
        self._reports: OrderedDict[str, Report] = OrderedDict()
        self._reports_lock = threading.Lock()
        # The archive's learned names join the bundled lexicon (as in `unspin check --archive`).
        # Building it costs ~1 s, so it is built once and rebuilt only when `refresh_names` has
        # rewritten the names (`unspin index` does), which the archive's names stamp tells.
        self._lexicon: tuple[str | None, Lexicon] | None = None
        self._lexicon_lock = threading.Lock()
        if self.archive_path is not None:
            if read_only and not self.archive_path.exists():
                raise ArchiveError(
                    f"archive {self.archive_path} does not exist; build it with `unspin index --archive "
                    f"{self.archive_path} …` or start the server with --writable"
                )
            if not read_only:
                # Created (schema and all) before any reader opens it read-only.
                self._writer = Archive(self.archive_path)

    # --- archive access ---------------------------------------------------------------------------

    @property
    def writes_enabled(self) -> bool:
        return self.archive_path is not None and not self.read_only and self.token is not None

    @contextlib.contextmanager
    def reading(self) -> Iterator[Archive | None]:
        """Borrow a read-only Archive (None when the service runs without an archive)."""
        if self.archive_path is None:
            yield None
            return
        with self._pool_slots:  # at most READERS connections (and originals caches) at once
            try:
                archive = self._pool.get_nowait()
            except queue.Empty:
                archive = Archive(self.archive_path, readonly=True)
            try:
                yield archive
            finally:
                self._pool.put(archive)

    def count(self) -> int | None:
        with self.reading() as archive:
            return None if archive is None else len(archive)

    def get_original(self, id: str) -> Document:
        with self.reading() as archive:
            if archive is None:
                raise ApiError("no_archive", "this server runs without an archive; start it with --archive")
            doc = archive.get(id)
        if doc is None:
            raise ApiError("original_not_found", f"no original with id {id!r} in the archive")
        return doc

    def check_authorized(self, authorization: str | None) -> None:
        """Refuse a write unless the server is writable, has a token, and the request carries it."""
        if self.archive_path is None:
            raise ApiError("no_archive", "this server runs without an archive; start it with --archive")
        if self.read_only:
            raise ApiError("read_only", "the archive is read-only; the operator starts the server with --writable")
        if self.token is None:
            raise ApiError(
                "no_token_configured",
                "writes need a bearer token; the operator sets it in the environment variable named by --token-env",
            )
        scheme, _, given = (authorization or "").partition(" ")
        # compare_digest: the time taken does not tell how much of a guessed token was right.
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise ApiError(
                "unauthorized", "missing or wrong bearer token", headers={"WWW-Authenticate": 'Bearer realm="unspin"'}
            )

    def add_originals(self, docs: Sequence[Document]) -> AddResult:
        """Add originals to the archive (idempotent: known ids and contents are skipped)."""
        assert self.archive_path is not None and not self.read_only  # check_authorized ran first
        with self._write_lock:
            if self._writer is None:
                self._writer = Archive(self.archive_path)
            return self._writer.add(docs)

    def close(self) -> None:
        """Close idle connections; the service reopens what it needs if used again (lifespan restarts)."""
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                break
        with self._write_lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None

    # --- inputs -> Document -----------------------------------------------------------------------

    def document(self, given: CopyInput) -> Document:
        """Read the copy from text, HTML or a fetched URL."""
        if given.text is not None:
            return ingest.from_text(given.text, id=given.id or "copy")
        if given.html is not None:
            return ingest.from_html(given.html, id=given.id or "copy")
        assert given.url is not None
        page = fetch_url(
            given.url.strip(),
            allow_private=self.allow_private_fetch,
            allow_origins=self.limits.fetch_allow_origins,
            max_bytes=self.limits.fetch_max_bytes,
            timeout=self.limits.fetch_timeout,
        )
        doc_id = given.id or page.url
        if page.is_html:
            return ingest.from_html(page.text, id=doc_id, url=page.url)
        return replace(ingest.from_text(page.text, id=doc_id), url=page.url)

    @staticmethod
    def original_document(record: dict[str, object]) -> Document:
        """An original from its JSONL-shaped record (the same reader as ``unspin index`` uses)."""
        return ingest.from_record(record, source=f"api:{record.get('id')}")

    # --- library calls ----------------------------------------------------------------------------

    def check(self, given: CopyInput) -> Report:
        doc = self.document(given)  # fetch first: no archive connection is held during a slow fetch
        with self.reading() as archive:
            return check(doc, archive, self.settings, lexicon=self.lexicon(archive))

    def lexicon(self, archive: Archive | None) -> Lexicon | None:
        """The lexicon for name restoration: bundled words plus ``archive``'s learned names."""
        if archive is None:
            return None
        stamp = archive.names_stamp()
        with self._lexicon_lock:
            if self._lexicon is None or self._lexicon[0] != stamp:
                self._lexicon = (stamp, lexicon_for(archive))
            return self._lexicon[1]

    def detect(self, given: CopyInput) -> tuple[Document, MTScore]:
        mt_score = _mt_score()
        if mt_score is None:
            raise ApiError("mt_unavailable", "the MT scorer is not installed in this version of unspin")
        doc = self.document(given)
        return doc, mt_score(doc)

    @property
    def mt_available(self) -> bool:
        return _mt_score() is not None

    # --- reports kept for the page's download links -----------------------------------------------

    def keep(self, report: Report) -> str:
        key = secrets.token_urlsafe(12)
        with self._reports_lock:
            self._reports[key] = report
            while len(self._reports) > REPORTS_KEPT:
                self._reports.popitem(last=False)
        return key

    def kept(self, key: str) -> Report:
        with self._reports_lock:
            report = self._reports.get(key)
        if report is None:
            raise ApiError(
                "report_expired", "this report is no longer kept by the server (or never was); check the copy again"
            )
        return report


__all__ = ["CopyInput", "Service", "ServiceLimits"]

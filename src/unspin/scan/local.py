"""Local scan engine: crawl files -> part files + manifest in out/work (resumable, N workers) -> scan outputs.

Work folder layout (passim-style: every unit of work is one file, committed by an atomic rename)::

    out/work/config.json            the arguments the scan was started with (a rerun must match)
    out/work/manifest.jsonl         one line per committed chunk of input: file, chunk, pages, last
    out/work/scan/part-F-C.jsonl.gz ScanResult rows (+ sentences) of chunk C of input file F
    out/work/pages.db               the crawl archive: every readable page, for page-to-page links
    out/work/links/part-F-C.jsonl.gz  links of the pages of that chunk that have no archive original

A chunk is committed only after its part file is complete (written to a temporary name, fsynced,
renamed), so a killed scan leaves either a whole part file or none; the rerun skips committed chunks
and every later stage is redone only where its own part file is missing.
"""

from __future__ import annotations

import gzip
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from ..archive.store import Archive
from ..errors import ConfigError
from ..records import Document, Link, ScanResult, ScanSummary
from ..settings import Settings
from .output import finalize
from .progress import Bar, count_pages
from .stages import SENTENCES, build_crawl_archive, links_of, list_inputs, scan_rows
from .shared_keys import shared_key_links

WORK_VERSION = 1


# -- work folder --------------------------------------------------------------------------------------
class WorkDir:
    """The resumable state of one scan under ``out/work``."""

    def __init__(self, out_dir: Path) -> None:
        self.root = out_dir / "work"
        self.scan_dir = self.root / "scan"
        self.link_dir = self.root / "links"
        self.manifest = self.root / "manifest.jsonl"
        self.crawl_path = self.root / "pages.db"

    def start(self, config: dict[str, Any]) -> None:
        """Create the folder, or check that an existing one was started with the same arguments."""
        self.scan_dir.mkdir(parents=True, exist_ok=True)
        self.link_dir.mkdir(parents=True, exist_ok=True)
        path = self.root / "config.json"
        if path.exists():
            old = json.loads(path.read_text(encoding="utf-8"))
            if old != config:
                changed = sorted(k for k in set(old) | set(config) if old.get(k) != config.get(k))
                state = "a finished" if self.flag("finished").exists() else "an unfinished"
                advice = ("use a new --out to keep it" if state == "a finished" else
                          "rerun with the same arguments to resume, or use a new --out")
                raise ConfigError(
                    f"{self.root.parent} holds {state} scan made with different arguments ({', '.join(changed)}); "
                    f"{advice} (or delete {self.root} to start over there)"
                )
        else:
            _write_atomic(path, json.dumps(config, indent=1, sort_keys=True).encode("utf-8"))
        # A kill can tear the manifest's last line; rewrite it clean so new lines do not join the torn one.
        entries = self.committed()
        _write_atomic(self.manifest, "".join(json.dumps(e) + "\n" for e in entries).encode("utf-8"))

    def committed(self) -> list[dict[str, Any]]:
        """Manifest entries of committed chunks (a torn last line from a kill is ignored)."""
        if not self.manifest.exists():
            return []
        out = []
        for line in self.manifest.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if (self.scan_dir / entry["part"]).exists():
                out.append(entry)
        return out

    def commit(self, file_index: int, chunk: int, rows: list[dict[str, Any]], last: bool, path: str) -> None:
        name = f"part-{file_index:05d}-{chunk:06d}.jsonl.gz"
        _write_atomic(self.scan_dir / name, _gz_lines(rows))
        entry = {"part": name, "file": file_index, "path": path, "chunk": chunk, "pages": len(rows), "last": last}
        with self.manifest.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def parts(self) -> list[str]:
        return sorted({e["part"] for e in self.committed()})

    def rows(self, part: str) -> Iterator[dict[str, Any]]:
        with gzip.open(self.scan_dir / part, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)

    def all_rows(self) -> Iterator[dict[str, Any]]:
        for part in self.parts():
            yield from self.rows(part)

    def link_done(self, part: str) -> bool:
        return (self.link_dir / part).exists()

    def commit_links(self, part: str, links: list[Link]) -> None:
        _write_atomic(self.link_dir / part, _gz_lines([asdict(k) for k in links]))

    def links(self) -> Iterator[Link]:
        for part in self.parts():
            with gzip.open(self.link_dir / part, "rt", encoding="utf-8") as fh:
                for line in fh:
                    yield Link(**json.loads(line))

    def flag(self, name: str) -> Path:
        return self.root / f"{name}.done"


def _gz_lines(rows: list[dict[str, Any]]) -> bytes:
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    return gzip.compress(text.encode("utf-8"), compresslevel=3, mtime=0)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# -- chunks of input ---------------------------------------------------------------------------------
@dataclass(slots=True)
class Chunk:
    file_index: int
    chunk: int
    path: str
    items: list[tuple[int, int, Document]]
    last: bool


def pending_chunks(files: list[str], committed: list[dict[str, Any]], chunk_size: int) -> Iterator[Chunk]:
    """Chunks of input not yet committed, streamed; finished files are not opened at all."""
    from ..ingest import read

    state: dict[int, tuple[int, int, bool]] = {}
    for e in committed:
        chunks, pages, done = state.get(e["file"], (0, 0, False))
        state[e["file"]] = (max(chunks, e["chunk"] + 1), pages + e["pages"], done or e["last"])
    for fi, path in enumerate(files):
        chunks, pages, done = state.get(fi, (0, 0, False))
        if done:
            continue
        # Committed chunks are contiguous (commits happen in input order), so skipping the first
        # ``pages`` items resumes exactly after the last committed one.
        docs = islice(read(path), pages, None)
        item, number, buf = pages, chunks, []
        for doc in docs:
            buf.append((fi, item, doc))
            item += 1
            if len(buf) == chunk_size:
                yield Chunk(fi, number, path, buf, False)
                number, buf = number + 1, []
        yield Chunk(fi, number, path, buf, True)


# -- process workers ---------------------------------------------------------------------------------
# Per worker process (or the main process when workers=1): the archive paths, the settings, and the
# archives opened so far. One pool serves both stages, so each worker starts (imports, loads its
# models) once per scan.
_WORKER: dict[str, Any] = {}


def _init_worker(paths: dict[str, str | None], settings: Settings) -> None:
    _WORKER.update(paths=paths, settings=settings, open={})


def _archive(key: str) -> Archive | None:
    opened = _WORKER["open"]
    if key not in opened:  # opened on first use: the crawl archive exists only from stage 2 on
        path = _WORKER["paths"][key]
        opened[key] = Archive(path, readonly=True) if path else None
    return opened[key]


def _scan_chunk(items: list[tuple[int, int, Document]]) -> list[dict[str, Any]]:
    return scan_rows(items, _archive("originals"), _WORKER["settings"])


def _link_part(rows: list[dict[str, Any]]) -> list[Link]:
    return links_of(rows, _archive("crawl"), _WORKER["settings"])


def _ordered(tasks: Iterable[tuple[Any, Any]], work: Callable[[Any], Any], pool: ProcessPoolExecutor | None,
             window: int) -> Iterator[tuple[Any, Any]]:
    """``(key, work(payload))`` in task order, at most ``window`` tasks in flight (bounded memory)."""
    if pool is None:
        for key, payload in tasks:
            yield key, work(payload)
        return
    pending: deque[tuple[Any, Future]] = deque()
    for key, payload in tasks:
        pending.append((key, pool.submit(work, payload)))
        if len(pending) >= window:
            k, f = pending.popleft()
            yield k, f.result()
    while pending:
        k, f = pending.popleft()
        yield k, f.result()


def _pool(workers: int, paths: dict[str, str | None], settings: Settings) -> ProcessPoolExecutor | None:
    if workers <= 1:
        return None
    import multiprocessing

    # spawn: a forked child would share the parent's SQLite handles and rich's console
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(paths, settings))


def run_local(
    sources: list[str], archive: str | Path | Archive | None, out_dir: Path, *, workers: int, settings: Settings,
    chunk_size: int, progress: bool,
) -> ScanSummary:
    """The local engine behind ``unspin.scan.scan``."""
    start = time.perf_counter()
    files = list_inputs(sources)
    if isinstance(archive, Archive):
        if workers > 1 and archive.path is None:
            raise ConfigError("an in-memory archive cannot be shared with worker processes; use workers=1 or a file")
        archive_obj, archive_path = archive, (str(archive.path) if archive.path else None)
    else:
        archive_path = str(archive) if archive is not None else None
        archive_obj = None
    work = WorkDir(out_dir)
    work.start(scan_config(files, archive_path, settings, chunk_size))
    committed = work.committed()
    resumed = len(committed)
    bar = Bar(progress, count_pages(files) if progress else None)
    bar.advance(sum(e["pages"] for e in committed), "scan")

    paths = {"originals": archive_path, "crawl": str(work.crawl_path)}
    _init_worker(paths, settings)
    if archive_obj is not None:  # the caller's own (possibly in-memory) archive, used in this process
        _WORKER["open"]["originals"] = archive_obj
    pool = _pool(workers, paths, settings)
    window = 2 * max(1, workers)
    try:
        # 1. scan every page against the archive of originals
        tasks = ((c, c.items) for c in pending_chunks(files, committed, chunk_size))
        for chunk, rows in _ordered(tasks, _scan_chunk, pool, window):
            work.commit(chunk.file_index, chunk.chunk, rows, chunk.last, chunk.path)
            bar.advance(len(rows), "scan")

        # 2. the crawl archive (pages of the crawl, for page-to-page links)
        if not work.flag("crawl").exists():
            bar.stage("index crawl pages")
            build_crawl_archive(work.all_rows(), work.crawl_path)
            _write_atomic(work.flag("crawl"), b"")

        # 3. link pages without an archive original to their siblings
        parts = [p for p in work.parts() if not work.link_done(p)]
        bar.restart(len(parts), "link")
        for part, links in _ordered(((p, list(work.rows(p))) for p in parts), _link_part, pool, window):
            work.commit_links(part, links)
            bar.advance(1, "link")
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
        for opened in _WORKER.get("open", {}).values():
            if opened is not None and opened is not archive_obj:
                opened.close()
        _WORKER.clear()
    bar.stage("write results")
    bar.close()

    # 4. links from what pages share besides text (URL ids and slugs, titles), then clusters and outputs
    links = list(work.links())
    with Archive(work.crawl_path, readonly=True) as crawl:
        links += shared_key_links(work.all_rows(), crawl, {k.page_id for k in links})
    stats = finalize(lambda: (ScanResult.from_dict(r) for r in work.all_rows()), links, out_dir)
    _write_atomic(work.flag("finished"), b"")
    return ScanSummary(out_dir=out_dir, resumed_chunks=resumed, seconds=round(time.perf_counter() - start, 3), **stats)


def scan_config(files: list[str], archive_path: str | None, settings: Settings, chunk_size: int) -> dict[str, Any]:
    """What must not change between a scan and its resumption."""
    size = None
    if archive_path:
        p = Path(archive_path)
        size = p.stat().st_size if p.exists() else None
    return {
        "version": WORK_VERSION,
        "files": [os.path.abspath(f) for f in files],
        "archive": os.path.abspath(archive_path) if archive_path else None,
        "archive_bytes": size,
        "settings": asdict(settings),
        "chunk_size": chunk_size,
    }


def scan(
    sources: Iterable[str | Path],
    archive: str | Path | Archive | None,
    out_dir: str | Path,
    *,
    workers: int = 1,
    settings: Settings | None = None,
    chunk_size: int = 200,
    progress: bool = True,
) -> ScanSummary:
    """Scan a crawl (WARC, JSONL, HTML files or directories) and write the results to ``out_dir``.

    Streams the input (never holds the crawl in memory), shows a progress bar with rate and ETA,
    and is resumable: finished chunks are committed as part files with a manifest under
    ``out_dir/work``; a rerun with the same arguments continues where the last one stopped.

    Args:
        sources: crawl files and directories.
        archive: path of the archive of originals (an in-memory ``Archive`` works with ``workers=1``).
        out_dir: results folder (``pages``, ``domains``, ``errors`` as Parquet and CSV, ``report.html``).
        workers: processes scanning pages in parallel.
        settings: pipeline settings.
        chunk_size: pages per part file (the unit of resumption).
        progress: show the rich progress bar.

    Returns:
        A ScanSummary.
    """
    return run_local(
        [str(s) for s in sources], archive, Path(out_dir), workers=workers, settings=settings or Settings(),
        chunk_size=chunk_size, progress=progress,
    )

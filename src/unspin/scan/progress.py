"""Scan progress: crawl files -> a page-count estimate; stage updates -> a rich progress bar with rate and ETA."""

from __future__ import annotations

import gzip
import time


def count_pages(files: list[str]) -> int | None:
    """A quick estimate of the number of pages (JSONL lines, WARC response records, 1 per other file)."""
    total = 0
    for path in files:
        name = path.lower().removesuffix(".gz")
        opener = gzip.open if path.lower().endswith(".gz") else open
        try:
            if name.endswith((".jsonl", ".ndjson")):
                with opener(path, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif name.endswith((".warc", ".arc")):
                from warcio.archiveiterator import ArchiveIterator

                with open(path, "rb") as fh:
                    total += sum(1 for r in ArchiveIterator(fh) if r.rec_type in ("response", "resource"))
            else:
                total += 1
        except Exception:  # only an estimate for the progress bar; the scan reports the real problem
            total += 1
    return total


class Bar:
    """A rich progress bar with rate and ETA (silent when ``enabled`` is False)."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self.progress = None
        if not enabled:
            return
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self.progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            transient=False,
        )
        self.progress.start()
        self.task = self.progress.add_task("scan pages", total=total, rate="")
        self.t0 = time.perf_counter()
        self.done0: int | None = None
        self.done = 0

    def advance(self, n: int, what: str) -> None:
        if self.progress is None:
            return
        self.done += n
        if self.done0 is None:  # the rate counts this run's work only, not resumed chunks
            self.done0, self.t0 = self.done, time.perf_counter()
        elapsed = max(1e-6, time.perf_counter() - self.t0)
        rate = (self.done - self.done0) / elapsed
        unit = "pages" if what == "scan" else "parts"
        self.progress.update(self.task, completed=self.done, rate=f"{rate:,.1f} {unit}/s")

    def restart(self, total: int, what: str) -> None:
        if self.progress is None:
            return
        self.progress.update(self.task, description=f"{what} parts", total=total, completed=0, rate="")
        self.done0, self.done = None, 0

    def stage(self, text: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description=text)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()

"""`unspin index`, `unspin check` and `unspin demo`: thin shells over Archive, ingest.read and check."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

from ._app import app, fail_on_error


class Format(str, enum.Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    html = "html"


def _open_archive(path: Path | None, *, readonly: bool, retriever: str | None = None):
    from ..archive.store import Archive

    if path is None:
        return None
    with fail_on_error():
        return Archive(path, readonly=readonly, retriever=retriever)


def add_with_progress(archive, docs, label: str = "indexing", *, total_of=None, workers: int = 1, learn=None) -> object:
    """Add documents with progress (count, rate, ETA when the total is known); returns the AddResult.

    ``total_of``: the inputs, counted in a background thread (``ingest.count``) so that adding starts at
    once. ``learn``: passed to ``Archive.add`` (names learned per added original). On a terminal a rich
    bar; otherwise (a log file) one line every 30 s.
    """
    import threading
    import time

    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    tty = sys.stderr.isatty()
    with Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        transient=False, disable=not tty,
    ) as progress:
        task = progress.add_task(label, total=None, rate="")
        box: dict = {"total": None}
        if total_of is not None:
            def count() -> None:
                from ..ingest.count import count_items

                try:
                    box["total"] = count_items(total_of)
                except OSError:
                    return
                progress.update(task, total=box["total"])

            threading.Thread(target=count, daemon=True).start()
        start = last_line = time.monotonic()

        def on_batch(result) -> None:  # noqa: ANN001
            nonlocal last_line
            now = time.monotonic()
            rate = result.seen / max(now - start, 1e-9)
            progress.update(task, completed=result.seen, rate=f"{rate:,.0f} docs/s")
            if not tty and now - last_line >= 30:
                last_line = now
                total = box["total"]
                eta = f", ETA {_hms((total - result.seen) / rate)}" if total and rate else ""
                of = f" of {total:,}" if total else ""
                print(f"{label}: {result.seen:,}{of} ({result.added:,} added, {rate:,.0f} docs/s{eta})", file=sys.stderr,
                      flush=True)

        return archive.add(docs, progress=on_batch, workers=workers, learn=learn)


def _hms(seconds: float) -> str:
    s = int(max(0, seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


@app.command()
def index(
    sources: list[Path] = typer.Argument(..., help="Files or folders: text, HTML, JSONL(.gz), WARC(.gz)."),
    archive: Path = typer.Option(..., "--archive", "-a", help="Archive file (SQLite); created if missing."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes that tokenise and compress."),
    names: bool = typer.Option(True, "--names/--no-names",
                               help="Learn names for restoration from each added original (an archive indexed "
                               "without them is relearned in one pass over every original)."),
    multilingual: bool = typer.Option(False, "--multilingual", help="Also embed lead sentences for cross-language "
                                      "matching (side file <archive>.vectors; needs unspin[multilingual])."),
    retriever: str | None = typer.Option(None, "--retriever", help="Retrieval index of a new archive: postings "
                                         "(numpy term postings, the default) or sqlite (FTS5: same bm25, more CPU); "
                                         "an existing archive keeps the one it was created with."),
) -> None:
    """Add originals to an archive (streaming and resumable: known ids and duplicate contents are skipped)."""
    from ..ingest import read
    from ..names import learn_names, refresh_names

    arc = _open_archive(archive, readonly=False, retriever=retriever)
    before = len(arc)
    # text read unsplit: the archive splits it where it tokenises (in the workers with --workers)
    result = add_with_progress(arc, read(*sources, split=False), total_of=sources, workers=workers,
                               learn=learn_names if names else None)
    if result.added > 0.1 * max(before, 1):
        arc.optimize()  # one index segment after a bulk load; small adds keep FTS5's incremental merging
    if names and not arc.names_are_current():
        refresh_names(arc)  # an archive indexed without names: one pass over every original
    if multilingual:
        from ..multilingual import index_archive

        typer.echo(f"{index_archive(arc)} lead sentences embedded for cross-language matching", err=True)
    arc.close()
    for err in result.errors:
        typer.echo(f"skipped: {err}", err=True)
    typer.echo(
        f"{result.added} added, {result.skipped_existing_id} already present, {result.skipped_duplicate_content} "
        f"duplicate content, {len(result.errors)} unreadable; {result.grouped} joined a group of carriers; "
        f"archive {archive} now holds {_count(archive)} originals"
    )


def _count(path: Path) -> int:
    from ..archive.store import Archive

    with Archive(path, readonly=True) as a:
        return len(a)


@app.command()
def check(
    sources: list[Path] = typer.Argument(..., help="Suspected copies: text, HTML, JSONL(.gz), WARC(.gz), folders; - for stdin."),
    archive: Path | None = typer.Option(None, "--archive", "-a", help="Archive of originals (optional)."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text (terminal), json, jsonl or html."),
    no_detect: bool = typer.Option(False, "--no-detect", help="Skip the MT/spin likelihood."),
    no_restore: bool = typer.Option(False, "--no-restore", help="Skip name restoration."),
) -> None:
    """Check suspected copies: original (or none), alignment, residue, provenance, MT likelihood, name fixes."""
    from ..check import Stages, check_many
    from ..ingest import read
    from ..report.render import render_html, render_terminal, to_json

    arc = _open_archive(archive, readonly=True)
    stages = Stages(detect=not no_detect, restore=not no_restore)
    reports = check_many(read(*[str(s) for s in sources]), arc, stages=stages)
    if fmt is Format.jsonl:
        for r in reports:
            sys.stdout.write(to_json(r, indent=None) + "\n")
    elif fmt is Format.json:
        items = list(reports)
        if len(items) == 1:
            sys.stdout.write(to_json(items[0]) + "\n")
        else:
            import json

            sys.stdout.write(json.dumps([r.to_dict() for r in items], ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.html:
        for r in reports:
            sys.stdout.write(render_html(r))
    else:
        for r in reports:
            render_terminal(r)
    if arc is not None:
        arc.close()


DEMO_ORIGINALS = Path("tests/data/sample/originals.jsonl")
DEMO_SEED = Path("examples/seed.txt")


@app.command()
def demo(
    seed: Path = typer.Option(DEMO_SEED, help="The copy to check."),
    originals: Path = typer.Option(DEMO_ORIGINALS, help="Originals for the small sample archive."),
    archive: Path = typer.Option(Path(".unspin/demo.db"), help="Where the sample archive is kept."),
    fmt: Format = typer.Option(Format.text, "--format", "-f"),
) -> None:
    """Run the main job on the bundled defaults: build the sample archive, check examples/seed.txt."""
    from ..ingest import read

    for p in (seed, originals):
        if not p.exists():
            typer.echo(f"error: {p} not found; run `unspin demo` from the repository root", err=True)
            raise typer.Exit(2)
    from ..archive.store import Archive
    from ..names import learn_names, refresh_names
    from ..errors import ArchiveError

    try:
        arc = Archive(archive)
    except ArchiveError:
        # The sample archive is a cache: one from an older unspin is rebuilt, not an error.
        for stale in archive.parent.glob(archive.name + "*"):
            stale.unlink()
        arc = Archive(archive)
    add_with_progress(arc, read(originals), label="sample archive", learn=learn_names)
    if not arc.names_are_current():
        refresh_names(arc)
    arc.close()
    check([seed], archive=archive, fmt=fmt, no_detect=False, no_restore=False)

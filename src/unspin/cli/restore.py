"""`unspin restore`, `unspin lexicon import` and `unspin bench restore`: thin shells over unspin.names."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path

import typer

from ._app import app, bench_app

lexicon_app = typer.Typer(help="Name lists for `unspin restore`: import gazetteers.", no_args_is_help=True)
app.add_typer(lexicon_app, name="lexicon")


class RestoreFormat(str, enum.Enum):
    text = "text"
    json = "json"


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2)


def _documents(path: Path) -> list:
    from ..ingest import read

    return [d for d in read(path) if d.text or d.sentences]


@app.command()
def restore(
    file: Path = typer.Argument(..., help="The copy: text, HTML, JSONL(.gz) or WARC file."),
    original: Path | None = typer.Option(None, "--original", help="Its original (any readable format)."),
    archive: Path | None = typer.Option(None, "--archive", "-a", help="Archive of originals: the copy's original, if found there, is the first source, and the archive's learned names join the lexicon."),
    siblings: Path | None = typer.Option(None, "--siblings", help="Other copies of the same original: a folder or a file."),
    lexicon: list[Path] = typer.Option([], "--lexicon", help="Gazetteer (.db from `unspin lexicon import`) or TSV/JSONL name list; repeatable."),
    no_wordfreq: bool = typer.Option(False, "--no-wordfreq", help="Do not use the bundled wordfreq English list."),
    fmt: RestoreFormat = typer.Option(RestoreFormat.text, "--format", help="text (fixes inline) or json."),
) -> None:
    """Restore the names a copy mangled, from its original, sibling copies and a lexicon, with evidence."""
    from ..archive.store import Archive
    from ..errors import UnspinError
    from ..names.lexicon import Lexicon
    from ..match.find import find_original
    from ..names.restore import restore as restore_copy

    try:
        copies = _documents(file)
        orig = _documents(original)[0] if original else None
        sibs = _documents(siblings) if siblings else []
        arc = Archive(archive, readonly=True) if archive else None
        lex = Lexicon.from_files(lexicon, names=arc.learned_names() if arc else None, default=not no_wordfreq)
        results = []
        for doc in copies:
            found = find_original(doc, arc).original if (orig is None and arc is not None) else None
            results.append((doc, *restore_copy(doc, original=orig or found, siblings=sibs, lexicon=lex)))
    except (UnspinError, OSError, IndexError) as exc:
        raise _fail(exc) from exc
    if fmt is RestoreFormat.json:
        for doc, fixes, restored in results:
            typer.echo(json.dumps({"copy": doc.id, "fixes": [f.to_dict() for f in fixes], "restored_text": restored},
                                  ensure_ascii=False))
        return
    for doc, fixes, _ in results:
        _print_text(doc, fixes)


def _print_text(doc, fixes) -> None:  # noqa: ANN001
    """The copy with each fix inline (before struck through, after highlighted), then the evidence."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    text = doc.text or "\n".join(doc.sentences)
    out, cursor = Text(), 0
    for n, fix in enumerate(sorted(fixes, key=lambda f: f.span), 1):
        start, end = fix.span
        if start < cursor:
            continue
        out.append(text[cursor:start])
        if console.is_terminal:
            out.append(fix.before, style="strike red")
            out.append(fix.after, style="bold green")
        else:  # no styles in a pipe or a file: wdiff-style markers
            out.append(f"[-{fix.before}-]{{+{fix.after}+}}")
        out.append(f"[{n}]", style="dim")
        cursor = end
    out.append(text[cursor:])
    console.print(out)
    console.print(f"\n{len(fixes)} fix(es) in {doc.id}", style="bold")
    for n, fix in enumerate(sorted(fixes, key=lambda f: f.span), 1):
        console.print(f"[{n}] {fix.before} -> {fix.after}  ({fix.source}, confidence {fix.confidence:.2f}): {fix.evidence}")


@lexicon_app.command("import")
def lexicon_import(
    dump: Path = typer.Argument(..., help="Name dump: JSONL ({id,label,aliases}) or TSV (label<TAB>aliases), plain/.gz/.bz2."),
    out: Path = typer.Option(..., "--out", "-o", help="Gazetteer file to write (SQLite)."),
) -> None:
    """Build a gazetteer from a (Wikidata-style) name dump, streamed in bounded memory."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    from ..errors import UnspinError
    from ..names.gazetteer import import_dump

    try:
        total = dump.stat().st_size
    except OSError as exc:
        raise _fail(exc) from exc
    with Progress(
        TextColumn("[bold]importing"), BarColumn(), DownloadColumn(), TextColumn("{task.fields[rows]:,} names"),
        TimeElapsedColumn(), console=None,
    ) as progress:
        task = progress.add_task("import", total=total, rows=0)
        try:
            result = import_dump(dump, out, on_progress=lambda rows, done: progress.update(task, completed=done, rows=rows))
        except (UnspinError, OSError) as exc:
            raise _fail(exc) from exc
    typer.echo(f"{result.rows:,} names ({result.forms:,} spellings, {result.skipped:,} lines skipped) -> {result.path}")


@bench_app.command("restore")
def bench_restore(
    data: Path = typer.Option(Path("../shared/data/wmt-dev"), help="wmt-dev folder (originals/copies .jsonl.gz)."),
    mode: list[str] = typer.Option(["original", "siblings", "lexicon"], "--mode", help="Source modes to score; repeatable."),
    max_copies: int | None = typer.Option(None, help="Score only the first N copies (a quick look; not for BENCHMARKS.md)."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the section is appended to."),
) -> None:
    """Name restoration on wmt-dev: fixes, precision, recall and wrongly changed tokens per source mode."""
    from ..bench.output import write_section
    from ..bench.restore import MODES, notes, run
    from ..errors import UnspinError

    unknown = [m for m in mode if m not in MODES]
    if unknown:
        raise _fail(ValueError(f"unknown mode(s) {unknown}; choose from {', '.join(MODES)}"))
    try:
        tallies = dict(run(data, mode, max_copies=max_copies))
    except UnspinError as exc:
        raise _fail(exc) from exc
    write_section("Name restoration (wmt-dev)", [t.row(m) for m, t in tallies.items()],
                  command="unspin " + " ".join(sys.argv[1:]) if sys.argv[1:] else None, notes=notes(tallies), out=out)

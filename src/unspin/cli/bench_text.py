"""`unspin bench split`: the sentence splitter's benchmark (needs ../shared data; exits non-zero without it)."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import bench_app, fail_on_error


@bench_app.command("split")
def bench_split(
    data: Path = typer.Option(Path("../shared/data/wmt-dev"), help="wmt-dev folder (gold segmentation)."),
    distractors: Path = typer.Option(Path("../shared/data/distractors"), help="Distractor originals (Reuters-21578)."),
    llm: Path = typer.Option(Path("../shared/data/llm-paraphrase-dev"), help="llm-paraphrase-dev folder (LLMFake originals)."),
    sample: int | None = typer.Option(None, help="Split a seeded sample of this many documents per set (default: all)."),
    pysbd_sample: int = typer.Option(1500, help="Documents per set the slow pysbd baseline splits (seeded sample)."),
    seed: int = typer.Option(0, help="Seed for the samples."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
) -> None:
    """Sentence splitting: boundary P/R/F1 on the WMT gold, agreement with pysbd, MB/s; pysbd as baseline."""
    from ..bench.output import write_section
    from ..bench.split import run_split

    with fail_on_error():
        rows, notes = run_split(data, distractors, llm, sample=sample, pysbd_sample=pysbd_sample, seed=seed,
                                log=lambda m: typer.echo(m, err=True))
    write_section("Sentence splitting (unspin rules vs pysbd)", rows, notes=notes, out=out)

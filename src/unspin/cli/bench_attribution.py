"""`unspin bench attribution|templates|paraphrase`: the core's benchmarks (needs ../shared data; exits non-zero without it)."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import bench_app, fail_on_error


@bench_app.command("attribution")
def bench_attribution(
    data: Path = typer.Option(Path("../shared/data/wmt-dev"), help="wmt-dev folder."),
    distractors: Path | None = typer.Option(Path("../shared/data/distractors"), help="Distractor originals."),
    limit: int | None = typer.Option(None, help="Check a seeded sample of this many copies (quick runs)."),
    seed: int = typer.Option(0, help="Seed for the withheld half and the partial copies."),
    no_baselines: bool = typer.Option(False, "--no-baselines", help="Skip BM25 and MinHash."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
) -> None:
    """Find-the-original benchmark: R@1, MRR, wrong-original rate, alignment F1, speed; with baselines."""
    from ..bench.attribution import run_attribution
    from ..bench.output import write_section

    with fail_on_error():
        rows, notes = run_attribution(data, distractors, seed=seed, limit=limit, baselines=not no_baselines,
                                      log=lambda m: typer.echo(m, err=True))
    write_section("Attribution (find the original, abstain, align)", rows, notes=notes, out=out)


@bench_app.command("templates")
def bench_templates(
    distractors: Path = typer.Option(Path("../shared/data/distractors"), help="Distractor originals (Reuters-21578)."),
    sample: int = typer.Option(2000, help="How many articles to check (seeded sample)."),
    seed: int = typer.Option(0, help="Seed for the sample."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
) -> None:
    """False attribution between distinct articles of one publisher (template and same-event stories)."""
    from ..bench.output import write_section
    from ..datasets import require_data
    from ..bench.templates import run_templates

    with fail_on_error():
        rows, notes = run_templates(require_data(distractors, "distractor originals"), sample=sample, seed=seed,
                                    log=lambda m: typer.echo(m, err=True))
    write_section("Distinct articles of one publisher (false attribution)", rows, notes=notes, out=out)


@bench_app.command("paraphrase")
def bench_paraphrase(
    data: Path = typer.Option(Path("../shared/data/llm-paraphrase-dev"), help="llm-paraphrase-dev folder."),
    distractors: Path | None = typer.Option(Path("../shared/data/distractors"), help="Distractor originals."),
    seed: int = typer.Option(0, help="Seed for the withheld half."),
    no_baselines: bool = typer.Option(False, "--no-baselines", help="Skip BM25."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
) -> None:
    """LLM paraphrases and rewrites: R@1 and wrong-original per generator and method, with BM25 beside."""
    from ..bench.output import write_section
    from ..bench.paraphrase import run_paraphrase

    with fail_on_error():
        rows, notes = run_paraphrase(data, distractors, seed=seed, baselines=not no_baselines,
                                     log=lambda m: typer.echo(m, err=True))
    write_section("LLM paraphrases and rewrites (find the original, abstain)", rows, notes=notes, out=out)

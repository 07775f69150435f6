"""`unspin scan` and `unspin bench scan`: parse options -> unspin.scan / unspin.spark / unspin.bench.scan -> print."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import app, bench_app, fail_on_error


@app.command("scan")
def scan_cmd(
    crawl: list[Path] = typer.Argument(..., help="Crawl files (WARC, JSONL, HTML; .gz too) or directories."),
    archive: Path | None = typer.Option(None, "--archive", "-a", help="Archive of originals (from `unspin index`)."),
    out: Path = typer.Option(Path("results"), "--out", "-o", help="Results folder (resumable: rerun to continue)."),
    engine: str = typer.Option("local", help="local (processes on this machine) or spark (PySpark job)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Local engine: worker processes."),
    master: str = typer.Option("local[2]", help="Spark engine: the Spark master URL."),
    chunk_size: int = typer.Option(200, help="Local engine: pages per committed part file."),
    settings: Path | None = typer.Option(None, help="TOML file with \\[unspin] settings."),
    no_progress: bool = typer.Option(False, "--no-progress", help="Do not show the progress bar."),
) -> None:
    """Scan a crawl: original, transformation and lag per page; clusters of copies; who copies whom."""
    from ..settings import Settings

    with fail_on_error():
        opts = Settings.from_toml(settings) if settings else Settings()
        if engine == "local":
            from ..scan import scan

            summary = scan([str(c) for c in crawl], archive, out, workers=workers, settings=opts,
                           chunk_size=chunk_size, progress=not no_progress)
        elif engine == "spark":
            from ..spark.job import run_spark

            summary = run_spark([str(c) for c in crawl], archive, out, master=master, settings=opts)
        else:
            raise typer.BadParameter(f"unknown engine {engine!r}; choose local or spark", param_hint="--engine")
    s = summary
    typer.echo(
        f"{s.pages:,} pages ({s.errors:,} unreadable, skipped) · {s.with_original:,} copies of archived originals · "
        f"{s.linked:,} linked to sibling copies · {s.clusters:,} clusters of 2+ pages · "
        f"{s.singletons:,} single pages · {s.seconds:,.1f} s"
        + (f" · resumed {s.resumed_chunks} finished chunk(s)" if s.resumed_chunks else "")
    )
    typer.echo(f"results: {out}/pages.parquet|csv, domains.parquet|csv, errors.parquet|csv, report.html")


@bench_app.command("scan")
def bench_scan(
    data: Path = typer.Option(Path("../shared/data/wmt-dev"), help="wmt-dev folder."),
    distractors: Path = typer.Option(Path("../shared/data/distractors"), help="Distractor articles."),
    workdir: Path = typer.Option(Path("bench-scan"), help="Where the crawl, archive and results are written."),
    speed_pages: int = typer.Option(1000, help="Crawl size for the throughput runs (local 1/2 workers, Spark); 0 skips them."),
    sizes: str = typer.Option("10000,100000", help="Crawl sizes for the growth runs (comma-separated)."),
    seed: int = typer.Option(0, help="Seed for the withheld half, lags and the crawl order."),
    skip_spark: bool = typer.Option(False, "--skip-spark", help="Do not run the Spark engine."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
) -> None:
    """Crawl-scan benchmark: throughput, peak memory, cluster purity/completeness, growth with crawl size."""
    from ..bench.scan import run_bench
    from ..bench.output import write_section

    with fail_on_error():
        size_list = [int(s) for s in sizes.split(",") if s.strip()]
        rows, notes = run_bench(data, distractors, workdir, speed_pages=speed_pages, sizes=size_list, seed=seed,
                                spark=not skip_spark, log=lambda m: typer.echo(m, err=True))
    write_section("Crawl scan (clusters of copies, local and Spark)", rows, notes=notes, out=out)


@bench_app.command("farm")
def bench_farm(
    pages: Path = typer.Option(None, help="Labelled farm pages (default: the bundled dev set tests/data/farm/pages.jsonl; "
                                          "the held-out set is tests/data/farm/test.jsonl)."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
) -> None:
    """Real farm pages: pairwise precision/recall of scan clusters, MinHash and BM25 in the same run."""
    from ..bench.farm import FARM, run_farm
    from ..bench.output import write_section

    with fail_on_error():
        rows, notes = run_farm(pages or FARM, log=lambda m: typer.echo(m, err=True))
    write_section("Real farm pages (scan clusters, no archive)", rows, notes=notes, out=out)

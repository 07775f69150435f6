"""`unspin bench scale`: cost and quality at 16k, 100k and 550k+ originals (needs the big corpus and ../shared data)."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import bench_app, fail_on_error


@bench_app.command("scale")
def bench_scale(
    news: Path = typer.Option(..., help="news.jsonl.gz from ../shared/tools/build_bigcorpus.py"),
    filler: Path | None = typer.Option(None, help="filler.jsonl.gz from build_bigcorpus.py --filler (the last tier)."),
    wmt: Path = typer.Option(Path("../shared/data/wmt-dev"), help="wmt-dev folder."),
    llm: Path = typer.Option(Path("../shared/data/llm-paraphrase-dev"), help="llm-paraphrase-dev folder."),
    distractors: Path = typer.Option(Path("../shared/data/distractors"), help="Reuters distractors."),
    workdir: Path = typer.Option(Path(".unspin/scale"), help="Where the archive grows (kept: reruns resume)."),
    size: list[int] = typer.Option([100_000], help="Intermediate tier sizes (originals) between 16k and all."),
    limit: int = typer.Option(1000, help="WMT copies checked per tier (seeded sample; partial copies of the same)."),
    seed: int = typer.Option(0),
    workers: int = typer.Option(1, help="Indexing worker processes."),
    no_bm25: bool = typer.Option(False, "--no-bm25", help="Skip the BM25 (bm25s) reference."),
    no_all: bool = typer.Option(False, "--no-all", help="Stop after the --size tiers (no last tier of everything)."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
    plot: Path = typer.Option(Path("docs/bench-scale.svg"), help="Where the log-log chart is written."),
) -> None:
    """Index throughput, disk, memory, checks/s and attribution quality as the archive grows; BM25 alongside."""
    from ..bench.loglog import loglog_svg
    from ..bench.output import write_section
    from ..bench.scale import growth_exponent, run_scale
    from ..datasets import require_data

    with fail_on_error():
        for p, what in ((news, "big-corpus news"), (wmt, "wmt-dev"), (llm, "llm-paraphrase-dev"), (distractors, "distractors")):
            require_data(p, what)
        rows, notes = run_scale(news=news, filler=filler, wmt=wmt, llm=llm, distractors=distractors, workdir=workdir,
                                sizes=size, limit=limit, seed=seed, workers=workers, bm25=not no_bm25, everything=not no_all,
                                log=lambda m: typer.echo(m, err=True))
    n = [r["originals"] for r in rows]
    costs = {
        "ms per check": [1000.0 / r["checks/s"] for r in rows],
        "ms per indexed doc (CPU)": [1000.0 / r["index docs/CPU-s"] for r in rows],
        "archive kB per original": [1024.0 * r["archive MB"] / r["originals"] for r in rows],
        "RSS checking, 100 MB": [r["RSS checking MB"] / 100.0 for r in rows],
    }
    if len(rows) >= 2:
        notes.append("growth exponents b (cost ~ originals^b, least squares over the tiers): " + "; ".join(
            f"{k} {growth_exponent(n, v):.2f}" for k, v in costs.items()))
        plot.parent.mkdir(parents=True, exist_ok=True)
        plot.write_text(loglog_svg({k: list(zip(n, v)) for k, v in costs.items()}, title="unspin cost vs archive size",
                                   xlabel="originals in the archive"), encoding="utf-8")
        notes.append(f"![cost vs archive size, log-log]({plot.as_posix()})")
    write_section("Scaling (archive size: " + ", ".join(r["tier"] for r in rows) + ")", rows, notes=notes, out=out)


@bench_app.command("carriers")
def bench_carriers(
    news: Path = typer.Option(..., help="news.jsonl.gz from ../shared/tools/build_bigcorpus.py"),
    labels: Path = typer.Option(Path("tests/data/carriers/pairs.jsonl"), help="Hand-labelled article pairs."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
) -> None:
    """Carrier grouping on labelled real article pairs (precision, recall) and earliest-publisher attribution."""
    from ..bench.carriers import run_carriers
    from ..bench.output import write_section
    from ..datasets import require_data

    with fail_on_error():
        rows, notes = run_carriers(require_data(labels, "labelled pairs"), require_data(news, "big-corpus news"),
                                   log=lambda m: typer.echo(m, err=True))
    write_section("Carriers (wire copies inside the archive)", rows, notes=notes, out=out)


@bench_app.command("spark-archive")
def bench_spark_archive(
    archive: Path = typer.Option(..., help="The SQLite archive (exported to Parquet for the Spark engine)."),
    crawl: list[Path] = typer.Argument(..., help="Crawl files."),
    workdir: Path = typer.Option(Path(".unspin/spark-archive"), help="Parquet archive and both engines' outputs."),
    master: str = typer.Option("local[2]"),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
) -> None:
    """Parquet-archive Spark scan vs the local engine on the same crawl: equality, speed, shuffle per page."""
    from ..bench.output import write_section
    from ..bench.spark_archive import run_spark_archive

    with fail_on_error():
        rows, notes = run_spark_archive(archive, [str(c) for c in crawl], workdir, master=master,
                                        log=lambda m: typer.echo(m, err=True))
    write_section("Spark scan on a Parquet archive vs local", rows, notes=notes, out=out)

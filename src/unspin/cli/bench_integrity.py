"""`unspin bench integrity`: quote and figure drift on MT and LLM copies with seeded perturbations (needs ../shared data)."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import bench_app, fail_on_error


@bench_app.command("integrity")
def bench_integrity(
    data: Path = typer.Option(Path("../shared/data/wmt-dev"), help="wmt-dev folder (MT copies + human references)."),
    llm: Path = typer.Option(Path("../shared/data/llm-paraphrase-dev"), help="llm-paraphrase-dev folder (LLM paraphrases)."),
    sample: int | None = typer.Option(None, help="Check a seeded sample of this many copies per set (default: all)."),
    seed: int = typer.Option(0, help="Seed for the sample and the perturbations."),
    seed_copy: Path = typer.Option(Path("examples/seed.txt"), help="The seed copy."),
    seed_original: Path = typer.Option(Path("tests/data/integrity/seed_original.txt"),
                                       help="The seed's original, composed in the NYT's style (not the NYT text)."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
) -> None:
    """Recall of seeded quote/figure perturbations and false flags on unperturbed copies; exact-string baselines."""
    from ..bench.integrity import llm_pairs, run_set, seed_rows, wmt_pairs
    from ..bench.output import write_section

    def log(message: str) -> None:
        typer.echo(message, err=True)

    with fail_on_error():
        rows = run_set(wmt_pairs(data, sample, seed), "wmt-dev (MT)", seed, log)
        rows += run_set(llm_pairs(llm, sample, seed), "llm-paraphrase-dev", seed, log)
        rows += seed_rows(seed_copy, seed_original)
    notes = [
        "Unperturbed rows: share of the copies' quotes per status and of their figures (`verbatim` = same figure, "
        "`altered` = changed/scale-changed/unit-changed, `unmatched` = added). Every flag there is false: wmt-dev copies are "
        "MT of the foreign source, the 'original' is the human reference translation of it.",
        "Perturbation rows: one seeded edit per copy and kind inside a quote or a figure; recall = the check at the edit "
        "reports that kind; `recall (paired)` counts only edits in quotes (figures) whose unperturbed check found a "
        "counterpart in the original; `recall (drift)` counts only the paired edits that move the copy away from the "
        "original: a dropped word its counterpart has, an added word it does not have, every speaker swap (dropping a word "
        "the translation added brings the copy closer to the original). Drop/insert words are the bench's own lists (unambiguous qualifiers, no modals, "
        "no 'so'/'too'), not the checker's lexicon. Baseline: exact case-folded quote string / digit string absent "
        "from the original. A changed number always changes the figure's value ('0.5' never becomes '00.5').",
        "Alignment is unspin's own (`align`), not the WMT gold.",
    ]
    write_section("Quote and figure integrity (unspin bench integrity)", rows, notes=notes, out=out)

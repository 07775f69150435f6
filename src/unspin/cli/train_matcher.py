"""`unspin train matcher`: fit the match-confidence model shipped in unspin/data/matcher.json."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._app import train_app, fail_on_error

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "matcher.json"


@train_app.command("matcher")
def train_matcher_cli(
    data: Path = typer.Option(Path("../shared/data/wmt-dev"), help="wmt-dev folder (originals/copies .jsonl.gz)."),
    distractors: Path = typer.Option(Path("../shared/data/distractors"), help="Distractor originals (folder or .jsonl.gz)."),
    paraphrase: Path | None = typer.Option(
        Path("../shared/data/llm-paraphrase-dev"), help="llm-paraphrase-dev folder (LLM paraphrases; omit with --no-paraphrase)."
    ),
    no_paraphrase: bool = typer.Option(False, "--no-paraphrase", help="Fit on WMT, generated copies and templates only."),
    out: Path = typer.Option(DEFAULT_OUT, help="Where to write the model JSON."),
    train_year: str = typer.Option("2021", help="WMT year used for fitting; the other year stays held out."),
    seed: int = typer.Option(0, help="Seed for the withheld half and partial copies."),
    page_like: bool = typer.Option(False, "--page-like", help="Also fit on crawl-like copies: excerpts of both sides, write-thrus, LLM siblings."),
    large_news: Path | None = typer.Option(
        None, help="The big corpus's news JSONL (build_bigcorpus.py): also fit the large-archive model (the shipped one has it)."),
    large_count: int = typer.Option(25_000, help="News articles of --large-news in the large model's training archive."),
) -> None:
    """Fit the calibrated match-confidence model (deterministic): WMT21, LLM paraphrases, generated copies, templates."""
    from ..train.matcher import train_matcher

    with fail_on_error():
        model = train_matcher(data, distractors, None if no_paraphrase else paraphrase, train_year=train_year, seed=seed,
                              log=lambda m: typer.echo(m, err=True), page_like=page_like or None,
                              large_news=large_news, large_count=large_count)
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    typer.echo(json.dumps(model["trained"], indent=1))

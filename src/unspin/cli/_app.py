"""The Typer apps every command module registers on, and the one way a command turns an UnspinError into exit 2.

A leaf module (spaCy's ``cli/_util.py`` pattern): command modules import from here, ``cli/__init__``
only imports the command modules, so the CLI package has no import cycle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from ..errors import UnspinError

app = typer.Typer(
    name="unspin",
    help="Undo what content farms do to news: find the original of a copy, align it, restore names, detect MT.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
bench_app = typer.Typer(help="Benchmarks: print a table and append the figures to BENCHMARKS.md.", no_args_is_help=True)
train_app = typer.Typer(help="Train the small models shipped inside the package (reproducible, seeded).", no_args_is_help=True)
app.add_typer(bench_app, name="bench")
app.add_typer(train_app, name="train")


@contextmanager
def fail_on_error() -> Iterator[None]:
    """Print an UnspinError as ``error: …`` on stderr and exit with status 2 (bad input, config, archive)."""
    try:
        yield
    except UnspinError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc

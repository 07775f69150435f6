"""Command-line shell (typer + rich): parse -> call the library -> print. No analysis logic here.

Each command lives in its own module, which registers itself on ``app`` (or a sub-app) when imported.
"""

from __future__ import annotations

import typer

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

# Command modules register themselves on import (one module per command, spaCy-style).
from . import core_commands  # noqa: E402,F401  (index, check, demo)
from . import bench_attribution  # noqa: E402,F401
from . import train_matcher  # noqa: E402,F401
from . import serve  # noqa: E402,F401  (serve, bench serve)
from . import scan  # noqa: E402,F401  (scan, bench scan)
from . import detect  # noqa: E402,F401  (detect, train detector, bench detect)
from . import restore  # noqa: E402,F401  (restore, lexicon import, bench restore)


def main() -> None:
    app()

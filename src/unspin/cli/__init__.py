"""Command-line shell (typer + rich): parse -> call the library -> print. No analysis logic here.

Each command lives in its own module, which registers itself on ``_app.app`` (or a sub-app) when
imported; this package only imports them.
"""

from __future__ import annotations

from . import (  # register commands
    bench_attribution,
    bench_crosslingual,
    bench_integrity,
    bench_scale,
    bench_text,
    core_commands,
    detect,
    restore,
    scan,
    serve,
    train_matcher,
)
from ._app import app

__all__ = ["app", "bench_attribution", "bench_crosslingual", "bench_integrity", "bench_scale", "bench_text",
           "core_commands", "detect", "main", "restore", "scan", "serve", "train_matcher"]


def main() -> None:
    app()

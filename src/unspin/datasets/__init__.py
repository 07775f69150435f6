"""Research data sets as unspin records: wmt-dev, Reuters distractors -> Documents and benchmark copies.

Read by the benchmarks (``unspin.bench``) and the trainers (``unspin.train``); the library never
imports them. The data live outside the repository (``../shared/data``); ``require_data`` turns a
missing folder into a ConfigError that says so.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError


def require_data(path: str | Path, what: str) -> Path:
    """Return ``path`` if it exists, else raise ConfigError saying the benchmark needs ../shared data."""
    p = Path(path)
    if not p.exists():
        raise ConfigError(
            f"{what} not found at {p}: this benchmark needs the project's shared data "
            "(../shared/data, not part of the repository); pass --data/--distractors to point at it"
        )
    return p

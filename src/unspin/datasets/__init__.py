"""Research data sets as unspin records: wmt-dev, Reuters distractors -> Documents and benchmark copies.

Read by the benchmarks (``unspin.bench``) and the trainers (``unspin.train``); the library never
imports them. The data live outside the repository (``../shared/data``); ``require_data`` turns a
missing folder into a ConfigError that says so.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def json_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON Lines file, gzip-compressed (``.gz``) or plain; blank lines skipped.

    Raises:
        ConfigError: a line is not JSON (the file and line are named).
    """
    opener = gzip.open if path.suffix == ".gz" else open
    n = 0
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    yield json.loads(line)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{n}: not a JSON line ({exc.msg})") from exc
    except (UnicodeDecodeError, OSError) as exc:  # binary data, a broken .gz, an unreadable file
        raise ConfigError(f"{path}: cannot read it as UTF-8 JSON Lines ({exc})") from exc

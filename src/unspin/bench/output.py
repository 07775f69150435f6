"""Benchmark output: (title, rows) -> a rich table on the terminal + a Markdown section in BENCHMARKS.md."""

from __future__ import annotations

import datetime as _dt
import os
import platform
import resource
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigError


def peak_rss_mb() -> float:
    """Peak resident set size of this process (and waited-for children), in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024.0  # Linux reports KiB


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if value != value:  # NaN
            return "–"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.3f}"
    return str(value)


def markdown_table(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return "(no rows)\n"
    cols = list(dict.fromkeys(k for r in rows for k in r))
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join(_fmt(r.get(c)) for c in cols) + " |")
    return "\n".join(lines) + "\n"


def print_table(title: str, rows: Sequence[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=title)
    cols = list(dict.fromkeys(k for r in rows for k in r))
    # A wide table (the detection bench has 17 columns) folds into unreadable slivers in an
    # 80-column terminal; print it transposed instead: one line per metric, one column per row.
    if len(cols) * 10 > console.width and len(rows) < len(cols):
        table.add_column("metric", no_wrap=True)
        for i in range(len(rows)):
            table.add_column(f"#{i + 1}", overflow="fold")
        for c in cols:
            table.add_row(c, *(_fmt(r.get(c)) for r in rows))
    else:
        for c in cols:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*(_fmt(r.get(c)) for c in cols))
    console.print(table)


def write_section(
    title: str,
    rows: Sequence[dict[str, Any]],
    *,
    command: str | None = None,
    notes: Sequence[str] = (),
    out: str | Path = "BENCHMARKS.md",
) -> None:
    """Print ``rows`` as a table and append them, with the command and machine, to ``out``."""
    print_table(title, rows)
    cmd = command or " ".join(["unspin", *sys.argv[1:]])
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    parts = [f"\n## {title}\n", f"_{stamp} · `{cmd}` · {machine}_\n\n", markdown_table(rows)]
    for n in notes:
        parts.append(f"\n- {n}")
    if notes:
        parts.append("\n")
    path = Path(out)
    if not path.exists():
        path.write_text("# Benchmarks\n\nAppended by `unspin bench …`; newest sections last.\n", encoding="utf-8")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("".join(parts))

"""A log-log line chart as a self-contained SVG: {series: [(x, y)…]} -> SVG text (no plotting library needed)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def loglog_svg(series: Mapping[str, Sequence[tuple[float, float]]], *, title: str, xlabel: str, width: int = 640,
               height: int = 400) -> str:
    """Each series drawn as points joined by lines on log10 axes (decade grid lines), with a legend.

    Examples:
        >>> svg = loglog_svg({"a": [(1e4, 1.0), (1e5, 10.0)]}, title="t", xlabel="n")
        >>> svg.startswith("<svg") and "polyline" in svg
        True
    """
    pts = [(x, y) for s in series.values() for x, y in s if x > 0 and y > 0]
    x0, x1 = math.floor(math.log10(min(p[0] for p in pts))), math.ceil(math.log10(max(p[0] for p in pts)))
    y0, y1 = math.floor(math.log10(min(p[1] for p in pts))), math.ceil(math.log10(max(p[1] for p in pts)))
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
    left, right, top, bottom = 60, 190, 40, 50
    pw, ph = width - left - right, height - top - bottom

    def sx(x: float) -> float:
        return left + (math.log10(x) - x0) / (x1 - x0) * pw

    def sy(y: float) -> float:
        return top + ph - (math.log10(y) - y0) / (y1 - y0) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="13" font-weight="bold">{escape(title)}</text>']
    for e in range(x0, x1 + 1):
        out.append(f'<line x1="{sx(10 ** e):.1f}" y1="{top}" x2="{sx(10 ** e):.1f}" y2="{top + ph}" stroke="#ddd"/>')
        out.append(f'<text x="{sx(10 ** e):.1f}" y="{top + ph + 15}" text-anchor="middle">{10 ** e:,}</text>')
    for e in range(y0, y1 + 1):
        out.append(f'<line x1="{left}" y1="{sy(10 ** e):.1f}" x2="{left + pw}" y2="{sy(10 ** e):.1f}" stroke="#ddd"/>')
        label = f"{10.0 ** e:g}"
        out.append(f'<text x="{left - 5}" y="{sy(10 ** e) + 4:.1f}" text-anchor="end">{label}</text>')
    out.append(f'<text x="{left + pw / 2:.1f}" y="{height - 12}" text-anchor="middle">{escape(xlabel)}</text>')
    for i, (name, s) in enumerate(series.items()):
        colour = _COLOURS[i % len(_COLOURS)]
        good = [(x, y) for x, y in s if x > 0 and y > 0]
        line = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in good)
        out.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out.extend(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{colour}"/>' for x, y in good)
        ly = top + 10 + 18 * i
        out.append(f'<line x1="{left + pw + 12}" y1="{ly}" x2="{left + pw + 30}" y2="{ly}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{left + pw + 35}" y="{ly + 4}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"

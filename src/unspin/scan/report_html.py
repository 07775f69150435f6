"""Scan report page: (counts, domain rows, lags, top clusters) -> one self-contained report.html with inline SVG.

No JavaScript and nothing fetched: the charts are SVG drawn here, and every string from the crawl
(domains, ids) is escaped, since crawl pages are untrusted.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_E = html.escape
_PALETTE = ("#3b6ea8", "#d9822b", "#5a9e4b", "#b8484f", "#7d5ba6", "#8c6d46", "#c76fa5", "#6b6b6b", "#a9a945", "#3fa7b5")
KIND_COLORS = {
    "verbatim": "#b8484f", "lightly-edited": "#d9822b", "synonym-spun": "#7d5ba6",
    "machine-translated": "#3b6ea8", "rewritten": "#5a9e4b", "llm-paraphrased": "#3fa7b5", "excerpt": "#8c6d46",
    "unknown": "#9a9a9a",
}
# Lag bins in hours: content farms re-publish within hours; a long tail is re-publication of old news.
LAG_BINS = ((None, 0, "< 0 h"), (0, 1, "0–1 h"), (1, 6, "1–6 h"), (6, 24, "6–24 h"), (24, 72, "1–3 d"),
            (72, 168, "3–7 d"), (168, 720, "1–4 wk"), (720, None, "> 4 wk"))


def bar_chart(items: Sequence[tuple[str, int, Counter]], width: int = 760) -> str:
    """Horizontal ranked bars, one per copier domain, stacked by transformation kind."""
    if not items:
        return "<p class=muted>No copying domains found.</p>"
    label_w, row_h = 230, 22
    top = max(n for _, n, _ in items)
    scale = (width - label_w - 60) / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row_h * len(items) + 10}" role="img" '
             f'aria-label="Copying domains ranked by pages">']
    for i, (name, n, kinds) in enumerate(items):
        y = 5 + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="lbl">{_E(_short(name, 32))}</text>')
        x = float(label_w)
        for kind, k in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
            w = k * scale
            color = KIND_COLORS.get(kind, "#9a9a9a")
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row_h - 6}" fill="{color}">'
                         f'<title>{_E(name)}: {k} {_E(kind)}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="num">{n:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


def flow_graph(domains: Sequence[dict[str, Any]], width: int = 760, copiers: int = 14, publishers: int = 10) -> str:
    """Copier -> publisher graph: copiers on the left, publishers on the right, edge width = pages."""
    if not domains:
        return "<p class=muted>No copier → publisher links found.</p>"
    by_copier: Counter = Counter()
    by_pub: Counter = Counter()
    for d in domains:
        by_copier[d["copier_domain"]] += d["pages"]
        by_pub[d["publisher"]] += d["pages"]
    left = [c for c, _ in sorted(by_copier.items(), key=lambda kv: (-kv[1], kv[0]))[:copiers]]
    right = [p for p, _ in sorted(by_pub.items(), key=lambda kv: (-kv[1], kv[0]))[:publishers]]
    row = 26
    height = max(len(left), len(right)) * row + 20
    ly = {c: 15 + i * row + (height - 20 - len(left) * row) / 2 for i, c in enumerate(left)}
    ry = {p: 15 + i * row + (height - 20 - len(right) * row) / 2 for i, p in enumerate(right)}
    x1, x2 = 240, width - 240
    top = max((d["pages"] for d in domains if d["copier_domain"] in ly and d["publisher"] in ry), default=1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="Which domains copy which publishers">']
    for d in sorted(domains, key=lambda d: d["pages"]):
        if d["copier_domain"] not in ly or d["publisher"] not in ry:
            continue
        a, b = ly[d["copier_domain"]] + 8, ry[d["publisher"]] + 8
        w = 1 + 9 * d["pages"] / top
        color = KIND_COLORS.get(d["dominant_transformation"] or "unknown", "#9a9a9a")
        mid = (x1 + x2) / 2
        parts.append(f'<path d="M{x1},{a:.1f} C{mid},{a:.1f} {mid},{b:.1f} {x2},{b:.1f}" stroke="{color}" '
                     f'stroke-opacity="0.55" stroke-width="{w:.1f}" fill="none"><title>{_E(d["copier_domain"])} → '
                     f'{_E(d["publisher"])}: {d["pages"]} pages, mostly {_E(d["dominant_transformation"] or "unknown")}'
                     f'</title></path>')
    for c, y in ly.items():
        parts.append(f'<circle cx="{x1}" cy="{y + 8:.1f}" r="4" fill="#333"/>'
                     f'<text x="{x1 - 8}" y="{y + 12:.1f}" text-anchor="end" class="lbl">{_E(_short(c, 30))}</text>')
    for p, y in ry.items():
        parts.append(f'<circle cx="{x2}" cy="{y + 8:.1f}" r="4" fill="#333"/>'
                     f'<text x="{x2 + 8}" y="{y + 12:.1f}" class="lbl">{_E(_short(p, 30))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def lag_histogram(lags: Sequence[float], width: int = 760, height: int = 220) -> str:
    """Histogram of copy lags in the bins of LAG_BINS."""
    if not lags:
        return "<p class=muted>No lags: publication dates of copies and originals were not both known.</p>"
    counts = [0] * len(LAG_BINS)
    for v in lags:
        for i, (lo, hi, _) in enumerate(LAG_BINS):
            if (lo is None or v >= lo) and (hi is None or v < hi):
                counts[i] += 1
                break
    top = max(counts) or 1
    bw = (width - 40) / len(LAG_BINS)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="How long after the original the copies appeared">']
    for i, ((_, _, label), n) in enumerate(zip(LAG_BINS, counts, strict=True)):
        h = (height - 50) * n / top
        x = 20 + i * bw
        parts.append(f'<rect x="{x + 4:.1f}" y="{height - 30 - h:.1f}" width="{bw - 8:.1f}" height="{h:.1f}" '
                     f'fill="#3b6ea8"><title>{_E(label)}: {n}</title></rect>'
                     f'<text x="{x + bw / 2:.1f}" y="{height - 12}" text-anchor="middle" class="lbl">{_E(label)}</text>'
                     f'<text x="{x + bw / 2:.1f}" y="{height - 34 - h:.1f}" text-anchor="middle" class="num">{n:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return "<p class=muted>(none)</p>"
    head = "".join(f"<th>{_E(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_E('' if r.get(c) is None else str(r.get(c)))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_report(path: Path, counts: dict[str, int], domains: Sequence[dict[str, Any]], lags: Sequence[float],
                 clusters: Sequence[dict[str, Any]]) -> None:
    """Write the self-contained HTML report (to a temporary name, then renamed)."""
    per_copier: dict[str, Counter] = {}
    for d in domains:
        kinds = per_copier.setdefault(d["copier_domain"], Counter())
        for part in (d["transformations"] or "").split("; "):
            if ":" in part:
                kind, n = part.rsplit(":", 1)
                kinds[kind] += int(n)
    ranked = sorted(((c, sum(k.values()), k) for c, k in per_copier.items()), key=lambda t: (-t[1], t[0]))[:20]
    legend = " ".join(f'<span class=key><i style="background:{c}"></i>{_E(k)}</span>' for k, c in KIND_COLORS.items())
    stats = "".join(f"<div class=stat><b>{counts.get(k, 0):,}</b><span>{_E(label)}</span></div>" for k, label in (
        ("pages", "pages"), ("with_original", "copies of archived originals"), ("linked", "linked to a sibling copy"),
        ("clusters", "clusters of copies"), ("errors", "unreadable, skipped")))
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>unspin scan report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 820px; color: #222; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.15rem; margin-top: 2rem; }}
.stats {{ display: flex; gap: 1rem; flex-wrap: wrap; }}
.stat {{ background: #f3f4f6; border-radius: 6px; padding: .6rem .9rem; }} .stat b {{ display: block; font-size: 1.3rem; }}
.lbl {{ font-size: 12px; fill: #222; }} .num {{ font-size: 11px; fill: #555; }}
.key {{ margin-right: .8rem; font-size: 12px; }} .key i {{ display: inline-block; width: 10px; height: 10px; margin-right: 4px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 12px; }} td, th {{ border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; }}
.muted {{ color: #777; }}
</style></head><body>
<h1>Who copies whom</h1>
<div class=stats>{stats}</div>
<h2>Copying domains, ranked by copied pages</h2>
<p>{legend}</p>
{bar_chart(ranked)}
<h2>Copier → publisher</h2>
<p class=muted>Left: domains that republish; right: the publishers of the originals (or, where the original is not
archived, the domain that published the story first). Line width = pages, colour = dominant transformation.</p>
{flow_graph(domains)}
<h2>How long after the original the copies appeared</h2>
{lag_histogram(lags)}
<h2>Largest clusters of copies</h2>
{_table(clusters, ("size", "original_id", "publisher", "domains", "cluster_id"))}
<h2>Domains (first 100 rows of domains.csv), ranked by altered quotes and changed figures</h2>
{_table(list(domains)[:100], ("copier_domain", "publisher", "altered_quotes", "changed_numbers", "pages", "clusters",
                              "median_lag_hours", "dominant_transformation", "methods"))}
</body></html>
"""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)

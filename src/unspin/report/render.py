"""Report views: Report -> JSON text, a rich terminal view, or one self-contained HTML page.

The HTML page is rendered by Jinja2 with autoescaping on: every piece of copy or original text is
untrusted and reaches the page only as escaped text (a copy holding ``<script>`` shows it, never runs it).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..detect import summary_line
from ..text.fingerprint import fold
from ..integrity.words import severity
from ..records import NameFix, Report

_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a sentence for display: plain, changed (not in the original), or a name fix."""

    text: str
    kind: str = "plain"  # "plain" | "changed" | "fix"
    after: str = ""  # for fixes: the restored spelling
    title: str = ""  # hover text (evidence)


@dataclass(frozen=True, slots=True)
class FixGroup:
    """All fixes of one spelling to one restoration, for listing (a name is often mangled 10 times)."""

    before: str
    after: str
    source: str
    confidence: float  # the highest of the group
    evidence: str  # the evidence of the most confident fix
    count: int


def group_fixes(fixes: Iterable[NameFix]) -> list[FixGroup]:
    """Group fixes by (before, after, source), in order of first appearance."""
    groups: dict[tuple[str, str, str], list[NameFix]] = {}
    for f in fixes:
        groups.setdefault((f.before, f.after, f.source), []).append(f)
    out = []
    for (before, after, source), items in groups.items():
        best = max(items, key=lambda f: f.confidence)
        out.append(FixGroup(before, after, source, best.confidence, best.evidence, len(items)))
    return out


@dataclass(frozen=True, slots=True)
class DriftRow:
    """One drifted quote or figure for display: the copy's words beside the original's, changed words marked."""

    what: str  # "quote" | "figure"
    status: str  # altered, unmatched, changed, scale-changed, unit-changed
    copy: list[Segment]
    original: list[Segment]
    changes: str  # "qualifier dropped: first; speaker changed: Nakatani → Hegseth"
    speaker: str
    evidence: str


_SERIOUS_NUMBERS = ("changed", "scale-changed", "unit-changed")


def drift_rows(report: Report) -> list[DriftRow]:
    """Drifted quotes (altered, most serious first; then unmatched) and changed figures of a report."""
    if report.integrity is None:
        return []
    quotes = sorted((q for q in report.integrity.quotes if q.status in ("altered", "unmatched")),
                    key=lambda q: (q.status != "altered", min((severity(k) for k, _ in q.changes), default=99)))
    rows: list[DriftRow] = []
    for q in quotes:
        other = q.original_text
        speaker = q.speaker or ""
        if any(k == "speaker-changed" for k, _ in q.changes):
            speaker = f"{q.original_speaker or '?'} → {q.speaker or '?'}"
        rows.append(DriftRow(
            "quote", q.status, sentence_segments(q.copy_text, other, []),
            sentence_segments(other, q.copy_text, []) if other else [],
            "; ".join(f"{k.replace('-', ' ')}: {w}" for k, w in q.changes) or q.evidence, speaker, q.evidence,
        ))
    for n in report.integrity.numbers:
        if n.status in _SERIOUS_NUMBERS:
            rows.append(DriftRow("figure", n.status, [Segment(n.copy_text or "", "changed")],
                                 [Segment(n.original_text or "", "changed")], n.evidence, "", n.evidence))
    return rows


def integrity_summary(report: Report) -> str:
    """One line: how many quotes and figures drifted ("" without an original)."""
    i = report.integrity
    if i is None:
        return ""
    counts = {s: sum(q.status == s for q in i.quotes) for s in ("verbatim", "paraphrased", "altered", "unmatched")}
    nums = {s: sum(n.status == s for n in i.numbers) for s in ("same", "changed", "scale-changed", "unit-changed", "added", "dropped")}
    return (f"{len(i.quotes)} quotes: {counts['altered']} altered, {counts['unmatched']} unmatched, "
            f"{counts['paraphrased']} paraphrased, {counts['verbatim']} verbatim · figures: {i.changed_numbers} changed, "
            f"{nums['added']} added, {nums['dropped']} dropped, {nums['same']} same")


@dataclass(frozen=True, slots=True)
class MethodSummary:
    """How the copy was made, as every view shows it: the summary line, its tone, the three figures, the note."""

    line: str  # ``detect.summary_line``: never contradicts the evidence listed with it
    tone: str  # "bad" (a verdict), "warn" (strong signs, no verdict), "ok"
    figures: tuple[tuple[str, float, float | None], ...]  # (name, probability, operating threshold)
    note: str


def method_summary(report: Report) -> MethodSummary | None:
    """The detector's verdict for the terminal, the HTML report and the web page (None when it did not run)."""
    m = report.mt
    if m is None:
        return None
    tone = "bad" if m.method != "none" else "warn" if any(e.strong for e in m.evidence) else "ok"
    figures: tuple[tuple[str, float, float | None], ...] = ()
    if m.scored:
        named = (("MT", m.mt_probability, "machine-translated"), ("spin", m.spin_probability, "synonym-spun"),
                 ("LLM", m.llm_probability, "llm-written"))
        figures = tuple((name, p, m.thresholds.get(method)) for name, p, method in named if p is not None)
    return MethodSummary(summary_line(m), tone, figures, m.note if m.scored else "")


def to_json(report: Report, *, indent: int | None = 2) -> str:
    """The ``unspin.report/1`` object as JSON text."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=indent)


def _norm(word: str) -> str:
    return fold(word.strip(".,;:!?\"'“”‘’()[]{}«»"))


def sentence_segments(text: str, other: str | None, fixes: list[tuple[int, int, str, str]]) -> list[Segment]:
    """Split ``text`` into display segments: words not in ``other`` are "changed"; fix spans become "fix".

    ``fixes`` are (start, end, after, evidence) with offsets relative to ``text``.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    changed: set[int] = set()
    if other is not None:
        a = [_norm(text[s:e]) for s, e in words]
        b = [_norm(w) for w in other.split()]
        sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for tag, i1, i2, _, _ in sm.get_opcodes():
            if tag in ("replace", "insert", "delete"):
                changed.update(range(i1, i2))
    segments: list[Segment] = []
    pos = 0
    fixes = sorted(f for f in fixes if 0 <= f[0] < f[1] <= len(text))
    fix_iter = iter(fixes)
    nxt = next(fix_iter, None)
    for idx, (s, e) in enumerate(words):
        if s < pos:
            continue
        if nxt is not None and nxt[0] < e:
            if nxt[0] > pos:
                segments.append(Segment(text[pos : nxt[0]]))
            segments.append(Segment(text[nxt[0] : nxt[1]], "fix", nxt[2], nxt[3]))
            pos = nxt[1]
            nxt = next(fix_iter, None)
            continue
        if s > pos:
            segments.append(Segment(text[pos:s]))
        segments.append(Segment(text[s:e], "changed" if idx in changed else "plain"))
        pos = e
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return _merge(segments)


def _merge(segments: list[Segment]) -> list[Segment]:
    # Adjacent segments of one kind become one; whitespace is always plain, so that a highlight
    # covers words only. A run of changed words separated by single spaces is one highlight.
    out: list[Segment] = []
    for seg in segments:
        if out and seg.kind == out[-1].kind and seg.kind != "fix":
            out[-1] = Segment(out[-1].text + seg.text, seg.kind)
        elif (
            seg.kind == "changed" and len(out) >= 2 and out[-1].kind == "plain" and out[-1].text == " "
            and out[-2].kind == "changed"
        ):
            out.pop()
            out[-1] = Segment(out[-1].text + " " + seg.text, "changed")
        else:
            out.append(seg)
    return out


def view_rows(report: Report) -> list[dict[str, Any]]:
    """Rows for side-by-side display: one per alignment row (or per copy sentence without a match)."""
    from ..text.normalize import sentence_spans

    copy = report.copy
    spans = sentence_spans(copy.text, copy.sentences) if copy.text else tuple((-1, -1) for _ in copy.sentences)
    fixes_by_sentence: dict[int, list[tuple[int, int, str, str]]] = {}
    for f in report.fixes:
        for i, (s, e) in enumerate(spans):
            if s <= f.span[0] and f.span[1] <= e:
                fixes_by_sentence.setdefault(i, []).append(
                    (f.span[0] - s, f.span[1] - s, f.after, f"{f.source} · {f.confidence:.2f} · {f.evidence}")
                )
                break
    mt = report.mt.sentence_probabilities if report.mt else ()
    original = report.original
    rows: list[dict[str, Any]] = []
    pairs = report.alignment.pairs if report.alignment else None
    if pairs is None:
        pairs_iter = [((i,), (), 0.0, "copy-only") for i in range(len(copy.sentences))]
    else:
        pairs_iter = [(p.copy, p.original, p.similarity, p.kind) for p in pairs]
    for ci, oi, sim, kind in pairs_iter:
        other = " ".join(original.sentences[j] for j in oi) if (original and oi) else None
        copy_cells = [
            {
                "index": i,
                "segments": sentence_segments(copy.sentences[i], other, fixes_by_sentence.get(i, [])),
                "mt": mt[i] if i < len(mt) else None,
            }
            for i in ci
        ]
        orig_cells = [{"index": j, "text": original.sentences[j]} for j in oi] if original else []
        rows.append({"copy": copy_cells, "original": orig_cells, "similarity": sim, "kind": kind})
    return rows


def _print_drift(report: Report, console: Any, escape: Any) -> None:
    """What the copy changed, most serious first (before everything else the report lists)."""
    if report.integrity is None:
        return
    console.print(f"[bold]What the copy changed[/]: {escape(integrity_summary(report))}")
    for row in drift_rows(report):
        colour = "red" if row.status in ("altered", "changed", "scale-changed", "unit-changed") else "yellow"
        copy_text = "".join(s.text for s in row.copy)
        orig_text = "".join(s.text for s in row.original) or "—"
        who = f" ({escape(row.speaker)})" if row.speaker else ""
        console.print(f"  · [{colour}]{row.what} {row.status}[/]{who}: {escape(row.changes)}")
        console.print(f"      copy:     “{escape(copy_text)}”")
        console.print(f"      original: “{escape(orig_text)}”")


@lru_cache(maxsize=1)
def _environment():  # noqa: ANN202 - jinja2 is imported lazily (HTML output only)
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("unspin.report", "templates"),
        autoescape=True,  # untrusted article text: never turn off
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    """A self-contained HTML page (inline CSS, no scripts, no external requests) for one report."""
    data = report.to_dict()
    return _environment().get_template("report.html.j2").render(
        report=report, data=data, rows=view_rows(report), fix_groups=group_fixes(report.fixes),
        drift=drift_rows(report), drift_summary=integrity_summary(report), method=method_summary(report),
    )


def render_terminal(report: Report, console: Any = None) -> None:
    """Print a report to the terminal with rich (markup in the text is escaped)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console()
    copy = report.copy
    console.rule(f"[bold]unspin report[/] · {escape(copy.id)}")
    for err in report.errors:
        console.print(f"[red]error:[/] {escape(err)}")
    if report.match is not None and report.original is not None:
        m = report.match
        console.print(
            f"Original: [bold green]{escape(m.original_id)}[/] confidence {m.confidence:.2f}, "
            f"similarity {m.similarity:.2f}" + (f" — {escape(report.original.title)}" if report.original.title else "")
        )
        if report.alignment:
            console.print(
                f"Coverage: {report.alignment.original_reused:.0%} of the original reused, "
                f"{report.alignment.copy_added:.0%} of the copy added"
            )
        if report.transformation:
            console.print(f"Transformation: [bold]{escape(report.transformation.kind)}[/]")
            for line in report.transformation.evidence:
                console.print(f"  · {escape(line)}")
    elif report.candidates:
        console.print("Original: [yellow]none in the archive[/] (abstained; best candidates below)")
        for reason in report.abstention.reasons if report.abstention else ():
            console.print(f"  · why: {escape(reason)}")
    else:
        console.print("Original: [dim]not searched (no archive) or nothing similar[/]")
    if report.candidates:
        console.print("Candidates: " + ", ".join(f"{escape(c.id)} ({c.similarity:.2f})" for c in report.candidates))
    _print_drift(report, console, escape)
    method = method_summary(report)
    if method is not None and report.mt is not None:
        colour = {"bad": "red", "warn": "yellow"}.get(method.tone, "green")
        figures = ", ".join(f"{name} {p:.2f}" for name, p, _ in method.figures)
        console.print(f"Method: [{colour}]{escape(method.line)}[/]" + (f" ({figures})" if figures else ""))
        if method.note:  # a mixed-language page; a spin probability over its threshold with nothing swapped
            console.print(f"  note: {escape(method.note)}")
        for ev in report.mt.evidence[:8]:
            console.print(f"  · [yellow]{escape(ev.text)}[/] — {escape(ev.reason)}")
    if report.residue:
        console.print("[bold]Scraper residue[/]")
        for r in report.residue:
            console.print(f"  · {r.kind}: [magenta]{escape(r.text[:120])}[/]")
    if report.provenance:
        pv = report.provenance
        console.print(
            f"[bold]Provenance hint[/]: publisher {escape(pv.publisher or '?')}, date {escape(pv.date or '?')}, "
            f"slug words {escape(', '.join(pv.slug_words) or '–')}"
        )
        for ev in pv.evidence:
            console.print(f"  · {escape(ev)}")
    if report.fixes:
        console.print("[bold]Name fixes[/]")
        for g in group_fixes(report.fixes):
            times = f" ×{g.count}" if g.count > 1 else ""
            console.print(
                f"  · [strike red]{escape(g.before)}[/] → [green]{escape(g.after)}[/]{times} "
                f"({g.source}, {g.confidence:.2f}) {escape(g.evidence)}"
            )
    if report.alignment and report.original:
        table = Table(show_lines=False, expand=True)
        table.add_column("copy")
        table.add_column("kind", width=14)
        table.add_column("original")
        for p in report.alignment.pairs:
            table.add_row(
                escape(" ".join(copy.sentences[i] for i in p.copy)),
                f"{p.kind}\n{p.similarity:.2f}" if p.copy and p.original else p.kind,
                escape(" ".join(report.original.sentences[j] for j in p.original)),
            )
        console.print(table)
    if report.restored_text and report.fixes:
        console.rule("restored text")
        console.print(escape(report.restored_text))

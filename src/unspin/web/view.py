"""Report -> what the page shows: aligned rows of text segments (changed words, name fixes, MT heat).

Presentation only: the analysis (match, alignment, fixes, MT scores) is already in the Report; this
module arranges it in rows for the page, cutting sentences with the same ``sentence_segments`` as the
self-contained HTML report, so page and report mark the same words. The template escapes every segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from ..text.normalize import sentence_spans
from ..records import NameFix, Report
from ..report.render import (DriftRow, FixGroup, MethodSummary, drift_rows, group_fixes, integrity_summary, method_summary,
                             sentence_segments)

HEAT_LEVELS = 10  # the MT strip colours probabilities in ten CSS classes (no inline styles: CSP)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of sentence text: plain, a changed word, or a name fix (before -> after)."""

    text: str
    kind: Literal["plain", "changed", "fix"] = "plain"
    after: str = ""  # for fixes: the restored name
    title: str = ""  # for fixes: evidence and confidence, shown as a tooltip


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    segments: tuple[Segment, ...]
    heat: int | None = None  # 0..HEAT_LEVELS-1 bucket of the sentence's MT probability
    mt_probability: float | None = None


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    kind: str  # verbatim, lightly-edited, rewritten, reordered, copy-only, original-only ("copy" when no original)
    similarity: float | None
    copy: tuple[Sentence, ...]
    original: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class HeatCell:
    index: int
    heat: int
    mt_probability: float
    row: int  # the row number the sentence sits in (link target)


@dataclass(frozen=True, slots=True)
class PageView:
    rows: tuple[Row, ...]
    has_original: bool
    heat: tuple[HeatCell, ...] = ()
    fixes: tuple[NameFix, ...] = ()
    fix_groups: tuple[FixGroup, ...] = ()  # the fixes listed once per spelling, with a count
    original_url: str | None = None  # only http(s), safe to put in href
    drift: tuple[DriftRow, ...] = ()  # drifted quotes and figures, most serious first
    drift_summary: str = ""  # "" when there is no original to compare with
    method: MethodSummary | None = None  # the detector's verdict, figures and note (None: detector off)


def safe_href(url: str | None) -> str | None:
    """``url`` if it is http(s) (so a ``javascript:`` URL from an archive never becomes a link)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _heat(p: float) -> int:
    return min(HEAT_LEVELS - 1, max(0, int(p * HEAT_LEVELS)))


def _fixes_by_sentence(
    text: str, sentences: tuple[str, ...], fixes: tuple[NameFix, ...]
) -> dict[int, list[tuple[int, int, str, str]]]:
    """Fixes as (start, end, after, title) local to the copy sentence that holds them."""
    spans = sentence_spans(text, sentences) if text else ()
    out: dict[int, list[tuple[int, int, str, str]]] = {}
    for fix in fixes:
        for i, (start, end) in enumerate(spans):
            if start <= fix.span[0] and fix.span[1] <= end:
                local = fix.span[0] - start
                if sentences[i][local : local + len(fix.before)] != fix.before:
                    # The sentence was found loosely (whitespace/quote variants): find the name again.
                    local = sentences[i].find(fix.before)
                if local >= 0:
                    title = (
                        f"{fix.before} → {fix.after} ({fix.source}, confidence {fix.confidence:.2f}): {fix.evidence}"
                    )
                    out.setdefault(i, []).append((local, local + len(fix.before), fix.after, title))
                break  # a fix not shown inline is still listed under "Name fixes"
    return out


def _segments(text: str, other: str | None, fixes: list[tuple[int, int, str, str]]) -> tuple[Segment, ...]:
    out: list[Segment] = []
    for s in sentence_segments(text, other, fixes):
        if s.kind == "changed" and s.text != s.text.rstrip():
            # The highlight ends with the word; the space after it stays plain.
            out.append(Segment(s.text.rstrip(), "changed"))
            out.append(Segment(s.text[len(s.text.rstrip()) :]))
        else:
            out.append(Segment(s.text, s.kind, s.after, s.title))  # type: ignore[arg-type]
    return tuple(out)


def build_view(report: Report) -> PageView:
    """Everything the result part of the page shows, from one Report."""
    copy = report.copy
    sentences = copy.sentences
    fixes = _fixes_by_sentence(copy.text, sentences, report.fixes)
    probs = report.mt.sentence_probabilities if report.mt is not None else ()
    original_sentences = report.original.sentences if report.original is not None else ()

    def copy_sentence(i: int, other: str | None) -> Sentence:
        p = probs[i] if i < len(probs) else None
        return Sentence(i, _segments(sentences[i], other, fixes.get(i, [])), None if p is None else _heat(p), p)

    rows: list[Row] = []
    row_of: dict[int, int] = {}
    if report.alignment is not None and report.original is not None:
        for n, pair in enumerate(report.alignment.pairs, start=1):
            copy_text = " ".join(sentences[i] for i in pair.copy if i < len(sentences))
            orig_text = " ".join(original_sentences[j] for j in pair.original if j < len(original_sentences))
            # A one-sided row (copy-only, original-only) has nothing to compare: no word is marked.
            cs = tuple(copy_sentence(i, orig_text if pair.original else None) for i in pair.copy if i < len(sentences))
            os_ = tuple(
                Sentence(j, _segments(original_sentences[j], copy_text if pair.copy else None, []))
                for j in pair.original
                if j < len(original_sentences)
            )
            for i in pair.copy:
                row_of[i] = n
            rows.append(Row(n, pair.kind, pair.similarity, cs, os_))
    else:
        for i in range(len(sentences)):
            row_of[i] = i + 1
            rows.append(Row(i + 1, "copy", None, (copy_sentence(i, None),), ()))
    heat = tuple(HeatCell(i, _heat(p), p, row_of.get(i, 0)) for i, p in enumerate(probs))
    return PageView(
        rows=tuple(rows),
        has_original=report.original is not None and report.alignment is not None,
        heat=heat,
        fixes=report.fixes,
        fix_groups=tuple(group_fixes(report.fixes)),
        original_url=safe_href(report.original.url if report.original is not None else None),
        drift=tuple(drift_rows(report)),
        drift_summary=integrity_summary(report),
        method=method_summary(report),
    )

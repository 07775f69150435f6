"""The page's view of a Report: aligned rows, inline name fixes, MT heat (records built directly)."""

from __future__ import annotations

from unspin.ingest import from_text
from unspin.records import Alignment, Match, MTEvidence, MTScore, NameFix, Report, SentencePair
from unspin.web.app import page_templates
from unspin.web.view import HEAT_LEVELS, build_view, safe_href

COPY = from_text("Mr. Higseth met Mr. Nakatani in Tokyo. They spoke for 85 minutes.\nSource link", "c")
ORIGINAL = from_text("Mr. Hegseth met Gen. Nakatani in Tokyo. The two talked for 85 minutes.", "o")


def report(**changes) -> Report:
    start = COPY.text.index("Higseth")
    fix = NameFix((start, start + 7), "Higseth", "Hegseth", "original", 0.97, "original sentence 0 writes 'Hegseth'")
    base = dict(
        copy=COPY,
        original=ORIGINAL,
        match=Match("c", "o", 0.93, 0.8),
        alignment=Alignment(
            (SentencePair((0,), (0,), 0.8, "lightly-edited"), SentencePair((1,), (1,), 0.6, "rewritten")), 1.0, 0.1
        ),
        fixes=(fix,),
        mt=MTScore(0.82, (0.95, 0.31, 0.0)[: len(COPY.sentences)], (MTEvidence((0, 2), "Mr", "calque"),)),
    )
    base.update(changes)
    return Report(**base)


def test_rows_pair_copy_and_original_with_the_fix_inline():
    view = build_view(report())
    assert view.has_original and len(view.rows) == 2
    first = view.rows[0]
    fixes = [s for s in first.copy[0].segments if s.kind == "fix"]
    assert [(s.text, s.after) for s in fixes] == [("Higseth", "Hegseth")]
    assert "original sentence 0" in fixes[0].title
    assert any(s.kind == "changed" and s.text.startswith("Gen") for s in first.original[0].segments)
    assert all(not s.text.endswith(" ") for s in first.copy[0].segments if s.kind == "changed")
    assert [c.heat for c in view.heat][:2] == [HEAT_LEVELS - 1, 3]
    assert [c.row for c in view.heat][:2] == [1, 2]


def test_without_original_or_mt_the_copy_stands_alone():
    view = build_view(report(original=None, match=None, alignment=None, mt=None, fixes=()))
    assert not view.has_original and view.heat == ()
    assert [r.kind for r in view.rows] == ["copy"] * len(COPY.sentences)
    assert all(s.kind == "plain" for r in view.rows for s in r.copy[0].segments)


def test_page_renders_mt_strip_fixes_and_rows():
    r = report()
    html = (
        page_templates()
        .env.get_template("page.html")
        .render(
            input=COPY.text, kind="auto", kinds=("auto",), archive=True, report=r.to_dict(), view=build_view(r), key="k"
        )
    )
    assert 'class="heat-9"' in html and 'href="#row-1"' in html
    assert "<del>Higseth</del><ins>Hegseth</ins>" in html
    # the verdict as every view states it (detect.summary_line), with the figures it rests on
    method = build_view(r).method
    assert method is not None and method.line in html and "MT 82 %" in html
    assert "calque" in html


def test_only_http_links_are_links():
    assert safe_href("https://news.example/a") == "https://news.example/a"
    assert safe_href("javascript:alert(1)") is None
    assert safe_href(" JavaScript:alert(1)") is None
    assert safe_href("data:text/html,<script>") is None
    assert safe_href(None) is None

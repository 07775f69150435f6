from unspin import Document, NameFix, Report
from unspin.report.render import render_html, render_terminal, sentence_segments, to_json


def test_changed_words_are_marked_against_the_original():
    segs = sentence_segments("Mr. Higseth met General Nakatani.", "Mr. Hegseth met Gen Nakatani.", [])
    changed = [s.text for s in segs if s.kind == "changed"]
    assert "Higseth" in changed and "General" in changed
    assert "".join(s.text for s in segs) == "Mr. Higseth met General Nakatani."


def test_fix_spans_become_fix_segments():
    text = "Mr. Higseth met Iowo Jimma veterans."
    segs = sentence_segments(text, None, [(4, 11, "Hegseth", "lexicon"), (16, 26, "Iwo Jima", "lexicon")])
    fixes = [(s.text, s.after) for s in segs if s.kind == "fix"]
    assert fixes == [("Higseth", "Hegseth"), ("Iowo Jimma", "Iwo Jima")]
    assert "".join(s.text for s in segs) == text


def test_fixes_render_inline_in_html_and_terminal(capsys):
    text = "Mr. Higseth met reporters."
    doc = Document("c", text, (text,))
    fix = NameFix((4, 11), "Higseth", "Hegseth", "lexicon", 0.93, "wordfreq knows 'hegseth'")
    report = Report(copy=doc, fixes=(fix,), restored_text="Mr. Hegseth met reporters.")
    page = render_html(report)
    assert '<del class="fix">Higseth</del>' in page and ">Hegseth</ins>" in page
    render_terminal(report)
    out = capsys.readouterr().out
    assert "Higseth" in out and "Hegseth" in out
    assert '"restored_text": "Mr. Hegseth met reporters."' in to_json(report)

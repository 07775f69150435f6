"""Carriers (issue 14): one wire story held several times is one group; check names the first publisher."""

from __future__ import annotations

from dataclasses import replace

from unspin import Archive, Document
from unspin.archive.carriers import anchors_of, verify
from unspin.check import Stages, check
from unspin.scan.page import scan_one
from unspin.text.fingerprint import tokens


def _story(sample_originals) -> Document:
    return max(sample_originals, key=lambda d: len(d.text))


def _wire_and_carrier(story: Document) -> tuple[Document, Document]:
    wire = replace(story, id="wire", url="https://www.reuters.com/article/x", published="2020-01-01T08:00:00")
    headline = "Exclusive report from our newsroom on the story everyone is talking about today."
    carrier = Document("carrier", headline + " " + story.text, (headline, *story.sentences),
                       url="https://www.newsmax.com/world/x", published="2020-01-01T11:30:00")
    return wire, carrier


def test_a_wire_story_and_its_carrier_form_one_group(sample_originals):
    wire, carrier = _wire_and_carrier(_story(sample_originals))
    with Archive() as a:
        r = a.add([carrier, *[d for d in sample_originals if d.id != wire.id][:20], wire])
        assert r.grouped >= 1
        group = {d.id: sim for d, sim in a.carriers_of("carrier")}
        assert set(group) == {"wire", "carrier"} and min(group.values()) >= 0.9
        assert a.carriers_of(sample_originals[0].id if sample_originals[0].id != wire.id else sample_originals[1].id) == []


def test_check_names_the_earliest_carrier_and_lists_the_others(sample_originals):
    story = _story(sample_originals)
    wire, carrier = _wire_and_carrier(story)
    # the farm copied the carrier: its new headline included, a few words changed
    copy = Document("farm", "", tuple(s.replace(" the ", " a ") for s in carrier.sentences), url="https://farm.example/p")
    with Archive() as a:
        a.add([carrier, wire])  # the carrier was indexed first; the wire was published first
        report = check(copy, a, stages=Stages(detect=False, restore=False))
        assert report.match is not None and report.match.original_id == "wire"
        assert [c.id for c in report.carriers] == ["carrier"]
        assert report.to_dict()["carriers"][0]["url"] == "https://www.newsmax.com/world/x"
        assert report.alignment is not None and report.original.id == "wire"
        # the carrier's own page, crawled, is a licensed carrier, not a copy to blame
        row = scan_one(carrier, a)
        assert row.original_id is None and row.transformation == "carrier"
        assert scan_one(copy, a).original_id == "wire"


def test_template_stories_with_other_figures_are_not_carriers():
    a = tokens("The central bank issued 7.08 billion dlrs of certificates of deposit, bringing issues this year to "
               "210.5 billion, the bank said. The certificates carry maturities of six months to two years.")
    b = tokens("The central bank issued 5.65 billion dlrs of certificates of deposit, bringing issues this year to "
               "216.1 billion, the bank said. The certificates carry maturities of six months to two years.")
    assert verify(a, b) is None
    assert verify(a, a + ["extra", "words"]) == 1.0
    assert anchors_of(a) == anchors_of(list(a))

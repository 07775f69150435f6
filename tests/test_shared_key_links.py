"""Links from shared URL ids, slugs and titles (scan.shared_keys) and links past already-linked siblings, on real farm pages.

The pages are the farm dev set (tests/data/farm): an LLM network that republished one article id on
five domains (``/article/FkWOoGLB3fY7``), a spinner that kept the original's slug, and same-event
reports as negatives.
"""

from __future__ import annotations

import csv
import json

import pytest

from unspin import Archive
from unspin.bench.farm import load_pages
from unspin.ingest.jsonl import from_record
from unspin.scan import link_one, scan
from unspin.scan.shared_keys import same_slug, shared_key_links, title_key, url_keys

PAGES = {p["id"]: p for p in load_pages()}
NETWORK = [f"farm/nyt-hegseth-tokyo/{i}" for i in range(4, 9)]  # one id on five domains, five paraphrases


@pytest.fixture(scope="module")
def crawl() -> Archive:
    archive = Archive()
    archive.add([from_record(p) for p in PAGES.values()])
    return archive


def _row(page_id: str, url: str | None = None, title: str | None = None) -> dict:
    return {"page_id": page_id, "url": url or PAGES[page_id]["url"], "title": title or PAGES[page_id].get("title"),
            "original_id": None, "skipped": False}


def test_url_keys_read_network_ids_and_headline_slugs():
    assert {url_keys(PAGES[p]["url"])[1] for p in NETWORK} == {"FkWOoGLB3fY7"}
    assert url_keys("https://worldvoice.news/story/S37-43MytJrk") == ((), "S37-43MytJrk")
    assert url_keys("https://trt.global/world/article/fb9ec8f4aa8e")[1] == "fb9ec8f4aa8e"
    # CMS numbers and words are not ids; short paths are not slugs
    assert url_keys("https://israelnationalnews.com/news/405873") == ((), None)
    assert url_keys("https://example.com/world/politics") == ((), None)
    assert url_keys(None) == ((), None) and url_keys("http://[::1") == ((), None)
    spun = url_keys(PAGES["farm/nyt-hegseth-tokyo/2"]["url"])[0]
    kept = url_keys(PAGES["farm/nyt-hegseth-tokyo/1"]["url"])[0]
    assert same_slug(spun, kept)  # the spinner appended "and deter china" to the original's slug


def test_same_event_headlines_sharing_an_opening_are_not_one_slug():
    ap = url_keys(PAGES["farm/ap-lepen-verdict/1"]["url"])[0]
    cnn = url_keys(PAGES["farm/cnn-lepen-verdict/1"]["url"])[0]
    assert ap[:6] == cnn[:6] and not same_slug(ap, cnn)


def test_a_shared_id_links_the_network_but_never_unrelated_texts(crawl):
    links = shared_key_links([_row(p) for p in NETWORK], crawl)
    assert {k.basis for k in links} == {"url-id"}
    linked = {frozenset((k.page_id, k.linked_id)) for k in links}
    assert all(any(p in pair for pair in linked) for p in NETWORK)
    assert all(k.rank == 0 for k in links if k.page_id == NETWORK[1])  # its first link names it
    # the same id on a page about something else (a Myanmar earthquake report) is not enough
    odd = _row("farm/ap-myanmar-quake/3", "https://rtwnews.com/article/FkWOoGLB3fY7")
    assert not [k for k in shared_key_links([_row(NETWORK[0]), odd], crawl) if "myanmar" in k.page_id + k.linked_id]
    # a page that already has a text link gets the URL link as an extra edge, not as its rank 0
    extra = shared_key_links([_row(p) for p in NETWORK[:2]], crawl, linked={NETWORK[1]})
    assert extra and all(k.rank > 0 for k in extra if k.page_id == NETWORK[1])


def test_a_shared_headline_links_an_excerpt_to_its_reprint(crawl):
    # The excerpt is the AP lead sentence, printed twice under the aawsat reprint's headline: too little
    # text for the matcher, but the same 10-word headline and a text the reprint covers.
    rows = [_row("farm/hegseth-indispensable-ap/1"), _row("farm/hegseth-indispensable-ap/3")]
    assert title_key(rows[0]["title"]) == title_key(rows[1]["title"])
    links = shared_key_links(rows, crawl)
    assert [(k.page_id, k.linked_id, k.basis) for k in links] == [
        ("farm/hegseth-indispensable-ap/3", "farm/hegseth-indispensable-ap/1", "title")]
    # the same headline over another story's text is not enough
    other = _row("farm/ap-myanmar-quake/3", title=rows[0]["title"])
    assert not shared_key_links([rows[0], other], crawl)


def test_a_later_link_must_still_stand_out_from_the_siblings_already_linked(crawl):
    # Once the two AP reprints are linked, PA's own report of the quake led the rest and was linked as
    # a third "sibling" (confidence 0.73): judged against all candidates it does not stand out.
    page = from_record(PAGES["farm/ap-myanmar-quake/2"])
    linked = {k.linked_id for k in link_one(page, crawl)}
    assert "farm/ap-myanmar-quake/3" in linked
    assert "farm/neg-myanmar-quake-pa/1" not in linked


def test_scan_clusters_the_network_and_says_why(tmp_path):
    crawl_file = tmp_path / "crawl.jsonl"
    ids = NETWORK + ["farm/neg-hegseth-tokyo-japantimes/1"]
    with open(crawl_file, "w", encoding="utf-8") as fh:
        for i in ids:
            fh.write(json.dumps({k: PAGES[i].get(k) for k in ("id", "url", "title", "published", "text")}) + "\n")
    scan([crawl_file], None, tmp_path / "out", progress=False)
    rows = {r["page_id"]: r for r in csv.DictReader(open(tmp_path / "out" / "pages.csv", encoding="utf-8"))}
    assert len({rows[p]["cluster_id"] for p in NETWORK}) == 1
    assert rows["farm/neg-hegseth-tokyo-japantimes/1"]["cluster_id"] != rows[NETWORK[0]]["cluster_id"]
    assert {rows[p]["link_basis"] for p in NETWORK} <= {"text", "url-id", ""}
    assert "url-id" in {rows[p]["link_basis"] for p in NETWORK}


def test_docstring_examples():
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module("unspin.scan.shared_keys"))
    assert result.failed == 0 and result.attempted >= 3

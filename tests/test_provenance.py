"""Tests for unspin.traces.provenance: publisher, date and slug words from URLs left in a copy."""

from __future__ import annotations

import doctest
import json
import re
from importlib import resources
from pathlib import Path

import pytest

import unspin.traces.provenance
from unspin.ingest import read
from unspin.traces.provenance import find_urls, infer_provenance, read_url
from unspin.records import Document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed.txt"
NYT_IMAGE = (
    "https://static01.nyt.com/images/2025/03/30/multimedia/30int-us-japan-gzpt/30int-us-japan-gzpt-facebookJumbo.jpg"
)
BODY = "Mr. Nakatani said that he explained to Mr. Higseth how Japan responds to the challenges."


def test_docstring_examples() -> None:
    assert doctest.testmod(unspin.traces.provenance).failed == 0


def test_seed() -> None:
    (doc,) = read(SEED)
    provenance = infer_provenance(doc)
    assert provenance is not None
    assert provenance.publisher == "The New York Times"
    assert provenance.date == "2025-03-30"
    assert {"us", "japan"} <= set(provenance.slug_words)
    assert not {"30int", "gzpt", "facebookjumbo", "jpg"} & set(provenance.slug_words)
    assert provenance.evidence == (NYT_IMAGE,)


@pytest.mark.parametrize(
    ("url", "publisher", "date", "slug"),
    [
        ("https://www.theguardian.com/world/2025/mar/30/hegseth-japan-visit", "The Guardian", "2025-03-30", ("hegseth", "japan", "visit")),
        ("https://www.nytimes.com/2025/03/30/world/asia/hegseth-japan-visit.html", "The New York Times", "2025-03-30", ("hegseth", "japan", "visit")),
        (NYT_IMAGE.replace("facebookJumbo", "superJumbo"), "The New York Times", "2025-03-30", ("us", "japan")),
        ("https://www.reuters.com/world/asia-pacific/hegseth-visits-japan-2025-03-30/", "Reuters", "2025-03-30", ("hegseth", "visits", "japan")),
        ("https://edition.cnn.com/2025/03/30/asia/hegseth-japan-visit-intl-hnk/index.html", "CNN", "2025-03-30", ("hegseth", "japan", "visit")),
        ("https://www.bbc.com/news/world-asia-68512345", "BBC", None, ("world", "asia")),
        ("https://ichef.bbci.co.uk/news/1024/cpsprodpb/1234/live/abcd1234-0e9f-11f0-9a4b-5d8a3c2b1e4f.jpg.webp", "BBC", None, ()),
        ("https://i.guim.co.uk/img/media/0a1b2c3d4e5f6071/0_0_5000_3000/master/5000.jpg?width=1200", "The Guardian", None, ()),
        ("https://media.guim.co.uk/0a1b2c3d/0_0_3000_1800/1000.jpg", "The Guardian", None, ()),
        ("https://apnews.com/article/hegseth-japan-china-0123456789abcdef0123456789abcdef", "Associated Press", None, ("hegseth", "japan", "china")),
        ("https://dims.apnews.com/dims4/default/abc1234/2147483647/strip/true/crop/5000x3333/resize/1440x960!/quality/90/", "Associated Press", None, ()),
        ("https://media.cnn.com/api/v1/images/stellar/prod/hegseth-japan.jpg?c=16x9", "CNN", None, ("hegseth", "japan")),
        ("https://images.wsj.net/im-12345678?width=1280", "The Wall Street Journal", None, ()),
        ("https://assets.bwbx.io/images/users/iqjWHBFdfxIU/i1abcdEFG/v1/1200x800.jpg", "Bloomberg", None, ()),
        ("https://media.npr.org/assets/img/2025/03/30/gettyimages-2205432123_wide-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b.jpg", "NPR", "2025-03-30", ()),
        ("https://i.dailymail.co.uk/1s/2025/03/30/08/96123456-0-image-a-12_1743321234567.jpg", "Daily Mail", "2025-03-30", ()),
        ("https://www.gannett-cdn.com/presto/2025/03/30/USAT/1a2b3c4d-5e6f-4a1b-9c8d-7e6f5a4b3c2d-AP_Japan_US.jpg?crop=5000,2813", "USA Today", "2025-03-30", ("japan", "us")),
        ("https://www.aljazeera.com/news/2025/3/30/us-defence-chief-hegseth-in-japan", "Al Jazeera", "2025-03-30", ("us", "defence", "chief", "hegseth", "in", "japan")),
        ("https://www.japantimes.co.jp/news/2025/03/30/japan/politics/hegseth-nakatani-talks/", "The Japan Times", "2025-03-30", ("hegseth", "nakatani", "talks")),
        ("https://www.lemonde.fr/international/article/2025/03/30/hegseth-au-japon_6587654_3210.html", "Le Monde", "2025-03-30", ("hegseth", "au", "japon")),
        ("https://www.spiegel.de/ausland/pete-hegseth-in-japan-a-0a1b2c3d-1111-2222-3333-444455556666", "Der Spiegel", None, ("pete", "hegseth", "in", "japan")),
        ("https://www.nbcnews.com/politics/national-security/hegseth-japan-visit-rcna198765", "NBC News", None, ("hegseth", "japan", "visit")),
        ("https://www.independent.co.uk/news/world/asia/hegseth-japan-china-b2724567.html", "The Independent", None, ("hegseth", "japan", "china")),
        ("https://news.sky.com/story/hegseth-in-japan-13321234", "Sky News", None, ("hegseth", "in", "japan")),
    ],
)
def test_read_url(url: str, publisher: str, date: str | None, slug: tuple[str, ...]) -> None:
    hint = read_url(url)
    assert (hint.publisher, hint.date, hint.slug_words) == (publisher, date, slug)


def test_lookalike_hosts_are_not_publishers() -> None:
    assert read_url("https://bbc.com.news-today.example/world-asia").publisher is None
    assert read_url("https://notnytimes.com/2025/03/30/a-b").publisher is None


def test_image_field_counts_and_doc_url_alone_does_not() -> None:
    copy = Document(id="c", text=BODY, url="https://dailycopy.example/2025/03/31/japan-us-alliance", image=NYT_IMAGE)
    provenance = infer_provenance(copy)
    assert provenance is not None and provenance.publisher == "The New York Times"
    assert provenance.evidence == (NYT_IMAGE,)
    assert infer_provenance(Document(id="c", text=BODY, url="https://dailycopy.example/2025/03/31/japan-us-alliance")) is None


def test_doc_url_on_the_publishers_own_domain_is_evidence() -> None:
    page = "https://www.nytimes.com/2025/03/30/world/asia/hegseth-japan-visit.html"
    alone = infer_provenance(Document(id="p", text=BODY, url=page))
    assert alone is not None and alone.publisher == "The New York Times" and alone.evidence == (page,)
    both = infer_provenance(Document(id="p", text=BODY + "\n" + NYT_IMAGE, url=page))
    assert both is not None and both.evidence == (NYT_IMAGE, page)


def test_known_publisher_beats_unknown_and_copier_links() -> None:
    text = (
        BODY
        + "\nRead more: https://dailycopy.example/2025/03/31/more-japan-news"
        + "\nhttps://someblog.example/2025/03/30/us-japan-alliance\n"
        + NYT_IMAGE
    )
    provenance = infer_provenance(Document(id="c", text=text, url="https://dailycopy.example/x"))
    assert provenance is not None and provenance.publisher == "The New York Times"
    assert provenance.evidence == (NYT_IMAGE,)


def test_unknown_site_with_a_dated_path() -> None:
    text = BODY + "\nSource: https://someblog.example/2025/03/30/us-japan-alliance"
    provenance = infer_provenance(Document(id="c", text=text, url="https://dailycopy.example/x"))
    assert provenance is not None
    assert (provenance.publisher, provenance.date, provenance.slug_words) == (None, "2025-03-30", ("us", "japan", "alliance"))
    # the copier linking to itself says nothing
    own = infer_provenance(Document(id="c", text=BODY + "\nhttps://dailycopy.example/2025/03/30/a-b", url="https://dailycopy.example/x"))
    assert own is None


def test_no_urls() -> None:
    assert infer_provenance(Document(id="c", text=BODY)) is None
    assert infer_provenance(Document(id="c", text="")) is None


def test_find_urls_strips_punctuation() -> None:
    assert find_urls(f"(see {NYT_IMAGE}).") == (NYT_IMAGE,)
    assert find_urls("“https://www.bbc.com/news/world-asia-68512345”") == ("https://www.bbc.com/news/world-asia-68512345",)


def test_publisher_table_is_valid_data() -> None:
    raw = json.loads(resources.files("unspin").joinpath("data/publishers.json").read_text("utf-8"))
    names = {row["name"] for row in raw["publishers"]}
    required = {
        "The New York Times", "BBC", "The Guardian", "Reuters", "Associated Press", "CNN", "The Washington Post",
        "The Wall Street Journal", "Bloomberg", "Fox News", "NPR", "Al Jazeera", "The Japan Times", "NHK",
        "Le Monde", "Der Spiegel", "CNBC", "Politico", "The Independent", "Daily Mail", "Sky News", "ABC News",
        "CBS News", "NBC News", "USA Today",
    }  # fmt: skip
    assert required <= names
    hosts: list[str] = []
    for row in raw["publishers"]:
        assert row["hosts"] and all(h == h.lower() and "/" not in h for h in row["hosts"])
        hosts += row["hosts"]
        for key in ("urls", "slug_strip"):
            for pattern in row.get(key, ()):
                re.compile(pattern)
        if "slug" in row:
            assert "(?P<slug>" in row["slug"]
    assert len(hosts) == len(set(hosts)), "a host belongs to one publisher"

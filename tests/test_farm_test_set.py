"""The held-out farm test set (tests/data/farm/test.jsonl): integrity of the labels, not scores.

Nobody tunes on this file; `unspin bench farm --pages tests/data/farm/test.jsonl` measures on it.
"""

from __future__ import annotations

from collections import Counter

from unspin.bench.farm import FARM, FARM_TEST, KINDS, gold_pairs, load_pages, read_rows

FIELDS = ("id", "url", "title", "published", "cluster", "kind", "evidence", "query", "text", "split", "language")


def test_every_page_has_the_fields_and_a_unique_id():
    rows = read_rows(FARM_TEST)
    for r in rows:
        assert all(k in r for k in FIELDS), r.get("id")
        assert r["split"] == "test" and r["text"].strip() and r["url"].startswith("http")
        assert r["evidence"].strip() and r["query"].strip()
        assert r["kind"] in KINDS + ("independent",)
        assert r["id"] == f"farm-test/{r['cluster']}/{r['id'].rsplit('/', 1)[1]}"
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["url"] for r in rows}) == len(rows)


def test_clusters_kinds_and_negatives():
    rows = read_rows(FARM_TEST)
    sizes = Counter(r["cluster"] for r in rows if r["kind"] != "independent")
    assert sum(1 for n in sizes.values() if n >= 2) >= 15 and min(sizes.values()) >= 2
    assert len({r["kind"] for r in rows} - {"independent"}) >= 3
    negatives = [r for r in rows if r["kind"] == "independent"]
    assert len(negatives) >= 12
    assert all(r["cluster"].startswith("neg-") for r in negatives)
    assert len({r["cluster"] for r in negatives}) == len(negatives)  # each negative is its own cluster
    assert not any(r["cluster"].startswith("neg-") for r in rows if r["kind"] != "independent")
    assert gold_pairs(load_pages(FARM_TEST))


def test_no_page_is_shared_with_the_dev_set():
    dev, test = read_rows(FARM), read_rows(FARM_TEST)
    assert not {r["text"] for r in dev} & {r["text"] for r in test}
    assert not {r["url"] for r in dev} & {r["url"] for r in test}
    assert not {r["cluster"] for r in dev} & {r["cluster"] for r in test}

"""The Parquet archive's candidate ranking (``spark.parquet.rank_page``) equals the local archive's retriever, bit for bit.

No Spark needed: the exported ``postings/`` rows are read with pyarrow and ranked as an executor ranks them.
"""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from unspin import Archive
from unspin.match.find import copy_terms_of, query_terms
from unspin.settings import Settings
from unspin.spark.parquet import POSTINGS_FORMAT, export, rank_page
from unspin.text.fingerprint import SentenceBags


@pytest.mark.parametrize("retriever", ["postings", "sqlite"])
def test_rank_page_equals_the_local_retriever(tmp_path, sample_originals, sample_copies, retriever):
    with Archive(tmp_path / "a.db", retriever=retriever) as archive:
        archive.add(sample_originals)
    meta = export(tmp_path / "a.db", tmp_path / "parquet")
    assert meta["retriever"] == retriever and meta["postings_format"] == POSTINGS_FORMAT
    assert json.loads((tmp_path / "parquet" / "meta.json").read_text()) == meta
    postings = {r["term"]: (r["keys"], r["lengths"]) for r in pq.read_table(tmp_path / "parquet" / "postings").to_pylist()}
    settings = Settings()
    compared = 0
    with Archive(tmp_path / "a.db", readonly=True) as archive:
        assert sum(1 for _ in archive.documents()) == meta["originals"]
        for copy in [c["document"] for c in sample_copies] + sample_originals[:10]:
            query = query_terms(copy_terms_of(SentenceBags.of(copy.sentences)), archive, settings)
            df = archive.document_frequency(query)
            rows = [(i, df[t], *postings[t]) for i, t in enumerate(query) if t in postings]
            for k in (1, 5, settings.candidates_k):
                want = archive.search(query, k)
                got = rank_page(rows, meta["originals"], meta["avgdl"], k, meta["retriever"])
                assert [key for key, _ in got] == [key for key, _ in want]
                if retriever == "postings":  # the same floats: the same operations in the same order
                    assert [s for _, s in got] == [s for _, s in want]
                else:  # FTS5's C code rounds its own way in the last bit or two
                    assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-12)
                compared += len(want)
    assert compared > 100

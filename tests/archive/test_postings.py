"""The postings retriever: FTS5's ranking from numpy postings, kept in step with the archive's documents."""

import sqlite3

import pytest

from unspin import ConfigError, Document
from unspin.archive.backends.postings import MAX_SEGMENTS, PostingsRetriever
from unspin.archive.store import Archive
from unspin.ingest import read
from unspin.match.find import copy_terms_of, find_original, query_terms
from unspin.settings import Settings
from unspin.text.fingerprint import SentenceBags

DATA = "tests/data"


@pytest.fixture(scope="module")
def originals() -> list[Document]:
    """~200 real articles: the WMT and Reuters sample, the farm pages, the WMT dev cuts."""
    docs = [*read(f"{DATA}/sample/originals.jsonl"), *read(f"{DATA}/farm/pages.jsonl"),
            *read(f"{DATA}/mt/originals.jsonl"), *read(f"{DATA}/names/wmt-dev-cut.jsonl")]
    return list({d.id: d for d in docs}.values())


@pytest.fixture(scope="module")
def queries(originals, tmp_path_factory) -> list[dict[str, float]]:
    """The query bags ``find_original`` sends for the sample's and the MT set's copies (and some originals)."""
    copies = [*read(f"{DATA}/sample/copies.jsonl"), *read(f"{DATA}/mt/copies.jsonl"), *originals[::7]]
    with Archive(tmp_path_factory.mktemp("q") / "q.db") as archive:
        archive.add(originals)
        return [query_terms(copy_terms_of(SentenceBags.of(c.sentences)), archive, Settings()) for c in copies]


def _results(archive: Archive, queries: list[dict[str, float]], k: int = 20) -> list[list[tuple[int, float]]]:
    return [archive.search(q, k) for q in queries]


def _build(path, docs, *, retriever="postings", batch_size=2000) -> None:
    with Archive(path, retriever=retriever) as archive:
        archive.add(docs, batch_size=batch_size)


def test_ranks_as_fts5_does(tmp_path, originals, queries):
    for name in ("sqlite", "postings"):
        _build(tmp_path / f"{name}.db", originals, retriever=name, batch_size=50)
    with Archive(tmp_path / "sqlite.db", readonly=True) as fts, Archive(tmp_path / "postings.db", readonly=True) as post:
        assert type(post.retriever) is PostingsRetriever
        assert sum(map(len, queries)) > 20 * len(queries)
        for q, a, b in zip(queries, _results(fts, queries), _results(post, queries)):
            assert [k for k, _ in a] == [k for k, _ in b], q
            assert [s for _, s in a] == pytest.approx([s for _, s in b], rel=1e-12)
        terms = sorted({t for q in queries for t in q})
        assert fts.document_frequency(terms) == post.document_frequency(terms)
        copies = list(read(f"{DATA}/sample/copies.jsonl"))[:8]
        assert [find_original(c, fts).match for c in copies] == [find_original(c, post).match for c in copies]


def test_several_batches_equal_one_batch_and_optimize_merges_them(tmp_path, originals, queries):
    _build(tmp_path / "one.db", originals)
    _build(tmp_path / "many.db", originals, batch_size=13)
    with Archive(tmp_path / "one.db") as one, Archive(tmp_path / "many.db") as many:
        expected = _results(one, queries)
        assert _results(many, queries) == expected
        con = many._con
        assert con.execute("SELECT count(*) FROM posting_batches").fetchone()[0] == -(-len(originals) // 13)
        assert con.execute("SELECT max(n) FROM (SELECT count(*) n FROM postings GROUP BY term)").fetchone()[0] > 1
        many.optimize()
        assert con.execute("SELECT count(*) FROM posting_batches").fetchone()[0] == 1
        assert con.execute("SELECT max(n) FROM (SELECT count(*) n FROM postings GROUP BY term)").fetchone()[0] == 1
        assert _results(many, queries) == expected
    # adds after optimize number their segments above the merged ones, and still rank as one batch would
    _build(tmp_path / "one2.db", originals[:150])
    _build(tmp_path / "many2.db", originals[:100], batch_size=30)
    with Archive(tmp_path / "many2.db") as many:
        many.optimize()
        many.add(originals[100:150], batch_size=20)
        with Archive(tmp_path / "one2.db") as one:
            assert _results(many, queries) == _results(one, queries)


def test_a_term_never_has_more_than_max_segments(originals):
    r = PostingsRetriever()
    bags = [{t: 1.0 for t in d.text.lower().split()} for d in originals[: 3 * MAX_SEGMENTS]]
    for key, bag in enumerate(bags, 1):
        r.add([(key, bag)])  # one segment per document
    assert r.con.execute("SELECT max(n) FROM (SELECT count(*) n FROM postings GROUP BY term)").fetchone()[0] <= MAX_SEGMENTS
    one = PostingsRetriever()
    one.add(enumerate(bags, 1))
    query = dict.fromkeys(["the", "said", "minister", "police", "government", "year"], 1.0)
    assert r.search(query, 30) == one.search(query, 30)
    assert r.document_frequency(query) == one.document_frequency(query)


def test_the_retriever_is_recorded_and_a_readonly_reopen_uses_it(tmp_path, originals, queries):
    path = tmp_path / "a.db"
    _build(path, originals[:60])
    with Archive(path) as writer, Archive(path, readonly=True) as reader:
        assert type(reader.retriever) is PostingsRetriever
        before = _results(reader, queries)
        assert before == _results(writer, queries)
        writer.add(originals[60:])
        # the reader sees the other connection's commit (new documents, new lengths and idf)
        assert _results(reader, queries) == _results(writer, queries) != before
    with pytest.raises(ConfigError, match="keeps a 'postings' retrieval index"):
        Archive(path, readonly=True, retriever="sqlite")
    with pytest.raises(ConfigError, match="keeps a 'sqlite' retrieval index"):
        _build(tmp_path / "fts.db", originals[:3], retriever="sqlite")
        Archive(tmp_path / "fts.db", retriever="postings")
    with Archive(path, retriever="memory") as archive:  # built from the stored bags, as for any file
        assert len(archive.search(queries[0], 5)) == 5
    # a file from before the record holds an FTS5 index
    con = sqlite3.connect(tmp_path / "fts.db")
    con.execute("DELETE FROM meta WHERE key='retriever'")
    con.commit()
    con.close()
    with Archive(tmp_path / "fts.db") as archive:
        assert type(archive.retriever).__name__ == "FTS5Retriever" and archive.search(queries[0], 1)


def test_a_failed_add_leaves_no_postings_behind(tmp_path, originals, queries):
    path = tmp_path / "a.db"
    with Archive(path, retriever="postings") as archive:
        archive.add(originals[:80])
        # a real failure inside the add's transaction, after the batch's postings are written
        archive._con.execute("CREATE TRIGGER boom BEFORE INSERT ON term_df BEGIN SELECT RAISE(ABORT, 'disk gone'); END")
        with pytest.raises(sqlite3.DatabaseError, match="disk gone"):
            archive.add(originals[80:])
        con = archive._con
        assert len(archive) == 80
        stored = {k for (k,) in con.execute("SELECT key FROM originals")}
        indexed = PostingsRetriever(con)._collection()
        assert indexed.documents == 80 and set(indexed.tf_factor.nonzero()[0]) == stored
        assert _results(archive, queries) == _results_of(tmp_path / "80.db", originals[:80], queries)
        con.execute("DROP TRIGGER boom")
        assert archive.add(originals[80:]).added == len(originals) - 80
        assert _results(archive, queries) == _results_of(tmp_path / "all.db", originals, queries)


def _results_of(path, docs, queries):
    _build(path, docs)
    with Archive(path, readonly=True) as archive:
        return _results(archive, queries)


def test_cli_index_creates_a_postings_archive(tmp_path):
    from typer.testing import CliRunner

    from unspin.cli import app

    db = tmp_path / "a.db"
    r = CliRunner().invoke(app, ["index", "--archive", str(db), "--retriever", "postings", "--no-names",
                                 f"{DATA}/sample/originals.jsonl"])
    assert r.exit_code == 0, r.output
    with Archive(db, readonly=True) as archive:
        assert type(archive.retriever) is PostingsRetriever and len(archive) == 48
        # the CLI optimized after the bulk load: one row per term
        assert archive._con.execute("SELECT count(*) FROM postings GROUP BY term HAVING count(*) > 1").fetchone() is None


@pytest.mark.parametrize("high", [50, 70_000, 2**31 - 1])
def test_keys_round_trip_through_their_encoding(high):
    import numpy as np

    from unspin.archive.backends.postings import decode_keys, encode_key_list, encode_keys

    rng = np.random.default_rng(high)
    for n in (1, 2, 40, 63, 64, 65, 4000):
        keys = np.unique(rng.integers(0, high, n)).astype("<i4")
        assert decode_keys(encode_keys(keys)).tolist() == keys.tolist()
        # what an add writes from its Python lists (short ones without numpy): the same bytes, in any order
        assert encode_key_list(rng.permutation(keys).tolist()) == encode_keys(keys)


def test_searches_stay_consistent_while_another_connection_adds(tmp_path, originals, queries):
    """A search reads postings and lengths in one snapshot: adds committed by another connection meanwhile
    (the web service's writer) never give it keys its length table lacks (it raised ``math domain error``)."""
    import threading

    path = tmp_path / "busy.db"
    with Archive(path, retriever="postings") as archive:
        archive.add(originals[:5])
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        with Archive(path) as other:
            for i, doc in enumerate(originals[5:]):
                if stop.is_set():
                    break
                other.add([Document(f"{doc.id}#{i}", doc.text, doc.sentences)])

    thread = threading.Thread(target=writer)
    with Archive(path, readonly=True) as reader:
        thread.start()
        try:
            while thread.is_alive():
                for q in queries:
                    for key, score in reader.search(q, 20):
                        assert key >= 0 and score > 0
        except BaseException as exc:  # noqa: BLE001 - reported below, after the writer stopped
            errors.append(exc)
        finally:
            stop.set()
            thread.join()
    assert not errors, errors

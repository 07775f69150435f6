import sqlite3

import pytest

from unspin import Archive, ArchiveError, Document


def test_add_is_idempotent_by_id_and_content(tmp_path, sample_originals):
    path = tmp_path / "a.db"
    with Archive(path) as a:
        first = a.add(sample_originals)
        assert first.added == len(sample_originals)
    with Archive(path) as a:
        again = a.add(sample_originals)
        assert again.added == 0 and again.skipped_existing_id == len(sample_originals)
        same_text = Document("other-id", sample_originals[0].text, sample_originals[0].sentences)
        dup = a.add([same_text])
        assert dup.skipped_duplicate_content == 1
        assert len(a) == len(sample_originals)


def test_bad_items_are_reported_and_the_batch_goes_on(sample_originals):
    with Archive() as a:
        docs = [Document("empty", "", ()), Document("broken", "", (), errors=("bad gzip",)), *sample_originals[:3]]
        r = a.add(docs)
        assert r.added == 3 and len(r.errors) == 2
        assert any("broken" in e and "bad gzip" in e for e in r.errors)


def test_get_round_trips_a_document(archive, sample_originals):
    d = sample_originals[5]
    got = archive.get(d.id)
    assert got is not None and got.sentences == d.sentences and got.title == d.title
    assert archive.get("no-such-id") is None
    assert d.id in archive


def test_interrupted_batch_rolls_back_and_rerun_completes(tmp_path, sample_originals):
    path = tmp_path / "a.db"

    def docs_then_crash():
        yield from sample_originals[:10]
        raise KeyboardInterrupt

    with Archive(path) as a, pytest.raises(KeyboardInterrupt):
        a.add(docs_then_crash(), batch_size=4)
    with Archive(path) as a:
        assert len(a) == 8  # two complete batches of 4 committed, the batch in flight was not
        a.add(sample_originals, batch_size=4)
        assert len(a) == len(sample_originals)


def test_readonly_archive_refuses_writes(tmp_path, sample_originals):
    path = tmp_path / "a.db"
    with Archive(path) as a:
        a.add(sample_originals[:2])
    with Archive(path, readonly=True) as ro:
        assert len(ro) == 2
        with pytest.raises(ArchiveError):
            ro.add(sample_originals[2:3])


def test_not_an_archive_is_a_clear_error(tmp_path):
    bogus = tmp_path / "x.db"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(ArchiveError, match="not an unspin archive"):
        Archive(bogus)
    missing = tmp_path / "missing.db"
    with pytest.raises(ArchiveError, match="does not exist"):
        Archive(missing, readonly=True)


def test_wal_lets_a_reader_see_committed_adds(tmp_path, sample_originals):
    path = tmp_path / "a.db"
    writer = Archive(path)
    writer.add(sample_originals[:5])
    reader = Archive(path, readonly=True)
    writer.add(sample_originals[5:10])
    assert len(reader) == 10
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reader.close()
    writer.close()


def test_names_learned_per_added_original_equal_a_full_pass(tmp_path, sample_originals):
    """Archive.add(learn=) keeps the learned names current batch by batch: the same counts as one pass
    over the whole archive, without that pass after an append (issue 14)."""
    from unspin.names import learn_names, refresh_names

    half = len(sample_originals) // 2
    with Archive(tmp_path / "inc.db") as a:
        a.add(sample_originals[:half], learn=learn_names, batch_size=3)
        assert a.names_are_current()
        a.add(sample_originals[half:] + sample_originals[:2], learn=learn_names, batch_size=3)  # 2 already present
        assert a.names_are_current() and len(a) == len(sample_originals)
        incremental = a.learned_names()
        refresh_names(a)
        assert incremental == a.learned_names() and incremental["Macau"] > 1
    with Archive(tmp_path / "workers.db") as w:
        w.add(sample_originals, learn=learn_names, workers=2)
        assert w.learned_names() == incremental


def test_names_stale_before_an_add_stay_stale_for_a_full_pass(tmp_path, sample_originals):
    from unspin.names import learn_names, refresh_names

    with Archive(tmp_path / "a.db") as a:
        a.add(sample_originals[:3])  # without names
        a.add(sample_originals[3:], learn=learn_names)
        assert not a.names_are_current()  # adding the rest's names to nothing would be wrong
        assert not a.learned_names()
        refresh_names(a)
        assert a.names_are_current()


def test_text_read_unsplit_is_split_by_the_archive_as_reading_would(tmp_path, sample_originals):
    """`unspin index` reads text unsplit and the archive splits it where it tokenises (in the workers):
    the stored originals and names are those of text split while reading (issue 14)."""
    import json

    from unspin.ingest import read, split_document
    from unspin.names import learn_names

    raw = tmp_path / "raw.jsonl"
    raw.write_text("".join(json.dumps({"id": d.id, "text": d.text.replace(" ", "  ", 3)}) + "\n" for d in sample_originals))
    split_read = list(read(raw))
    unsplit = list(read(raw, split=False))
    assert all(d.text and not d.sentences for d in unsplit)
    assert [split_document(d) for d in unsplit] == split_read
    stored = {}
    for name, docs, workers in (("read", split_read, 1), ("one", unsplit, 1), ("two", unsplit, 2)):
        with Archive(tmp_path / f"{name}.db") as a:
            assert a.add(docs, learn=learn_names, workers=workers, batch_size=4).added == len(sample_originals)
            stored[name] = ([a.get(d.id) for d in split_read], a.learned_names())
    assert stored["one"] == stored["read"] == stored["two"]
    assert stored["read"][0][0].sentences == split_read[0].sentences and len(split_read[0].sentences) > 1
    page = tmp_path / "page.txt"  # a plain-text file: cleaned (for its title) while reading, split later
    page.write_text("A headline\n\n" + sample_originals[1].text.replace(". ", ".  "), encoding="utf-8")
    (whole,), (deferred,) = read(page), read(page, split=False)
    assert not deferred.sentences and deferred.title == whole.title and split_document(deferred) == whole

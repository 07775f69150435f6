import pytest

from unspin import ConfigError
from unspin.archive.backends import Retriever, get
from unspin.text.fingerprint import document_terms


@pytest.mark.parametrize("name", ["memory", "sqlite", "postings"])
def test_backends_rank_the_source_document_first(name, sample_originals):
    r = get(name)
    assert isinstance(r, Retriever)
    bags = [document_terms(d.sentences) for d in sample_originals]
    r.add(enumerate(bags))
    for key in (0, 7, 30):
        query = dict(sorted(bags[key].items(), key=lambda kv: -kv[1])[:20])
        assert r.search(query, 3)[0][0] == key
    df = r.document_frequency(["zzzz-not-a-term", next(iter(bags[0]))])
    assert df["zzzz-not-a-term"] == 0 and df[next(iter(bags[0]))] >= 1
    assert r.search({}, 5) == []


def test_unknown_backend_lists_the_available_ones():
    with pytest.raises(ConfigError, match="available: memory, postings, sqlite"):
        get("faiss-please")


def test_archive_on_the_memory_backend_finds_the_same_originals_as_on_fts5(tmp_path, sample_originals, sample_copies):
    from unspin.archive.store import Archive
    from unspin.match.find import find_original

    path = tmp_path / "a.db"
    with Archive(path, retriever="sqlite") as archive:
        archive.add(sample_originals[:40])
    copies = [c for c in sample_copies if c["original_id"] in {d.id for d in sample_originals[:40]}][:12]
    assert len(copies) >= 6
    found = {}
    for name in ("sqlite", "memory"):
        with Archive(path, readonly=True, retriever=name) as archive:
            assert len(archive) == 40
            found[name] = [getattr(find_original(c["document"], archive).match, "original_id", None) for c in copies]
    assert found["memory"] == found["sqlite"] == [c["original_id"] for c in copies]
    with pytest.raises(ConfigError, match="unknown retriever backend"):
        Archive(path, retriever="faiss-please")

from unspin import Archive, Document, find_original
from unspin.bench.wmt import BenchCopy, partial


def test_every_sample_copy_finds_its_original(archive, sample_copies):
    for c in sample_copies:
        att = find_original(c["document"], archive)
        assert att.match is not None, c["document"].id
        assert att.match.original_id == c["original_id"]
        assert 0.5 <= att.match.confidence <= 1.0
        assert att.candidates[0].id == c["original_id"]


def test_abstains_when_the_original_is_withheld(sample_originals, sample_copies):
    wrong = 0
    for c in sample_copies:
        with Archive() as a:
            a.add([d for d in sample_originals if d.id != c["original_id"]])
            att = find_original(c["document"], a)
            wrong += att.match is not None
            assert att.original is None or att.original.id != c["original_id"]
    assert wrong == 0


def test_partial_copies_find_their_original(archive, sample_copies):
    found = 0
    for c in sample_copies:
        bc = BenchCopy(c["document"], c["original_id"], tuple(c["gold"]), "", "")
        att = find_original(partial(bc).document, archive)
        found += att.match is not None and att.match.original_id == c["original_id"]
    assert found >= len(sample_copies) - 1


def test_empty_archive_and_empty_copy():
    with Archive() as a:
        assert find_original(Document("c", "x", ("Hegseth met Nakatani.",)), a).match is None
    with Archive() as a:
        a.add([Document("o", "Hegseth met Nakatani.", ("Hegseth met Nakatani.",))])
        assert find_original(Document("c", "", ()), a).candidates == ()

"""What ``archive.layout.prepare`` stores for an original equals its definition from the sentences (issue 14 sped it up)."""

from __future__ import annotations

from unspin.archive.carriers import anchors_of
from unspin.archive.layout import content_hash, decode_sentences, decode_text, prepare
from unspin.ingest.text import from_text
from unspin.text.fingerprint import document_terms, tokens


def test_prepared_row_is_the_union_of_the_sentences_bags(sample_originals) -> None:
    raw = [from_text(d.text, d.id + "#raw") for d in sample_originals]  # split here, as `unspin index` does
    for doc in [*sample_originals, *raw]:
        row = prepare(doc)
        words = [w for s in doc.sentences for w in tokens(s)]
        assert row.terms.split() == list(document_terms(doc.sentences))  # same stems, same order
        assert row.digest.hex() == content_hash(doc)
        assert row.anchors == anchors_of(words)
        assert decode_sentences(row.sentences, decode_text(row.text)) == doc.sentences

"""The scaling bench's quality measure: strict ids, and reprints of the original counted as it (real fixture originals)."""

from __future__ import annotations

import json
from pathlib import Path

from unspin.archive.store import Archive
from unspin.bench.scale import quality, reprint_test
from unspin.datasets.wmt import BenchCopy
from unspin.records import Document

PAIRS = Path(__file__).parent / "data" / "paraphrase" / "pairs.jsonl"


def _originals() -> list[Document]:
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen: dict[str, Document] = {}
    for r in rows:
        o = r["original"]
        seen.setdefault(o["id"], Document(o["id"], " ".join(o["sentences"]), tuple(o["sentences"])))
    return list(seen.values())


def test_a_named_reprint_of_the_original_is_the_original_and_no_wrong_one(tmp_path):
    a, b = _originals()[:2]
    # another site's reprint of a: its text whole under a new headline and a donation banner
    reprint = Document("reprint", "", ("Read this before it is gone.", *a.sentences, "Support our work: donate today."))
    with Archive(tmp_path / "a.db") as archive:
        archive.add([a, b, reprint])
        reprints = reprint_test(archive, {a.id: a.text, b.id: b.text})
        assert reprints("reprint", a.id) and not reprints(b.id, a.id) and not reprints("reprint", b.id)
        copies = [BenchCopy(Document(f"c{i}", "", ()), oid, (), "", "") for i, oid in enumerate((a.id, a.id, b.id, b.id))]
        named = [("reprint", []), (b.id, []), ("reprint", []), (None, [])]
        q = quality(copies, named, frozenset({b.id}), reprints)
    # present (a): one named its reprint, one a different article; withheld (b): one named a's reprint, one abstained
    assert (q["R@1"], q["R@1 (reprints)"]) == (0.0, 0.5)
    assert (q["wrong (withheld)"], q["wrong (reprints)"]) == (0.5, 0.5)

"""Transformation verdicts with their evidence: (copy, original, alignment, MT score) -> Transformation."""

from __future__ import annotations

from unspin import Document, align
from unspin.match.kinds import describe

THRESHOLD = 0.75


def _verdict(copy: Document, original: Document, mt: float | None = None):
    return describe(copy, original, align(copy, original), mt, THRESHOLD)


def test_verbatim_and_excerpt(sample_originals):
    original = max(sample_originals, key=lambda d: len(d.sentences))
    whole = _verdict(Document("c", original.text, original.sentences), original)
    assert whole.kind == "verbatim" and any("reused" in e for e in whole.evidence)
    part = original.sentences[: max(2, len(original.sentences) // 4)]
    cut = _verdict(Document("c", " ".join(part), part), original)
    assert cut.kind == "excerpt" and "only a part" in " ".join(cut.evidence)


def test_machine_translation_needs_the_detector(sample_copies, sample_originals):
    by_id = {o.id: o for o in sample_originals}
    copy = sample_copies[0]
    original = by_id[copy["original_id"]]
    mt = _verdict(copy["document"], original, mt=0.95)
    assert mt.kind == "machine-translated" and "0.95" in mt.evidence[0]
    assert _verdict(copy["document"], original, mt=0.1).kind != "machine-translated"


def test_synonym_spin_names_the_swaps(sample_originals):
    original = max(sample_originals, key=lambda d: len(d.sentences))
    swap = {"said": "mentioned", "government": "authorities", "people": "individuals", "new": "recent",
            "also": "additionally", "year": "12 months", "police": "law enforcement", "country": "nation"}

    def spin(s: str) -> str:
        words = s.split()
        return " ".join(swap.get(w.lower(), w if len(w) < 6 or i % 3 else w[::-1]) for i, w in enumerate(words))

    spun = tuple(spin(s) for s in original.sentences)
    verdict = _verdict(Document("c", " ".join(spun), spun), original)
    assert verdict.kind == "synonym-spun"
    assert "swapped in place" in verdict.evidence[0]


def test_no_alignment_no_verdict(sample_originals):
    o = sample_originals[0]
    assert describe(Document("c", "x", ("x",)), o, None, None, THRESHOLD) is None


def test_a_reworded_copy_takes_the_detectors_method_verdict():
    # Two real ChatGPT paraphrases (tests/data/paraphrase): sentence by sentence, 1:1, about as long as their
    # originals, so the alignment alone can only say "rewritten"; the detector's verdict says how.
    import json
    from pathlib import Path

    from unspin.detect import mt_score

    pairs = [json.loads(line) for line in
             (Path(__file__).parent / "data" / "paraphrase" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    for pair in pairs:
        o = Document("o", " ".join(pair["original"]["sentences"]), tuple(pair["original"]["sentences"]))
        c = Document("c", " ".join(pair["copy"]["sentences"]), tuple(pair["copy"]["sentences"]))
        score = mt_score(c)
        assert score.method == "llm-written"
        assert describe(c, o, align(c, o), score.mt_probability, THRESHOLD).kind == "rewritten"
        verdict = describe(c, o, align(c, o), score.mt_probability, THRESHOLD, score=score)
        assert verdict.kind == "llm-paraphrased"
        assert f"LLM likelihood {score.llm_probability:.2f}" in verdict.evidence[0]
    # a verdict of "none" (here the human original's own) leaves the alignment's label
    none = mt_score(o)
    assert none.method == "none"
    assert describe(c, o, align(c, o), None, THRESHOLD, score=none).kind == "rewritten"

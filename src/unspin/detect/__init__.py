"""MT/spinner detection without the original: Document -> MTScore (probability, per-sentence, evidence)."""

from __future__ import annotations

from typing import Any

from ..text.normalize import sentence_spans, split_sentences
from ..records import Document, MTEvidence, MTScore
from .model import Detector, default_detector, load_detector
from .signatures import Signature, find_signatures

__all__ = ["DEFAULT_THRESHOLD", "Detector", "load_detector", "mt_evidence", "mt_score"]


def mt_evidence(text: str, sentences: tuple[str, ...] = ()) -> tuple[MTEvidence, ...]:
    """Checkable signs of MT or spinning in ``text``: one span per distinct finding, with a reason.

    A word or phrase found several times is reported once, at its first place, with the count.
    Given the sentences, a capital at a sentence start is never "mid-sentence" (a headline glued
    to the first sentence by a space, as in "Rivalry heats up The visiting side").

    Examples:
        >>> [e.text for e in mt_evidence("Mr. Higseth said so. Then Higseth left the self -governing island.")]
        ['Higseth', 'self -governing']
        >>> mt_evidence("Rivalry heats up The visiting side won.", ("Rivalry heats up", "The visiting side won."))
        ()
    """
    starts = {start for start, _ in sentence_spans(text, sentences)} if sentences else set()
    first: dict[tuple[str, str], Signature] = {}
    count: dict[tuple[str, str], int] = {}
    for sig in find_signatures(text):
        if sig.kind == "midsentence_capital" and sig.start in starts:
            continue
        key = (sig.kind, text[sig.start:sig.end].lower())
        count[key] = count.get(key, 0) + 1
        first.setdefault(key, sig)
    out = []
    for key, sig in first.items():
        reason = sig.reason if count[key] == 1 else f"{sig.reason} ({count[key]} times)"
        out.append(MTEvidence(span=(sig.start, sig.end), text=text[sig.start:sig.end], reason=reason))
    return tuple(sorted(out, key=lambda e: e.span))


def mt_score(doc: Document, detector: Detector | None = None) -> MTScore:
    """How likely ``doc`` went through machine translation or a spinner, with evidence.

    Args:
        doc: the text to judge. ``sentence_probabilities`` follow ``doc.sentences``; a Document
            without sentences is scored on ``unspin.text.normalize.split_sentences`` of its text and
            gets no per-sentence values.
        detector: a detector from ``load_detector``; default: the one shipped in the package.

    Returns:
        MTScore with the calibrated document probability (compare it with ``DEFAULT_THRESHOLD``),
        one probability per sentence, and evidence spans (offsets into ``doc.text``).

    Examples:
        >>> from unspin.records import Document
        >>> s = mt_score(Document(id="x", text="He said it. It was fine.", sentences=("He said it.", "It was fine.")))
        >>> 0.0 <= s.mt_probability <= 1.0, len(s.sentence_probabilities)
        (True, 2)
    """
    det = detector or default_detector()
    sentences = tuple(s for s in doc.sentences if s.strip())
    if sentences:
        p_doc, p_sent_nonempty = det.score(sentences)
        it = iter(p_sent_nonempty)
        p_sent = tuple(next(it) if s.strip() else 0.0 for s in doc.sentences)
    else:
        p_doc, _ = det.score(split_sentences(doc.text))
        p_sent = ()
    return MTScore(mt_probability=p_doc, sentence_probabilities=p_sent, evidence=mt_evidence(doc.text, doc.sentences))


def __getattr__(name: str) -> Any:
    # DEFAULT_THRESHOLD comes from the shipped model file; reading it lazily keeps
    # `import unspin.detect` free of file reads.
    if name == "DEFAULT_THRESHOLD":
        return default_detector().threshold
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Quoted terms: (copy view, original | siblings) -> NameFixes that restore a multi-word term the copy reworded.

A news story puts its coined terms in quote marks ("peace through strength", a "war-fighting
headquarters"); a farm's machine translation rewords them ("peace through power", the "Headquarters
for War Control"). When a copy sentence quotes a short term where its aligned original sentence
quotes a different one, the original's wording is restored. From siblings, only when nearly all
siblings aligned with the sentence quote one and the same term (the rule ``sources.from_siblings``
applies to names). Single words are left to the name sources.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .keys import fold
from .sources import MIN_SIBLING_VOTES, SIBLING_SHARE, CopyView
from ..records import Alignment, Document, NameFix
from ..text.quotes import find_quotes

# A quoted term, not a quoted statement: 2-6 words (the seed's are 2-4; a quoted clause has a verb
# and is a quote for ``integrity``, not a term to restore).
MIN_TERM_WORDS = 2
MAX_TERM_WORDS = 6
_EDGE = " ,.;:!?"


def _terms(text: str) -> list[tuple[int, int, str]]:
    """Short quoted terms of a sentence: (start, end, term) with trailing punctuation left outside."""
    out = []
    for q in find_quotes(text):
        if len(q.spans) != 1:
            continue
        a, b = q.spans[0]
        term = text[a:b]
        stripped = term.strip(_EDGE)
        if MIN_TERM_WORDS <= len(stripped.split()) <= MAX_TERM_WORDS:
            a += len(term) - len(term.lstrip(_EDGE))
            out.append((a, a + len(stripped), stripped))
    return out


def _fix(view: CopyView, i: int, term: tuple[int, int, str], after: str, source: str, conf: float, evidence: str) -> NameFix | None:
    a, b, before = term
    if fold(before) == fold(after) or view.offsets[i] < 0:
        return None
    base = view.offsets[i]
    return NameFix((base + a, base + b), before, after, source, conf, evidence, "term")  # type: ignore[arg-type]


def terms_from_original(view: CopyView, original: Document, alignment: Alignment) -> list[NameFix]:
    """The original's quoted term wherever the aligned copy sentence quotes another, one term to one term.

    Examples:
        >>> from unspin.names.restore import _view
        >>> from unspin.match.align import align
        >>> c = Document("c", "", ('They will secure “peace through power” in the region, Hegseth said.',))
        >>> o = Document("o", "", ('They will secure “peace through strength” in the region, Hegseth said.',))
        >>> [(f.before, f.after) for f in terms_from_original(_view(c), o, align(c, o))]
        [('peace through power', 'peace through strength')]
    """
    fixes: list[NameFix] = []
    for pair in alignment.pairs:
        if len(pair.copy) != 1 or not pair.original:
            continue
        i = pair.copy[0]
        if i >= len(view.sentences):
            continue
        mine = _terms(view.sentences[i])
        theirs = [t for j in pair.original if j < len(original.sentences) for t in _terms(original.sentences[j])]
        if len(mine) != len(theirs):
            continue  # one term to one term, in order; anything else is too loose to restore
        for term, (_, _, after) in zip(mine, theirs):
            fix = _fix(view, i, term, after, "original", 0.85,
                       f"original sentence {pair.original[0] + 1} quotes '{after}' where the copy quotes '{term[2]}'")
            if fix:
                fixes.append(fix)
    return fixes


def terms_from_siblings(view: CopyView, siblings: Sequence[tuple[Document, Alignment]]) -> list[NameFix]:
    """A quoted term nearly all siblings' aligned sentences agree on where this copy quotes another."""
    per_sentence: dict[int, list[list[str]]] = {}
    for doc, alignment in siblings:
        for pair in alignment.pairs:
            if len(pair.copy) == 1 and pair.original:
                per_sentence.setdefault(pair.copy[0], []).append(
                    [t[2] for j in pair.original if j < len(doc.sentences) for t in _terms(doc.sentences[j])])
    fixes: list[NameFix] = []
    for i, lists in per_sentence.items():
        if i >= len(view.sentences) or len(lists) < MIN_SIBLING_VOTES:
            continue
        mine = _terms(view.sentences[i])
        if len(mine) != 1:
            continue
        votes = Counter(fold(ts[0]) for ts in lists if len(ts) == 1)
        if not votes:
            continue
        key, n = votes.most_common(1)[0]
        if n < MIN_SIBLING_VOTES or n < SIBLING_SHARE * len(lists) or key == fold(mine[0][2]):
            continue
        after = next(ts[0] for ts in lists if len(ts) == 1 and fold(ts[0]) == key)
        fix = _fix(view, i, mine[0], after, "siblings", n / len(lists) * 0.85,
                   f"{n} of {len(lists)} sibling copies quote '{after}' in the aligned sentence")
        if fix:
            fixes.append(fix)
    return fixes

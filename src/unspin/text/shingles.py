"""Word shingles: str -> the set of its n-word sequences; and how much of one text another reprints.

The classic near-duplicate measure (Broder 1997): MinHash LSH over 5-word shingles is the benches' baseline, and
"one text holds half the other's 5-word shingles" is what the benches call a reprint (the same text under another
id, another revision of one article, a wire story's carrier). A set of strings is all it takes; datasketch does the
MinHash part where a baseline needs it.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
# One text holding this share of the other's 5-word shingles (either way) reprints it: the same text under another
# id, another revision of one Wikipedia article, a wire story's carrier (issue 14: check is meant to name those).
REPRINT_SHARE = 0.5


def shingles(text: str, n: int = 5) -> set[str]:
    """The case-folded ``n``-word sequences of a text (a text shorter than ``n`` words is one shingle).

    Examples:
        >>> sorted(shingles("The cat sat on the mat", 5))
        ['cat sat on the mat', 'the cat sat on the']
    """
    words = [w.lower() for w in _WORD.findall(text)]
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def reprint_share(a: str, b: str) -> float:
    """The larger share of either text's 5-word shingles that the other holds (1.0: one reprints the other whole).

    Examples:
        >>> reprint_share("the cat sat on the mat today", "Yesterday the cat sat on the mat today, he said")
        1.0
    """
    sa, sb = shingles(a), shingles(b)
    shared = len(sa & sb)
    return max(shared / len(sa), shared / len(sb)) if sa and sb else 0.0


def reprints(a: str, b: str) -> bool:
    """Whether one text reprints the other (``reprint_share`` >= ``REPRINT_SHARE``)."""
    return reprint_share(a, b) >= REPRINT_SHARE

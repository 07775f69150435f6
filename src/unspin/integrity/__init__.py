"""What the copy changed: (copy, original, alignment) -> Integrity (quote drift and figure drift).

Modules, in import order:

- ``words``    folded tokens and the closed word classes that carry meaning (negation, quantifier, …)
- ``quotes``   each direct quote of the copy against its original quote: verbatim / paraphrased / altered / unmatched
- ``numbers``  each figure of the copy against the original's: same / changed / scale- or unit-changed / added / dropped
"""

from __future__ import annotations

from ..records import Alignment, Document, Integrity
from .numbers import check_numbers, find_figures
from .quotes import check_quotes

__all__ = ["check_integrity", "check_numbers", "check_quotes", "find_figures"]


def check_integrity(copy: Document, original: Document, alignment: Alignment) -> Integrity:
    """Quote and figure drift of a copy against its aligned original.

    Examples:
        >>> from unspin.match.align import align
        >>> c = Document("c", "", ('"We will not send 500 troops," Mr. Lee said.',))
        >>> o = Document("o", "", ('"We will send 5,000 troops," Mr. Lee said.',))
        >>> i = check_integrity(c, o, align(c, o))
        >>> i.altered_quotes, i.changed_numbers, i.quotes[0].changes[0]
        (1, 1, ('negation-added', 'not'))
    """
    return Integrity(quotes=check_quotes(copy, original, alignment), numbers=check_numbers(copy, original, alignment))

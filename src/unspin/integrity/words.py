"""Words that carry a quote's meaning beyond its topic: str -> folded word tokens; tokens -> classed words.

A negation, a quantifier, an intensifier or a qualifier turns what someone said into something else
("America first does not mean America alone" -> "America does not mean America alone"); a synonym swap
does not. The classes are closed-class English words (grammar books list them; Quirk et al. ch. 5, 8),
so they are listed here rather than learnt. Counts per class are compared, not words: a translation
writes "just" for "only" or "very" for "extremely" (same class, same count) and that is not drift.
"""

from __future__ import annotations

import re
from collections import Counter

from ..names.keys import fold

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_NT = re.compile(r"(?i)^(.+?)n['’]t$")
_IRREGULAR_NT = {"can't": ["can", "not"], "won't": ["will", "not"], "shan't": ["shall", "not"], "ain't": ["is", "not"],
                 "cannot": ["can", "not"]}

# Negation: the polarity of a clause. "no"/"none"/"nobody" … count as one negation each.
NEGATION = frozenset("not no never nobody none nothing nowhere neither nor without".split())
# Quantifiers: how many/much. Ordinary translation swaps "all" for "every" (same class).
QUANTIFIER = frozenset("all every each some any many much most few several both entire whole".split())
# Intensifiers: degree adverbs.
INTENSIFIER = frozenset(
    "very extremely really highly totally absolutely completely strongly greatly deeply truly fully "
    "utterly entirely quite so too definitely certainly seriously especially particularly drastically "
    "significantly substantially considerably dramatically sharply hugely massively enormously immensely "
    "tremendously vastly incredibly remarkably exceptionally terribly awfully far".split()
)
# Qualifiers: restrict, rank or hedge a claim ("first", "only", "almost", "may").
QUALIFIER = frozenset(
    "only just first last even still already almost nearly barely hardly merely solely mainly mostly "
    "partly perhaps maybe possibly probably likely allegedly reportedly apparently may might could would "
    "should must ever always".split()
)
CLASSES: dict[str, frozenset[str]] = {
    "negation": NEGATION, "quantifier": QUANTIFIER, "intensifier": INTENSIFIER, "qualifier": QUALIFIER,
}
# Most serious first: the order changes are listed in, in every view.
SEVERITY = ("negation", "speaker", "number", "qualifier", "quantifier", "name", "intensifier")


def tokens(text: str) -> list[str]:
    """Folded word tokens with negative contractions split ("didn't" -> "did", "not").

    Examples:
        >>> tokens("We didn’t — and won't — give up, Mr. Hegseth!")
        ['we', 'did', 'not', 'and', 'will', 'not', 'give', 'up', 'mr', 'hegseth']
    """
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        w = m.group().lower().replace("’", "'")
        if w in _IRREGULAR_NT:
            out += _IRREGULAR_NT[w]
        elif (nt := _NT.match(w)) is not None:
            out += [fold(nt.group(1)) or nt.group(1), "not"]
        else:
            out.append(fold(w) or w)
    return out


def class_counts(words: list[str]) -> dict[str, Counter[str]]:
    """Words of each class, counted.

    Examples:
        >>> {k: dict(v) for k, v in class_counts(tokens("Not all of them will only say no")).items() if v}
        {'negation': {'not': 1, 'no': 1}, 'quantifier': {'all': 1}, 'qualifier': {'only': 1}}
    """
    return {name: Counter(w for w in words if w in members) for name, members in CLASSES.items()}


def class_changes(original: list[str], copy: list[str]) -> list[tuple[str, str]]:
    """(kind, words) for every class whose count differs: ``<class>-dropped`` or ``<class>-added``.

    Examples:
        >>> class_changes(tokens("America first does not mean America alone"), tokens("America does not mean America alone"))
        [('qualifier-dropped', 'first')]
        >>> class_changes(tokens("It is only a test"), tokens("It is just a test"))
        []
    """
    a, b = class_counts(original), class_counts(copy)
    out: list[tuple[str, str]] = []
    for name in CLASSES:
        diff = sum(b[name].values()) - sum(a[name].values())
        if diff < 0:
            out.append((f"{name}-dropped", " ".join((a[name] - b[name]).elements()) or " ".join(a[name].elements())))
        elif diff > 0:
            out.append((f"{name}-added", " ".join((b[name] - a[name]).elements()) or " ".join(b[name].elements())))
    return out


def severity(kind: str) -> int:
    """Rank of a change kind, 0 = most serious ("negation-dropped" -> 0)."""
    head = kind.split("-")[0]
    return SEVERITY.index(head) if head in SEVERITY else len(SEVERITY)

"""Bounded memo of a pure function of one string: list[str] -> list[value], one C-level lookup per item.

Tokenising, stemming and hashing words are pure functions of a word, and news repeats its words: a
4 kB article has ~700 tokens but few words the process has not seen. A plain dict read with
``map(memo.get, words)`` costs ~30 ns a word; only the words never seen are computed in Python, once.
(``functools.lru_cache`` costs a Python-level call per word, and its LRU bookkeeping buys nothing
here: when the memo is full it is simply cleared.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import filterfalse
from typing import Generic, TypeVar

V = TypeVar("V")

LIMIT = 500_000  # entries; a 550k-document corpus has millions of distinct words, so memory stays bounded


class Memo(dict, Generic[V]):
    """``compute`` over lists of strings, remembered (at most ``limit`` entries, then cleared).

    Values must not be None (None marks a miss).

    Examples:
        >>> lengths = Memo(len)
        >>> lengths.map(["news", "farm", "news"]), sorted(lengths)
        ([4, 4, 4], ['farm', 'news'])
    """

    def __init__(self, compute: Callable[[str], V], limit: int = LIMIT) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def map(self, keys: Sequence[str]) -> list[V]:
        """``[compute(k) for k in keys]``, each distinct missing key computed once."""
        out = list(map(self.get, keys))
        if None in out:
            # (not set(keys).difference(self): that walks the whole memo, not the keys)
            missing = set(filterfalse(self.__contains__, set(keys)))
            if len(self) + len(missing) > self.limit:
                self.clear()  # before filling, and then fill every key of this call
                missing = set(keys)
            compute = self.compute
            self.update((k, compute(k)) for k in missing)
            out = list(map(self.get, keys))
        return out

"""Tests for unspin.text.memo: a bounded memo gives what the function gives, whatever it holds."""

from __future__ import annotations

import doctest

import unspin.text.memo
from unspin.text.memo import Memo


def test_docstring_examples() -> None:
    assert doctest.testmod(unspin.text.memo).failed == 0


def test_values_are_the_function_s_and_the_memo_stays_bounded() -> None:
    calls: list[str] = []

    def upper(word: str) -> str:
        calls.append(word)
        return word.upper()

    memo = Memo(upper, limit=3)
    assert memo.map(["a", "b", "a"]) == ["A", "B", "A"] and sorted(calls) == ["a", "b"]
    assert memo.map(["a", "c", "d"]) == ["A", "C", "D"]  # over the limit: cleared first, then filled
    assert len(memo) <= 3
    assert memo.map([]) == [] and memo.map(["c", "c"]) == ["C", "C"]
    assert Memo(lambda w: w == "x").map(["x", "y"]) == [True, False]  # falsy values are values, not misses

"""The scale bench's own figures (its seeded withheld half only) from two dump.py runs: gate off vs on.

Usage: python compare.py dump-100k.jsonl dump-100k-gate.jsonl
(the first may be a --both dump: only the rows in the second's (set, copy, withheld) are read).
Also checks that the gated run equals the gate applied offline to the first (the gate only refuses).
"""

from __future__ import annotations

import json
import sys

BIG = ("wmt2", "llmfake")  # ids of the 16k tier; anything else was named from the big corpus


def main(before_path: str, after_path: str, floor: float = 0.05, shared: int = 2) -> None:
    after = [json.loads(x) for x in open(after_path)]
    key = lambda r: (r["set"], r["copy"], r["withheld"])  # noqa: E731
    before = {key(r): r for r in map(json.loads, open(before_path))}
    print("| copies | gate | R@1 | wrong when withheld | of which a big-corpus article | n present / withheld |")
    print("|---|---|---|---|---|---|")
    for s in ("WMT full", "WMT partial", "LLM"):
        for name, rs in (("off", [before[key(r)] for r in after if r["set"] == s]), (f"{floor}", [r for r in after if r["set"] == s])):
            pres = [r for r in rs if not r["withheld"]]
            held = [r for r in rs if r["withheld"]]
            r1 = sum(r["named"] == r["original"] for r in pres) / len(pres)
            wrong = sum(r["named"] is not None for r in held) / len(held)
            big = sum(r["named"] is not None and not r["named"].startswith(BIG) for r in held) / len(held)
            print(f"| {s} | {name} | {r1:.3f} | {100 * wrong:.1f} % | {100 * big:.1f} % | {len(pres)} / {len(held)} |")
    diff = 0
    for r in after:
        o = before[key(r)]
        f = o["features"]
        keep = o["named"] is not None and (f.get("aligned_similarity", 0) >= floor or f.get("shared_sentences", 0) >= shared)
        diff += (o["named"] if keep else None) != r["named"]
    print(f"\nrows where the gated run differs from the gate applied offline to the first run: {diff} of {len(after)}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

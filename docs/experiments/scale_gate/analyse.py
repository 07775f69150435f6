"""Feature quantiles of true vs wrong accepts, and the effect of candidate evidence gates (reads dump.py output).

true accept  = original present and named (named == original);
wrong accept = original withheld and something named (the bench's "wrong when withheld").
A gate only refuses, so applying it to the dumped accepts gives exactly what find_original would decide with it.

Usage: python analyse.py dump-16k.jsonl dump-100k.jsonl [...]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict

FEATURES = ("strong_share", "aligned_share", "copy_coverage", "original_coverage", "lead", "confidence",
            "shared_sentences", "mean_row_similarity", "aligned_similarity")
EXTRA = ("strong_rows", "rows", "max_row_similarity")
QS = (0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9)


def quantiles(xs: list[float]) -> str:
    if not xs:
        return "-"
    xs = sorted(xs)
    return " ".join(f"{xs[min(len(xs) - 1, int(q * len(xs)))]:.3f}" for q in QS)


def value(r: dict, name: str) -> float:
    return float(r[name]) if name in r else float(r["features"].get(name, 0.0))


GATES = {
    "none": lambda r: True,
    "aligned_share>0 (any aligned row)": lambda r: value(r, "aligned_share") > 0,
    "strong_share>0 (a row >= 0.3)": lambda r: value(r, "strong_share") > 0,
    "strong_share>=0.10": lambda r: value(r, "strong_share") >= 0.10,
    "strong_rows>=2": lambda r: r["strong_rows"] >= 2,
    "aligned_similarity>=0.05": lambda r: value(r, "aligned_similarity") >= 0.05,
    "aligned_similarity>=0.08": lambda r: value(r, "aligned_similarity") >= 0.08,
    "aligned_similarity>=0.10": lambda r: value(r, "aligned_similarity") >= 0.10,
    "copy_coverage>=0.10": lambda r: value(r, "copy_coverage") >= 0.10,
    "copy_coverage>=0.12": lambda r: value(r, "copy_coverage") >= 0.12,
    "copy_coverage>=0.15": lambda r: value(r, "copy_coverage") >= 0.15,
    "copy_coverage>=0.20": lambda r: value(r, "copy_coverage") >= 0.20,
    "copy_coverage>=0.25": lambda r: value(r, "copy_coverage") >= 0.25,
    "strong_share>0 or copy_coverage>=0.2": lambda r: value(r, "strong_share") > 0 or value(r, "copy_coverage") >= 0.2,
    "aligned_share>0 and copy_coverage>=0.15": lambda r: value(r, "aligned_share") > 0 and value(r, "copy_coverage") >= 0.15,
    "aligned_similarity>=0.06": lambda r: value(r, "aligned_similarity") >= 0.06,
    "aligned_similarity>=0.07": lambda r: value(r, "aligned_similarity") >= 0.07,
    "aligned_similarity>=0.06 and copy_coverage>=0.12": lambda r: value(r, "aligned_similarity") >= 0.06 and value(r, "copy_coverage") >= 0.12,
    "aligned_similarity>=0.07 and copy_coverage>=0.14": lambda r: value(r, "aligned_similarity") >= 0.07 and value(r, "copy_coverage") >= 0.14,
}


def main(paths: list[str]) -> None:
    rows = [json.loads(line) for p in paths for line in open(p)]
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["tier"], r["set"])].append(r)
    print("## Feature quantiles of accepted matches (q = " + " ".join(f"{q:g}" for q in QS) + ")\n")
    for (tier, name), rs in sorted(groups.items()):
        true = [r for r in rs if not r["withheld"] and r["named"] == r["original"]]
        wrong = [r for r in rs if r["withheld"] and r["named"] is not None]
        print(f"### {tier} {name}: {len(true)} true accepts, {len(wrong)} wrong accepts\n")
        print("| feature | true accepts | wrong accepts |\n|---|---|---|")
        for f in FEATURES + EXTRA:
            print(f"| {f} | {quantiles([value(r, f) for r in true])} | {quantiles([value(r, f) for r in wrong])} |")
        print()
    print("## Gates: R@1 (original present) / wrong when withheld (of which: named a big-corpus article)\n")
    header = "| gate | " + " | ".join(f"{t} {n}" for t, n in sorted(groups)) + " |"
    print(header + "\n|---|" + "---|" * len(groups))
    for gname, gate in GATES.items():
        cells = []
        for key in sorted(groups):
            rs = groups[key]
            present = [r for r in rs if not r["withheld"]]
            absent = [r for r in rs if r["withheld"]]
            r1 = sum(r["named"] == r["original"] and gate(r) for r in present) / max(1, len(present))
            wrong = sum(r["named"] is not None and gate(r) for r in absent) / max(1, len(absent))
            big = sum(r["named"] is not None and gate(r) and not r["named"].startswith(("wmt2", "llmfake")) for r in absent) / max(1, len(absent))
            cells.append(f"{r1:.3f} / {100 * wrong:.1f} % ({100 * big:.1f})")
        print(f"| {gname} | " + " | ".join(cells) + " |")
    print()
    n = {k: (sum(not r["withheld"] for r in rs), sum(r["withheld"] for r in rs)) for k, rs in sorted(groups.items())}
    print("n (present, withheld): " + ", ".join(f"{t} {s}: {a}/{b}" for (t, s), (a, b) in n.items()))


if __name__ == "__main__":
    main(sys.argv[1:])

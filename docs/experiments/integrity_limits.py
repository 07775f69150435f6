"""Why quote checks flag honest MT and miss perturbations: (wmt-dev copies, originals) -> counts and hand-read samples.

Run from the repository root (same sample and perturbations as `unspin bench integrity --sample 1000`, seed 0):

    PYTHONPATH=src python docs/experiments/integrity_limits.py --data ../shared/data/wmt-dev --sample 1000 --dump /tmp/flags.txt

Prints (1) the trade-off between false flags and qualifier recall as the diff-region bound of
``integrity.words.class_changes`` is tightened, (2) how many dropped qualifiers the original quote never had,
and writes every unperturbed `altered` quote and every missed perturbation, with the original quote and the
reason, to ``--dump`` for reading by hand. Not shipped: a measurement, kept so the BENCHMARKS figures reproduce.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

import unspin.integrity.words as words
from unspin.bench.integrity import KINDS, _names, found, paired, perturb, wmt_pairs
from unspin.integrity import check_integrity
from unspin.integrity.words import tokens
from unspin.match.align import align

DEGREE = ("qualifier", "quantifier", "intensifier")


def frontier(data: list, seed: int) -> None:
    """Unperturbed `altered` share and paired qualifier recall per (max_region, close) setting."""
    default = words.class_changes.__defaults__
    for max_region, close in ((0, 2.0), (1, 2.0), (3, 2.0), default, (8, 0.6), (99, 0.0)):
        words.class_changes.__defaults__ = (max_region, close)
        status: Counter[str] = Counter()
        degree = tried = 0
        hit: Counter[str] = Counter()
        tries: Counter[str] = Counter()
        for copy, original in data:
            result = check_integrity(copy, original, align(copy, original))
            status.update(q.status for q in result.quotes)
            degree += sum(any(k.split("-")[0] in DEGREE for k, _ in q.changes) for q in result.quotes)
            rng = random.Random(f"{seed}:{copy.id}")
            names = _names(copy)
            for kind in KINDS:
                p = perturb(copy, kind, rng, names)
                if p is None or not kind.startswith("qualifier") or not paired(result, p):
                    continue
                tries[kind] += 1
                tried += 1
                hit[kind] += found(check_integrity(p.document, original, align(p.document, original)), p)
        n = sum(status.values())
        print(f"max_region={max_region} close={close}: altered {status['altered'] / n:.3f} "
              f"(a degree word {degree / n:.3f}); paired recall qualifier-dropped "
              f"{hit['qualifier-dropped'] / tries['qualifier-dropped']:.3f}, added "
              f"{hit['qualifier-added'] / tries['qualifier-added']:.3f}", flush=True)
    words.class_changes.__defaults__ = default


def grounded(data: list, seed: int) -> None:
    """Paired qualifier drops split by whether the dropped word is in the original quote the copy's is paired with."""
    count: Counter[tuple[bool, bool]] = Counter()
    for copy, original in data:
        result = check_integrity(copy, original, align(copy, original))
        rng = random.Random(f"{seed}:{copy.id}")
        names = _names(copy)
        for kind in KINDS:
            p = perturb(copy, kind, rng, names)
            if p is None or kind != "qualifier-dropped" or not paired(result, p):
                continue
            q = next(q for q in result.quotes if q.copy_span[0] == p.span[0])
            before = tokens(copy.text[q.copy_span[0]:q.copy_span[1]])
            after = tokens(p.document.text[q.copy_span[0]:q.copy_span[1] - 1])
            word = before[next((i for i, (x, y) in enumerate(zip(before, after)) if x != y), len(after))]
            got = found(check_integrity(p.document, original, align(p.document, original)), p)
            count[(word in tokens(q.original_text or ""), got)] += 1
    for has, label in ((True, "in the original quote"), (False, "not in the original quote")):
        n = count[(has, True)] + count[(has, False)]
        print(f"qualifier-dropped, dropped word {label}: {n}, recall {count[(has, True)] / n:.3f}")


def dump(data: list, seed: int, path: str) -> None:
    """Every unperturbed `altered` quote and every missed paired perturbation, with the original and the reason."""
    with open(path, "w") as out:
        for copy, original in data:
            result = check_integrity(copy, original, align(copy, original))
            for q in result.quotes:
                if q.status == "altered":
                    print("FLAG", copy.id, q.changes, "\n  C:", q.copy_text, "\n  O:", q.original_text, file=out)
            rng = random.Random(f"{seed}:{copy.id}")
            names = _names(copy)
            for kind in KINDS:
                p = perturb(copy, kind, rng, names)
                if p is None or not paired(result, p):
                    continue
                again = check_integrity(p.document, original, align(p.document, original))
                if found(again, p):
                    continue
                a, b = p.span
                for q in (q for q in again.quotes if q.copy_span[0] < b and a < q.copy_span[1]):
                    print("MISS", kind, copy.id, q.status, q.changes, q.evidence,
                          "\n  C:", q.copy_text, "\n  O:", q.original_text, file=out)
                for n in (n for n in again.numbers if n.copy_span and n.copy_span[0] < b and a < n.copy_span[1]):
                    print("MISS", kind, copy.id, n.status, n.copy_text, "|", n.original_text, file=out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/wmt-dev")
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dump", default=None)
    args = parser.parse_args()
    data = list(wmt_pairs(args.data, args.sample, args.seed))
    grounded(data, args.seed)
    frontier(data, args.seed)
    if args.dump:
        dump(data, args.seed, args.dump)


if __name__ == "__main__":
    main()

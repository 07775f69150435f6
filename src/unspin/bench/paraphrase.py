"""LLM-paraphrase benchmark: llm-paraphrase-dev (+ distractors) -> R@1 and wrong-original rows per generator and method.

Same protocol as ``bench.attribution``: archive A holds every original (+ the Reuters distractors),
archive B leaves out a seeded half of the originals; every copy is checked against A (R@1) and every
copy of a left-out original against B (any named original is wrong). BM25 (bm25s over whole
documents) runs on the same archives in the same process: top-1 and top-5 without abstention, and at
the single score threshold that is best for it on this very data (an upper bound for BM25).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..archive import Archive
from ..datasets.paraphrase import ParaphraseCopy, canonical_ids, load_paraphrase_copies, load_paraphrase_originals
from ..datasets.wmt import load_distractors, withheld_ids
from .attribution import BM25Baseline, Outcome, apply_threshold, best_threshold, metrics, run_unspin

ALL = "all"


def groups_of(copies: Sequence[ParaphraseCopy]) -> dict[str, frozenset[str]]:
    """Report groups -> copy ids: all, each generator, each method (sorted, "all" first)."""
    out: dict[str, set[str]] = {ALL: set()}
    for c in copies:
        cid = c.copy.document.id
        out[ALL].add(cid)
        out.setdefault(f"generator {c.generator}", set()).add(cid)
        out.setdefault(f"method {c.method}", set()).add(cid)
    return {k: frozenset(out[k]) for k in sorted(out, key=lambda k: (k != ALL, k))}


def _canonical(outcomes: list[Outcome], canon: dict[str, str]) -> list[Outcome]:
    """Outcomes with every named and ranked id replaced by its canonical id (``canonical_ids``)."""
    out = []
    for o in outcomes:
        ranked = list(dict.fromkeys(canon.get(i, i) for i in o.ranked))
        named = canon.get(o.named, o.named) if o.named else None
        out.append(Outcome(o.copy, named, ranked, o.pairs, o.score))
    return out


def _select(outcomes: Sequence[Outcome], ids: frozenset[str]) -> list[Outcome]:
    return [o for o in outcomes if o.copy.document.id in ids]


def _top5(outcomes: Sequence[Outcome]) -> float:
    return sum(o.copy.original_id in o.ranked[:5] for o in outcomes) / max(1, len(outcomes))


def run_paraphrase(
    data: str | Path,
    distractors: str | Path | None,
    *,
    seed: int = 0,
    baselines: bool = True,
    workdir: str | Path | None = None,
    log: Callable[[str], None] = print,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Run the benchmark; returns (table rows: one per group, unspin and BM25 side by side; notes)."""
    originals = load_paraphrase_originals(data)
    copies = load_paraphrase_copies(data)
    extra = load_distractors(distractors) if distractors else []
    bench_copies = [c.copy for c in copies]
    withheld = withheld_ids(bench_copies, seed)
    absent_copies = [c for c in bench_copies if c.original_id in withheld]
    docs_a = originals + extra
    canon = canonical_ids(originals)
    docs_b = [d for d in originals if canon[d.id] not in withheld] + extra
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        log(f"indexing {len(docs_a)} originals …")
        with Archive(Path(tmp) / "a.db") as arc_a, Archive(Path(tmp) / "b.db") as arc_b:
            arc_a.add(docs_a)
            arc_b.add(docs_b)
            log(f"unspin, {len(bench_copies)} copies …")
            present, rate = run_unspin(bench_copies, arc_a)
            absent, _ = run_unspin(absent_copies, arc_b)
    bm_present: list[Outcome] = []
    bm_absent: list[Outcome] = []
    threshold = 0.0
    if baselines:
        log("BM25 baseline …")
        bm_present = _canonical(BM25Baseline(docs_a).run(bench_copies), canon)
        bm_absent = _canonical(BM25Baseline(docs_b).run(absent_copies), canon)
        threshold = best_threshold(bm_present, bm_absent)
    rows: list[dict[str, Any]] = []
    for name, ids in groups_of(copies).items():
        m = metrics(_select(present, ids), _select(absent, ids))
        row: dict[str, Any] = {
            "copies": name, "n": len(ids), "unspin R@1": m["R@1"], "unspin wrong (withheld)": m["wrong-original (withheld)"],
        }
        if baselines:
            bp, ba = _select(bm_present, ids), _select(bm_absent, ids)
            t = metrics(apply_threshold(bp, threshold), apply_threshold(ba, threshold))
            row |= {
                "BM25 top-1": metrics(bp, ba)["R@1"], "BM25 top-5": _top5(bp),
                "BM25@thr R@1": t["R@1"], "BM25@thr wrong (withheld)": t["wrong-original (withheld)"],
            }
        if name == ALL:
            row["checks/s"] = rate
        rows.append(row)
    notes = [
        f"archive A: {len(originals)} llm-paraphrase-dev originals + {len(extra)} distractors; archive B leaves out "
        f"{len(withheld)} originals (seeded half, seed {seed}); {len(bench_copies)} copies, {len(absent_copies)} of a left-out original",
        "originals with identical text under two ids (7 of 260, e.g. one site's 'About' page) count as one: the first id.",
        "wrong (withheld) = share of copies of a left-out original for which a system names an original (archive B).",
        f"BM25@thr: bm25s top-1 above the single score threshold best for it on this same data ({threshold:.1f}); "
        "unspin uses its shipped default.",
    ]
    return rows, notes


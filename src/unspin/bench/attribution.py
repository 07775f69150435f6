"""Attribution benchmark: wmt-dev (+ distractors) -> rows of R@1, MRR, wrong-original rate, alignment F1, speed.

Two archives: A holds every original (+ distractors); B leaves out a fixed, seeded half of the
originals that have copies. Every copy is checked against A (R@1, MRR, alignment F1 against gold)
and every copy of a left-out original against B (any named original is wrong). Full copies and
partial copies (a contiguous ~30 % of the sentences, at least 2) are measured, and two baselines run
in the same process on the same archives: BM25 over whole documents (bm25s; the threshold on its
score that is best for it on this very data) and MinHash LSH (datasketch, word 5-gram shingles,
threshold 0.5).
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..archive.store import Archive
from ..check import Stages, check
from .output import peak_rss_mb
from ..datasets.wmt import BenchCopy, load_copies, load_distractors, load_originals, partial, withheld_ids


@dataclass(slots=True)
class Outcome:
    """Per-copy result of one system."""

    copy: BenchCopy
    named: str | None  # the original the system names (None = abstains)
    ranked: list[str] = field(default_factory=list)  # candidates, best first
    pairs: set[tuple[int, int]] = field(default_factory=set)  # predicted alignment (unspin only)
    score: float = 0.0  # the system's score for its top candidate (for threshold sweeps)


def metrics(present: Sequence[Outcome], absent: Sequence[Outcome]) -> dict[str, float]:
    r1 = sum(o.named == o.copy.original_id for o in present) / max(1, len(present))
    mrr = 0.0
    for o in present:
        if o.copy.original_id in o.ranked[:5]:
            mrr += 1.0 / (o.ranked.index(o.copy.original_id) + 1)
    wrong = sum(o.named is not None for o in absent) / max(1, len(absent))
    return {"R@1": r1, "MRR": mrr / max(1, len(present)), "wrong-original (withheld)": wrong}


def alignment_f1(outcomes: Sequence[Outcome]) -> float:
    tp = fp = fn = 0
    for o in outcomes:
        gold = set(o.copy.gold)
        pred = o.pairs if o.named == o.copy.original_id else set()
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def best_threshold(present: Sequence[Outcome], absent: Sequence[Outcome]) -> float:
    """The score threshold that maximises (correct accepted + absent abstained) for a baseline."""
    scores = sorted({o.score for o in (*present, *absent)})
    best_t, best_v = 0.0, -1.0
    for t in [0.0, *scores]:
        v = sum(o.named == o.copy.original_id and o.score > t for o in present)
        v += sum(o.score <= t for o in absent)
        if v > best_v:
            best_t, best_v = t, v
    return best_t


def _threshold_for_recall(present: Sequence[Outcome], target: float) -> float:
    """The highest score threshold at which a baseline still names the right original for >= target."""
    correct = sorted((o.score for o in present if o.named == o.copy.original_id), reverse=True)
    need = int(target * len(present) + 0.999999)
    if need == 0 or len(correct) < need:
        return 0.0
    return max(0.0, correct[need - 1] - 1e-9)


def apply_threshold(outcomes: Sequence[Outcome], t: float) -> list[Outcome]:
    return [Outcome(o.copy, o.named if o.score > t else None, o.ranked, o.pairs, o.score) for o in outcomes]


def run_unspin(copies: Sequence[BenchCopy], archive: Archive) -> tuple[list[Outcome], float]:
    stages = Stages(detect=False, restore=False)
    out = []
    start = time.perf_counter()
    for c in copies:
        r = check(c.document, archive, stages=stages)
        pairs = {(i, j) for p in (r.alignment.pairs if r.alignment else ()) for i in p.copy for j in p.original}
        out.append(Outcome(c, r.match.original_id if r.match else None, [x.id for x in r.candidates], pairs))
    return out, len(copies) / (time.perf_counter() - start)


class BM25Baseline:
    """bm25s over whole documents (English stop words removed); names its top hit above a threshold."""

    def __init__(self, docs: Sequence) -> None:
        import bm25s

        self.bm25s = bm25s
        self.ids = [d.id for d in docs]
        self.model = bm25s.BM25()
        self.model.index(bm25s.tokenize([d.text for d in docs], stopwords="en", show_progress=False), show_progress=False)

    def run(self, copies: Sequence[BenchCopy]) -> list[Outcome]:
        tokens = self.bm25s.tokenize([c.document.text for c in copies], stopwords="en", show_progress=False)
        k = min(5, len(self.ids))
        results, scores = self.model.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        out = []
        for c, row, sc in zip(copies, results, scores, strict=True):
            ranked = [self.ids[int(i)] for i in row]
            out.append(Outcome(c, ranked[0] if ranked else None, ranked, score=float(sc[0]) if len(sc) else 0.0))
        return out


class MinHashBaseline:
    """datasketch MinHash LSH, word 5-gram shingles, threshold 0.5; names the hit with the best estimate."""

    def __init__(self, docs: Sequence, num_perm: int = 128, threshold: float = 0.5) -> None:
        from datasketch import MinHash, MinHashLSH

        self.MinHash, self.num_perm = MinHash, num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.hashes = {}
        for d in docs:
            m = self._hash(d.text)
            self.hashes[d.id] = m
            self.lsh.insert(d.id, m)

    def _hash(self, text: str):  # noqa: ANN202
        from ..text.fingerprint import tokens

        words = tokens(text)
        shingles = {" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))}
        m = self.MinHash(num_perm=self.num_perm)
        m.update_batch(list(shingles))
        return m

    def run(self, copies: Sequence[BenchCopy]) -> list[Outcome]:
        out = []
        for c in copies:
            m = self._hash(c.document.text)
            hits = sorted(self.lsh.query(m), key=lambda i: (-m.jaccard(self.hashes[i]), i))
            out.append(Outcome(c, hits[0] if hits else None, hits[:5], score=m.jaccard(self.hashes[hits[0]]) if hits else 0.0))
        return out


def _dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20


def run_attribution(
    data: str | Path,
    distractors: str | Path | None,
    *,
    seed: int = 0,
    limit: int | None = None,
    baselines: bool = True,
    workdir: str | Path | None = None,
    log: Callable[[str], None] = print,
) -> tuple[list[dict], list[str]]:
    """Run the benchmark; returns (table rows, notes)."""
    originals = load_originals(data)
    extra = load_distractors(distractors) if distractors else []
    copies = load_copies(data)
    withheld = withheld_ids(copies, seed)
    if limit and limit < len(copies):
        copies = random.Random(seed).sample(copies, limit)
    variants = {"full": copies, "partial": [partial(c, seed) for c in copies]}
    rows: list[dict] = []
    notes = [
        f"archive A: {len(originals)} wmt-dev originals + {len(extra)} distractors; archive B leaves out "
        f"{len(withheld)} originals (seeded half of those with copies); {len(copies)} copies"
        + (f" (seeded sample of {limit})" if limit else ""),
        "wrong-original = share of copies of a left-out original for which a system names an original (B).",
        "BM25 uses the single score threshold that is best for it on this same data (an upper bound); "
        "unspin uses its shipped default (Settings.min_confidence on the calibrated confidence, fitted on WMT21).",
    ]
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path_a, path_b = Path(tmp) / "a.db", Path(tmp) / "b.db"
        log("indexing archive A …")
        t0 = time.perf_counter()
        arc_a = Archive(path_a)
        arc_a.add(originals + extra)
        index_rate = (len(originals) + len(extra)) / (time.perf_counter() - t0)
        arc_a._con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size_mb = _dir_size_mb(path_a)
        arc_b = Archive(path_b)
        arc_b.add([d for d in originals if d.id not in withheld] + extra)
        for name, variant in variants.items():
            absent_copies = [c for c in variant if c.original_id in withheld]
            log(f"unspin, {name} copies …")
            present, rate = run_unspin(variant, arc_a)
            absent, _ = run_unspin(absent_copies, arc_b)
            m = metrics(present, absent)
            rows.append(
                {"copies": name, "system": "unspin", **m, "align F1": alignment_f1(present), "checks/s": rate,
                 "index docs/s": index_rate, "peak RSS MB": peak_rss_mb(), "archive MB": size_mb}
            )
            held = [o for o in present if o.copy.year == "2022"]
            held_abs = [o for o in absent if o.copy.year == "2022"]
            rows.append({"copies": name, "system": "unspin, WMT22 only (held out from calibration)",
                         **metrics(held, held_abs), "align F1": alignment_f1(held)})
        arc_a.close()
        arc_b.close()
    if baselines:
        docs_a = originals + extra
        docs_b = [d for d in originals if d.id not in withheld] + extra
        log("BM25 baseline …")
        bm_a, bm_b = BM25Baseline(docs_a), BM25Baseline(docs_b)
        log("MinHash LSH baseline …")
        mh_a, mh_b = MinHashBaseline(docs_a), MinHashBaseline(docs_b)
        for name, variant in variants.items():
            absent_copies = [c for c in variant if c.original_id in withheld]
            p, a = bm_a.run(variant), bm_b.run(absent_copies)
            r1 = metrics(p, a)["R@1"]
            t = best_threshold(p, a)
            rows.append({"copies": name, "system": f"BM25 (bm25s), best threshold {t:.1f}",
                         **metrics(apply_threshold(p, t), apply_threshold(a, t)), "R@1 no threshold": r1})
            t99 = _threshold_for_recall(p, 0.99)
            rows.append({"copies": name, "system": f"BM25 (bm25s), threshold {t99:.1f} keeping R@1 >= 0.99",
                         **metrics(apply_threshold(p, t99), apply_threshold(a, t99))})
            rows.append({"copies": name, "system": "MinHash LSH (5-gram, 0.5)", **metrics(mh_a.run(variant), mh_b.run(absent_copies))})
    return rows, notes

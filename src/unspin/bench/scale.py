"""Scaling benchmark: one archive grown in tiers (16k -> 100k -> 550k+) -> cost and quality at each size.

Tier 1 is the attribution benchmark's archive (wmt-dev and llm-paraphrase-dev originals + the Reuters
distractors, ~16k); tier 2 adds the first news articles of the big corpus (``build_bigcorpus.py``,
raw text, no ``sentences``) up to ``sizes[1]`` originals; tier 3 adds the rest of the news and all the
filler. At each tier: indexing rate of the tier's increment (wall and CPU), archive size on disk
against the raw text, resident memory sampled while indexing and while checking, checks/s, and
attribution quality on a seeded sample of WMT copies (full and partial) and every LLM copy: R@1, and
wrong-original when the original is withheld. Withholding is simulated by ``check(exclude_ids=…)``
(the original may still be retrieved but is never aligned or named): building a second 550k archive
without half the originals would double the run; tier 1 also reports the real withheld archive's
figure from ``unspin bench attribution`` for comparison in BENCHMARKS.md. BM25 (bm25s, whole
documents, English stop words) runs on the same archive at each tier in a child process, so its
memory never counts as unspin's. The archive and a state file stay in ``workdir``: a rerun skips
finished tiers (and resumes a half-indexed one).
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ..archive.store import Archive
from ..check import Stages, check
from ..errors import ConfigError
from ..datasets.wmt import BenchCopy, load_copies, load_distractors, load_originals, partial, read_jsonl, to_document, withheld_ids
from ..ingest.jsonl import read_jsonl as parse_jsonl
from ..records import Document
from ..text import shingles
from .scale_bm25 import bm25_sets, rss_mb


# big-corpus ids of the collection tier 1 already holds as the Reuters distractors
DISTRACTOR_TWINS = ("reuters21578:",)


def load_llm(data: str | Path) -> tuple[list[Document], list[BenchCopy]]:
    """llm-paraphrase-dev originals and copies (no gold alignment: LLMs merge and reorder sentences)."""
    d = Path(data)
    originals = [to_document(r) for r in read_jsonl(d / "originals.jsonl.gz")]
    copies = [BenchCopy(to_document(r), r["original_id"], (), "llm", r.get("generator", "")) for r in read_jsonl(d / "copies.jsonl.gz")]
    return originals, copies


def raw_docs(path: Path, skip: int = 0, limit: int | None = None) -> Iterator[Document]:
    """Documents of a big-corpus JSONL.gz as ``unspin index`` reads them (raw text, split by the archive), lines skipped unparsed."""
    fh = gzip.open(path, "rb")
    lines = itertools.islice(fh, skip, None if limit is None else skip + limit)
    try:
        yield from parse_jsonl(lines, str(path), split=False)
    finally:
        fh.close()


def _archive_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20


def index_tier(archive: Archive, docs: Iterable[Document], workers: int, log: Callable[[str], None]) -> dict:
    """Add ``docs``; returns rate (wall and CPU), raw text bytes, peak sampled RSS."""
    import os

    raw = [0]
    peak = [rss_mb()]

    def counted() -> Iterator[Document]:
        for d in docs:
            raw[0] += len(d.text.encode("utf-8"))
            yield d

    start, cpu0, kids0 = time.perf_counter(), time.process_time(), os.times()
    last = [start]

    def on_batch(r) -> None:  # noqa: ANN001
        peak[0] = max(peak[0], rss_mb())
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            log(f"  indexed {r.seen:,} ({r.seen / (last[0] - start):,.0f} docs/s, RSS {peak[0]:,.0f} MB)")

    result = archive.add(counted(), progress=on_batch, workers=workers)
    index_s = time.perf_counter() - start
    t0 = time.perf_counter()
    archive.optimize()
    optimize_s = time.perf_counter() - t0
    kids = os.times()
    cpu = time.process_time() - cpu0 + (kids.children_user - kids0.children_user) + (kids.children_system - kids0.children_system)
    return {"seen": result.seen, "added": result.added, "grouped": result.grouped, "raw_bytes": raw[0],
            "index_s": index_s, "optimize_s": optimize_s, "cpu_s": cpu, "rss_mb": peak[0]}


def check_all(copies: Sequence[BenchCopy], archive: Archive, withheld: frozenset[str]) -> tuple[list, float, float]:
    """(named, ranked) per copy (withheld originals excluded for their copies), checks/s, peak sampled RSS."""
    stages = Stages(detect=False, restore=False)
    out = []
    peak = rss_mb()
    start = time.perf_counter()
    for i, c in enumerate(copies):
        exclude = frozenset({c.original_id}) if c.original_id in withheld else frozenset()
        r = check(c.document, archive, stages=stages, exclude_ids=exclude)
        out.append((r.match.original_id if r.match else None, [x.id for x in r.candidates]))
        if i % 100 == 0:
            peak = max(peak, rss_mb())
    return out, len(copies) / max(time.perf_counter() - start, 1e-9), peak


def quality(copies: Sequence[BenchCopy], named: Sequence[tuple], withheld: frozenset[str],
            reprints: Callable[[str, str], bool] = lambda named, original: False) -> dict[str, float]:
    """R@1 and wrong-when-withheld, strict (the copy's own original id) and with reprints of the original counted as it."""
    present = [(c, n) for c, n in zip(copies, named, strict=True) if c.original_id not in withheld]
    absent = [(c, n) for c, n in zip(copies, named, strict=True) if c.original_id in withheld]
    same = [n[0] == c.original_id or (n[0] is not None and reprints(n[0], c.original_id)) for c, n in present]
    r1 = sum(n[0] == c.original_id for c, n in present) / max(1, len(present))
    wrong = sum(n[0] is not None for _, n in absent) / max(1, len(absent))
    new_wrong = sum(n[0] is not None and not reprints(n[0], c.original_id) for c, n in absent) / max(1, len(absent))
    return {"R@1": r1, "wrong (withheld)": wrong, "R@1 (reprints)": sum(same) / max(1, len(present)),
            "wrong (reprints)": new_wrong, "n": len(present), "n withheld": len(absent)}


def reprint_test(archive: Archive, originals: dict[str, str]) -> Callable[[str, str], bool]:
    """``named, original -> bool``: the archived text ``named`` reprints the original's text (``text.shingles.reprints``):
    the earliest publisher or a carrier is what check is meant to name, so it is no wrong original."""

    def test(named: str, original: str) -> bool:
        doc = archive.get(named)
        text = originals.get(original)
        return doc is not None and text is not None and shingles.reprints(doc.text or " ".join(doc.sentences), text)

    return test


def growth_exponent(sizes: Sequence[float], costs: Sequence[float]) -> float:
    """Least-squares slope of log(cost) on log(size): cost ~ size^b.

    Examples:
        >>> round(growth_exponent([1e4, 1e5, 1e6], [1.0, 10.0, 100.0]), 3)
        1.0
    """
    xs, ys = [math.log(s) for s in sizes], [math.log(max(c, 1e-12)) for c in costs]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")


def run_scale(
    *,
    news: Path,
    filler: Path | None,
    wmt: Path,
    llm: Path,
    distractors: Path,
    workdir: Path,
    sizes: Sequence[int] = (100_000,),
    limit: int = 1000,
    seed: int = 0,
    workers: int = 1,
    bm25: bool = True,
    everything: bool = True,
    log: Callable[[str], None] = print,
) -> tuple[list[dict], list[str]]:
    """Grow one archive through the tiers and measure each; returns (rows, notes). See the module docstring."""
    names = ["16k", *(f"{size // 1000}k" for size in sizes)]
    if len(set(names)) < len(names) or list(sizes) != sorted(sizes):
        # "--size 16000" was the first tier again under its name: its row twice, nothing indexed
        raise ConfigError(f"tier sizes {list(sizes)} must grow, each past the first tier (~16k) by 1,000 or more")
    workdir.mkdir(parents=True, exist_ok=True)
    path, state_path = workdir / "scale.db", workdir / "scale-state.json"
    state = json.loads(state_path.read_text()) if state_path.exists() else {"tiers": {}}
    wmt_originals, wmt_copies = load_originals(wmt), load_copies(wmt)
    llm_originals, llm_copies = load_llm(llm)
    withheld = withheld_ids(wmt_copies, seed) | withheld_ids(llm_copies, seed)
    original_texts = {d.id: d.text or " ".join(d.sentences) for d in itertools.chain(wmt_originals, llm_originals)}
    sample = random.Random(seed).sample(wmt_copies, min(limit, len(wmt_copies)))
    sets = {"WMT full": sample, "WMT partial": [partial(c, seed) for c in sample], "LLM": llm_copies}
    news_lines = sum(1 for _ in gzip.open(news, "rb"))

    consumed = [0]  # lines of the big corpus the current tier read, kept ones and skipped ones

    def stream(limit: int | None) -> Iterable[Document]:
        """The big corpus (news, then filler) from where the previous tier stopped.

        Its Reuters-21578 articles are skipped: tier 1 holds the same collection as the distractors
        (under other ids), and each would only join a carrier group with its own twin.
        """
        used = state["used"]
        parts = [raw_docs(news, skip=min(used, news_lines))]
        if filler:
            parts.append(raw_docs(filler, skip=max(0, used - news_lines)))
        consumed[0] = 0

        def kept() -> Iterator[Document]:
            for doc in itertools.chain(*parts):
                consumed[0] += 1
                if not doc.id.startswith(DISTRACTOR_TWINS):
                    yield doc

        return kept() if limit is None else itertools.islice(kept(), max(0, limit))

    tiers: list[tuple[str, Callable[[int], Iterable[Document]]]] = [
        ("16k", lambda n: itertools.chain(wmt_originals, llm_originals, load_distractors(distractors))),
    ]
    for name, size in zip(names[1:], sizes, strict=True):
        tiers.append((name, lambda n, size=size: stream(size - n)))
    if everything:
        tiers.append(("all", lambda n: stream(None)))
    rows: list[dict] = []
    archive = Archive(path)
    state.setdefault("used", state.pop("news_used", 0))  # lines of news + filler already read
    for name, docs_of in tiers:
        before = len(archive)
        if name not in state["tiers"]:
            log(f"tier {name}: indexing from {before:,} originals …")
            stats = index_tier(archive, docs_of(before), workers, log)
            if name != "16k":
                state["used"] += consumed[0]
            stats["size"] = len(archive)
            stats["total_raw_bytes"] = state.get("total_raw_bytes", 0) + stats["raw_bytes"]
            state["total_raw_bytes"] = stats["total_raw_bytes"]
            state["tiers"][name] = stats
            state_path.write_text(json.dumps(state, indent=1))
        stats = state["tiers"][name]
        if name in state.setdefault("rows", {}):  # measured by an earlier run: a rerun adds tiers, it does not redo them
            rows.append(state["rows"][name])
            continue
        size = len(archive)
        log(f"tier {name}: {size:,} originals; checking …")
        row: dict = {"tier": name, "originals": size, "raw text MB": stats["total_raw_bytes"] / 2**20,
                     "archive MB": _archive_mb(path)}
        row["disk / raw"] = row["archive MB"] / max(row["raw text MB"], 1e-9)
        row["index docs/s"] = stats["seen"] / max(stats["index_s"], 1e-9)
        row["index docs/CPU-s"] = stats["seen"] / max(stats["cpu_s"], 1e-9)
        row["optimize s"] = stats["optimize_s"]
        row["RSS indexing MB"] = stats["rss_mb"]
        named_all, rss_check = {}, 0.0
        for set_name, copies in sets.items():
            named, rate, peak = check_all(copies, archive, withheld)
            named_all[set_name] = named
            rss_check = max(rss_check, peak)
            if set_name == "WMT full":
                row["checks/s"] = rate
            q = quality(copies, named, withheld, reprint_test(archive, original_texts))
            row[f"{set_name} R@1"] = q["R@1"]
            row[f"{set_name} wrong"] = q["wrong (withheld)"]
            row[f"{set_name} R@1 (reprints)"] = q["R@1 (reprints)"]
            row[f"{set_name} wrong (reprints)"] = q["wrong (reprints)"]
        row["RSS checking MB"] = rss_check
        row["carrier groups joined"] = sum(s.get("grouped", 0) for s in state["tiers"].values())
        if bm25:
            log(f"tier {name}: BM25 (bm25s) reference …")
            archive.close()  # the child reads the file; a checkpointed WAL is all it needs
            b = bm25_sets(path, sets, withheld)
            archive = Archive(path)
            for set_name in sets:
                row[f"BM25 {set_name} R@1"] = b[set_name]["R@1"]
                row[f"BM25 {set_name} R@1 @best"] = b[set_name]["R@1 @best"]
                row[f"BM25 {set_name} wrong @best"] = b[set_name]["wrong @best"]
            row["BM25 index s"] = b["index_s"]
            row["BM25 RSS MB"] = b["rss_mb"]
        rows.append(row)
        state["rows"][name] = row
        state_path.write_text(json.dumps(state, indent=1))
        log(f"tier {name}: {json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()})}")
    archive.close()
    notes = [
        f"WMT: seeded sample of {len(sample)} copies (full, and a contiguous ~30 % of each: partial); LLM: all "
        f"{len(llm_copies)} llm-paraphrase-dev copies. Withheld = seeded half of the originals with copies, excluded "
        "per check (check(exclude_ids=…)), not removed from the archive.",
        "later tiers skip the big corpus's Reuters-21578 articles (tier 1 holds them as the distractors). "
        "index rates are for each tier's increment: tier 1 reads pre-split wmt-dev/LLM originals and Reuters "
        "distractors, later tiers raw text (JSONL with no `sentences`) as `unspin index` does; CPU-s include workers.",
        "RSS = resident memory sampled in this process while indexing / checking (BM25 runs in a child process).",
        f"`(reprints)` columns: a named original that reprints the copy's original (either holds >= {shingles.REPRINT_SHARE:.0%} of the "
        "other's 5-word shingles: the same text under another id, another revision of one Wikipedia article, a wire "
        "story's carrier) counts as the original, and is no wrong original when that one is withheld.",
    ]
    return rows, notes

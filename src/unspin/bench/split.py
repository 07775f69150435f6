"""Sentence-splitter benchmark: WMT gold, Reuters and LLM originals -> boundary P/R/F1, agreement, MB/s rows.

Compares unspin's rule-based splitter (``unspin.text.sentences.split_sentences``) with plain pysbd
0.3.4 (the splitter it replaced, fed paragraph by paragraph) in the same run:

* WMT21/22 originals (``--data``): the gold is the WMT segmentation of human English news. The text
  is rebuilt from it as the data's README describes (segments joined with " " within a paragraph,
  paragraphs with "\\n", using the ``paragraphs`` field), so gold sentences are exact substrings.
* Reuters-21578 distractors and LLMFake originals (``--distractors``, ``--llm``) have no gold
  segmentation: there the two splitters are compared with each other (pysbd as the reference).
* Only boundaries inside a line count: a line end is a boundary for every splitter by contract.
* Speed: MB (UTF-8) per second, single process; best of 3 for unspin, one pass for pysbd.

pysbd runs at ~0.14 MB/s, so by default it sees a seeded sample of ``PYSBD_SAMPLE`` documents per
set (all of WMT and LLM, a tenth of Reuters); ``--sample`` bounds every set for quick runs.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..datasets import require_data
from ..datasets.wmt import read_jsonl
from ..errors import ConfigError
from ..text.sentences import split_sentences

PYSBD_SAMPLE = 1500  # documents per set that pysbd splits by default (~25 s in all)
SPEED_REPEATS = 3  # unspin's speed is the best of this many passes

Splitter = Callable[[str], Sequence[str]]
Span = tuple[int, int]

_LINE_END = re.compile(r"[ \t]*(?:\n|$)")


@dataclass(frozen=True, slots=True)
class Corpus:
    """One data set: texts, optional gold sentences (WMT only), and its name."""

    name: str
    texts: list[str]
    gold: list[tuple[str, ...]] | None = None

    def subset(self, size: int | None, seed: int) -> Corpus:
        """A seeded sample of ``size`` documents in file order (all of them when ``size`` is None or larger)."""
        if size is None or size >= len(self.texts):
            return self
        keep = sorted(random.Random(f"{seed}:{self.name}").sample(range(len(self.texts)), size))
        gold = [self.gold[i] for i in keep] if self.gold is not None else None
        return Corpus(self.name, [self.texts[i] for i in keep], gold)

    @property
    def megabytes(self) -> float:
        return sum(len(t.encode("utf-8")) for t in self.texts) / 1e6


# --- data ----------------------------------------------------------------------------------------


def wmt_text(row: dict[str, Any]) -> str:
    """A wmt-dev row -> its text: segments joined with " " within a paragraph, paragraphs with "\\n".

    ``paragraphs`` holds the number of segments of each paragraph, or null (one paragraph).
    """
    sentences: list[str] = list(row["sentences"])
    sizes: list[int] = list(row.get("paragraphs") or [len(sentences)])
    if sum(sizes) != len(sentences):
        raise ConfigError(f"{row.get('id')}: paragraphs {sizes} do not add up to {len(sentences)} segments")
    lines, i = [], 0
    for k in sizes:
        lines.append(" ".join(sentences[i : i + k]))
        i += k
    return "\n".join(lines)


def _jsonl(path: str | Path, default_name: str, what: str) -> Path:
    """A folder or a file -> the .jsonl.gz file to read; ConfigError (via require_data) when missing."""
    p = require_data(path, what)
    return require_data(p / default_name, what) if p.is_dir() else p


def load_wmt(data: str | Path) -> Corpus:
    """wmt-dev folder (or its originals.jsonl.gz) -> Corpus with the WMT gold segmentation."""
    rows = list(read_jsonl(_jsonl(data, "originals.jsonl.gz", "wmt-dev originals")))
    return Corpus("WMT", [wmt_text(r) for r in rows], [tuple(s.strip() for s in r["sentences"]) for r in rows])


def load_plain(path: str | Path, default_name: str, what: str, name: str) -> Corpus:
    """A folder or .jsonl.gz of documents with ``text`` -> Corpus without gold."""
    return Corpus(name, [r["text"] for r in read_jsonl(_jsonl(path, default_name, what))])


# --- splitters -----------------------------------------------------------------------------------


def pysbd_splitter() -> tuple[Splitter, str]:
    """-> (plain pysbd, one call per non-blank line, sentences stripped; its label). ConfigError if not installed."""
    try:
        import pysbd
    except ImportError as exc:
        raise ConfigError("the split benchmark's baseline needs pysbd: pip install 'unspin[bench]'") from exc
    segmenter = pysbd.Segmenter(language="en", clean=False)

    def split(text: str) -> tuple[str, ...]:
        out: list[str] = []
        for line in text.split("\n"):
            if line.strip():
                out.extend(s.strip() for s in segmenter.segment(line) if s.strip())
        return tuple(out)

    return split, f"pysbd {getattr(pysbd, '__version__', '?')} (per paragraph)"


def timed(split: Splitter, texts: Sequence[str], repeats: int = 1) -> tuple[list[Sequence[str]], float]:
    """Split every text ``repeats`` times -> (the outputs of the last pass, the best pass in seconds)."""
    best, out = float("inf"), []
    for _ in range(repeats):
        start = time.perf_counter()
        out = [split(t) for t in texts]
        best = min(best, time.perf_counter() - start)
    return out, best


# --- scoring -------------------------------------------------------------------------------------


def spans(text: str, sentences: Sequence[str]) -> tuple[list[Span], int]:
    """Sentences -> ([start, end) of each found in order in ``text``, how many were not found)."""
    out: list[Span] = []
    missing, cursor = 0, 0
    for s in sentences:
        s = s.strip()
        if not s:
            continue
        i = text.find(s, cursor)
        if i < 0:
            missing += 1
            continue
        out.append((i, i + len(s)))
        cursor = i + len(s)
    return out, missing


def inner_boundaries(text: str, sp: Sequence[Span]) -> set[int]:
    """Sentence ends not followed (after spaces) by a line break or the end of the text."""
    return {end for _, end in sp if not _LINE_END.match(text, end)}


@dataclass
class Tally:
    """Boundary and sentence counts of a hypothesis against a reference, summed over documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    ref_sentences: int = 0
    unplaced: int = 0  # sentences of either side that are not substrings of the text (pysbd only, if any)

    def add(self, text: str, ref: Sequence[str], hyp: Sequence[str]) -> None:
        rs, miss_r = spans(text, ref)
        hs, miss_h = spans(text, hyp)
        rb, hb = inner_boundaries(text, rs), inner_boundaries(text, hs)
        self.tp += len(rb & hb)
        self.fp += len(hb - rb)
        self.fn += len(rb - hb)
        self.exact += len(set(rs) & set(hs))
        self.ref_sentences += len(rs) + miss_r
        self.unplaced += miss_r + miss_h

    def metrics(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        exact = self.exact / self.ref_sentences if self.ref_sentences else 1.0
        return {"ref_boundaries": self.tp + self.fn, "P": p, "R": r, "F1": f1, "exact_sentences": exact}


def compare(texts: Sequence[str], ref: Sequence[Sequence[str]], hyp: Sequence[Sequence[str]]) -> Tally:
    """Texts with reference and hypothesis sentences -> their summed Tally."""
    tally = Tally()
    for text, r, h in zip(texts, ref, hyp, strict=True):
        tally.add(text, r, h)
    return tally


# --- the benchmark -------------------------------------------------------------------------------


def run_split(
    data: str | Path,
    distractors: str | Path,
    llm: str | Path,
    *,
    sample: int | None = None,
    pysbd_sample: int | None = PYSBD_SAMPLE,
    seed: int = 0,
    log: Callable[[str], None] = lambda m: None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Three data sets -> (table rows, notes): gold P/R/F1 on WMT, unspin-vs-pysbd agreement, MB/s.

    ``sample`` bounds every set (seeded, None = all); ``pysbd_sample`` further bounds what pysbd
    splits (its agreement and speed rows; None = as many as ``sample``).
    """
    # Check every path before the slow work, so a missing folder fails at once.
    for path, what, option in ((data, "wmt-dev data", "--data"), (distractors, "distractor originals", "--distractors"),
                               (llm, "llm-paraphrase-dev data", "--llm")):
        try:
            require_data(path, what)
        except ConfigError as exc:
            raise ConfigError(f"{exc} (this one is {option})") from exc
    pysbd_split, pysbd_label = pysbd_splitter()
    log("loading data …")
    corpora = [
        load_wmt(data).subset(sample, seed),
        load_plain(distractors, "reuters21578.jsonl.gz", "distractor originals", "Reuters").subset(sample, seed),
        load_plain(llm, "originals.jsonl.gz", "llm-paraphrase-dev originals", "LLM").subset(sample, seed),
    ]
    wmt = corpora[0]
    assert wmt.gold is not None
    label = "unspin"

    log("unspin: splitting every set …")
    all_texts = [t for c in corpora for t in c.texts]
    fast_all, fast_s = timed(split_sentences, all_texts, SPEED_REPEATS)
    fast: dict[str, list[Sequence[str]]] = {}
    i = 0
    for c in corpora:
        fast[c.name], i = fast_all[i : i + len(c.texts)], i + len(c.texts)
    no_quotes, _ = timed(lambda t: split_sentences(t, keep_quotes=False), wmt.texts)

    rows: list[dict[str, Any]] = []
    gold_rows = [(label, wmt.texts, wmt.gold, fast["WMT"]), (f"{label} (keep_quotes=False)", wmt.texts, wmt.gold, no_quotes)]
    for name, texts, gold, hyp in gold_rows:
        rows.append({"set": "WMT", "splitter": name, "reference": "WMT gold", "docs": len(texts), **compare(texts, gold, hyp).metrics()})

    pysbd_sets = [c.subset(pysbd_sample, seed + 1) for c in corpora]
    pysbd_texts = [t for c in pysbd_sets for t in c.texts]
    pysbd_mb = sum(c.megabytes for c in pysbd_sets)
    log(f"{pysbd_label}: splitting {len(pysbd_texts)} documents ({pysbd_mb:.1f} MB; ~{pysbd_mb / 0.14:.0f} s) …")
    slow_all, slow_s = timed(pysbd_split, pysbd_texts)
    unplaced = 0
    i = 0
    for c in pysbd_sets:
        slow, i = slow_all[i : i + len(c.texts)], i + len(c.texts)
        if c.gold is not None:
            tally = compare(c.texts, c.gold, slow)
            rows.append({"set": c.name, "splitter": pysbd_label, "reference": "WMT gold", "docs": len(c.texts), **tally.metrics()})
        else:
            own, _ = timed(split_sentences, c.texts)  # unspin on the same documents
            tally = compare(c.texts, slow, own)
            rows.append({"set": c.name, "splitter": label, "reference": pysbd_label, "docs": len(c.texts), **tally.metrics()})
        unplaced += tally.unplaced

    mb = sum(c.megabytes for c in corpora)
    _, same_s = timed(split_sentences, pysbd_texts, SPEED_REPEATS)
    rows += [
        {"set": "all 3 (speed)", "splitter": label, "docs": len(all_texts), "MB": mb, "MB_per_s": mb / fast_s},
        {"set": "pysbd's docs (speed)", "splitter": label, "docs": len(pysbd_texts), "MB": pysbd_mb, "MB_per_s": pysbd_mb / same_s},
        {"set": "pysbd's docs (speed)", "splitter": pysbd_label, "docs": len(pysbd_texts), "MB": pysbd_mb, "MB_per_s": pysbd_mb / slow_s},
    ]
    notes = _notes(corpora, pysbd_sets, sample=sample, pysbd_sample=pysbd_sample, seed=seed, unplaced=unplaced)
    return rows, notes


def _notes(
    corpora: Sequence[Corpus], pysbd_sets: Sequence[Corpus], *, sample: int | None, pysbd_sample: int | None,
    seed: int, unplaced: int,
) -> list[str]:
    """The notes under the table: data, what counts, the samples, anything odd."""
    sizes = ", ".join(f"{c.name} {len(c.texts)}" for c in corpora)
    pysbd_sizes = ", ".join(f"{c.name} {len(c.texts)}" for c in pysbd_sets)
    notes = [
        f"Documents: {sizes}" + (f" (seeded sample of at most {sample} per set, seed {seed})" if sample else " (all)")
        + ". WMT = WMT21/22 originals, text rebuilt from the gold segments (\" \" within a paragraph, \"\\n\" "
        "between); Reuters = Reuters-21578 distractors; LLM = LLMFake (llm-paraphrase-dev) originals.",
        "P/R/F1 are over sentence boundaries inside a line (line ends are boundaries for every splitter); "
        "`exact_sentences` = share of reference sentences reproduced exactly. On Reuters and LLM there is no "
        "gold: the reference is pysbd, so those rows measure agreement, not accuracy.",
        f"pysbd 0.3.4 is slow (~0.14 MB/s), so it splits a seeded sample of at most {pysbd_sample} documents "
        f"per set (seed {seed + 1}): {pysbd_sizes}; its WMT gold row and the agreement rows are on those "
        "documents. The baseline is plain pysbd (clean=False) called once per paragraph, without the repairs "
        "of unspin 0.1's wrapper." if pysbd_sample else "pysbd splits every document (no pysbd sample).",
        "Speed: MB of UTF-8 text per second, one process; unspin best of 3 passes, pysbd one pass. "
        "`pysbd's docs` rows time both splitters on the same documents.",
    ]
    if unplaced:
        notes.append(f"{unplaced} sentences were not substrings of their text and were left out of the counts.")
    return notes

"""wmt-dev benchmark data: JSONL.gz files -> originals, copies, partial copies and a seeded withheld half."""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..records import Document
from . import require_data


@dataclass(frozen=True, slots=True)
class BenchCopy:
    """A copy with its gold: the original's id and 1:1 (copy, original) sentence pairs."""

    document: Document
    original_id: str
    gold: tuple[tuple[int, int], ...]
    year: str
    pair: str


def read_jsonl(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def to_document(row: dict) -> Document:
    return Document(
        id=row["id"], text=row.get("text") or " ".join(row["sentences"]), sentences=tuple(row["sentences"]),
        title=row.get("title"), published=row.get("date"),
    )


def load_originals(data: str | Path) -> list[Document]:
    return [to_document(r) for r in read_jsonl(require_data(Path(data) / "originals.jsonl.gz", "wmt-dev originals"))]


def load_distractors(path: str | Path) -> list[Document]:
    p = Path(path)
    if p.is_dir():
        p = p / "reuters21578.jsonl.gz"
    return [to_document(r) for r in read_jsonl(require_data(p, "distractor originals"))]


def load_copies(data: str | Path) -> list[BenchCopy]:
    out = []
    for r in read_jsonl(require_data(Path(data) / "copies.jsonl.gz", "wmt-dev copies")):
        gold = tuple((int(a), int(b)) for a, b in r["gold_alignment"])
        out.append(BenchCopy(to_document(r), r["original_id"], gold, str(r["year"]), r["pair"]))
    return out


def partial(copy: BenchCopy, seed: int = 0, share: float = 0.3) -> BenchCopy:
    """A contiguous ~30 % of the copy's sentences (at least 2), start drawn with a per-copy seed."""
    n = len(copy.document.sentences)
    size = min(n, max(2, round(share * n)))
    rng = random.Random(f"{seed}:{copy.document.id}")
    start = rng.randint(0, n - size)
    sentences = copy.document.sentences[start : start + size]
    gold = tuple((c - start, o) for c, o in copy.gold if start <= c < start + size)
    doc = Document(id=copy.document.id + "#partial", text=" ".join(sentences), sentences=sentences)
    return BenchCopy(doc, copy.original_id, gold, copy.year, copy.pair)


def withheld_ids(copies: list[BenchCopy], seed: int = 0) -> frozenset[str]:
    """A fixed, seeded half of the originals that have copies."""
    ids = sorted({c.original_id for c in copies})
    rng = random.Random(seed)
    return frozenset(rng.sample(ids, len(ids) // 2))

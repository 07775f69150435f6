"""llm-paraphrase-dev as records: originals.jsonl.gz, copies.jsonl.gz -> Documents and ParaphraseCopy (generator, method)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..archive import content_hash
from ..records import Document
from . import require_data
from .wmt import BenchCopy, read_jsonl, to_document


@dataclass(frozen=True, slots=True)
class ParaphraseCopy:
    """An LLM output with its original and how it was made (``generator``, ``method``)."""

    copy: BenchCopy
    generator: str
    method: str


def load_paraphrase_originals(data: str | Path) -> list[Document]:
    """originals.jsonl.gz of an llm-paraphrase-dev folder -> Documents (ConfigError when missing)."""
    return [to_document(r) for r in read_jsonl(require_data(Path(data) / "originals.jsonl.gz", "llm-paraphrase-dev originals"))]


def load_paraphrase_copies(data: str | Path) -> list[ParaphraseCopy]:
    """copies.jsonl.gz -> ParaphraseCopy records (no gold alignment: LLMs merge, split and reorder).

    ``original_id`` is canonical (``canonical_ids``): of two originals with the same text, the first.
    """
    canon = canonical_ids(load_paraphrase_originals(data))
    out = []
    for r in read_jsonl(require_data(Path(data) / "copies.jsonl.gz", "llm-paraphrase-dev copies")):
        bc = BenchCopy(to_document(r), canon.get(r["original_id"], r["original_id"]), (), "", r["generator"])
        out.append(ParaphraseCopy(bc, r["generator"], r["method"]))
    return out


def canonical_ids(docs: Sequence[Document]) -> dict[str, str]:
    """id -> the first id with the same content (``archive.content_hash``): the archive keeps only that one.

    llm-paraphrase-dev holds a few originals twice under two ids (the same scraped page); a copy of
    either is correctly attributed to the one the archive kept.
    """
    first: dict[str, str] = {}
    out = {}
    for d in docs:
        out[d.id] = first.setdefault(content_hash(d), d.id)
    return out

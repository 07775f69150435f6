"""Shared fixtures: the real-text sample (tests/data/sample) and archives built from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin import Archive, Document

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample"
SEED = Path(__file__).parents[1] / "examples" / "seed.txt"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def reuters_rows() -> list[dict]:
    """The sample's 16 Reuters-21578 articles as rows in the distractor layout (title first)."""
    return [r for r in _rows(SAMPLE / "originals.jsonl") if r["id"].startswith("reuters")]


@pytest.fixture(scope="session")
def sample_originals() -> list[Document]:
    return [Document(r["id"], r["text"], tuple(r["sentences"]), title=r.get("title")) for r in _rows(SAMPLE / "originals.jsonl")]


@pytest.fixture(scope="session")
def sample_copies() -> list[dict]:
    """Copies with their gold: {"document": Document, "original_id": str, "gold": [(i, j), …]}."""
    return [
        {
            "document": Document(r["id"], r["text"], tuple(r["sentences"])),
            "original_id": r["original_id"],
            "gold": [tuple(p) for p in r["gold_alignment"]],
        }
        for r in _rows(SAMPLE / "copies.jsonl")
    ]


@pytest.fixture()
def archive(sample_originals) -> Archive:
    """An in-memory archive holding every sample original (like sqlite-utils' Database(memory=True))."""
    a = Archive()
    a.add(sample_originals)
    yield a
    a.close()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")

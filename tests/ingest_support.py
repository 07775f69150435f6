"""Shared constants and loaders for the ingest, normalize and residue tests (real text only)."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed.txt"
WMT = Path(__file__).parent / "data" / "ingest" / "wmt_originals.jsonl"
NYT_IMAGE = (
    "https://static01.nyt.com/images/2025/03/30/multimedia/30int-us-japan-gzpt/30int-us-japan-gzpt-facebookJumbo.jpg"
)


def wmt_records() -> list[dict]:
    return [json.loads(line) for line in WMT.read_text(encoding="utf-8").splitlines()]

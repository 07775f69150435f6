"""Quality gate (after trafilatura's eval_gate): the attribution bench's own metrics on the fixture vs floors."""

import json
from pathlib import Path

import pytest

from unspin import Archive
from unspin.bench.attribution import alignment_f1, metrics, run_unspin
from unspin.datasets.wmt import BenchCopy, partial, withheld_ids

FLOORS = json.loads((Path(__file__).parent / "eval_baseline.json").read_text())


@pytest.mark.parametrize("variant", ["full", "partial"])
def test_attribution_quality_floors(variant, sample_originals, sample_copies):
    copies = [BenchCopy(c["document"], c["original_id"], tuple(c["gold"]), "", "") for c in sample_copies]
    if variant == "partial":
        copies = [partial(c) for c in copies]
    withheld = withheld_ids(copies, seed=0)
    with Archive() as full, Archive() as part:
        full.add(sample_originals)
        part.add([d for d in sample_originals if d.id not in withheld])
        present, _ = run_unspin(copies, full)
        absent, _ = run_unspin([c for c in copies if c.original_id in withheld], part)
    m = metrics(present, absent)
    floors = FLOORS[variant]
    assert m["R@1"] >= floors["R@1"]
    assert m["MRR"] >= floors["MRR"]
    assert alignment_f1(present) >= floors["align F1"]
    assert m["wrong-original (withheld)"] <= floors["max wrong-original (withheld)"]

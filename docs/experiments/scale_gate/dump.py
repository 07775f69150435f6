"""Dump find_original's decision and features for the scale bench's copy sets on an existing archive.

The copy sets are exactly those of ``unspin bench scale`` (src/unspin/bench/scale.py): a seeded sample of
``--limit`` wmt-dev copies (full), a contiguous ~30 % of each (partial), and every llm-paraphrase-dev copy;
the seeded half of the originals (``withheld_ids``) is excluded per check (``check(exclude_ids=…)``).
``--both`` also checks every copy the other way (withheld originals present, present ones withheld), which
doubles the rows of each kind.

One JSON line per (copy, withheld?) with the named original, the best candidate, ``Attribution.features``
and a few figures of the accepted alignment (rows with similarity >= STRONG_SIMILARITY, max row
similarity). ``analyse.py`` reads the file.

Usage (from the worktree):
    PYTHONPATH=src python docs/experiments/scale_gate/dump.py --archive WD/scale.db --tier 100k --out dump-100k.jsonl
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import sys
import time
from pathlib import Path

from unspin.archive.store import Archive
from unspin.bench.scale import load_llm
from unspin.check import Stages, check
from unspin.datasets.wmt import load_copies, partial, withheld_ids
from unspin.match.find import STRONG_SIMILARITY
from unspin.settings import Settings

check_module = importlib.import_module("unspin.check")  # the module (unspin.check is also the function)
_last: list = [None]
_find = check_module.find_original


def _recording(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
    _last[0] = _find(*args, **kwargs)
    return _last[0]


check_module.find_original = _recording


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--archive", required=True)
    p.add_argument("--tier", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--wmt", default="/work/shared/data/wmt-dev")
    p.add_argument("--llm", default="/work/shared/data/llm-paraphrase-dev")
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--both", action="store_true", help="check each copy with its original present and withheld")
    p.add_argument("--settings", default="", help="JSON object of Settings overrides")
    args = p.parse_args()
    settings = Settings().with_(**json.loads(args.settings)) if args.settings else Settings()

    wmt_copies = load_copies(args.wmt)
    _, llm_copies = load_llm(args.llm)
    withheld = withheld_ids(wmt_copies, args.seed) | withheld_ids(llm_copies, args.seed)
    sample = random.Random(args.seed).sample(wmt_copies, min(args.limit, len(wmt_copies)))
    sets = {"WMT full": sample, "WMT partial": [partial(c, args.seed) for c in sample], "LLM": llm_copies}
    archive = Archive(args.archive)
    stages = Stages(detect=False, restore=False)
    done = set()
    out = Path(args.out)
    if out.exists():  # resume
        for line in out.read_text().splitlines():
            r = json.loads(line)
            done.add((r["set"], r["copy"], r["withheld"]))
    t0 = time.perf_counter()
    n = 0
    with out.open("a") as fh:
        for set_name, copies in sets.items():
            for c in copies:
                modes = [c.original_id in withheld] + ([c.original_id not in withheld] if args.both else [])
                for held in modes:
                    if (set_name, c.document.id, held) in done:
                        continue
                    _last[0] = None
                    r = check(c.document, archive, settings, stages=stages,
                              exclude_ids=frozenset({c.original_id}) if held else frozenset())
                    att = _last[0]
                    pairs = r.alignment.pairs if r.alignment is not None else ()
                    aligned = [x for x in pairs if x.copy and x.original]
                    row = {
                        "tier": args.tier, "set": set_name, "copy": c.document.id, "original": c.original_id,
                        "withheld": held, "sentences": len(c.document.sentences),
                        "named": r.match.original_id if r.match else None,
                        "best": att.best.id if att is not None and att.best is not None else None,
                        "features": {k: round(v, 5) for k, v in (att.features if att is not None else {}).items()},
                        "rows": len(aligned),
                        "strong_rows": sum(x.similarity >= STRONG_SIMILARITY for x in aligned),
                        "max_row_similarity": round(max((x.similarity for x in aligned), default=0.0), 5),
                    }
                    fh.write(json.dumps(row) + "\n")
                    n += 1
                    if n % 200 == 0:
                        fh.flush()
                        print(f"{set_name}: {n} checks, {n / (time.perf_counter() - t0):.1f}/s", file=sys.stderr, flush=True)
    archive.close()


if __name__ == "__main__":
    main()

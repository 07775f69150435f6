"""Refit the spin and LLM models of the shipped detector; the MT model is kept as shipped."""
import json, sys
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, 'src')
from unspin.detect.model import load_detector
from unspin.train.methods import train_methods
path = Path('src/unspin/data/detector.json')
det = load_detector(path)
det = replace(det, methods=train_methods(Path('../shared/data/distractors'), Path('../shared/data/wmt-dev'), Path('../shared/data/llm-paraphrase-dev'), 0))
path.write_text(json.dumps(det.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")
print("spin", det.methods.spin_threshold if hasattr(det.methods,'spin_threshold') else '', "written")

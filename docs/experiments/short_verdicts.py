"""Method verdicts of the detector on short passages: human news, MT and LLM text, by passage length in words.

Issue 12. For 300 seeded documents of each kind (Reuters distractors: human; wmt-dev MT copies; llm-paraphrase-dev
outputs), one random passage of 1, 2, 3 and 4 consecutive sentences each, scored by `detect.mt_score`; the share of
each verdict per length bucket. Run from the repository root (needs ../shared/data):

    PYTHONPATH=src python docs/experiments/short_verdicts.py

It chose `detect.MIN_LLM_WORDS` (70): below it the LLM model called human passages llm-written 5-26 % of the time.
"""
import sys, random
from collections import Counter, defaultdict
from unspin import detect
from unspin.records import Document
from unspin.datasets.wmt import load_originals, load_copies, load_distractors
from unspin.datasets.paraphrase import load_paraphrase_copies
rng = random.Random(1)
N = 300
sets = {
    'human (reuters)': rng.sample(load_distractors('../shared/data/distractors/reuters21578.jsonl.gz'), N),
    'MT': [c.document for c in rng.sample(load_copies('../shared/data/wmt-dev'), N)],
    'LLM': [c.copy.document for c in rng.sample(load_paraphrase_copies('../shared/data/llm-paraphrase-dev'), N)],
}
B = [(0, 10), (10, 20), (20, 30), (30, 45), (45, 70), (70, 10**6)]
res = defaultdict(Counter)
for name, docs in sets.items():
    for d in docs:
        sents = [s for s in d.sentences if s.strip()]
        # windows: every start, lengths 1..4 sentences (not only leads), one per length
        for k in (1, 2, 3, 4):
            if len(sents) < k: continue
            st = rng.randrange(0, len(sents) - k + 1)
            w = sents[st:st + k]
            n = sum(len(s.split()) for s in w)
            b = next(i for i, (lo, hi) in enumerate(B) if lo <= n < hi)
            m = detect.mt_score(Document(d.id, ' '.join(w), tuple(w))).method
            res[(name, b)][m] += 1
            res[(name, b)]['n'] += 1
print('bucket', *sets, sep='\t')
for i, (lo, hi) in enumerate(B):
    row = [f'{lo}-{hi}']
    for name in sets:
        c = res[(name, i)]; n = c['n'] or 1
        if name.startswith('human'): row.append(f"n={c['n']} any verdict {(n - c['none'] - (0 if c['n'] else 1))/n:.3f} (mt {c['machine-translated']/n:.3f} llm {c['llm-written']/n:.3f} spun {c['synonym-spun']/n:.3f})")
        elif name == 'MT': row.append(f"n={c['n']} MT {c['machine-translated']/n:.3f} llm {c['llm-written']/n:.3f}")
        else: row.append(f"n={c['n']} LLM {c['llm-written']/n:.3f} mt {c['machine-translated']/n:.3f}")
    print(*row, sep='\t')

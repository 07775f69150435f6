"""Does a synonym-spun verdict need a spin evidence span? (issue 12, session 10; the rule is shipped in detect.mt_score)

    PYTHONPATH=src python docs/experiments/spin_evidence.py   # needs ../shared/data (distractors, wmt-dev, llm-paraphrase-dev) and Debian wordnet-base

Share of spun / human documents of train.methods with a spin evidence span (table row, artefact, collocation
substitution), and the out-of-fold spun verdict (grouped 3-fold by article, the shipped model kind and prior)
with and without requiring one. Output as it ran: BENCHMARKS.md "A spun verdict needs a swapped word".
"""
import sys
from collections import Counter
from pathlib import Path
import numpy as np
from unspin.train.methods import load_method_docs, news_documents, featurize_docs, fit_methods, part_scores, HUMAN_KINDS
from unspin.train.wordnet import load_thesaurus
from unspin.detect.method import count_spin_findings, SPIN_FINDING_LOGIT, MAX_SPIN_FINDINGS
from unspin.detect.collocations import find_substitutions
from sklearn.model_selection import GroupKFold
E, W, L = Path("../shared/data/distractors"), Path("../shared/data/wmt-dev"), Path("../shared/data/llm-paraphrase-dev")
docs = load_method_docs(news_documents(E, W, L), W, L, load_thesaurus(), 0)
kinds = np.array([d.kind for d in docs])
print(Counter(kinds))
text = [" ".join(d.sentences) for d in docs]
findings = np.array([count_spin_findings(t) for t in text])
subs = np.array([len(find_substitutions(t)) for t in text])
span = (findings + subs) > 0
for k in sorted(set(kinds)):
    m = kinds == k
    print(f"{k:18s} n={m.sum():5d} any span {span[m].mean():.3f}  table/artefact {(findings[m] > 0).mean():.3f}  collocation subs {(subs[m] > 0).mean():.3f}")
f = featurize_docs(docs)
groups = [d.group for d in docs]
idx = np.arange(len(docs))
p = np.zeros(len(docs)); thr = np.zeros(len(docs))
for tr, te in GroupKFold(3).split(idx, groups=groups):
    m = fit_methods(docs, f, tr, training={}, folds=3)
    logit = np.log(np.clip(part_scores(m.spin, f, te), 1e-9, 1 - 1e-9) / np.clip(1 - part_scores(m.spin, f, te), 1e-9, 1))
    logit += SPIN_FINDING_LOGIT * np.minimum(findings[te], MAX_SPIN_FINDINGS)
    p[te] = 1 / (1 + np.exp(-logit)); thr[te] = m.spin_threshold
hit = p >= thr
for k in sorted(set(kinds)):
    m = kinds == k
    print(f"{k:18s} spun verdict {hit[m].mean():.3f}  with a span required {(hit & span)[m].mean():.3f}")

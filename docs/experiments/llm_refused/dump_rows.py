"""Dump the matcher's training rows with extra diagnostic features (issue 11, session 9; measurement, not shipped).

    PYTHONPATH=src python docs/experiments/llm_refused/dump_rows.py    # ~3 min; writes .unspin/llm_refused/rows.pkl

Each row: (Example, extras, copy id, best candidate id, original id). Extras: diagnostic features that are not in
the model (rare_margin, exclusive_share, coverage_ratio, document_dice, retrieval, margin) and name / number
containment both ways, with the shipped model's confidence. `sample.py` draws the hand-read sample from it.
"""
import pickle, sys, time
from pathlib import Path

OUT = Path(".unspin/llm_refused")  # work files (rows.pkl, the two training archives), out of git
(OUT / "wd").mkdir(parents=True, exist_ok=True)
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
_plain = md._examples


def keep(job, att, e):
    f = att.features
    ctext = job.document.text or " ".join(job.document.sentences)
    otext = att.best.text or " ".join(att.best.sentences)
    cn, on = names(ctext), names(otext)
    cnum, onum = numbers(ctext), numbers(otext)
    extra = {k: f.get(k, 0.0) for k in EXTRA}
    extra |= {"name_containment": (len(cn & on) + 1) / (len(cn) + 1), "name_reverse": (len(cn & on) + 1) / (len(on) + 1),
              "n_names": len(cn), "num_containment": (len(cnum & onum) + 1) / (len(cnum) + 1),
              "num_reverse": (len(cnum & onum) + 1) / (len(onum) + 1), "confidence": f.get("confidence", 0.0),
              "shared_sentences": f.get("shared_sentences", 0.0)}
    rows.append((e, extra, job.document.id, att.best.id, job.original_id))


def _examples(jobs, archive, present, settings, extra=frozenset()):
    return _plain(jobs, archive, present, settings, extra, on_row=keep)


md._examples = _examples
t = time.time()
ex = md.collect_examples("../shared/data/wmt-dev", "../shared/data/distractors", "../shared/data/llm-paraphrase-dev",
                         str(OUT / "wd"), log=lambda m: print(m, time.time() - t, flush=True))
rows = [(md.Example(e.features, e.label, e.present and e.group != "templates", e.group, e.generator, e.article), x, a, b, c) for e, x, a, b, c in rows]
pickle.dump(rows, open(OUT / "rows.pkl", "wb"))
print("done", len(rows), time.time() - t)

"""Held-out evaluation of the detector: WMT dev data (directory) -> benchmark rows (one dict per split and level)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..train.detector import Featurized, featurize, fit_detector, load_examples, load_native_english, predict, subsample

# MT against each negative kind: (kind, column suffix).
NEGATIVES = (("english-source", "english"), ("human-reference", "human"), ("native-english", "native"))

RECALL_POINT = 0.9  # precision is reported where recall of MT first reaches this


def split_indices(f: Featurized, folds: int = 3) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """Named (train, test) index splits: by year both ways, and grouped k-fold over both years.

    No source document is ever on both sides: year splits separate WMT21 from WMT22, and the
    k-fold groups keep every copy and translation of one source document in one fold. Native
    English documents (year 0) are halved for the year splits: alternate ones train WMT21 -> WMT22
    and are tested by WMT22 -> WMT21, the rest the other way round.
    """
    from sklearn.model_selection import GroupKFold

    years = np.array([e.year for e in f.examples])
    native = np.flatnonzero(years == 0)
    half_a, half_b = native[0::2], native[1::2]
    out = [
        ("wmt21 -> wmt22", np.r_[np.flatnonzero(years == 2021), half_a], np.r_[np.flatnonzero(years == 2022), half_b]),
        ("wmt22 -> wmt21", np.r_[np.flatnonzero(years == 2022), half_b], np.r_[np.flatnonzero(years == 2021), half_a]),
    ]
    groups = [e.group for e in f.examples]
    for k, (tr, te) in enumerate(GroupKFold(n_splits=folds).split(np.zeros(len(groups)), groups=groups)):
        out.append((f"grouped {folds}-fold #{k + 1}", tr, te))
    return out


def level_metrics(scores: np.ndarray, kinds: Sequence[str], threshold: float) -> dict[str, Any]:
    """ROC-AUC, precision at 0.9 recall and error rates at ``threshold``, MT against each negative kind.

    Examples:
        >>> m = level_metrics(np.array([0.9, 0.8, 0.1, 0.2]), ["mt", "mt", "english-source", "human-reference"], 0.5)
        >>> m["auc_vs_english"], m["fpr_english"], m["recall_mt"]
        (1.0, 0.0, 1.0)
    """
    from sklearn.metrics import precision_recall_curve, roc_auc_score

    kinds = np.asarray(kinds)
    mt = kinds == "mt"
    out: dict[str, Any] = {"n_mt": int(mt.sum())}
    for kind, name in NEGATIVES:
        neg = kinds == kind
        out[f"n_{name}"] = int(neg.sum())
        m = mt | neg
        if neg.any() and mt.any():
            y = mt[m].astype(int)
            out[f"auc_vs_{name}"] = float(roc_auc_score(y, scores[m]))
            precision, recall, _ = precision_recall_curve(y, scores[m])
            out[f"p@r{RECALL_POINT:.1f}_vs_{name}"] = float(precision[recall >= RECALL_POINT].max())
        out[f"fpr_{name}"] = float((scores[neg] >= threshold).mean()) if neg.any() else float("nan")
    out["recall_mt"] = float((scores[mt] >= threshold).mean()) if mt.any() else float("nan")
    return out


def evaluate_detector(
    data_dir: str | Path, seed: int = 0, *, folds: int = 3, per_document: int = 3, english: str | Path | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Train on each split's training side, score its held-out side; one row per split and level.

    Thresholds come from the training side only (``fit_detector``). Pooled rows concatenate the
    held-out scores of the k folds (each fold scored by its own model and threshold).

    Args:
        data_dir: ``../shared/data/wmt-dev``.
        seed: seeds the choice of MT copies per document in every training side.
        folds: k of the grouped k-fold.
        per_document: MT copies per source document used for fitting (all are scored).
        english: native English news (``load_native_english``), split like the rest and reported
            as the ``native`` negatives; None leaves them out.

    Returns:
        ``(rows, notes)``: rows with split, level, counts, ROC-AUC (MT vs English originals, MT vs
        human translations), precision at 0.9 recall, FPR on each negative kind and MT recall at
        the operating threshold; notes with the pooled document-level AUC vs human translations
        per MT system (weakest and strongest systems).

    Examples:
        >>> rows, notes = evaluate_detector("../shared/data/wmt-dev")  # doctest: +SKIP
    """
    examples = load_examples(data_dir)
    if english is not None:
        examples += load_native_english(english, seed)
    f = featurize(examples)
    kinds = np.array([e.kind for e in examples])
    rows: list[dict[str, Any]] = []
    pooled: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {"document": [], "sentence": []}
    for name, tr, te in split_indices(f, folds):
        det = fit_detector(f, subsample(f.examples, tr, seed, per_document), training={"seed": seed})
        p_doc, p_sent, owner = predict(f, te, det)
        for level, scores, doc_of in (("document", p_doc, te), ("sentence", p_sent, owner)):
            if name.startswith("grouped"):
                pooled[level].append((scores, doc_of, scores >= det.threshold))
                continue
            rows.append({"split": name, "level": level, "threshold": det.threshold,
                         **level_metrics(scores, kinds[doc_of], det.threshold)})
    notes: list[str] = []
    for level in ("document", "sentence"):
        scores = np.concatenate([x[0] for x in pooled[level]])
        doc_of = np.concatenate([x[1] for x in pooled[level]])
        hits = np.concatenate([x[2] for x in pooled[level]])
        k = kinds[doc_of]
        row = {"split": f"grouped {folds}-fold (pooled)", "level": level, "threshold": float("nan"),
               **level_metrics(scores, k, 2.0)}
        # Each fold has its own threshold: error rates come from the per-fold decisions.
        for kind, name in NEGATIVES:
            row[f"fpr_{name}"] = float(hits[k == kind].mean()) if (k == kind).any() else float("nan")
        row["recall_mt"] = float(hits[k == "mt"].mean())
        rows.append(row)
        if level == "document":
            notes.append(_per_system_note(scores, [examples[i] for i in doc_of], folds))
    return rows, notes


def _per_system_note(scores: np.ndarray, docs: Sequence[Any], folds: int) -> str:
    from sklearn.metrics import roc_auc_score

    human = np.array([d.kind == "human-reference" for d in docs])
    systems = sorted({d.system for d in docs if d.kind == "mt"})
    aucs = []
    for system in systems:
        mine = np.array([d.kind == "mt" and d.system == system for d in docs])
        if mine.sum() >= 20:
            m = mine | human
            aucs.append((float(roc_auc_score(mine[m].astype(int), scores[m])), system, int(mine.sum())))
    aucs.sort()
    if not aucs:
        return "Per-system ROC-AUC vs human translations: no MT system has >= 20 held-out documents."
    show = aucs[:3] + aucs[-3:] if len(aucs) > 6 else aucs
    return (
        f"Document-level ROC-AUC vs human translations by MT system (grouped {folds}-fold, systems with >= 20 "
        "documents; weakest-detected first): " + ", ".join(f"{s} {a:.3f} (n={n})" for a, s, n in show)
    )


def score_seed(path: str | Path) -> str:
    """One line on how the shipped detector scores a copy file (the bench's seed check).

    Examples:
        >>> score_seed("examples/seed.txt")  # doctest: +SKIP
        'examples/seed.txt: mt_probability 0.94 ...'
    """
    from ..ingest import read
    from ..detect import mt_score
    from ..detect.model import default_detector

    det = default_detector()
    doc = next(read(str(path)))
    s = mt_score(doc, det)
    verdict = "above" if s.mt_probability >= det.threshold else "BELOW"
    return (
        f"`{path}` (shipped detector): mt_probability {s.mt_probability:.3f}, {verdict} the threshold "
        f"{det.threshold:.3f}; {len(s.evidence)} distinct evidence spans: "
        + "; ".join(f'"{e.text}"' for e in s.evidence)
    )


def evaluate_methods(
    english: str | Path, wmt: str | Path, llm: str | Path, seed: int = 0, *, folds: int = 3, farm: str | Path | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Held-out spin and LLM rows: grouped k-fold by article, LLM also held out by generator; farm pages.

    Uses the shipped collocation tables, which were built from other documents than the ones
    spun here (``train.spinner.in_collocation_corpus``). Thresholds come from each training side.

    Returns:
        ``(rows, notes)``: one row per model and split with ROC-AUC against the human originals
        (own articles), FPR on each human kind and recall at the threshold; notes with the farm pages.
    """
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    from ..train.methods import HUMAN_KINDS, featurize_docs, fit_methods, load_method_docs, news_documents
    from ..train.wordnet import load_thesaurus

    english, wmt, llm = Path(english), Path(wmt), Path(llm)
    docs = load_method_docs(news_documents(english, wmt, llm), wmt, llm, load_thesaurus(), seed)
    f = featurize_docs(docs)
    kinds = np.array([d.kind for d in docs])
    gens = np.array([d.generator for d in docs])
    groups = [d.group for d in docs]
    splits = list(GroupKFold(n_splits=folds).split(np.zeros(len(docs)), groups=groups))

    from ..train.methods import fit_part, part_scores

    fold_thresholds: list[float] = []

    def held_out(exclude: np.ndarray | None = None) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Held-out scores; with ``exclude``, only the LLM model is refitted (at the fold's own threshold)."""
        p = {"spun": np.zeros(len(docs)), "llm": np.zeros(len(docs))}
        hit = {"spun": np.zeros(len(docs), bool), "llm": np.zeros(len(docs), bool)}
        for k, (tr, te) in enumerate(splits):
            if exclude is not None:
                part = fit_part(f, tr[~exclude[tr]], kinds, "llm")
                p["llm"][te] = part_scores(part, f, te)
                hit["llm"][te] = p["llm"][te] >= fold_thresholds[k]
                continue
            m = fit_methods(docs, f, tr, training={"seed": seed}, folds=folds)
            fold_thresholds.append(m.llm_threshold)
            for name, part, thr in (("spun", m.spin, m.spin_threshold), ("llm", m.llm, m.llm_threshold)):
                p[name][te] = part_scores(part, f, te)
                hit[name][te] = p[name][te] >= thr
        return p, hit

    def row(model: str, split: str, p: np.ndarray, hit: np.ndarray, pos: np.ndarray, own: str) -> dict[str, Any]:
        out: dict[str, Any] = {"model": model, "split": split, "n_pos": int(pos.sum())}
        neg = kinds == own
        m = pos | neg
        out[f"auc_vs_{own}"] = float(roc_auc_score(pos[m].astype(int), p[m]))
        humans = np.isin(kinds, HUMAN_KINDS)
        m = pos | humans
        out["auc_vs_all_human"] = float(roc_auc_score(pos[m].astype(int), p[m]))
        for k in HUMAN_KINDS + ("mt", "llm" if model == "spin" else "spun"):
            out[f"fpr_{k}"] = float(hit[kinds == k].mean()) if (kinds == k).any() else float("nan")
        out["recall"] = float(hit[pos].mean())
        return out

    p, hit = held_out()
    rows = [
        row("spin", f"grouped {folds}-fold by article", p["spun"], hit["spun"], kinds == "spun", "reuters"),
        row("llm", f"grouped {folds}-fold by article", p["llm"], hit["llm"], kinds == "llm", "llm-original"),
    ]
    # The spun rows' own originals are of several kinds: AUC against exactly the articles that were spun.
    spun_of = {d.group for d in docs if d.kind == "spun"}
    own = np.array([d.kind in HUMAN_KINDS and d.id in spun_of for d in docs])
    pos = kinds == "spun"
    m = pos | own
    rows[0]["auc_vs_own_originals"] = float(roc_auc_score(pos[m].astype(int), p["spun"][m]))
    for g in sorted(set(gens[kinds == "llm"])):
        p_g, hit_g = held_out(exclude=(kinds == "llm") & (gens == g))
        pos = (kinds == "llm") & (gens == g)
        r = row("llm", f"held out: {g}", p_g["llm"], hit_g["llm"], pos, "llm-original")
        rows.append(r)
    notes = [
        "Spin/LLM rows: documents of `train.methods` (human news: Reuters articles outside the collocation corpus, WMT "
        "English sources, LLM-dev originals, WMT human translations; spun: each human article outside the collocation "
        "corpus spun once by the WordNet spinner; LLM: the 1,045 LLM-dev outputs; MT: one WMT output per document). "
        f"Grouped {folds}-fold by article (a copy is never on the other side from its original); thresholds from "
        "each training side (out-of-fold, FPR <= 2 % per human kind). `held out: <generator>` rows train without "
        "that generator's outputs and test on them against the held-out articles (LLM model only, at the threshold of the same fold's full fit). Spin scores here are the model "
        "alone, without the spinner-table prior (`detect.method.SPIN_FINDING_LOGIT`) the shipped detector adds.",
    ]
    if farm is not None and Path(farm).exists():
        notes.append(score_farm(farm))
    return rows, notes


def score_farm(path: str | Path) -> str:
    """One line per farm-page kind: how the shipped detector's method verdicts fall (real pages, never trained on)."""
    import json
    from collections import Counter

    from ..detect import mt_score
    from ..records import Document
    from ..text.normalize import split_sentences

    by_kind: dict[str, Counter[str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            s = mt_score(Document(id=d["id"], text=d["text"], sentences=split_sentences(d["text"])))
            by_kind.setdefault(d["kind"], Counter())[s.method if s.scored else f"not scored ({s.language})"] += 1
    which = "Held-out farm pages" if Path(path).name == "test.jsonl" else "Farm dev pages"
    return f"{which} (`{path}`, shipped detector), method verdicts per labelled kind: " + "; ".join(
        f"{kind} ({sum(c.values())}): " + ", ".join(f"{m} {n}" for m, n in c.most_common()) for kind, c in sorted(by_kind.items()))

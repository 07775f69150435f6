"""Fit the detector with scikit-learn: WMT dev data (directory) -> Detector / detector.json dict.

Labels: MT copies are positives; English-source originals and human translations (references and
alternative references) are negatives, and so, when given, is a sample of native English newswire
(``--english``, e.g. the Reuters distractors). MT gets half of the total sample weight and the
negative kinds share the other half (``KIND_WEIGHTS``), so the rare English originals (188
documents) count as much as the 755 human translations, and the probability is calibrated for
equal priors of MT and not-MT.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..datasets import json_rows
from ..errors import ConfigError
from ..detect.features import HASH_BUCKETS, document_features, ngram_counts, normalise
from ..detect.model import Detector, LinearPart
from ..detect.signatures import findings
from .kinds import fpr_threshold, kind_weights

DATA_FILES = ("originals.jsonl.gz", "copies.jsonl.gz", "alt_refs.jsonl.gz")
# Copies per document used for fitting: 3 of the ~11 systems per document (2,437 of 6,519
# documents). The full `unspin train detector` then took 62 s of CPU on 2 cores (3 min wall on a
# busy machine); all copies are still scored in the benchmark. Fitting on all copies was not tried.
SYSTEMS_PER_DOCUMENT = 3
# Dense features are standardised and then shrunk by this factor so that the ~150 dense columns
# and the 16k hashed n-gram columns (L2-normalised rows) share one L2 penalty. Chosen by hand, not
# swept: with it, dense + n-grams beat either alone in grouped 5-fold CV (doc AUC vs human
# translations 0.775 against 0.752 dense-only and 0.735 n-grams-only, the latter with 2^18 buckets).
DENSE_WEIGHT = 0.1
# Inverse regularisation strengths. For an n-gram-only document model, C = 1 beat 10 and 100 on MT
# vs English originals (AUC 0.895 vs 0.876 and 0.828, WMT21 -> WMT22) and hardly mattered vs human
# translations (0.620-0.624). 3 (document) vs 1 (sentence) was not compared; not re-swept since.
C_DOCUMENT = 3.0
C_SENTENCE = 1.0
# The operating threshold keeps out-of-fold false positives on each English kind at or below this
# share, leaving margin under the 5 % the issue asks for on held-out data. It was 3 % before native
# newswire joined the negatives; with it, WMT22 English sources scored by a WMT21 model crossed a
# 3 % threshold 9 times in 98 (4 without the newswire), so the margin was widened to 2 %. These
# counts are single documents: with ~95 English sources a year, 1 document is 1 point of FPR.
TARGET_FPR = 0.02
# Log-odds one distinct high-precision finding (doubled token, detached hyphen, mid-sentence
# capital, spinner phrase, literal idiom/grammar, broken quote attribution) adds. A prior, not
# fitted: WMT systems are too good to show these. They fire in 2.7 % of the 5,576 MT documents
# against 1.6 % of the 188 English originals and 1.6 % of the 755 human translations (typos like
# "the the", a translator's "a 82-year-old"), and a stacker fitted with them gave them weight 0.04,
# so WMT cannot estimate their weight for the cheap MT and spinners of content farms (the seed has
# 12). 1.0 makes three findings take an undecided document (p = 0.5) to 0.95; what it costs on
# English originals is in the benchmark's FPR. At most MAX_FINDINGS count: 5, because a spun copy
# of an English original looks like English to the statistics (a two-sentence text with four
# spinner phrases scored 0.53 with a cap of 3, under the threshold), while no English original
# in WMT21/22 has more than one distinct finding, and no human translation more than two.
FINDING_LOGIT = 1.0
MAX_FINDINGS = 5
# Native newswire (kind "native-english") gets a tenth. Why it is there at all: the 188 WMT English
# sources come from a handful of outlets, several of them translated themselves (AllAfrica,
# Egypt Independent), and a detector fitted on WMT21 alone flagged 16.5 % of held-out Reuters
# articles as MT. With 1,000 Reuters articles at a 5 % or 15 % share that fell to 2.5 % or 0.8 %,
# while the WMT22 AUC vs English originals moved by under 0.005 (0.921, 0.917; 0.919 without).
# 10 % is the middle of the two shares tried, not a tuned value.
KIND_WEIGHTS = {"mt": 0.5, "english-source": 0.2, "human-reference": 0.2, "native-english": 0.1}
# English kinds the operating threshold keeps at TARGET_FPR (each separately).
ENGLISH_KINDS = ("english-source", "native-english")
# Native English documents sampled from ``--english`` (seeded), with at least this many body sentences.
NATIVE_DOCUMENTS = 2000
NATIVE_MIN_SENTENCES = 6


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled document of the WMT dev set."""

    id: str
    kind: str  # "mt" | "english-source" | "human-reference" | "native-english"
    group: str  # documents sharing a group (same source document) never straddle a split
    year: int
    pair: str
    system: str
    sentences: tuple[str, ...]

    @property
    def label(self) -> int:
        return int(self.kind == "mt")


@dataclass(frozen=True, slots=True)
class Featurized:
    """Features of a list of examples, computed once and sliced by every split."""

    examples: tuple[Example, ...]
    doc_dense: np.ndarray  # (n_docs, d)
    doc_hashed: tuple[dict[int, float], ...]
    sent_dense: np.ndarray  # (n_sentences, d)
    sent_hashed: tuple[dict[int, float], ...]
    sent_doc: np.ndarray  # (n_sentences,) index of each sentence's document
    doc_findings: np.ndarray  # (n_docs,) distinct high-precision findings, capped
    sent_findings: np.ndarray  # (n_sentences,)


def _data_file(data_dir: str | Path, name: str) -> Path:
    """``name`` in ``data_dir``, or its uncompressed twin (the test fixtures are plain .jsonl)."""
    path = Path(data_dir) / name
    if not path.exists() and (Path(data_dir) / name.removesuffix(".gz")).exists():
        return Path(data_dir) / name.removesuffix(".gz")
    if not path.exists():
        raise ConfigError(f"{path} not found: pass --data pointing at ../shared/data/wmt-dev")
    return path


def data_hash(data_dir: str | Path) -> str:
    """sha256 over the data files, so a detector file names exactly what it was fitted on."""
    h = hashlib.sha256()
    for name in DATA_FILES:
        h.update(_data_file(data_dir, name).read_bytes())
    return h.hexdigest()


def load_examples(data_dir: str | Path) -> list[Example]:
    """All documents of the WMT dev set as labelled examples.

    Raises:
        ConfigError: a data file is missing.
    """
    out: list[Example] = []
    for name in DATA_FILES:
        for d in json_rows(_data_file(data_dir, name)):
            # Alternative references ("human-reference-alt") are human translations too.
            kind = "mt" if name == "copies.jsonl.gz" else d.get("kind", "human-reference")
            kind = "human-reference" if kind.startswith("human-reference") else kind
            group = d["id"] if kind == "english-source" else f"wmt{d['year']}/{d['pair']}/{d['docid']}"
            sentences = tuple(s for s in d["sentences"] if s.strip())
            if sentences:
                out.append(Example(d["id"], kind, group, int(d["year"]), d["pair"], d.get("system", ""), sentences))
    return out


def load_native_english(path: str | Path, seed: int = 0, limit: int = NATIVE_DOCUMENTS) -> list[Example]:
    """A seeded sample of native English news (kind ``native-english``) from a JSONL(.gz) file or folder.

    Rows need ``id`` and ``sentences`` (the distractor layout: the title first, then the body).
    The title is dropped (headlines are not sentences), and documents with fewer than
    ``NATIVE_MIN_SENTENCES`` body sentences are skipped (Reuters earnings tables and one-liners).

    Raises:
        ConfigError: nothing usable at ``path``.
    """
    p = Path(path)
    files = sorted(p.glob("*.jsonl*")) if p.is_dir() else [p]
    rows: list[Example] = []
    for file in files:
        for d in json_rows(file):
            body = tuple(s for s in d.get("sentences", [])[1:] if s.strip())
            if len(body) >= NATIVE_MIN_SENTENCES:
                rows.append(Example(d["id"], "native-english", d["id"], 0, "en", "", body))
    if not rows:
        raise ConfigError(f"{path}: no English documents with >= {NATIVE_MIN_SENTENCES} sentences")
    random.Random(seed).shuffle(rows)
    return sorted(rows[:limit], key=lambda e: e.id)


def subsample(examples: Sequence[Example], idx: Sequence[int], seed: int, per_document: int = SYSTEMS_PER_DOCUMENT) -> np.ndarray:
    """Indices ``idx`` less MT copies: every negative and ``per_document`` seeded-random copies per document.

    Examples:
        >>> ex = [Example(str(i), "mt", "g", 2021, "ru-en", f"s{i}", ("x",)) for i in range(5)]
        >>> len(subsample(ex, range(5), seed=0, per_document=3))
        3
    """
    rng = random.Random(seed)
    by_group: dict[str, list[int]] = {}
    for i in idx:
        if examples[i].kind == "mt":
            by_group.setdefault(examples[i].group, []).append(int(i))
    keep = {i for g in sorted(by_group) for i in rng.sample(by_group[g], min(per_document, len(by_group[g])))}
    return np.array([int(i) for i in idx if examples[i].kind != "mt" or i in keep], dtype=int)


def featurize(examples: Sequence[Example]) -> Featurized:
    """Dense and hashed features of every document and sentence (the slow step: ~0.3 ms a sentence)."""
    doc_dense, doc_hashed, sent_dense, sent_hashed, sent_doc = [], [], [], [], []
    doc_findings, sent_findings = [], []
    for i, e in enumerate(examples):
        per_sentence, doc = document_features(e.sentences)
        counts = [ngram_counts(s) for s in e.sentences]
        doc_dense.append(doc)
        doc_hashed.append(normalise(counts))
        sent_dense.append(per_sentence)
        sent_hashed.extend(normalise([c]) for c in counts)
        sent_doc.extend([i] * len(counts))
        found = [findings(s) for s in e.sentences]
        doc_findings.append(len(frozenset().union(*found)))
        sent_findings.extend(len(x) for x in found)
    return Featurized(
        tuple(examples), np.array(doc_dense), tuple(doc_hashed), np.vstack(sent_dense), tuple(sent_hashed),
        np.asarray(sent_doc), np.minimum(doc_findings, MAX_FINDINGS), np.minimum(sent_findings, MAX_FINDINGS),
    )


def _matrix(dense: np.ndarray, hashed: Sequence[dict[int, float]], mean: np.ndarray, scale: np.ndarray):
    from scipy import sparse

    rows, cols, vals = [], [], []
    for i, h in enumerate(hashed):
        rows.extend([i] * len(h))
        cols.extend(h.keys())
        vals.extend(h.values())
    hashed_m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(hashed), HASH_BUCKETS))
    return sparse.hstack([sparse.csr_matrix((dense - mean) / scale * DENSE_WEIGHT), hashed_m]).tocsr()


def _fit_part(dense: np.ndarray, hashed: Sequence[dict[int, float]], labels: np.ndarray, kinds: Sequence[str], c: float) -> LinearPart:
    from sklearn.linear_model import LogisticRegression

    mean = dense.mean(axis=0)
    scale = dense.std(axis=0)
    scale[scale < 1e-9] = 1.0  # constant columns (a signature never seen) stay neutral
    # 500 iterations: the full data converges in < 100; tiny separable sets (the test fixtures)
    # would otherwise run to the cap chasing ever larger weights.
    lr = LogisticRegression(C=c, max_iter=500)
    lr.fit(_matrix(dense, hashed, mean, scale), labels, sample_weight=kind_weights(kinds, KIND_WEIGHTS))
    coef = lr.coef_[0]
    d = dense.shape[1]
    return LinearPart(mean, scale, coef[:d] * DENSE_WEIGHT, coef[d:], float(lr.intercept_[0]))


def _fit_parts(f: Featurized, idx: np.ndarray) -> tuple[LinearPart, LinearPart]:
    ex = [f.examples[i] for i in idx]
    labels = np.array([e.label for e in ex])
    doc = _fit_part(f.doc_dense[idx], [f.doc_hashed[i] for i in idx], labels, [e.kind for e in ex], C_DOCUMENT)
    s_idx = np.flatnonzero(np.isin(f.sent_doc, idx))
    s_ex = [f.examples[j] for j in f.sent_doc[s_idx]]
    sent = _fit_part(
        f.sent_dense[s_idx], [f.sent_hashed[j] for j in s_idx], np.array([e.label for e in s_ex]),
        [e.kind for e in s_ex], C_SENTENCE,
    )
    return doc, sent


def part_logits(f: Featurized, idx: np.ndarray, doc: LinearPart, sent: LinearPart) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Document logits, mean sentence logits (per document) and sentence logits for documents ``idx``."""
    d = doc.logits(f.doc_dense[idx], [f.doc_hashed[i] for i in idx])
    s_idx = np.flatnonzero(np.isin(f.sent_doc, idx))
    s = sent.logits(f.sent_dense[s_idx], [f.sent_hashed[j] for j in s_idx])
    pos = {doc_i: k for k, doc_i in enumerate(idx)}
    owner = np.array([pos[j] for j in f.sent_doc[s_idx]])
    mean_s = np.bincount(owner, weights=s, minlength=len(idx)) / np.maximum(np.bincount(owner, minlength=len(idx)), 1)
    return d, mean_s, s


def fit_detector(f: Featurized, idx: np.ndarray, *, training: dict[str, Any], folds: int = 3) -> Detector:
    """Fit parts, stacker, sentence calibration and threshold on documents ``idx`` of ``f``.

    The stacker, the sentence calibration and the threshold are fitted on out-of-fold logits
    (grouped by source document), then the two parts are refitted on all of ``idx``.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    idx = np.asarray(idx)
    groups = [f.examples[i].group for i in idx]
    oof_d, oof_s = np.zeros(len(idx)), np.zeros(len(idx))
    sent_logit, sent_label, sent_kind = [], [], []
    for tr, te in GroupKFold(n_splits=folds).split(idx, groups=groups):
        doc, sent = _fit_parts(f, idx[tr])
        d, mean_s, s = part_logits(f, idx[te], doc, sent)
        oof_d[te], oof_s[te] = d, mean_s
        owners = f.sent_doc[np.isin(f.sent_doc, idx[te])]
        sent_logit.append(s)
        sent_label.extend(f.examples[j].label for j in owners)
        sent_kind.extend(f.examples[j].kind for j in owners)
    labels = np.array([f.examples[i].label for i in idx])
    kinds = [f.examples[i].kind for i in idx]
    findings = f.doc_findings[idx]
    stacker = LogisticRegression(C=1.0).fit(np.c_[oof_d, oof_s], labels, sample_weight=kind_weights(kinds, KIND_WEIGHTS))
    a, b = stacker.coef_[0]
    c = stacker.intercept_[0]
    platt = LogisticRegression(C=1.0).fit(np.concatenate(sent_logit)[:, None], sent_label, sample_weight=kind_weights(sent_kind, KIND_WEIGHTS))
    p_oof = 1.0 / (1.0 + np.exp(-(a * oof_d + b * oof_s + FINDING_LOGIT * findings + c)))
    threshold = operating_threshold(p_oof, kinds)
    doc, sent = _fit_parts(f, idx)
    info = dict(training)
    info.update(n_documents=int(len(idx)), n_mt=int(labels.sum()), target_fpr=TARGET_FPR, folds=folds)
    return Detector(
        doc, sent, (float(a), float(b), FINDING_LOGIT, float(c)),
        (float(platt.coef_[0][0]), FINDING_LOGIT, float(platt.intercept_[0])), MAX_FINDINGS, threshold, info,
    )


def operating_threshold(p: np.ndarray, kinds: Sequence[str]) -> float:
    """Smallest threshold with FPR <= TARGET_FPR on every English kind present (0.5 if none is).

    Examples:
        >>> p = np.array([0.1, 0.2, 0.3, 0.9, 0.95])
        >>> operating_threshold(p, ["english-source"] * 3 + ["mt"] * 2) > 0.3
        True
    """
    return fpr_threshold(p, kinds, ENGLISH_KINDS, TARGET_FPR)


def train_detector(
    data_dir: str | Path, seed: int = 0, *, english: str | Path | None = None, command: str | None = None,
    llm_data: str | Path | None = None,
) -> dict[str, Any]:
    """Fit the shipped detector on all of the WMT dev data; return the detector.json dict.

    Deterministic: the only randomness is the seeded choice of copies per document, and
    LogisticRegression (lbfgs) and GroupKFold are deterministic.

    Args:
        data_dir: ``../shared/data/wmt-dev`` (originals, copies, alt_refs as .jsonl.gz).
        seed: seeds the choice of MT copies per document and of native English documents.
        english: native English news to add as negatives (``load_native_english``), or None.
        command: the command line to record in the file.
        llm_data: ``../shared/data/llm-paraphrase-dev``; with ``english`` also fits the spin/LLM models (``train.methods``).

    Returns:
        The ``unspin.detector/1`` JSON object (write it with ``json.dump``).

    """
    examples = load_examples(data_dir)
    examples = [examples[i] for i in subsample(examples, range(len(examples)), seed)]
    training = {
        "command": command or f"unspin train detector --data {data_dir} --seed {seed}",
        "data_sha256": data_hash(data_dir),
        "seed": seed,
        "systems_per_document": SYSTEMS_PER_DOCUMENT,
    }
    if english is not None:
        native = load_native_english(english, seed)
        examples += native
        training["native_english"] = {"documents": len(native), "ids_sha256": hashlib.sha256(
            "\n".join(e.id for e in native).encode()).hexdigest()}
    f = featurize(examples)
    det = fit_detector(f, np.arange(len(examples)), training=training)
    if llm_data is not None and english is not None:
        from .methods import train_methods

        det = replace(det, methods=train_methods(Path(english), Path(data_dir), Path(llm_data), seed))
    return det.to_dict()


def predict(f: Featurized, idx: np.ndarray, det: Detector) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Document probabilities, sentence probabilities and each sentence's document for ``idx``.

    Same arithmetic as ``Detector.score`` on precomputed features (the benchmark scores ~6,500
    documents and computes their features once).
    """
    idx = np.asarray(idx)
    d, mean_s, s = part_logits(f, idx, det.document, det.sentence)
    a, b, fw, c = det.stack
    p_doc = 1.0 / (1.0 + np.exp(-(a * d + b * mean_s + fw * np.minimum(f.doc_findings[idx], det.max_findings) + c)))
    s_mask = np.isin(f.sent_doc, idx)
    sa, sf, sc = det.sentence_calibration
    p_sent = 1.0 / (1.0 + np.exp(-(sa * s + sf * np.minimum(f.sent_findings[s_mask], det.max_findings) + sc)))
    return p_doc, p_sent, f.sent_doc[s_mask]

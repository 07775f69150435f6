"""Sentence-vector stage calibration: data sets -> data/semantic.json (``match.semantic``'s decision model).

Rows are the vector stage's description of a copy's re-ranked best candidate (``semantic.describe``
on the lexically rescored candidates, as ``find_original`` calls it). Positives: the best is the
copy's original. Negatives: the copy's original is withheld from the archive (every copy is checked
both ways), and distinct Reuters articles checked against the others. Groups: ``llm`` (real LLM
paraphrases and rewrites, all of llm-paraphrase-dev), ``wmt-full`` / ``wmt-partial`` (a seeded sample
of the training year's machine translations, whole and a contiguous ~30 %), ``templates``.

The operating point is the lowest confidence at which at most ``MAX_FALSE_ACCEPT`` of each group's
training negatives are accepted. Held-out figures refit without one LLM generator, or without a fold
of articles, and choose the threshold again on what remains.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..archive import Archive
from ..datasets.paraphrase import canonical_ids, load_paraphrase_copies, load_paraphrase_originals
from ..datasets.wmt import load_copies, load_distractors, load_originals, partial
from ..match import semantic
from ..match.find import find_original, rescore_candidates
from ..match.semantic import FEATURES, describe
from ..multilingual.vectors import VectorStore
from ..multilingual.embed import embed
from ..records import Document
from ..settings import Settings
from ..text.fingerprint import SentenceBags

MAX_FALSE_ACCEPT = 0.01  # per group of training negatives (the bench's withheld half is not in it)
MAX_FALSE_ACCEPT_BY_GROUP = {"templates": 0.02}
WMT_SAMPLE = 300  # WMT copies of the training year (whole, and again as partial copies)
TEMPLATE_SAMPLE = 400  # Reuters articles checked against the others (not the templates bench's seeded 2,000)
REGULARISATION_C = 1.0
FOLDS = 5


@dataclass(frozen=True, slots=True)
class Row:
    """One description of a copy's best candidate."""

    features: tuple[float, ...]
    label: int
    present: bool
    group: str
    generator: str = ""
    article: str = ""
    lexical: bool = False  # the lexical model already accepts this copy's best candidate (the stage is not asked)


@dataclass(frozen=True, slots=True)
class _Job:
    document: Document
    original_ids: frozenset[str]  # every archive id holding the original's text (empty for templates)
    group: str
    generator: str = ""
    article: str = ""


def _cached_embedder(path: Path) -> Callable[[Sequence[str]], np.ndarray]:
    """``embed`` with a sentence-keyed cache on disk: a rerun of the training embeds nothing again."""
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE IF NOT EXISTS v (k TEXT PRIMARY KEY, b BLOB NOT NULL)")

    def run(sentences: Sequence[str]) -> np.ndarray:
        keys = [hashlib.sha1(s.encode("utf-8")).hexdigest() for s in sentences]
        have: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = f"SELECT k, b FROM v WHERE k IN ({','.join('?' * len(chunk))})"
            have.update({k: np.frombuffer(b, dtype=np.float32) for k, b in con.execute(q, chunk)})
        missing = [(k, s) for k, s in zip(keys, sentences, strict=True) if k not in have]
        if missing:
            vecs = embed([s for _, s in missing])
            for (k, _), v in zip(missing, vecs, strict=True):
                have[k] = np.asarray(v, dtype=np.float32)
            con.executemany("INSERT OR REPLACE INTO v VALUES (?, ?)", [(k, have[k].tobytes()) for k, _ in missing])
            con.commit()
        return np.stack([have[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)

    return run


def collect_rows(
    data: str | Path, distractors: str | Path, paraphrase: str | Path, workdir: str | Path, *,
    train_year: str = "2021", seed: int = 0, log: Callable[[str], None] = lambda m: None,
) -> list[Row]:
    """Every training row (module docstring); ``workdir`` keeps the archive and the vector caches."""
    work = Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    originals = load_originals(data)
    extra = load_distractors(distractors)
    llm = load_paraphrase_copies(paraphrase)
    llm_originals = load_paraphrase_originals(paraphrase)
    canon = canonical_ids(llm_originals)
    same_text: dict[str, set[str]] = {}
    for i, c in canon.items():
        same_text.setdefault(c, set()).add(i)
    rng = random.Random(seed)
    wmt = rng.sample(sorted((c for c in load_copies(data) if c.year == train_year), key=lambda c: c.document.id), WMT_SAMPLE)
    bench_sample = {d.id for d in random.Random(0).sample(extra, min(2000, len(extra)))}
    others = [d for d in extra if d.id not in bench_sample]
    jobs = [_Job(c.copy.document, frozenset(same_text.get(c.copy.original_id, {c.copy.original_id})), "llm",
                 c.generator, c.copy.original_id) for c in llm]
    jobs += [_Job(c.document, frozenset({c.original_id}), "wmt-full", article=c.original_id) for c in wmt]
    jobs += [_Job(partial(c, seed).document, frozenset({c.original_id}), "wmt-partial", article=c.original_id) for c in wmt]
    jobs += [_Job(d, frozenset(), "templates", article=d.id) for d in rng.sample(others, TEMPLATE_SAMPLE)]
    copy_vectors = _cached_embedder(work / "copy-vectors.db")
    settings = Settings()
    rows: list[Row] = []
    with Archive(work / "archive.db") as archive:
        if len(archive) == 0:
            log("indexing …")
            archive.add(originals + llm_originals + extra)
        store = VectorStore(work / "archive.db.vectors", embedder=copy_vectors)
        try:
            for n, job in enumerate(jobs):
                if n % 200 == 0:
                    log(f"{n}/{len(jobs)} copies …")
                modes = [(False, job.original_ids | {job.document.id})] if job.group == "templates" else \
                    [(True, frozenset()), (False, job.original_ids)]
                for present, exclude in modes:
                    row = _row(job, archive, settings, store, copy_vectors, present, exclude)
                    if row is not None:
                        rows.append(row)
        finally:
            store.close()
    return rows


def _row(job: _Job, archive: Archive, settings: Settings, store: VectorStore,
         copy_vectors: Callable[[Sequence[str]], np.ndarray], present: bool, exclude: frozenset[str]) -> Row | None:
    doc = job.document
    bags = SentenceBags.of(doc.sentences)
    scored = rescore_candidates(doc, archive, settings, bags, frozenset(), exclude)
    top = scored[: semantic.TOP_K]
    described = describe(doc.sentences, range(len(doc.sentences)),
                         [(s.stored.document.id, s.stored.document.sentences, s.features, s.rank_score) for s in top],
                         store, copy_vectors)
    if described is None:
        return None
    best, features = described
    label = int(present and top[best].stored.document.id in job.original_ids)
    att = find_original(doc, archive, settings.with_(semantic=False), exclude_ids=exclude)
    return Row(tuple(features[k] for k in FEATURES), label, present, job.group, job.generator, job.article,
               att.match is not None)


def fit(rows: Sequence[Row]) -> dict:
    """Rows -> model parameters for ``semantic.confidence`` with the operating threshold."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    rows = [r for r in rows if not r.lexical]  # the stage only sees what the lexical model leaves
    x = np.asarray([r.features for r in rows], dtype=np.float64)
    y = np.asarray([r.label for r in rows])
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=REGULARISATION_C, max_iter=5000).fit(scaler.transform(x), y)
    p = model.predict_proba(scaler.transform(x))[:, 1]
    threshold = 0.5
    for group in sorted({r.group for r in rows}):
        negatives = np.sort(np.asarray([p[i] for i, r in enumerate(rows) if r.group == group and r.label == 0]))[::-1]
        allowed = int(MAX_FALSE_ACCEPT_BY_GROUP.get(group, MAX_FALSE_ACCEPT) * len(negatives))
        if len(negatives) > allowed:
            threshold = max(threshold, float(negatives[allowed]) + 1e-9)
    return {
        "features": list(FEATURES), "low": x.min(axis=0).tolist(), "high": x.max(axis=0).tolist(),
        "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
        "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0]), "threshold": threshold,
    }


def _decide(params: dict, rows: Sequence[Row]) -> list[bool]:
    """Cascade decisions: accepted by the lexical model, or else by this stage."""
    return [r.lexical or semantic.confidence(dict(zip(FEATURES, r.features, strict=True)), params) >= params["threshold"]
            for r in rows]


def held_out(rows: Sequence[Row], present_by_generator: dict[str, int]) -> list[dict]:
    """LLM copies held out by generator and by article folds: R@1 and wrong-when-withheld of the cascade.

    The cascade is what ``find_original`` does: the lexical decision, and this stage where it abstains.
    (A lexically accepted row counts as right when the re-ranked best is the original; they agree on
    all but a handful of copies.)
    """
    out = []
    llm = [r for r in rows if r.group == "llm"]

    def score(name: str, test: Sequence[Row], train: Sequence[Row], n_present: int) -> dict:
        accept = _decide(fit(train), test)
        right = sum(a and r.label == 1 for a, r in zip(accept, test, strict=True))
        absent = [a for a, r in zip(accept, test, strict=True) if not r.present]
        return {"held out": name, "R@1": right / max(1, n_present), "wrong (withheld)": sum(absent) / max(1, len(absent))}

    for gen in sorted(present_by_generator):
        test = [r for r in llm if r.generator == gen]
        out.append(score(f"generator {gen}", test, [r for r in rows if r.generator != gen], present_by_generator[gen]))
    articles = sorted({r.article for r in llm})
    fold = {a: i % FOLDS for i, a in enumerate(articles)}
    right = wrong = absent = 0
    for k in range(FOLDS):
        test = [r for r in llm if fold[r.article] == k]
        accept = _decide(fit([r for r in rows if not (r.group == "llm" and fold[r.article] == k)]), test)
        right += sum(a and r.label == 1 for a, r in zip(accept, test, strict=True))
        absent += sum(not r.present for r in test)
        wrong += sum(a and not r.present for a, r in zip(accept, test, strict=True))
    out.append({"held out": f"articles ({FOLDS} folds)", "R@1": right / max(1, sum(present_by_generator.values())),
                "wrong (withheld)": wrong / max(1, absent)})
    return out


def train_semantic(
    data: str | Path, distractors: str | Path, paraphrase: str | Path, workdir: str | Path, *,
    train_year: str = "2021", seed: int = 0, log: Callable[[str], None] = lambda m: None,
) -> dict:
    """Fit the vector stage's decision model; returns the JSON-ready dict (deterministic for a seed)."""
    rows = collect_rows(data, distractors, paraphrase, workdir, train_year=train_year, seed=seed, log=log)
    return model_json(rows, paraphrase, f"unspin train semantic --data {data} --distractors {distractors} --paraphrase {paraphrase}",
                      train_year, seed)


def model_json(rows: Sequence[Row], paraphrase: str | Path, command: str, train_year: str = "2021", seed: int = 0) -> dict:
    """Fit on ``rows`` and describe the fit (held-out figures included) as the JSON shipped in data/."""
    params = fit(rows)
    by_gen: dict[str, int] = {}
    for c in load_paraphrase_copies(paraphrase):
        by_gen[c.generator] = by_gen.get(c.generator, 0) + 1
    groups = sorted({r.group for r in rows})
    return {
        **{k: ([round(v, 6) for v in params[k]] if isinstance(params[k], list) and k != "features" else params[k])
           for k in params},
        "trained": {
            "command": command,
            "train_year": train_year, "seed": seed, "max_false_accept": MAX_FALSE_ACCEPT,
            "max_false_accept_by_group": MAX_FALSE_ACCEPT_BY_GROUP,
            "rows (lexical model abstains)": {g: sum(r.group == g and not r.lexical for r in rows) for g in groups},
            "positives": {g: sum(r.group == g and r.label and not r.lexical for r in rows) for g in groups},
            "held_out": [{k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()} for r in held_out(rows, by_gen)],
        },
    }

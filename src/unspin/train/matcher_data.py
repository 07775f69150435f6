"""Training examples for the matcher: data sets -> one feature row per (copy, archive), labelled and grouped.

A row describes a copy's best candidate (``match.find_original``'s features). Label 1 = that candidate
is the copy's original; a copy whose original is withheld from the archive gives a negative (the case
where unspin must abstain). Groups say where a row comes from, so the operating point can be held to
its false-accept bound in each kind of copy separately, and held-out evaluation can leave out one LLM
generator or one set of articles:

- ``wmt-full`` / ``wmt-partial``: WMT21 machine translations, whole and a contiguous ~30 %;
- ``llm``: real LLM paraphrases and rewrites (llm-paraphrase-dev), ``generator`` and ``article`` set;
- ``excerpt`` / ``spin`` / ``shuffle``: transformations of originals (``unspin.transform``);
- ``both-partial`` / ``writethru`` / ``llm-window`` / ``llm-sibling``: closer to crawled pages, where
  both sides can be excerpts carrying page furniture: a window of a spun copy against the first 40-70 %
  of its original (the full original excluded), another write-thru (new lead, one figure changed), a
  window of a real LLM copy against the head of its original, an LLM copy against another LLM copy of
  the same article (a farm network's siblings); each with noise lines (dates, bylines, captions, ratings);
- ``templates``: distinct Reuters articles checked against the archive without themselves (all
  negatives; the bench's own seeded sample is left out).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..archive import Archive
from ..datasets.paraphrase import canonical_ids, load_paraphrase_copies, load_paraphrase_originals
from ..datasets.transform import add_noise, excerpt, shuffle, spin, window, writethru
from ..datasets.wmt import BenchCopy, load_copies, load_distractors, load_originals, partial, withheld_ids
from ..match.find import FEATURES, Attribution, find_original
from ..records import Document
from ..settings import Settings

# How many WMT originals get generated copies (excerpt, spin, shuffle each): ~900 copies, a sixth of
# the real ones, so they shape the model without outweighing real data.
GENERATED_PER_SOURCE = 300
# A Reuters article whose best other article shares this much near-verbatim text (mean aligned-row
# similarity and term containment) is the story filed again (corrected, extended): the bench's
# "same story" cut is 0.9/0.9, but its rows at 0.8-0.9 are the same kind (a copy with a few words
# changed), and as negatives they drove the operating point to 0.99.
REUSE_ROW_SIMILARITY = 0.8
REUSE_CONTAINMENT = 0.9
# The page-like groups (both-partial, writethru, llm-window, llm-sibling) are off by default: measured
# (round 2), adding them lowered the farm dev set's recall at the operating point (0.26 -> 0.09-0.20)
# and the LLM R@1, because the shipped rule holds every group to 0.5 % false accepts and they raise
# the threshold; the farm's true sibling pairs and its same-event reports overlap in every lexical
# feature. Kept to reproduce that and to evaluate on (``collect_examples(..., page_like=True)``).
PAGE_LIKE = False
TEMPLATE_SAMPLE = 1000  # Reuters articles checked against the others (the templates bench samples 2,000 with seed 0)


@dataclass(frozen=True, slots=True)
class Example:
    """One feature row: the best candidate of a copy against an archive."""

    features: tuple[float, ...]
    label: int  # 1 = the best candidate is the copy's original
    present: bool  # the copy's original is in the archive (False: any accepted candidate is wrong)
    group: str
    generator: str = ""
    article: str = ""


@dataclass(frozen=True, slots=True)
class _Job:
    document: Document
    original_id: str  # "" for a distinct article (templates): nothing is its original
    group: str
    generator: str = ""
    exclude: frozenset[str] = frozenset()  # originals never proposed (the full text when its head is the original)
    article: str = ""  # the underlying original (withheld halves and article folds are drawn on it)

    @property
    def base(self) -> str:
        return self.article or self.original_id


def _examples(jobs: Sequence[_Job], archive: Archive, present: bool, settings: Settings,
              extra: frozenset[str] = frozenset(), on_row: Callable[[_Job, Attribution, Example], None] | None = None,
              ) -> list[Example]:
    """One row per job with a candidate; ``on_row`` sees each (job, attribution, row), e.g. to keep diagnostics."""
    out = []
    for job in jobs:
        exclude = job.exclude | (frozenset({job.document.id}) if job.group == "templates" else frozenset())
        att = find_original(job.document, archive, settings, exclude_ids=exclude)
        if att.best is None:
            continue
        f = att.features
        if job.group == "templates" and f["mean_row_similarity"] >= REUSE_ROW_SIMILARITY and f["containment"] >= REUSE_CONTAINMENT:
            continue  # the story filed again with most of its text reused: a copy, not a negative
        if att.best.id in extra and job.original_id and _reprints(att.best, archive.get(job.base) or archive.get(job.original_id)):
            continue  # an added news article that reprints the copy's original is its twin, not a negative
        label = int(present and att.best.id == job.original_id)
        out.append(Example(tuple(f[k] for k in FEATURES), label, present, job.group, job.generator, job.base))
        if on_row is not None:
            on_row(job, att, out[-1])
    return out


def _reprints(a: Document, b: Document | None) -> bool:
    from ..text.shingles import reprints

    return b is not None and reprints(a.text or " ".join(a.sentences), b.text or " ".join(b.sentences))


def _generated(sources: Sequence[Document], seed: int) -> list[_Job]:
    rng = random.Random(seed)
    jobs = []
    for doc in sources:
        if len(doc.sentences) < 3:
            continue
        jobs.append(_Job(excerpt(doc, rng.uniform(0.3, 0.6)), doc.id, "excerpt"))
        jobs.append(_Job(spin(doc, rng), doc.id, "spin"))
        jobs.append(_Job(shuffle(doc, rng), doc.id, "shuffle"))
    return jobs


def _head(doc: Document, rng: random.Random) -> Document:
    """The first 40-70 % of an original with page furniture, id suffixed "#head" (an excerpt in a crawl)."""
    head = window(doc, 0.0, rng.uniform(0.4, 0.7), "#head")
    return replace(add_noise(head, rng, 2), id=head.id)


def _page_like(sources: Sequence[Document], llm: Sequence, llm_originals: Sequence[Document], seed: int) -> tuple[list[Document], list[_Job]]:
    """(base original id, derived archive document: a head or an LLM sibling) pairs and the page-like jobs."""
    rng = random.Random(seed + 2)
    heads: dict[str, Document] = {}
    jobs = []
    for doc in sources:
        if len(doc.sentences) < 4:
            continue
        head = heads.setdefault(doc.id, _head(doc, rng))
        copy = window(spin(doc, rng, rng.uniform(0.0, 0.7)), rng.uniform(0.0, 0.2), rng.uniform(0.5, 0.9))
        jobs.append(_Job(add_noise(copy, rng), head.id, "both-partial", exclude=frozenset({doc.id}), article=doc.id))
        lead = rng.choice(sources).sentences[0]
        thru = add_noise(window(writethru(doc, rng, lead), 0.0, rng.uniform(0.5, 1.0)), rng)
        jobs.append(_Job(thru, doc.id, "writethru", exclude=frozenset({head.id}), article=doc.id))
    by_id = {d.id: d for d in llm_originals}
    for c in llm:
        doc = by_id.get(c.copy.original_id)
        if doc is None or len(doc.sentences) < 4 or len(c.copy.document.sentences) < 2:
            continue
        head = heads.setdefault(doc.id, _head(doc, rng))
        copy = add_noise(window(c.copy.document, 0.0, rng.uniform(0.5, 0.9)), rng)
        jobs.append(_Job(copy, head.id, "llm-window", c.generator, frozenset({doc.id}), doc.id))
    # Siblings, as in an LLM network: one LLM copy of an article (a window, with furniture) stands in the
    # archive for its original, and the other LLM copies of that article are checked against it.
    siblings: dict[str, Document] = {}
    for c in sorted(llm, key=lambda c: c.copy.document.id):
        doc = by_id.get(c.copy.original_id)
        if doc is None or len(c.copy.document.sentences) < 2:
            continue
        if doc.id not in siblings:
            sib = window(c.copy.document, 0.0, rng.uniform(0.6, 1.0), "#sib")
            siblings[doc.id] = replace(add_noise(sib, rng, 2), id=sib.id)
            continue
        copy = add_noise(window(c.copy.document, 0.0, rng.uniform(0.5, 1.0)), rng)
        jobs.append(_Job(copy, siblings[doc.id].id, "llm-sibling", c.generator, frozenset({doc.id}), doc.id))
    derived = [(k, h) for k, h in heads.items()] + [(k, d) for k, d in siblings.items()]
    return derived, jobs


def collect_examples(
    data: str | Path,
    distractors: str | Path,
    paraphrase: str | Path | None,
    workdir: str | Path,
    *,
    train_year: str = "2021",
    seed: int = 0,
    page_like: bool = PAGE_LIKE,
    log: Callable[[str], None] = lambda m: None,
    extra_news: Sequence[Document] = (),
) -> list[Example]:
    """Every training row (see the module docstring); deterministic for a given seed.

    ``extra_news``: more archived articles in both archives (never checked, never withheld): real news on the
    copies' topics, as a large archive holds them (``train.matcher``'s large model).
    """
    originals = load_originals(data)
    extra = load_distractors(distractors)
    wmt = [c for c in load_copies(data) if c.year == train_year]
    llm = load_paraphrase_copies(paraphrase) if paraphrase else []
    llm_originals = load_paraphrase_originals(paraphrase) if paraphrase else []
    rng = random.Random(seed)
    bench_sample = {d.id for d in random.Random(0).sample(extra, min(2000, len(extra)))}
    others = [d for d in extra if d.id not in bench_sample]
    # Generated copies come from WMT originals only: Reuters-21578 files stories twice under two ids,
    # so a spun Reuters article whose source is withheld still has a true twin (a false negative).
    wmt_sources = sorted((d for d in originals if d.id.startswith(f"wmt{train_year[-2:]}/")), key=lambda d: d.id)
    sources = rng.sample(wmt_sources, min(GENERATED_PER_SOURCE, len(wmt_sources)))
    templates = [_Job(d, "", "templates") for d in rng.sample(others, min(TEMPLATE_SAMPLE, len(others)))]
    jobs = [_Job(c.document, c.original_id, "wmt-full") for c in wmt]
    jobs += [_Job(partial(c, seed).document, c.original_id, "wmt-partial") for c in wmt]
    jobs += [_Job(c.copy.document, c.copy.original_id, "llm", c.generator) for c in llm]
    jobs += _generated(sources, seed)
    derived, page_jobs = _page_like(sources, llm, llm_originals, seed) if page_like else ([], [])
    jobs += page_jobs
    # A copy is never scored against a document derived from its own original (a head, a sibling) unless
    # that document is the job's original: it would be a true match labelled false.
    by_base: dict[str, set[str]] = {}
    for base, d in derived:
        by_base.setdefault(base, set()).add(d.id)
    jobs = [replace(j, exclude=j.exclude | frozenset(by_base.get(j.base, set()) - {j.original_id})) for j in jobs]
    # Withheld: a seeded half of the originals with copies, not the benches' half (seed 0).
    withheld = withheld_ids([BenchCopy(j.document, j.base, (), "", "") for j in jobs if j.original_id], seed + 1)
    settings = Settings()
    examples: list[Example] = []
    with Archive(Path(workdir) / "full.db") as full, Archive(Path(workdir) / "withheld.db") as part:
        log("indexing …")
        everything = originals + llm_originals + extra + list(extra_news)
        full.add(everything + [d for _, d in derived])
        canon = canonical_ids(llm_originals)
        part.add([d for d in everything if canon.get(d.id, d.id) not in withheld])
        part.add([d for base, d in derived if base not in withheld])
        log(f"{len(jobs) + len(templates)} checks against the full archive …")
        added = frozenset(d.id for d in extra_news)
        examples += _examples(jobs + templates, full, True, settings, added)
        absent = [j for j in jobs if j.original_id and j.base in withheld]
        log(f"{len(absent)} checks against the archive without their originals …")
        examples += _examples(absent, part, False, settings, added)
    # A templates row is a negative although "present" (its own id is excluded, nothing is its original).
    return [Example(e.features, e.label, e.present and e.group != "templates", e.group, e.generator, e.article) for e in examples]

"""The pipeline for one copy: (Document, Archive | None) -> Report; and for many, in input order.

Stages: residue -> provenance -> MT score -> find original + align -> quote/figure integrity -> name restoration. Only this
module knows the order; every stage takes and returns records. Without an archive the report holds
everything that needs none (residue, provenance, MT likelihood, lexicon-based name fixes).
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from .match.align import SentenceBags, align
from .archive.store import Archive
from .names.lexicon import Lexicon, default_lexicon
from .match.carriers import prefer_earliest
from .match.find import Attribution, carries_sentences, find_original, operating_point
from . import detect
from .detect import mt_score
from .integrity import check_integrity
from .match.kinds import describe
from .names.restore import apply_fixes, restore_names
from .traces.provenance import infer_provenance
from .multilingual import cross_language, identify, is_english
from .records import Abstention, Document, Report
from .traces.residue import find_residue, residue_sentence_indexes
from .settings import Settings


@dataclass(frozen=True, slots=True)
class Stages:
    """Which optional stages run (all by default)."""

    detect: bool = True
    restore: bool = True
    integrity: bool = True


def check(
    doc: Document,
    archive: Archive | None = None,
    settings: Settings | None = None,
    *,
    siblings: Sequence[Document] = (),
    lexicon: Lexicon | None = None,
    stages: Stages = Stages(),
    exclude_ids: frozenset[str] = frozenset(),
) -> Report:
    """Check one suspected copy.

    Args:
        doc: the suspected copy.
        archive: the archive of originals; without one, only archive-free evidence is reported.
        settings: pipeline settings.
        siblings: other copies of the same original (for name restoration when the original is missing).
        lexicon: a ``unspin.names.Lexicon`` (None = the bundled default: wordfreq's English list).
            Build one per process (``lexicon_for(archive)``) and pass it: building costs ~1 s.
        stages: switch optional stages off (e.g. for speed in a crawl scan).
        exclude_ids: archive entries never to name as the original (the copy's own entry, when the
            archive holds the copy itself).

    Examples:
        >>> r = check(Document("c", "Hegseth visited Tokyo.\\nSource link", ("Hegseth visited Tokyo.", "Source link")))
        >>> [x.kind for x in r.residue], r.match
        (['source-link'], None)
    """
    settings = settings or Settings()
    if not doc.sentences:
        errors = doc.errors or ("no text to check",)
        return Report(copy=doc, errors=tuple(errors))
    if doc.language is None:
        doc = replace(doc, language=identify(doc.text or " ".join(doc.sentences)))
    if archive is not None and not is_english(doc.language):  # another language: the cross-language stage
        cross = cross_language(doc, archive, exclude_ids)
        return Report(copy=doc, original=cross.original, match=cross.match, candidates=cross.candidates,
                      alignment=cross.alignment, residue=find_residue(doc), provenance=infer_provenance(doc),
                      mt=mt_score(doc) if stages.detect else None, errors=doc.errors,
                      abstention=cross.abstention, extra=cross.extra)
    residue = find_residue(doc)
    skip = residue_sentence_indexes(doc, residue)
    provenance = infer_provenance(doc)
    mt = mt_score(doc) if stages.detect else None
    attribution = None
    if archive is not None:
        attribution = find_original(doc, archive, settings, exclude_copy=skip, bags=SentenceBags.of(doc.sentences),
                                    exclude_ids=exclude_ids)
    match, original, alignment, carriers = (attribution.match, attribution.original, attribution.alignment, ()) \
        if attribution else (None, None, None, ())
    if match is not None and original is not None:  # one story carried by several archived outlets: name the first
        match, original, realigned, carriers = prefer_earliest(doc, match, original, archive, settings, skip)
        alignment = realigned or alignment
    report = Report(
        copy=doc,
        original=original,
        match=match,
        candidates=attribution.candidates if attribution else (),
        alignment=alignment,
        carriers=carriers,
        residue=residue,
        provenance=provenance,
        mt=mt,
        errors=doc.errors,
        abstention=abstention(attribution, settings) if attribution is not None else None,
        transformation=(describe(doc, attribution.original, attribution.alignment,
                                 mt.mt_probability if mt else None, detect.DEFAULT_THRESHOLD, score=mt)
                        if attribution is not None and attribution.original is not None else None),
    )
    if stages.integrity and report.original is not None and report.alignment is not None:
        report = replace(report, integrity=check_integrity(doc, report.original, report.alignment))
    if stages.restore:
        sibling_pairs = tuple((s, align(doc, s, settings, exclude_copy=skip)) for s in siblings)
        fixes = restore_names(
            doc,
            original=report.original,
            alignment=report.alignment,
            siblings=sibling_pairs,
            lexicon=lexicon if lexicon is not None else default_lexicon(),
            settings=settings,
        )
        report = replace(report, fixes=fixes, restored_text=apply_fixes(doc.text, fixes))
    return report


def abstention(attribution: Attribution, settings: Settings) -> Abstention | None:
    """Why ``find_original`` named no original (None when it named one): the user's first question.

    Examples:
        >>> abstention(Attribution(None, (), None, None, None, {}), Settings()).reasons
        ('no archived original shares the copy's rare terms (names, numbers, rare words)',)
    """
    if attribution.match is not None:
        return None
    if attribution.best is None:
        return Abstention(None, None, None, ("no archived original shares the copy's rare terms (names, numbers, rare words)",))
    f = attribution.features
    conf = f.get("confidence")
    threshold = f.get("operating_point", settings.min_confidence if settings.min_confidence is not None else operating_point())
    reasons: list[str] = []
    if conf is not None and conf < threshold:
        reasons.append(f"the best candidate's confidence {conf:.2f} is below the operating point {threshold:.2f}")
    agreement = f.get("number_agreement", 1.0)
    if agreement < settings.min_number_agreement:
        reasons.append(f"the best candidate lacks most of the copy's numbers (agreement {agreement:.2f} < "
                       f"{settings.min_number_agreement:.2f}): a template or follow-up story, not a copy")
    aligned = f.get("aligned_similarity")
    if aligned is not None and aligned < settings.min_aligned_similarity and not carries_sentences(f, settings):
        reasons.append(f"its aligned sentences carry too little of the copy (aligned similarity {aligned:.2f} < "
                       f"{settings.min_aligned_similarity:.2f}): same topic, no shared sentences")
    coverage = f.get("copy_coverage", f.get("aligned_share"))
    if coverage is not None and coverage < 0.5:
        reasons.append(f"only {coverage:.0%} of the copy's content is found in it")
    order = f.get("order_agreement")
    if order is not None and order < 0.3:
        reasons.append("the facts it shares come in another order (same story, other writing)")
    margin = f.get("margin")
    if margin is not None and margin < 0.05 and len(attribution.candidates) > 1:
        reasons.append(f"the runner-up ({attribution.candidates[1].id}) fits almost as well: nothing singles it out")
    return Abstention(attribution.best.id, conf, threshold, tuple(reasons) or ("below the operating point",))


def check_many(
    docs: Iterable[Document],
    archive: Archive | None = None,
    settings: Settings | None = None,
    *,
    stages: Stages = Stages(),
    lexicon: Lexicon | None = None,
) -> Iterator[Report]:
    """Check many copies, one Report each, in input order; a failing item becomes a Report with an error."""
    if stages.restore and lexicon is None:
        lexicon = lexicon_for(archive)
    for doc in docs:
        try:
            yield check(doc, archive, settings, stages=stages, lexicon=lexicon)
        except Exception as exc:  # one bad item must never stop a batch; the error travels in its report
            detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            yield Report(copy=doc, errors=(*doc.errors, f"internal error while checking: {detail}"))


def lexicon_for(archive: Archive | None) -> Lexicon:
    """The bundled lexicon plus the names learned from the archive's originals (if any)."""
    names = archive.learned_names() if archive is not None else None
    return Lexicon.default(names=names) if names else default_lexicon()


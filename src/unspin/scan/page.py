"""One page of a crawl: (Document, Archive) -> ScanResult; (Document, crawl Archive) -> page-to-page Links.

``scan_one`` checks a page against the archive of originals (``check.check``: residue, match,
align) and labels its transformation; ``link_one`` matches a page that has no archived original
against the crawl's own pages, excluding itself. Both engines (``scan.local``, ``unspin.spark``)
call these same functions.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..archive.store import Archive
from ..check import Stages, check
from .. import detect
from ..match.find import find_original
from ..match.kinds import LIGHT_SHARE, transformation
from ..records import Alignment, Document, Link, MTScore, ScanResult
from ..settings import Settings
from ..text.dates import parse_time

# A page-to-page link uses the same decision as ``check``: the matcher's calibrated confidence at its
# shipped operating point (``match.find.operating_point``), number check included. The matcher is
# fitted on MT copies, LLM paraphrases, excerpts, spins and shuffles against withheld originals and
# distinct Reuters articles (templates, follow-ups), so one operating point serves both. Until 0.2 the
# scan demanded 0.99 here, which kept purity on Reuters templates but left LLM paraphrases and
# excerpts of one article unlinked (recall 0.20 on real farm pages). ``Settings.min_confidence``, when
# set, applies to links too.
MAX_LINKS = 3


def mt_threshold() -> float:
    """The shipped MT detector's decision threshold."""
    return float(detect.DEFAULT_THRESHOLD)


def needs_mt(alignment: Alignment | None) -> bool:
    """Whether the MT score decides the page's kind (the detector costs as much as a match)."""
    if alignment is None:
        return False
    rows = [p for p in alignment.pairs if p.copy and p.original]
    total = sum(len(p.copy) for p in rows) or 1
    kept = sum(len(p.copy) for p in rows if p.kind in ("verbatim", "lightly-edited"))
    return kept / total < LIGHT_SHARE


# A page linked to nothing takes its transformation from the method verdict when that names a way of copying
# a source text; "llm-written" stays in ``method`` only (an LLM may have written the page from no source).
_KIND_OF_METHOD = {detect.MT: "machine-translated", detect.SPUN: "synonym-spun"}


def detector_fields(s: MTScore) -> dict[str, float | str | None]:
    """A page's MT, spin and LLM probabilities and method verdict (``detect.mt_score``), rounded for the tables.

    A page not in English gets no English-model probabilities (None) and the method "none".

    Examples:
        >>> f = detector_fields(detect.mt_score(Document("p", "", ("The Related Press mentioned the talks.",))))
        >>> sorted(f), f["method"] in ("synonym-spun", "machine-translated", "llm-written", "none")
        (['llm_probability', 'method', 'mt_probability', 'spin_probability'], True)
    """

    def rounded(p: float | None) -> float | None:
        return round(float(p), 4) if p is not None and s.scored else None

    return {"mt_probability": rounded(s.mt_probability), "spin_probability": rounded(s.spin_probability),
            "llm_probability": rounded(s.llm_probability), "method": s.method}


# -- per page ---------------------------------------------------------------------------------------
def domain_of(url: str | None) -> str | None:
    """Host of a URL, lowercased, without a leading "www." (None when there is no host).

    Examples:
        >>> domain_of("https://www.NYTimes.com/2025/03/30/world/x.html")
        'nytimes.com'
    """
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def lag_hours(copy_published: str | None, original_published: str | None) -> float | None:
    """Hours from the original's publication to the copy's, when both are known.

    Examples:
        >>> lag_hours("2025-03-31T06:00:00Z", "2025-03-30")
        30.0
    """
    a, b = parse_time(copy_published), parse_time(original_published)
    if a is None or b is None:
        return None
    return round((a - b).total_seconds() / 3600.0, 3)


def scan_one(
    doc: Document,
    archive: Archive | None,
    settings: Settings | None = None,
    *,
    file_index: int = 0,
    item_index: int = 0,
) -> ScanResult:
    """Scan one crawl page against the archive of originals.

    Args:
        doc: the page (from ``unspin.read``); a page that could not be read (errors, no sentences)
            becomes a skipped row carrying its error.
        archive: the archive of originals (None: only the page's own fields are filled).
        settings: pipeline settings (matching thresholds).
        file_index: which input file the page came from (for ordering outputs).
        item_index: which item of that file it is.

    Returns:
        The page's ScanResult without cluster fields (see ``assign_clusters``).

    Examples:
        >>> r = scan_one(Document("p1", "", url="https://www.farm.example/a"), None)
        >>> r.domain, r.skipped, r.error
        ('farm.example', True, 'no text to scan')
    """
    settings = settings or Settings()
    base = dict(
        page_id=doc.id, url=doc.url, domain=domain_of(doc.url), title=doc.title, published=doc.published,
        source=doc.source, original_id=None, confidence=None, similarity=None, publisher=None,
        transformation=None, mt_probability=None, original_reused=None, copy_added=None, lag_hours=None,
        sentences=len(doc.sentences), file_index=file_index, item_index=item_index,
    )
    notes = "; ".join(doc.errors) or None
    if not doc.sentences:
        return ScanResult(**base, error=notes or "no text to scan", skipped=True)
    # A page the archive holds itself (the same id or URL: the crawl was also indexed, or the
    # publisher's own page was crawled) is never its own original: that would put every such page
    # in a cluster of its own. It is matched against the rest, and its archive entry joins its cluster.
    own = frozenset(x for x in (doc.id, doc.url) if x)
    if archive is not None:
        base["archived_id"] = next((x for x in (doc.id, doc.url) if x and x in archive), None)
    report = check(doc, archive, settings, stages=Stages(detect=False, restore=False), exclude_ids=own)
    if report.match is None or report.original is None:
        # Linked to nothing (yet): the detector still says whether the page reads as MT, spun or LLM-written,
        # so a farm page is visible in pages.csv even when its original is nowhere.
        verdict = detector_fields(detect.mt_score(doc))
        base.update(verdict, transformation=_KIND_OF_METHOD.get(str(verdict["method"])))
        return ScanResult(**base, error=notes, skipped=False)
    if base.get("archived_id") and any(c.id == base["archived_id"] for c in report.carriers):
        # The page is itself an archived carrier of the story it matched (a licensed wire copy, grouped
        # when indexed: archive.carriers): it is not a copy, and its outlet is not blamed for one.
        base.update(transformation="carrier")
        return ScanResult(**base, error=notes, skipped=False)
    original = report.original
    score = detect.mt_score(doc) if needs_mt(report.alignment) else None
    verdict = detector_fields(score) if score is not None else {}
    mt = verdict.get("mt_probability")
    kind = transformation(doc, original, report.alignment, mt, mt_threshold(), score=score)
    base.update(
        verdict,
        original_id=report.match.original_id,
        confidence=round(report.match.confidence, 4),
        similarity=round(report.match.similarity, 4),
        publisher=domain_of(original.url),
        transformation=kind,
        original_reused=round(report.alignment.original_reused, 4) if report.alignment else None,
        copy_added=round(report.alignment.copy_added, 4) if report.alignment else None,
        lag_hours=lag_hours(doc.published, original.published),
        altered_quotes=report.integrity.altered_quotes if report.integrity else None,
        changed_numbers=report.integrity.changed_numbers if report.integrity else None,
    )
    return ScanResult(**base, error=notes, skipped=False, lag_basis="original" if base["lag_hours"] is not None else None)


def link_one(doc: Document, crawl: Archive, settings: Settings | None = None) -> tuple[Link, ...]:
    """Link a page that has no archive original to the crawl pages it most likely shares an original with.

    ``crawl`` is an Archive of the crawl's own pages; the page itself is excluded, so a match is a
    sibling (another copy of the same, possibly unarchived, original) or the original's own page.
    Same-story independent reporting abstains, as it does against the archive of originals. Up to
    ``MAX_LINKS`` siblings are linked, best first: with one link per page the copies of a document
    can split into separate pairs of mutual best matches.

    Returns:
        The Links, best first (empty when the page has no sibling in the crawl).
    """
    from ..traces.residue import find_residue, residue_sentence_indexes

    settings = settings or Settings()
    if not doc.sentences:
        return ()
    skip = residue_sentence_indexes(doc, find_residue(doc))
    links: list[Link] = []
    for _ in range(MAX_LINKS):
        att = find_original(doc, crawl, settings, exclude_copy=skip, exclude_ids=frozenset({doc.id}),
                            linked=frozenset(k.linked_id for k in links))
        if att.match is None or att.original is None:  # find_original applied the operating point
            break
        kind = mt = None
        if not links:  # the page's transformation is judged against its closest sibling
            score = detect.mt_score(doc) if needs_mt(att.alignment) else None
            mt = detector_fields(score)["mt_probability"] if score is not None else None
            kind = transformation(doc, att.original, att.alignment, mt, mt_threshold(), score=score)
        links.append(Link(doc.id, att.match.original_id, round(att.match.confidence, 4), kind, mt, len(links)))
    return tuple(links)

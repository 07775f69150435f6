"""Typed records passed between pipeline stages; the JSON shape (to_dict/from_dict) lives here only.

Every stage takes and returns these frozen dataclasses. Collections inside records are tuples so a
record is hashable and cannot be changed behind a stage's back. ``Report.to_dict`` is the versioned
JSON contract ``unspin.report/1`` that other tools read (documented in README.md).

Longer than 400 lines: every record that crosses a module boundary lives here with its JSON
contract, so the schemas are read in one place (LAYOUT: records are the vocabulary layer).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

SCHEMA = "unspin.report/1"
DETECT_SCHEMA = "unspin.detect/1"

Span = tuple[int, int]
"""Character offsets [start, end) into ``Document.text``."""

PairKind = Literal["verbatim", "lightly-edited", "rewritten", "reordered", "copy-only", "original-only"]
FixSource = Literal["original", "siblings", "lexicon"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article: an original in the archive or a (suspected) copy.

    ``sentences`` are the units every report refers to by 0-based index. ``errors`` holds
    per-item problems met while reading it (an unreadable item is a Document with no text and
    an error, so a batch never loses track of it).
    """

    id: str
    text: str
    sentences: tuple[str, ...] = ()
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as found
    image: str | None = None  # main image URL (HTML og:image etc.)
    source: str | None = None  # where it was read from: "path", "path#L12" (JSONL line), "path#offset=1234" (WARC)
    errors: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-1 code found by language identification (None: not identified)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "sentences": list(self.sentences),
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "image": self.image,
            "source": self.source,
            "errors": list(self.errors),
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            id=str(d["id"]),
            text=d.get("text") or "",
            sentences=tuple(d.get("sentences") or ()),
            url=d.get("url"),
            title=d.get("title"),
            published=d.get("published"),
            image=d.get("image"),
            source=d.get("source"),
            errors=tuple(d.get("errors") or ()),
            language=d.get("language"),
        )

    def with_errors(self, *messages: str) -> Document:
        return replace(self, errors=self.errors + tuple(messages))


@dataclass(frozen=True, slots=True)
class Residue:
    """Scraper/autoblog leftovers found in a copy ("Source link", a trailing image URL, ...)."""

    kind: str  # e.g. "source-link", "read-more", "appeared-first", "image-url", "share-buttons"
    text: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "span": list(self.span)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Residue:
        return cls(kind=d["kind"], text=d["text"], span=tuple(d["span"]))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Provenance:
    """What URLs left in a copy say about where it came from."""

    publisher: str | None
    date: str | None  # ISO date (YYYY-MM-DD) when the URL carries one
    slug_words: tuple[str, ...]
    evidence: tuple[str, ...]  # the URLs (or other strings) the hint rests on

    def to_dict(self) -> dict[str, Any]:
        return {
            "publisher": self.publisher,
            "date": self.date,
            "slug_words": list(self.slug_words),
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Provenance:
        return cls(
            publisher=d.get("publisher"),
            date=d.get("date"),
            slug_words=tuple(d.get("slug_words") or ()),
            evidence=tuple(d.get("evidence") or ()),
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    """An archive original retrieved as a possible original of a copy."""

    id: str
    similarity: float  # 0..1 rescored document similarity


@dataclass(frozen=True, slots=True)
class Carrier:
    """Another archived original that carries the same story as the named original (wire copies)."""

    id: str
    url: str | None
    published: str | None
    similarity: float  # 0..1 share of word 5-grams shared with its group (archive.carriers)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "published": self.published, "similarity": self.similarity}


@dataclass(frozen=True, slots=True)
class Match:
    """An accepted copy -> original pair."""

    copy_id: str
    original_id: str
    confidence: float  # calibrated probability that original_id is the copy's original
    similarity: float  # 0..1 document similarity after alignment
    method: Literal["lexical", "embedding"] = "lexical"


@dataclass(frozen=True, slots=True)
class SentencePair:
    """One row of a monotone sentence alignment; indexes are 0-based into each Document's sentences."""

    copy: tuple[int, ...]
    original: tuple[int, ...]
    similarity: float
    kind: PairKind

    def to_dict(self) -> dict[str, Any]:
        return {
            "copy": list(self.copy),
            "original": list(self.original),
            "similarity": round(self.similarity, 4),
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SentencePair:
        return cls(
            copy=tuple(d["copy"]), original=tuple(d["original"]), similarity=d["similarity"], kind=d["kind"]
        )


@dataclass(frozen=True, slots=True)
class Alignment:
    """Monotone sentence alignment of a copy with an original, plus coverage figures."""

    pairs: tuple[SentencePair, ...]
    original_reused: float  # share of the original's words that the copy reuses (aligned rows)
    copy_added: float  # share of the copy's words in copy-only rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": [p.to_dict() for p in self.pairs],
            "original_reused": round(self.original_reused, 4),
            "copy_added": round(self.copy_added, 4),
        }


@dataclass(frozen=True, slots=True)
class NameFix:
    """A mangled name or term in a copy and what it really said."""

    span: Span
    before: str
    after: str
    source: FixSource
    confidence: float
    evidence: str
    kind: Literal["name", "term"] = "name"  # "term": a quoted multi-word term the copy reworded

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": list(self.span),
            "before": self.before,
            "after": self.after,
            "source": self.source,
            "confidence": round(self.confidence, 4),
            "evidence": self.evidence,
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> NameFix:
        return cls(
            span=tuple(d["span"]),  # type: ignore[arg-type]
            before=d["before"],
            after=d["after"],
            source=d["source"],
            confidence=d["confidence"],
            evidence=d["evidence"],
            kind=d.get("kind", "name"),
        )


@dataclass(frozen=True, slots=True)
class MTEvidence:
    """A span of a copy that a reader can check as a sign of machine translation, spinning or LLM rewriting."""

    span: Span
    text: str
    reason: str
    kind: str = ""  # signature kind ("spinner", "spinner_collocation", "prompt_echo", "unknown_name", ...)
    method: str = ""  # the method it points to: "machine-translated" | "synonym-spun" | "llm-written"
    strong: bool = False  # a high-precision finding on its own (weak ones are shown only when a verdict agrees)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"span": list(self.span), "text": self.text, "reason": self.reason}
        if self.kind:
            out.update(kind=self.kind, method=self.method, strong=self.strong)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MTEvidence:
        return cls(span=tuple(d["span"]), text=d["text"], reason=d["reason"],  # type: ignore[arg-type]
                   kind=d.get("kind", ""), method=d.get("method", ""), strong=bool(d.get("strong", False)))


@dataclass(frozen=True, slots=True)
class MTScore:
    """How likely a text was machine-translated, synonym-spun or LLM-written, without its original.

    ``mt_probability`` keeps its name (``unspin.report/1`` and ``unspin.detect/1``); the spin and
    LLM probabilities and the ``method`` verdict were added by issue 12. A text not in English is
    not scored by the English models: its probabilities are 0.0 in Python and ``null`` in JSON,
    ``scored`` is False and ``note`` says why.
    """

    mt_probability: float  # calibrated 0..1, document level
    sentence_probabilities: tuple[float, ...]  # one per Document sentence
    evidence: tuple[MTEvidence, ...]
    spin_probability: float | None = None  # None: no spin model (an old detector file)
    llm_probability: float | None = None
    method: str = "none"  # "machine-translated" | "synonym-spun" | "llm-written" | "none"
    language: str = "en"  # ISO 639-1 code of the document's main language
    scored: bool = True  # False: not English, so no English-model score
    note: str = ""  # plain-language caveat (language, mixed-language pages)
    thresholds: dict[str, float] = field(default_factory=dict)  # method -> operating point

    def to_dict(self) -> dict[str, Any]:
        """The MT fields shared by ``unspin.report/1`` and ``unspin.detect/1``."""

        def prob(p: float | None) -> float | None:
            return round(p, 4) if self.scored and p is not None else None

        return {
            "mt_probability": prob(self.mt_probability),
            "mt_sentence_probabilities": [round(p, 4) for p in self.sentence_probabilities] if self.scored else [],
            "mt_evidence": [e.to_dict() for e in self.evidence],
            "spin_probability": prob(self.spin_probability),
            "llm_probability": prob(self.llm_probability),
            "method": self.method,
            "language": self.language,
            "detect_note": self.note,
        }


def detect_dict(doc: Document, mt: MTScore, threshold: float | None = None) -> dict[str, Any]:
    """The ``unspin.detect/1`` object (``unspin detect --format json``, ``POST /v1/detect``)."""
    out: dict[str, Any] = {
        "schema": DETECT_SCHEMA,
        "copy": {"id": doc.id, "url": doc.url, "title": doc.title, "source": doc.source, "sentences": list(doc.sentences)},
        **mt.to_dict(),
        "errors": list(doc.errors),
    }
    if threshold is not None:
        out["mt_threshold"] = round(threshold, 4)
        out["mt_likely"] = mt.scored and mt.mt_probability >= threshold
    if mt.thresholds:
        out["thresholds"] = {k: round(v, 4) for k, v in mt.thresholds.items()}
    return out


TRANSFORMATIONS = ("verbatim", "excerpt", "lightly-edited", "synonym-spun", "machine-translated", "llm-paraphrased",
                   "rewritten")


@dataclass(frozen=True, slots=True)
class Transformation:
    """What was done to the original to make the copy (one of TRANSFORMATIONS) and the evidence for it."""

    kind: str
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "evidence": list(self.evidence)}


@dataclass(frozen=True, slots=True)
class Abstention:
    """Why no original was named: the best candidate, its confidence against the operating point, what was missing."""

    best_id: str | None  # the best candidate (None when the archive offered none)
    confidence: float | None  # its calibrated confidence
    threshold: float | None  # the operating point it had to reach
    reasons: tuple[str, ...]  # plain-language reasons, most decisive first

    def to_dict(self) -> dict[str, Any]:
        return {
            "best_candidate": self.best_id,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "threshold": None if self.threshold is None else round(self.threshold, 4),
            "reasons": list(self.reasons),
        }


QuoteStatus = Literal["verbatim", "paraphrased", "altered", "unmatched"]
NumberStatus = Literal["same", "changed", "scale-changed", "unit-changed", "dropped", "added"]


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    """One direct quote of a copy against its counterpart in the original (``integrity.check_quotes``).

    ``changes`` name what drifted, most serious first: ``negation-dropped``/``-added``, ``quantifier-…``,
    ``intensifier-…``, ``qualifier-…``, ``name-replaced``, ``speaker-changed``; each with the words.
    ``diff`` is the word-level diff: ``(op, original words, copy words)`` for every non-equal run.
    """

    status: QuoteStatus
    copy_span: Span  # into the copy's text (first to last part, quote marks excluded)
    copy_text: str
    original_span: Span | None  # into the original's text
    original_text: str | None
    speaker: str | None  # as the copy attributes it ("Mr. Hegseth", "he", None)
    original_speaker: str | None
    changes: tuple[tuple[str, str], ...] = ()  # (kind, words), e.g. ("qualifier-dropped", "first")
    diff: tuple[tuple[str, str, str], ...] = ()
    similarity: float = 0.0  # word-level similarity of the two quotes, 0..1
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status, "copy_span": list(self.copy_span), "copy_text": self.copy_text,
            "original_span": list(self.original_span) if self.original_span else None,
            "original_text": self.original_text, "speaker": self.speaker, "original_speaker": self.original_speaker,
            "changes": [{"kind": k, "words": w} for k, w in self.changes],
            "diff": [{"op": op, "original": o, "copy": c} for op, o, c in self.diff],
            "similarity": round(self.similarity, 4), "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class NumberCheck:
    """One figure of a copy (or of its original, when dropped) against its counterpart (``integrity.check_numbers``)."""

    status: NumberStatus
    copy_span: Span | None  # into the copy's text (None when dropped)
    copy_text: str | None
    original_span: Span | None  # into the original's text (None when added)
    original_text: str | None
    copy_value: float | None
    original_value: float | None
    unit: str | None  # "USD", "%", "year", … when either side names one
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "copy_span": list(self.copy_span) if self.copy_span else None, "copy_text": self.copy_text,
            "original_span": list(self.original_span) if self.original_span else None,
            "original_text": self.original_text, "copy_value": self.copy_value,
            "original_value": self.original_value, "unit": self.unit, "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class Integrity:
    """What a copy's quotes and figures say that its original's did not (the report's ``integrity`` object)."""

    quotes: tuple[QuoteCheck, ...] = ()
    numbers: tuple[NumberCheck, ...] = ()

    @property
    def altered_quotes(self) -> int:
        return sum(q.status == "altered" for q in self.quotes)

    @property
    def changed_numbers(self) -> int:
        return sum(n.status in ("changed", "scale-changed", "unit-changed") for n in self.numbers)

    def to_dict(self) -> dict[str, Any]:
        return {
            "altered_quotes": self.altered_quotes, "changed_numbers": self.changed_numbers,
            "quotes": [q.to_dict() for q in self.quotes], "numbers": [n.to_dict() for n in self.numbers],
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Everything unspin says about one copy: the ``unspin.report/1`` JSON object."""

    copy: Document
    original: Document | None = None  # the matched original's record (None when abstaining)
    match: Match | None = None
    candidates: tuple[Candidate, ...] = ()
    alignment: Alignment | None = None
    residue: tuple[Residue, ...] = ()
    provenance: Provenance | None = None
    fixes: tuple[NameFix, ...] = ()
    restored_text: str | None = None
    mt: MTScore | None = None
    errors: tuple[str, ...] = ()
    abstention: Abstention | None = None  # why no original was named (None when one was, or without an archive)
    transformation: Transformation | None = None  # what was done to the original (None without a match)
    integrity: Integrity | None = None  # quote and figure drift against the original (None without one)
    carriers: tuple[Carrier, ...] = ()  # other archived carriers of the named original's story, earliest first
    extra: dict[str, Any] = field(default_factory=dict)  # stage-specific additions, kept out of the core schema

    def to_dict(self) -> dict[str, Any]:
        """The ``unspin.report/1`` JSON object (see README "Report schema")."""
        original: dict[str, Any] | None = None
        if self.match is not None:
            original = {
                "id": self.match.original_id,
                "confidence": round(self.match.confidence, 4),
                "similarity": round(self.match.similarity, 4),
            }
            if self.original is not None:
                original.update(
                    url=self.original.url,
                    title=self.original.title,
                    published=self.original.published,
                    sentences=list(self.original.sentences),
                )
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "copy": {
                "id": self.copy.id,
                "url": self.copy.url,
                "title": self.copy.title,
                "published": self.copy.published,
                "source": self.copy.source,
                "language": self.copy.language,
                "sentences": list(self.copy.sentences),
            },
            "original": original,
            "abstention": self.abstention.to_dict() if self.abstention else None,
            "transformation": self.transformation.to_dict() if self.transformation else None,
            "candidates": [{"id": c.id, "similarity": round(c.similarity, 4)} for c in self.candidates],
            "alignment": [p.to_dict() for p in self.alignment.pairs] if self.alignment else [],
            "coverage": (
                {
                    "original_reused": round(self.alignment.original_reused, 4),
                    "copy_added": round(self.alignment.copy_added, 4),
                }
                if self.alignment
                else None
            ),
            "residue": [r.to_dict() for r in self.residue],
            "provenance": self.provenance.to_dict() if self.provenance else None,
            "fixes": [f.to_dict() for f in self.fixes],
            "restored_text": self.restored_text,
            **(self.mt.to_dict() if self.mt else {"mt_probability": None, "mt_sentence_probabilities": [], "mt_evidence": []}),
            "integrity": self.integrity.to_dict() if self.integrity else None,
            "errors": list(self.errors),
            "carriers": [c.to_dict() for c in self.carriers],
        }
        out.update(self.extra)
        return out


def field_names(record: type) -> tuple[str, ...]:
    """Names of a record's fields (used by shells that build tables, e.g. Spark schemas)."""
    return tuple(f.name for f in fields(record))


# --------------------------------------------------------------------------------- crawl scans

@dataclass(frozen=True, slots=True)
class ScanResult:
    """One row of ``pages.parquet``: what the scan found for one input page.

    The first block is filled by ``scan_one`` (per page, independent of the rest of the crawl); the
    second by clustering, which needs the whole crawl.
    """

    page_id: str  # the input id (JSONL "id", WARC-Target-URI, file path)
    url: str | None
    domain: str | None  # host of the page's URL without "www."
    title: str | None
    published: str | None
    source: str | None  # where it was read from ("path#L3", "path#offset=123")
    original_id: str | None  # the archive original it was copied from (None: abstained or error)
    confidence: float | None  # calibrated probability that original_id is the page's original
    similarity: float | None  # document similarity to the original after alignment
    publisher: str | None  # domain of the original's URL (or of the earliest copy, see lag_basis)
    transformation: str | None  # a Transformation, None when nothing was copied or nothing known
    mt_probability: float | None  # MT/spinner likelihood (pages found to be copies, and pages linked to nothing)
    original_reused: float | None  # share of the original's words the page reuses
    copy_added: float | None  # share of the page's words not from the original
    lag_hours: float | None  # page published minus original (or earliest copy) published
    sentences: int
    error: str | None  # why the page was skipped, or notes met while reading it
    skipped: bool  # True when the page could not be read and was not scanned
    file_index: int = 0  # position in the input: which file ...
    item_index: int = 0  # ... and which item in it (the order of every output)
    archived_id: str | None = None  # the page itself is this archive entry (never its own original)
    # the detector's other two probabilities and its method verdict, where it ran (as mt_probability)
    spin_probability: float | None = None
    llm_probability: float | None = None
    method: str | None = None  # "machine-translated" | "synonym-spun" | "llm-written" | "none"; None: not run
    # -- filled by clustering -------------------------------------------------------------------
    cluster_id: str | None = None
    cluster_size: int | None = None
    linked_to: str | None = None  # the crawl page it was linked to when it has no archive original
    link_confidence: float | None = None  # the matcher's confidence ("text"), the pages' mutual coverage ("url-…")
    link_basis: str | None = None  # why it was linked: "text" | "url-id" | "url-slug" | "title" (see Link.basis)
    lag_basis: str | None = None  # "original" | "earliest-copy" | None
    altered_quotes: int | None = None  # quotes the page words differently in meaning (None: no original)
    changed_numbers: int | None = None  # figures the page changed (value, scale or unit)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ScanResult:
        return cls(**{f.name: d.get(f.name) for f in fields(cls) if f.name in d})


@dataclass(frozen=True, slots=True)
class Link:
    """A page with no archive original linked to its closest sibling page of the crawl."""

    page_id: str
    linked_id: str
    confidence: float
    transformation: str | None  # judged against the closest sibling (rank 0) only
    mt_probability: float | None
    rank: int = 0  # 0 = the page's closest sibling, 1 = the next, ...
    basis: str = "text"  # "text" (the matcher's decision) | "url-id" | "url-slug" | "title" (scan.shared_keys: a shared key, texts agree)


@dataclass(frozen=True, slots=True)
class ScanSummary:
    """What a ``scan`` call did and where it wrote it."""

    out_dir: Path
    pages: int
    scanned: int  # pages read and scanned (not skipped)
    errors: int  # pages skipped because they could not be read
    with_original: int
    linked: int  # pages without an archive original linked to a sibling
    clusters: int  # clusters of two or more pages
    singletons: int  # scanned pages that share an original with no other page (one-page clusters)
    resumed_chunks: int  # finished chunks found from an earlier, interrupted run
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {f.name: str(getattr(self, f.name)) if f.name == "out_dir" else getattr(self, f.name) for f in fields(self)}

"""Request and response shapes of the HTTP API: JSON bodies <-> pydantic models (the web edge only).

The report itself is built by the library (``Report.to_dict``); ``ReportOut`` only documents that
``unspin.report/1`` object in the OpenAPI schema, so clients and schemathesis can check responses.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..records import TRANSFORMATIONS

MAX_ID = 200
MAX_URL = 2048


def _exactly_one(obj: BaseModel, names: tuple[str, ...]) -> None:
    given = [n for n in names if getattr(obj, n) is not None]
    if len(given) != 1:
        raise ValueError(f"give exactly one of {', '.join(names)} (got {', '.join(given) or 'none'})")
    value = getattr(obj, given[0])
    if not value.strip():
        raise ValueError(f"{given[0]} is empty")


class CheckIn(BaseModel):
    """A copy to check: its text, its HTML, or a URL the service fetches."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "Defense Minister Higseth House concluded ...", "id": "seed"}]},
    )

    text: str | None = Field(None, description="Plain text of the copy.")
    html: str | None = Field(None, description="HTML of the copy's page; the main text is extracted.")
    url: str | None = Field(
        None, max_length=MAX_URL, description="http(s) URL the service fetches (public addresses only)."
    )
    id: str | None = Field(None, min_length=1, max_length=MAX_ID, description="Id echoed as copy.id in the report.")

    @model_validator(mode="after")
    def _one_input(self) -> CheckIn:
        _exactly_one(self, ("text", "html", "url"))
        return self


class OriginalIn(BaseModel):
    """One original for the archive, in the shape of a JSONL input line."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(..., min_length=1, max_length=MAX_ID)
    text: str | None = None
    html: str | None = None
    url: str | None = Field(None, max_length=MAX_URL)
    title: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=64)
    sentences: list[str] | None = None

    @model_validator(mode="after")
    def _one_input(self) -> OriginalIn:
        _exactly_one(self, ("text", "html"))
        return self


class OriginalsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    originals: list[OriginalIn] = Field(..., min_length=1, max_length=1000)


class AddOut(BaseModel):
    added: int
    skipped_existing_id: int = Field(..., description="Skipped: an original with this id is already there.")
    skipped_duplicate_content: int = Field(
        ..., description="Skipped: the same words are already there under another id."
    )
    errors: list[str] = Field(..., description="Originals not added, and why.")
    originals: int = Field(..., description="Originals in the archive after this add.")


class ErrorOut(BaseModel):
    code: str = Field(..., description="Stable, machine-readable error code.")
    message: str = Field(..., description="What went wrong and what to do next.")


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    archive: bool
    originals: int | None
    read_only: bool
    writes_enabled: bool
    mt_available: bool


class OriginalOut(BaseModel):
    id: str
    text: str
    sentences: list[str]
    url: str | None
    title: str | None
    published: str | None
    image: str | None
    source: str | None
    errors: list[str]


class _Open(BaseModel):
    """A JSON object the library builds (``to_dict``): its fields are declared; ones it adds later pass."""

    model_config = ConfigDict(extra="allow")


class _CopyInfo(_Open):
    id: str
    url: str | None
    title: str | None
    published: str | None
    source: str | None = Field(..., description="Where the copy was read from (a file, a JSONL line, a WARC offset).")
    language: str | None = Field(..., description="ISO 639-1 code of the copy's language; 'und' when too little text.")
    sentences: list[str] = Field(..., description="The copy's sentences; every index in the report refers to them.")


class _OriginalInfo(_Open):
    """The named original; its record fields are absent when the archive could not return it."""

    id: str
    confidence: float = Field(..., description="Calibrated probability (0..1) that this is the copy's original.")
    similarity: float = Field(..., description="Document similarity (0..1) after alignment.")
    url: str | None = None
    title: str | None = None
    published: str | None = None
    sentences: list[str] | None = Field(None, description="The original's sentences (alignment indexes refer to them).")


class _Ref(_Open):
    id: str
    similarity: float


class _Carrier(_Open):
    """Another archived original carrying the named original's story (a wire copy)."""

    id: str
    url: str | None
    published: str | None
    similarity: float = Field(..., description="Share (0..1) of word 5-grams shared with its group.")


class _Pair(_Open):
    copy_: list[int] = Field(..., alias="copy", description="0-based copy sentence indexes.")
    original: list[int] = Field(..., description="0-based original sentence indexes.")
    similarity: float
    kind: str = Field(
        ..., description="verbatim, lightly-edited, rewritten, reordered, copy-only or original-only."
    )


class _Coverage(_Open):
    original_reused: float = Field(..., description="Share of the original's words in aligned rows.")
    copy_added: float = Field(..., description="Share of the copy's words in copy-only rows.")


class _Residue(_Open):
    kind: str = Field(..., description="source-link, read-more, prompt-echo, ... (data/residue_patterns.json).")
    text: str
    span: list[int] = Field(..., description="[start, end) character offsets into the copy's text.")


class _Provenance(_Open):
    """Where URLs left in the copy say it came from."""

    publisher: str | None
    date: str | None = Field(..., description="ISO date (YYYY-MM-DD) when a URL carries one.")
    slug_words: list[str]
    evidence: list[str] = Field(..., description="The URLs (or other strings) the hint rests on.")


class _Fix(_Open):
    span: list[int]
    before: str
    after: str
    source: str = Field(..., description="original, siblings or lexicon.")
    confidence: float
    evidence: str
    kind: str = Field(..., description="name, or term (a quoted multi-word term the copy reworded).")


class _Evidence(_Open):
    span: list[int]
    text: str
    reason: str
    kind: str | None = Field(None, description="Signature kind (spinner, prompt_echo, unknown_name, ...).")
    method: str | None = Field(None, description="machine-translated, synonym-spun or llm-written.")
    strong: bool | None = Field(None, description="A high-precision finding on its own.")


class _Abstention(_Open):
    best_candidate: str | None
    confidence: float | None
    threshold: float | None
    reasons: list[str]


class _Transformation(_Open):
    kind: str = Field(..., description=", ".join(TRANSFORMATIONS) + ".")
    evidence: list[str] = Field(..., description="Plain-language lines the verdict rests on.")


class _Change(_Open):
    kind: str = Field(..., description="negation-, qualifier-, quantifier-, intensifier- + dropped/added, "
                                       "name-replaced, speaker-changed.")
    words: str


class _DiffRun(_Open):
    op: str = Field(..., description="replace, delete or insert: what the copy did to this run of words.")
    original: str
    copy_: str = Field(..., alias="copy")


class _QuoteCheck(_Open):
    """A direct quote of the copy against its counterpart in the original."""

    status: str = Field(..., description="verbatim, paraphrased, altered or unmatched.")
    copy_span: list[int]
    copy_text: str
    original_span: list[int] | None
    original_text: str | None
    speaker: str | None
    original_speaker: str | None
    changes: list[_Change] = Field(..., description="What drifted, most serious first.")
    diff: list[_DiffRun] = Field(..., description="Word-level diff: every non-equal run.")
    similarity: float
    evidence: str


class _NumberCheck(_Open):
    """A figure of the copy (or of the original, when dropped) against its counterpart."""

    status: str = Field(..., description="same, changed, scale-changed, unit-changed, added or dropped.")
    copy_span: list[int] | None
    copy_text: str | None
    original_span: list[int] | None
    original_text: str | None
    copy_value: float | None
    original_value: float | None
    unit: str | None = Field(..., description="USD, %, year, ... when either side names one.")
    evidence: str


class _Integrity(_Open):
    """What the copy's quotes and figures say that its original's did not."""

    altered_quotes: int
    changed_numbers: int
    quotes: list[_QuoteCheck]
    numbers: list[_NumberCheck]


class _Crosslingual(_Open):
    """How a copy not in English was attributed (or why it was not)."""

    language: str
    available: bool = Field(..., description="Whether the multilingual extra is installed.")
    note: str | None = None
    method: str | None = None
    features: dict[str, float] | None = Field(None, description="The attribution decision's features.")


class ReportOut(_Open):
    """The ``unspin.report/1`` object, as printed by ``unspin check --format json`` (README "Report schema")."""

    schema_: Literal["unspin.report/1"] = Field(..., alias="schema")
    copy_: _CopyInfo = Field(..., alias="copy")
    original: _OriginalInfo | None = Field(..., description="Null when unspin abstains.")
    abstention: _Abstention | None = Field(
        ..., description="Why no original was named; null when one was or no archive was given."
    )
    transformation: _Transformation | None = Field(
        ..., description="What was done to the original; null without a match."
    )
    candidates: list[_Ref] = Field(..., description="Top retrieved originals, best first.")
    carriers: list[_Carrier] = Field(
        ..., description="Other archived carriers of the named original's story, earliest first."
    )
    alignment: list[_Pair]
    coverage: _Coverage | None
    residue: list[_Residue] = Field(..., description="Scraper leftovers found in the copy.")
    provenance: _Provenance | None
    fixes: list[_Fix] = Field(..., description="Restored names and terms.")
    restored_text: str | None
    mt_probability: float | None = Field(
        ..., description="Machine-translation likelihood (0..1); null when not scored."
    )
    mt_sentence_probabilities: list[float]
    mt_evidence: list[_Evidence]
    spin_probability: float | None = Field(None, description="Synonym-spinning likelihood (0..1).")
    llm_probability: float | None = Field(None, description="LLM-rewriting likelihood (0..1).")
    method: str | None = Field(None, description="machine-translated, synonym-spun, llm-written or none.")
    language: str | None = Field(None, description="ISO 639-1 code of the language the detector found.")
    detect_note: str | None = Field(None, description="Plain-language caveat of the detector (language, mixed pages).")
    integrity: _Integrity | None = Field(..., description="Quote and figure drift; null without an original.")
    errors: list[str]
    crosslingual: _Crosslingual | None = Field(None, description="Present for copies not in English only.")


class DetectOut(_Open):
    """Machine-translation / spinning likelihood of a text, without its original."""

    schema_: Literal["unspin.detect/1"] = Field(..., alias="schema")
    copy_: dict[str, Any] = Field(..., alias="copy")
    mt_probability: float
    mt_sentence_probabilities: list[float]
    mt_evidence: list[_Evidence]
    mt_threshold: float | None = None
    mt_likely: bool | None = None
    errors: list[str] = []

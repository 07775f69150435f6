"""Request and response shapes of the HTTP API: JSON bodies <-> pydantic models (the web edge only).

The report itself is built by the library (``Report.to_dict``); ``ReportOut`` only documents that
``unspin.report/1`` object in the OpenAPI schema, so clients and schemathesis can check responses.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    model_config = ConfigDict(extra="allow")


class _Ref(_Open):
    id: str
    similarity: float


class _Pair(_Open):
    copy_: list[int] = Field(..., alias="copy")
    original: list[int]
    similarity: float
    kind: str


class _Residue(_Open):
    kind: str
    text: str
    span: list[int]


class _Fix(_Open):
    span: list[int]
    before: str
    after: str
    source: str
    confidence: float
    evidence: str


class _Evidence(_Open):
    span: list[int]
    text: str
    reason: str


class _Abstention(_Open):
    best_candidate: str | None
    confidence: float | None
    threshold: float | None
    reasons: list[str]


class ReportOut(_Open):
    """The ``unspin.report/1`` object, as printed by ``unspin check --format json``."""

    schema_: Literal["unspin.report/1"] = Field(..., alias="schema")
    copy_: dict[str, Any] = Field(..., alias="copy")
    original: dict[str, Any] | None
    abstention: _Abstention | None = None
    candidates: list[_Ref]
    alignment: list[_Pair]
    coverage: dict[str, float] | None
    residue: list[_Residue]
    provenance: dict[str, Any] | None
    fixes: list[_Fix]
    restored_text: str | None
    mt_probability: float | None
    mt_sentence_probabilities: list[float]
    mt_evidence: list[_Evidence]
    errors: list[str]


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

"""ReportOut declares every field of a real ``unspin.report/1`` answer, and /openapi.json documents them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel
from web_support import ROOT, SEED, client_for, originals

from unspin.archive.store import Archive
from unspin.ingest import from_record
from unspin.web import create_app
from unspin.web.models import ReportOut

pytestmark = pytest.mark.anyio

SEED_ORIGINAL = ROOT / "tests" / "data" / "integrity" / "seed_original.txt"


@pytest.fixture(scope="module")
def seed_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's original, a later carrier of the same story (a new headline on top) and the test originals."""
    text = SEED_ORIGINAL.read_text(encoding="utf-8")
    headline = "Hegseth reassures Japan on the alliance as his first Asia trip ends, our correspondent reports."
    records = [
        {"id": "seed-original", "url": "https://www.nytimes.com/2025/03/30/world/asia/hegseth-japan.html",
         "published": "2025-03-30T06:00:00", "title": "Hegseth in Tokyo", "text": text},
        {"id": "seed-carrier", "url": "https://carrier.example/2025/03/30/hegseth-japan",
         "published": "2025-03-30T12:00:00", "title": "Hegseth in Tokyo", "text": headline + "\n" + text},
    ]
    path = tmp_path_factory.mktemp("seed-archive") / "originals.db"
    with Archive(path) as archive:
        result = archive.add([from_record(r, source="test") for r in records] + originals())
    assert result.grouped >= 2, "the carrier is grouped with the seed's original"
    return path


def undeclared(model: BaseModel, data: dict, where: str = "report") -> list[str]:
    """Keys of ``data`` (the raw JSON) that ``model`` (validated from it) does not declare, nested models included."""
    declared = {field.alias or name: name for name, field in type(model).model_fields.items()}
    found = [f"{where}.{key}" for key in data if key not in declared]
    for key, name in declared.items():
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            found += undeclared(value, data[key], f"{where}.{key}")
        elif isinstance(value, list):
            found += [miss for i, (item, raw) in enumerate(zip(value, data[key], strict=True))
                      if isinstance(item, BaseModel) for miss in undeclared(item, raw, f"{where}.{key}[{i}]")]
    return found


async def test_a_report_with_an_original_has_no_undeclared_field(seed_archive):
    async with client_for(create_app(seed_archive)) as api:
        resp = await api.post("/v1/check", json={"text": SEED.read_text(encoding="utf-8"), "id": "seed"})
    assert resp.status_code == 200, resp.text
    data = resp.json()
    report = ReportOut.model_validate(data)
    # every nested object is there to check, not an empty list or a null
    assert report.original is not None and report.original.id == "seed-original"
    assert [c.id for c in report.carriers] == ["seed-carrier"]
    assert report.transformation is not None and report.integrity is not None
    assert report.integrity.quotes and report.integrity.numbers
    assert any(q.changes and q.diff for q in report.integrity.quotes)
    assert report.alignment and report.coverage and report.residue and report.provenance and report.fixes
    assert undeclared(report, data) == []


async def test_an_abstaining_report_has_no_undeclared_field(app):
    async with client_for(app) as api:
        resp = await api.post("/v1/check", json={"text": SEED.read_text(encoding="utf-8")})
    assert resp.status_code == 200, resp.text
    data = resp.json()
    report = ReportOut.model_validate(data)
    assert report.original is None and report.abstention is not None and report.abstention.reasons
    assert undeclared(report, data) == []


async def test_openapi_documents_every_report_field(app):
    async with client_for(app) as api:
        schema = (await api.get("/openapi.json")).json()
    check = schema["paths"]["/v1/check"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert check == {"$ref": "#/components/schemas/ReportOut"}
    defs = schema["components"]["schemas"]
    properties = defs["ReportOut"]["properties"]
    assert {"carriers", "integrity", "transformation", "abstention", "crosslingual"} <= set(properties)
    assert set(properties) == {field.alias or name for name, field in ReportOut.model_fields.items()}

    def target(prop: dict) -> dict:  # the object schema a (nullable) property or list refers to
        ref = next(s for s in prop.get("anyOf", [prop]) if s.get("type") != "null")
        ref = ref.get("items", ref)
        return defs[ref["$ref"].rsplit("/", 1)[-1]]

    assert set(target(properties["carriers"])["properties"]) == {"id", "url", "published", "similarity"}
    assert set(target(properties["transformation"])["properties"]) == {"kind", "evidence"}
    integrity = target(properties["integrity"])
    assert {"altered_quotes", "changed_numbers", "quotes", "numbers"} == set(integrity["properties"])
    assert {"changes", "diff", "speaker"} <= set(target(integrity["properties"]["quotes"])["properties"])
    assert {"copy_value", "unit"} <= set(target(integrity["properties"]["numbers"])["properties"])
    assert integrity["additionalProperties"] is True, "the library may add fields"

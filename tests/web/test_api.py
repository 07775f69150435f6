"""The HTTP API and the page in-process (httpx.ASGITransport over the real app and a real archive)."""

from __future__ import annotations

import asyncio
import json
import random
import re
from pathlib import Path

import httpx
import pytest
from web_support import HARBOR_COPY, ORIGINALS, SEED, TOKEN, article_html, http_server, originals, respond

from unspin.archive import Archive
from unspin.names import refresh_names
from unspin.web import ServiceLimits, create_app
from unspin.web.errors import ERROR_STATUS

from web_support import client_for  # noqa: E402

pytestmark = pytest.mark.anyio



@pytest.fixture
async def api(app):
    async with client_for(app) as c:
        yield c


def assert_error(resp: httpx.Response, status: int, code: str) -> None:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"code", "message"}, body
    assert body["code"] == code, body
    assert body["message"]


# --- health, schema ----------------------------------------------------------------------------------


async def test_health_says_what_the_server_can_do(api):
    resp = await api.get("/v1/health")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ok"
    assert body["archive"] is True and body["originals"] == len(ORIGINALS)
    assert body["read_only"] is True and body["writes_enabled"] is False


async def test_openapi_schema_and_docs_are_published(api):
    schema = (await api.get("/openapi.json")).json()
    assert {"/v1/check", "/v1/detect", "/v1/originals", "/v1/originals/{id}", "/v1/health"} <= set(schema["paths"])
    assert "bearer" in schema["components"]["securitySchemes"]
    report = schema["components"]["schemas"]["ReportOut"]
    assert {"schema", "copy", "original", "alignment", "residue", "provenance", "fixes"} <= set(report["properties"])
    assert (await api.get("/docs")).status_code == 200


# --- POST /v1/check ----------------------------------------------------------------------------------


async def test_check_text_finds_the_original(api):
    resp = await api.post("/v1/check", json={"text": HARBOR_COPY, "id": "harbor-copy"})
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert report["schema"] == "unspin.report/1"
    assert report["copy"]["id"] == "harbor-copy"
    assert report["original"]["id"] == "o-harbor"
    assert report["alignment"], "an original was named, so its rows are aligned"
    assert any(r["kind"] == "source-link" for r in report["residue"])


async def test_check_answers_what_the_cli_prints(api, archive_path, tmp_path):
    """POST /v1/check returns the same report object as `unspin check --format json` (same input and id)."""
    from typer.testing import CliRunner

    from unspin.cli import app as cli

    copy = tmp_path / "harbor.txt"
    copy.write_text(HARBOR_COPY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--archive", str(archive_path), str(copy), "--format", "json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    served = (await api.post("/v1/check", json={"text": HARBOR_COPY, "id": printed["copy"]["id"]})).json()
    # The CLI records which file the copy came from; the API has no file.
    printed["copy"].pop("source")
    served["copy"].pop("source")
    assert served == printed


async def test_check_html_extracts_the_article(api):
    html = article_html("Harbor bridge reopens", HARBOR_COPY.split("\n")[0]).decode()
    report = (await api.post("/v1/check", json={"html": html})).json()
    assert report["original"]["id"] == "o-harbor"
    assert not any("Home | World" in s for s in report["copy"]["sentences"]), "navigation is not article text"


async def test_check_url_fetches_the_page(archive_path):
    page = article_html("Harbor bridge reopens", HARBOR_COPY.split("\n")[0])
    with http_server({"/copy": respond(200, page)}) as base:
        app = create_app(archive_path, allow_private_fetch=True)  # the test server is on loopback
        async with client_for(app) as api:
            resp = await api.post("/v1/check", json={"url": f"{base}/copy"})
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert report["copy"]["id"] == f"{base}/copy" and report["copy"]["url"] == f"{base}/copy"
    assert report["original"]["id"] == "o-harbor"


async def test_check_without_archive_reports_what_needs_none():
    async with client_for(create_app(None)) as api:
        report = (await api.post("/v1/check", json={"text": SEED.read_text(encoding="utf-8")})).json()
    assert report["original"] is None and report["candidates"] == []
    assert "source-link" in [r["kind"] for r in report["residue"]]
    assert report["provenance"]["publisher"] and report["provenance"]["date"] == "2025-03-30"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": "a", "url": "https://example.com/"},
        {"text": "   "},
        {"text": "a", "colour": "red"},
        {"text": 12},
        {"text": "a", "id": ""},
        [1, 2],
    ],
    ids=["nothing", "two-inputs", "blank", "unknown-key", "not-a-string", "empty-id", "not-an-object"],
)
async def test_check_rejects_bad_bodies_with_validation_error(api, body):
    assert_error(await api.post("/v1/check", json=body), 422, "validation_error")


async def test_malformed_json_is_a_validation_error(api):
    resp = await api.post("/v1/check", content=b'{"text": ', headers={"content-type": "application/json"})
    assert_error(resp, 422, "validation_error")


async def test_body_size_is_limited_declared_or_streamed(archive_path):
    app = create_app(archive_path, limits=ServiceLimits(max_body_bytes=1000))
    async with client_for(app) as api:
        big = json.dumps({"text": "word " * 1000}).encode()
        assert_error(
            await api.post("/v1/check", content=big, headers={"content-type": "application/json"}),
            413,
            "body_too_large",
        )

        async def chunks():  # no Content-Length: the limit is counted while reading
            for _ in range(10):
                yield b" " * 500

        resp = await api.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
        assert_error(resp, 413, "body_too_large")


async def test_unknown_route_and_wrong_method_use_the_error_shape(api):
    assert_error(await api.get("/v2/everything"), 404, "not_found")
    assert_error(await api.put("/v1/check", json={"text": "a"}), 405, "method_not_allowed")


# --- POST /v1/detect ---------------------------------------------------------------------------------


async def test_detect_scores_machine_translation_or_says_it_cannot(api, app):
    resp = await api.post("/v1/detect", json={"text": SEED.read_text(encoding="utf-8")})
    if not app.state.service.mt_available:
        assert_error(resp, 501, "mt_unavailable")
        return
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["schema"] == "unspin.detect/1"
    assert 0.0 <= body["mt_probability"] <= 1.0
    assert len(body["mt_sentence_probabilities"]) == len(body["copy"]["sentences"])


# --- originals ---------------------------------------------------------------------------------------


async def test_get_original(api):
    resp = await api.get("/v1/originals/o-harbor")
    assert resp.status_code == 200
    doc = resp.json()
    assert doc["id"] == "o-harbor" and doc["title"] == ORIGINALS[0]["title"] and doc["sentences"]
    assert_error(await api.get("/v1/originals/no-such-id"), 404, "original_not_found")


async def test_writes_are_refused_unless_writable_with_a_token(api, tmp_path):
    body = {"originals": [{"id": "n1", "text": "A new original about the harbor ferry timetable."}]}
    assert_error(
        await api.post("/v1/originals", json=body, headers={"Authorization": f"Bearer {TOKEN}"}), 403, "read_only"
    )
    async with client_for(create_app(tmp_path / "a.db", read_only=False)) as writable_no_token:
        assert_error(await writable_no_token.post("/v1/originals", json=body), 403, "no_token_configured")
    async with client_for(create_app(tmp_path / "b.db", read_only=False, token=TOKEN)) as writable:
        resp = await writable.post("/v1/originals", json=body)
        assert_error(resp, 401, "unauthorized")
        assert resp.headers["www-authenticate"].startswith("Bearer")
        assert_error(
            await writable.post("/v1/originals", json=body, headers={"Authorization": "Bearer wrong"}),
            401,
            "unauthorized",
        )
        assert_error(
            await writable.post("/v1/originals", json=body, headers={"Authorization": TOKEN}), 401, "unauthorized"
        )


async def test_add_originals_then_check_against_them(tmp_path):
    app = create_app(tmp_path / "fresh.db", read_only=False, token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with client_for(app) as api:
        resp = await api.post("/v1/originals", json={"originals": ORIGINALS}, headers=auth)
        assert resp.status_code == 200, resp.text
        assert resp.json() == {
            "added": 2, "skipped_existing_id": 0, "skipped_duplicate_content": 0, "errors": [], "originals": 2
        }  # fmt: skip
        again = (await api.post("/v1/originals", json={"originals": ORIGINALS}, headers=auth)).json()
        assert again["added"] == 0 and again["skipped_existing_id"] == 2 and again["originals"] == 2
        report = (await api.post("/v1/check", json={"text": HARBOR_COPY})).json()
        assert report["original"]["id"] == "o-harbor"
        assert (await api.get("/v1/originals/o-orchard")).json()["published"] == "2025-04-03"


def _synthetic_originals(n: int, seed: int) -> list[dict[str, str]]:
    """Distinct short articles (distinct words, so the archive's content dedup keeps them all)."""
    rng = random.Random(seed)
    places = ["Arlow", "Brennick", "Cordale", "Dunmore", "Estwick", "Farrow", "Galloway", "Hartle"]
    things = ["library", "ferry", "stadium", "hospital", "market", "railway", "school", "museum"]
    out = []
    for i in range(n):
        place, thing = rng.choice(places), rng.choice(things)
        out.append({
            "id": f"syn-{seed}-{i}",
            "text": (
                f"The council of {place} approved a new {thing} budget of {rng.randint(2, 900)} million on day {i}. "
                f"Officials said work on the {thing} would start in week {rng.randint(1, 52)} of year {seed}. "
                f"Residents of {place} district {i} asked for {rng.randint(3, 99)} more public meetings."
            ),
        })  # fmt: skip
    return out


async def test_checks_run_while_originals_are_added_and_no_write_is_lost(tmp_path):
    """Concurrent adds (in several requests) and checks on one archive: every added original is there after."""
    path = tmp_path / "busy.db"
    with Archive(path) as archive:  # the real archive the server then opens
        archive.add([])
    app = create_app(path, read_only=False, token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    batches = [_synthetic_originals(5, seed) for seed in range(12)]
    async with client_for(app) as api:
        first = await api.post("/v1/originals", json={"originals": ORIGINALS}, headers=auth)
        assert first.status_code == 200

        async def add(batch):
            return await api.post("/v1/originals", json={"originals": batch}, headers=auth)

        async def check():
            return await api.post("/v1/check", json={"text": HARBOR_COPY})

        results = await asyncio.gather(*[add(b) for b in batches], *[check() for _ in range(12)])
        adds, checks = results[: len(batches)], results[len(batches) :]
        assert all(r.status_code == 200 for r in adds), [r.text for r in adds if r.status_code != 200]
        assert sum(r.json()["added"] for r in adds) == 5 * len(batches)
        assert all(r.status_code == 200 and r.json()["original"]["id"] == "o-harbor" for r in checks)
        health = (await api.get("/v1/health")).json()
        assert health["originals"] == len(ORIGINALS) + 5 * len(batches)
        for batch in batches:
            for original in batch:
                assert (await api.get(f"/v1/originals/{original['id']}")).status_code == 200
    with Archive(path, readonly=True) as archive:  # and on disk, for a later process
        assert len(archive) == len(ORIGINALS) + 5 * len(batches)


# --- the page ----------------------------------------------------------------------------------------


async def test_page_has_an_accessible_form(api):
    resp = await api.get("/")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    html = resp.text
    assert '<label for="input">' in html and 'id="input"' in html and 'name="input"' in html
    assert 'method="post"' in html and 'type="submit"' in html
    assert "<legend>" in html  # the input-kind radios are a labelled group
    assert 'class="skip"' in html
    assert "script-src 'self'" in resp.headers["content-security-policy"]


async def test_page_form_post_renders_the_report_without_javascript(api):
    resp = await api.post("/", data={"input": HARBOR_COPY, "kind": "auto"})
    assert resp.status_code == 200, resp.text
    html = resp.text
    assert "Original found" in html and "o-harbor" in html
    assert 'class="changed"' in html, "words the copy changed are highlighted"
    assert "Source link" in html and "source-link" in html
    keys = set(re.findall(r'href="/reports/([A-Za-z0-9_-]+)\.json"', html))
    assert len(keys) == 1
    (key,) = keys
    as_json = await api.get(f"/reports/{key}.json")
    assert as_json.status_code == 200 and "attachment" in as_json.headers["content-disposition"]
    served = (await api.post("/v1/check", json={"text": HARBOR_COPY, "id": "copy"})).json()
    assert as_json.json() == served
    as_html = await api.get(f"/reports/{key}.html")
    assert as_html.status_code == 200 and as_html.headers["content-type"].startswith("text/html")
    assert "sandbox" in as_html.headers["content-security-policy"]
    assert "o-harbor" in as_html.text
    assert "attachment" in (await api.get(f"/reports/{key}.html?download=true")).headers["content-disposition"]


async def test_page_shows_errors_inline(api):
    resp = await api.post("/", data={"input": "   ", "kind": "auto"})
    assert resp.status_code == 422 and 'role="alert"' in resp.text
    resp = await api.post("/", data={"input": "http://127.0.0.1:9/x", "kind": "auto"})
    assert resp.status_code == 403 and "fetch_refused_private_address" in resp.text
    assert "http://127.0.0.1:9/x</textarea>" in resp.text, "the input is kept for editing"
    assert_error(await api.get("/reports/not-a-key.json"), 404, "report_expired")


def test_every_error_code_has_a_4xx_or_5xx_status():
    assert all(400 <= status < 600 for status in ERROR_STATUS.values())
    assert len(ERROR_STATUS) == len(set(ERROR_STATUS))


def test_read_only_server_needs_an_existing_archive(tmp_path: Path):
    from unspin.errors import ArchiveError

    with pytest.raises(ArchiveError, match="does not exist"):
        create_app(tmp_path / "missing.db")


def test_service_checks_with_the_archives_learned_names_and_rebuilds_them_after_a_refresh(tmp_path):
    from unspin.web.service import Service

    path = tmp_path / "names.db"
    with Archive(path) as archive:
        archive.add(originals())
    service = Service(path)
    try:
        with service.reading() as archive:
            before = service.lexicon(archive)
            assert archive.names_stamp() is None and not archive.learned_names()
        with Archive(path) as archive:
            assert refresh_names(archive) > 0
            learned = archive.learned_names()
        with service.reading() as archive:
            after = service.lexicon(archive)
            assert after is not before and after is service.lexicon(archive)  # rebuilt once, then cached
        name = max(learned, key=lambda n: (learned[n], n))
        assert after.count(name) > 0 and before.count(name) == 0
    finally:
        service.close()

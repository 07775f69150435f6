"""End to end in a real browser: Debian chromium driven by playwright against a real `unspin serve`.

Never `playwright install` (it downloads a browser); the system chromium is used through
``executable_path``. Without /usr/bin/chromium these tests skip, except in CI (CI=true), where a
missing browser is a failure: `.ci/install-browser.sh` installs it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from web_support import HARBOR_COPY, ROOT, SEED, originals

from unspin.archive.store import Archive
from unspin.ingest import read
from unspin.records import Document
from unspin.bench.serve import free_port, start_server, stop_server

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
SAMPLE_ORIGINALS = ROOT / "tests" / "data" / "sample" / "originals.jsonl"
VIEWPORT = {"width": 1366, "height": 768}  # the smallest laptop screen the page is made for


def _need_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"{CHROMIUM} is missing in CI: run .ci/install-browser.sh (apt-get install chromium chromium-driver)"
        )
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium chromium-driver, or .ci/install-browser.sh)")


@contextmanager
def serving(tmp: Path, *batches: Iterable[Document]) -> Iterator[str]:
    """A real `unspin serve` on 127.0.0.1 over a new archive of ``batches`` (added in order); yields its URL."""
    archive = tmp / "served.db"
    with Archive(archive) as a:
        for docs in batches:
            a.add(docs)
    port = free_port()
    proc = start_server(["--archive", str(archive)], port, tmp / "server.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A real `unspin serve` over the sample archive (the one `unspin demo` builds) plus the test originals."""
    _need_browser()
    with serving(tmp_path_factory.mktemp("browser"), read(SAMPLE_ORIGINALS), originals()) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    p = context.new_page()
    dialogs: list[str] = []
    p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    p.dialogs = dialogs  # type: ignore[attr-defined]
    yield p
    context.close()


def test_paste_the_seed_and_read_the_report(page, server):
    page.goto(server + "/")
    page.get_by_label("Copy to check").fill(SEED.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("#result")

    residue = page.locator("section.residue")
    assert "Source link" in residue.inner_text()
    provenance = page.locator("section.provenance").inner_text()
    assert "2025-03-30" in provenance
    assert page.locator("table.rows tbody tr").count() >= 10, "one row per sentence of the seed"
    fixes = page.locator("td.copy .fix")
    # The seed's names are restored from the bundled lexicon ("Higseth" -> "Hegseth"), shown inline.
    assert fixes.count() >= 1, "at least one name fix inline (before struck through, after highlighted)"
    assert fixes.first.get_attribute("title"), "the fix's evidence is its tooltip"
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"], "no horizontal scrolling"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-seed-report.png"))
    page.screenshot(path=str(ARTIFACTS / "web-seed-report-full.png"), full_page=True)

    json_link = page.get_by_role("link", name="JSON report")
    with page.expect_download() as download:
        json_link.click()
    saved = ARTIFACTS / "web-seed-report.json"
    download.value.save_as(str(saved))
    assert json.loads(saved.read_text(encoding="utf-8"))["schema"] == "unspin.report/1"
    assert page.dialogs == []


def test_copy_beside_its_original_with_a_name_fix(page, server):
    page.goto(server + "/")
    page.fill("#input", HARBOR_COPY)
    page.click("#submit")
    page.wait_for_selector("#result")
    assert "Original found" in page.locator(".verdict").inner_text()
    assert page.locator("td.original").count() >= 5, "the original's sentences sit beside the copy's"
    fix = page.locator("td.copy .fix").first
    assert fix.locator("del").inner_text() == "Castelanos"
    assert fix.locator("ins").inner_text() == "Castellanos"
    assert "Castellanos" in (fix.get_attribute("title") or "")
    assert page.locator("td.copy .changed").count() >= 3
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-harbor-report.png"), full_page=True)


def test_keyboard_only(page, server):
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip", "the skip link comes first"
    page.keyboard.press("Enter")  # skip the header links, straight to the text box
    assert page.evaluate("document.activeElement.id") == "input"
    page.keyboard.insert_text(SEED.read_text(encoding="utf-8"))
    page.keyboard.press("Tab")  # the first "read it as" radio
    assert page.evaluate("document.activeElement.name") == "kind"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_selector("#result")
    assert page.evaluate("document.activeElement.id") == "result", "focus moves to the report"


def test_form_works_without_javascript(browser, server):
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    try:
        p = context.new_page()
        p.goto(server + "/")
        p.fill("#input", SEED.read_text(encoding="utf-8"))
        p.click("#submit")
        p.wait_for_selector("#result")
        assert "Source link" in p.locator("section.residue").inner_text()
    finally:
        context.close()


def test_payloads_do_not_run_in_the_browser(page, server):
    copy = (
        "The council met on Tuesday <script>window.__xss = 1</script> to vote on the plan.\n"
        'Protesters gathered outside <img src=x onerror="window.__xss = 2"> the town hall.\n'
        'The mayor said ""><svg onload="window.__xss = 3"> the vote will happen in June.\n'
        "Source link"
    )
    page.goto(server + "/")
    page.fill("#input", copy)
    page.check("input[name=kind][value=text]")
    page.click("#submit")
    page.wait_for_selector("#result")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert "<script>window.__xss = 1</script>" in page.locator("table.rows").inner_text(), "shown as text"
    report_url = page.get_by_role("link", name="open", exact=True).get_attribute("href")
    opened = page.goto(server + report_url)
    assert opened is not None and opened.ok, "the self-contained report itself loaded"
    assert "window.__xss" in page.content()
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.dialogs == []

"""In a real browser: the seed beside its (composed) original shows what the copy changed.

Debian chromium driven by playwright against a real `unspin serve` whose archive holds the seed's
original, composed in the NYT's style (tests/data/integrity/seed_original.txt; the NYT text is not in
our data). Skips without /usr/bin/chromium, except in CI.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_browser import ARGS, ARTIFACTS, CHROMIUM, VIEWPORT, _need_browser, serving
from web_support import ROOT, SEED

from unspin.ingest import read

pytestmark = pytest.mark.browser

SEED_ORIGINAL = ROOT / "tests" / "data" / "integrity" / "seed_original.txt"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    _need_browser()
    with serving(tmp_path_factory.mktemp("browser-drift"), read(SEED_ORIGINAL)) as url:
        yield url


def test_drifted_quote_beside_the_original_on_the_page_and_in_the_report(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(server + "/")
            page.fill("#input", SEED.read_text(encoding="utf-8"))
            page.click("#submit")
            page.wait_for_selector("#result")
            drift = page.locator("section.drift")
            assert drift.is_visible()
            assert "1 altered" in drift.inner_text()
            row = drift.locator("tr.drift-altered").first
            assert "America does not mean America alone" in row.locator("td.copy-quote").inner_text()
            original = row.locator("td.original-quote")
            assert "America first does not mean America alone" in original.inner_text()
            assert original.locator(".changed").first.inner_text() == "first", "the dropped word is highlighted"
            assert "qualifier dropped: first" in row.inner_text()
            fixes = page.locator("section.fixes").inner_text()
            assert "peace through strength" in fixes and "war-fighting headquarters" in fixes
            assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "web-seed-drift.png"), full_page=True)

            report_url = page.get_by_role("link", name="open", exact=True).get_attribute("href")
            page.goto(server + report_url)
            section = page.locator("section.drift")
            assert "What the copy changed" in section.inner_text()
            assert section.locator("tr.drift-altered mark.drift").first.inner_text() == "first"
        finally:
            browser.close()

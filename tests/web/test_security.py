"""Safety of the service: URL fetching refuses private targets (SSRF); untrusted text renders inert (XSS)."""

from __future__ import annotations

import html.parser
import re
import threading

import httpx
import pytest
from web_support import HARBOR_COPY, ORIGINALS, article_html, http_server, redirect, respond

from unspin.archive.store import Archive
from unspin.errors import FetchError
from unspin.web.fetch import address_refusal, fetch_url
from unspin.ingest import from_record, from_text
from unspin.web import ServiceLimits, create_app

from web_support import client_for  # noqa: E402

pytestmark = pytest.mark.anyio



def refused_code(url: str, **kwargs) -> str:
    with pytest.raises(FetchError) as info:
        fetch_url(url, **{"timeout": 5.0, **kwargs})
    return info.value.code


# --- SSRF ----------------------------------------------------------------------------------------------


def recording_server_routes(hits: list[str]) -> dict:
    def secret(h) -> None:
        hits.append(h.path)
        respond(200, b"<html><body><p>internal secret page</p></body></html>")(h)

    return {"/secret": secret}


async def test_api_refuses_loopback_and_metadata_urls(app):
    hits: list[str] = []
    with http_server(recording_server_routes(hits)) as base:
        async with client_for(app) as api:
            for url in (
                f"{base}/secret",
                "http://169.254.169.254/latest/meta-data/",
                "http://localhost:9/",
                "http://[::1]:9/",
            ):
                resp = await api.post("/v1/check", json={"url": url})
                assert resp.status_code == 403, (url, resp.text)
                assert resp.json()["code"] == "fetch_refused_private_address", url
    assert hits == [], "a refused URL is never connected to"


async def test_redirect_to_loopback_is_refused_even_from_an_allowed_origin(archive_path):
    """The first hop is allowed (operator allow-list), so the refusal really comes from the redirect check."""
    hits: list[str] = []
    with http_server(recording_server_routes(hits)) as inside:  # the "internal" target, never reachable
        page = article_html("Harbor bridge reopens", HARBOR_COPY.split("\n")[0])
        routes = {
            "/article": respond(200, page),
            "/to-loopback": redirect(f"{inside}/secret"),
            "/to-localhost": redirect(inside.replace("127.0.0.1", "localhost") + "/secret"),
            "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/iam/"),
            "/chain": redirect("/to-loopback", 301),  # same origin first (allowed), then out
        }
        with http_server(routes) as outside:
            origin = outside.removeprefix("http://")
            app = create_app(archive_path, limits=ServiceLimits(fetch_allow_origins=(origin,)))
            async with client_for(app) as api:
                ok = await api.post("/v1/check", json={"url": f"{outside}/article"})
                assert ok.status_code == 200, ok.text  # control: the allowed origin itself is fetched
                assert ok.json()["original"]["id"] == "o-harbor"
                for path in ("/to-loopback", "/to-localhost", "/to-metadata", "/chain"):
                    resp = await api.post("/v1/check", json={"url": f"{outside}{path}"})
                    assert resp.status_code == 403, (path, resp.text)
                    assert resp.json()["code"] == "fetch_refused_private_address", path
    assert hits == [], "the redirect target was never contacted"


def test_fetch_refuses_every_private_form_of_an_address():
    for url in (
        "http://127.0.0.1:9/",
        "http://127.1.2.3/",
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://0x7f000001/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/",
        "http://100.100.100.200/",  # Alibaba Cloud metadata (shared address space)
        "http://[fd00:ec2::254]/",  # AWS metadata over IPv6
        "http://224.0.0.1/",
        "http://localhost/",
    ):
        assert refused_code(url) == "fetch_refused_private_address", url


def test_address_refusal_reasons():
    from ipaddress import ip_address

    assert address_refusal(ip_address("169.254.169.254")) == "cloud metadata endpoint"
    assert address_refusal(ip_address("127.0.0.1")) == "loopback"
    assert address_refusal(ip_address("::ffff:10.1.2.3")) == "private"
    assert address_refusal(ip_address("2002:7f00:1::")) == "loopback"  # 6to4 wrapping 127.0.0.1
    assert address_refusal(ip_address("64:ff9b::a9fe:a9fe")) == "cloud metadata endpoint"  # NAT64 wrapping
    assert address_refusal(ip_address("8.8.8.8")) is None
    assert address_refusal(ip_address("2606:4700:4700::1111")) is None


def test_fetch_refuses_other_schemes():
    for url in (
        "file:///etc/passwd",
        "ftp://example.com/a",
        "gopher://127.0.0.1:70/",
        "javascript:alert(1)",
        "example.com/a",
    ):
        assert refused_code(url) == "fetch_bad_scheme", url


async def test_allow_private_fetch_is_the_operators_choice(archive_path):
    page = article_html("Harbor bridge reopens", HARBOR_COPY.split("\n")[0])
    with http_server({"/copy": respond(200, page)}) as base:
        async with client_for(create_app(archive_path)) as strict:
            assert (await strict.post("/v1/check", json={"url": f"{base}/copy"})).status_code == 403
        async with client_for(create_app(archive_path, allow_private_fetch=True)) as lax:
            assert (await lax.post("/v1/check", json={"url": f"{base}/copy"})).status_code == 200


# --- XSS -----------------------------------------------------------------------------------------------

PAYLOADS = (
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 2">',
    '"><svg onload="window.__xss = 3">',
    "</textarea><script>window.__xss = 4</script>",
    '<a href="javascript:window.__xss = 5">click</a>',
)
XSS_ORIGINAL = {
    "id": 'o-xss"><script>window.__xss=6</script>',
    "url": "javascript:window.__xss = 7",
    "title": "<script>window.__xss = 8</script>Council vote <b>delayed</b>",
    "published": "2025-05-01",
    # sentences given, so the payloads stay exactly as written (no HTML extraction on plain text)
    "sentences": [
        "The Westbury council delayed its vote on the riverside housing plan until June.",
        f"Protesters held signs reading {PAYLOADS[0]} outside the town hall on Tuesday.",
        f"Councillor Miriam Okonkwo said the plan {PAYLOADS[1]} needed 300 more affordable homes.",
        f"The developer, Castlegate Homes, called the delay {PAYLOADS[2]} disappointing.",
        "A public consultation on the revised plan opens on the first of June.",
    ],
}
XSS_COPY = (
    "The Westbury council postponed its vote on the riverside housing plan until June. "
    f"Protesters held signs reading {PAYLOADS[0]} outside the town hall on Tuesday. "
    f"Councillor Miriam Okonkwa said the plan {PAYLOADS[1]} needed 300 more affordable homes. "
    f"The developer, Castlegate Homes, called the delay {PAYLOADS[2]} disappointing {PAYLOADS[3]}. "
    f"A public consultation on the revised plan opens on the first of June {PAYLOADS[4]}.\n"
    f"Source link {PAYLOADS[0]}"
)


class _Elements(html.parser.HTMLParser):
    """Every element and attribute the browser would build from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def assert_inert(page: str, *, allowed_scripts: set[str]) -> None:
    """No payload became markup: no foreign script, no event handler, no javascript: URL, no svg/img."""
    parser = _Elements()
    parser.feed(page)
    scripts = [attrs.get("src") for tag, attrs in parser.tags if tag == "script"]
    assert set(scripts) <= allowed_scripts, scripts
    assert not "".join(parser.script_text).strip(), "no inline script"
    for tag, attrs in parser.tags:
        assert tag not in ("img", "svg", "iframe", "object", "embed"), (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
    assert "window.__xss" in page, "the payload text is shown (escaped), not dropped"


@pytest.fixture(scope="module")
def xss_archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("xss") / "xss.db"
    with Archive(path) as archive:
        result = archive.add([from_record(XSS_ORIGINAL, source="test"), *(from_record(o) for o in ORIGINALS)])
    assert result.added == 1 + len(ORIGINALS), result
    return path


async def test_payloads_in_copy_and_original_render_inert_in_the_page(xss_archive):
    async with client_for(create_app(xss_archive)) as api:
        resp = await api.post("/", data={"input": XSS_COPY, "kind": "text"})
        assert resp.status_code == 200, resp.text
        page = resp.text
        assert "Original found" in page, "the original (with its payloads) is shown beside the copy"
        assert_inert(page, allowed_scripts={"/static/unspin.js"})
        assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in page
        key = re.search(r'href="/reports/([A-Za-z0-9_-]+)\.html', page).group(1)
        report = await api.get(f"/reports/{key}.html")
        assert report.status_code == 200
        assert_inert(report.text, allowed_scripts=set())
        assert "sandbox" in report.headers["content-security-policy"]


def test_payloads_render_inert_in_the_self_contained_report(xss_archive):
    from unspin.check import check
    from unspin.report.render import render_html

    with Archive(xss_archive, readonly=True) as archive:
        report = check(from_text(XSS_COPY, "copy-<script>window.__xss=9</script>"), archive)
    assert report.original is not None
    assert_inert(render_html(report), allowed_scripts=set())


async def test_json_api_returns_payloads_as_data(xss_archive):
    async with client_for(create_app(xss_archive)) as api:
        resp = await api.post("/v1/check", json={"text": XSS_COPY})
    assert resp.headers["content-type"].startswith("application/json")
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert PAYLOADS[0] in " ".join(resp.json()["copy"]["sentences"])


# --- fetch limits (they protect the service, not a third party) ------------------------------------------


def test_fetch_limits_size_time_and_content(tmp_path):
    stop = threading.Event()

    def drip(h) -> None:  # headers at once, then a byte now and then: never trips a per-read timeout
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        try:
            while not stop.wait(0.05):
                h.wfile.write(b"x")
                h.wfile.flush()
        except OSError:
            pass

    def stall(h) -> None:  # accepts the connection, never answers
        stop.wait(30)

    big = b"<html><body>" + b"<p>word</p>" * 50_000 + b"</body></html>"
    routes = {
        "/big": respond(200, big),
        "/drip": drip,
        "/stall": stall,
        "/image": respond(200, b"\x89PNG....", content_type="image/png"),
        "/gone": respond(404, b"not here"),
        "/loop": redirect("/loop"),
    }
    try:
        with http_server(routes) as base:
            assert refused_code(f"{base}/big", allow_private=True, max_bytes=100_000) == "fetch_too_large"
            assert refused_code(f"{base}/drip", allow_private=True, timeout=0.5) == "fetch_timeout"
            assert refused_code(f"{base}/stall", allow_private=True, timeout=0.5) == "fetch_timeout"
            assert refused_code(f"{base}/image", allow_private=True) == "fetch_unsupported_content"
            assert refused_code(f"{base}/gone", allow_private=True) == "fetch_http_status"
            assert refused_code(f"{base}/loop", allow_private=True) == "fetch_too_many_redirects"
            assert refused_code("http://does-not-exist.invalid/", allow_private=True) == "fetch_failed"
            page = fetch_url(f"{base}/big", allow_private=True)
            assert page.is_html and page.status == 200 and page.address == "127.0.0.1"
    finally:
        stop.set()

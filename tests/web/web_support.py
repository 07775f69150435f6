"""Test data and helpers for the service tests: small originals, a spun copy, local HTTP servers."""

from __future__ import annotations

import contextlib
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from unspin.ingest import from_record

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed.txt"
TOKEN = "test-token-0123456789"

# Small originals written for these tests (public domain). o-harbor has a spun copy below.
ORIGINALS = [
    {
        "id": "o-harbor",
        "url": "https://news.example/2025/04/02/harbor-bridge",
        "title": "Harbor bridge reopens after repairs",
        "published": "2025-04-02",
        "text": (
            "The Harbor Bridge in Portsmouth reopened to traffic on Wednesday after eight months of repairs. "
            "Mayor Elena Castellanos said the $42 million project finished two weeks ahead of schedule. "
            "Engineers replaced 1,200 steel cables and repaved the main deck. "
            "Commuters had faced detours of up to forty minutes while the bridge was closed. "
            "The city plans a public walk across the bridge on Saturday morning."
        ),
    },
    {
        "id": "o-orchard",
        "url": "https://news.example/2025/04/03/orchard-frost",
        "title": "Late frost damages apple orchards",
        "published": "2025-04-03",
        "text": (
            "A late frost damaged apple orchards across the Valdoria valley on Monday night. "
            "Farmer Tomasz Wieczorek said he lost nearly half of his early blossoms. "
            "Growers lit smudge pots and ran wind machines to keep the air moving. "
            "The regional agriculture office will survey the damage next week. "
            "Apple prices could rise in the autumn if the losses are confirmed."
        ),
    },
]
# A spun copy of o-harbor (synonyms swapped, a name mangled, scraper residue at the end).
HARBOR_COPY = (
    "The Harbor Bridge in Portsmouth reopened to visitors on Wednesday after eight months of restorations. "
    "Mayor Elena Castelanos stated the $42 million venture completed two weeks ahead of timetable. "
    "Engineers changed 1,200 steel cables and repaved the principal deck. "
    "Commuters had confronted detours of as much as forty minutes whereas the bridge was shut. "
    "The city plans a public stroll across the bridge on Saturday morning.\n"
    "Source link"
)


def originals() -> list:
    return [from_record(r, source="test") for r in ORIGINALS]


Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@contextlib.contextmanager
def http_server(routes: dict[str, Handler]) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving ``routes`` (path -> handler); yields its base URL."""

    class _Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            handler = routes.get(self.path.split("?")[0])
            if handler is None:
                self.send_error(404)
                return
            handler(self)

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def respond(
    status: int,
    body: bytes = b"",
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Handler:
    def handler(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    return handler


def redirect(location: str, status: int = 302) -> Handler:
    return respond(status, b"", headers={"Location": location})


def article_html(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in re.split(r"(?<=[.!?]) ", text) if p)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><nav>Home | World</nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Copyright</footer></body></html>"
    ).encode()


def client_for(app):  # noqa: ANN001, ANN201 - an ASGI app -> httpx.AsyncClient
    """An in-process HTTP client for the app (httpx's ASGI transport, no server)."""
    import httpx

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://unspin.test")

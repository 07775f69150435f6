"""Fetch a URL for checking: (url) -> FetchedPage, refusing private addresses, oversize bodies and slow servers.

Needs httpx (the ``serve`` extra); only the web service imports this module.

The service fetches URLs that strangers type in, so this module is its SSRF guard:

* only ``http``/``https``; at most ``max_redirects`` hops, followed by hand so every hop is checked again;
* the host of every connection is resolved here, **all** of its addresses must be public (not loopback,
  private, link-local, multicast, reserved, unspecified, shared/CGNAT or a cloud metadata endpoint), and
  the socket is then opened to one of exactly those checked addresses. Connecting to the address we
  checked (instead of handing the hostname to a library that resolves it again) closes the DNS-rebinding
  window between check and connect; TLS still verifies the certificate against the hostname, because
  httpcore passes the original host as the SNI/verification name;
* the body is streamed and counted after decompression (a gzip bomb stops at ``max_bytes``), and one
  deadline covers DNS, connect, every hop and every read.

Refusals and failures raise :class:`unspin.errors.FetchError` whose ``code`` is one of ``FETCH_CODES``.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx

from ..errors import FetchError

DEFAULT_MAX_BYTES = 5_000_000  # a long news page with inline markup is well under 2 MB
DEFAULT_TIMEOUT = 10.0  # seconds for the whole fetch, all hops included
DEFAULT_MAX_REDIRECTS = 5
USER_AGENT = "unspin-fetch/0.1 (+https://github.com/unspin/unspin)"

FETCH_CODES = (
    "fetch_bad_scheme",  # not http/https
    "fetch_bad_url",  # unparseable, no host
    "fetch_refused_private_address",  # host resolves to a non-public address (or one of several does)
    "fetch_too_large",  # body over max_bytes (declared or counted)
    "fetch_timeout",  # the deadline passed (DNS, connect or read)
    "fetch_too_many_redirects",
    "fetch_http_status",  # the server answered 4xx/5xx
    "fetch_unsupported_content",  # not text or HTML (an image, a PDF, ...)
    "fetch_failed",  # DNS failure, connection refused, TLS error, protocol error
)

# Cloud metadata endpoints, named so the message can say why. Most are link-local or private anyway and
# would be refused by the generic rule; listing them keeps the refusal explicit if that rule changes.
_METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack, DigitalOcean
    ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
    ipaddress.ip_address("fd00:ec2::254"),  # AWS IMDS over IPv6
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
}
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """What a fetch returned: the final URL after redirects and the decoded body."""

    url: str  # final URL, after redirects
    status: int
    content_type: str  # media type without parameters, lower case ("" when the server sent none)
    text: str
    address: str  # the IP address the body came from
    redirects: tuple[str, ...] = ()  # URLs that answered with a redirect, in order

    @property
    def is_html(self) -> bool:
        if self.content_type:
            return "html" in self.content_type
        return self.text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))


def _fail(code: str, message: str) -> FetchError:
    # FetchError's class-level code is generic; the instance carries the specific, stable one.
    err = FetchError(message)
    err.code = code
    return err


def address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` must not be fetched from, or None when it is a public unicast address.

    Examples:
        >>> address_refusal(ipaddress.ip_address("127.0.0.1"))
        'loopback'
        >>> address_refusal(ipaddress.ip_address("93.184.215.14")) is None
        True
    """
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and 64:ff9b::/96 (NAT64) or 2002::/16 (6to4) can smuggle an IPv4 target.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in ipaddress.ip_network("64:ff9b::/96"):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            reason = address_refusal(embedded)
            if reason:
                return reason
    if ip in _METADATA_ADDRESSES:
        return "cloud metadata endpoint"
    for reason, flag in (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return reason
    if not ip.is_global:  # shared address space 100.64/10, benchmarking, documentation ranges, ...
        return "not globally routable"
    return None


def _resolve(host: str, port: int, deadline: float) -> list[str]:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _fail("fetch_timeout", f"timed out before resolving {host}")
    # getaddrinfo cannot be interrupted: it runs in a worker thread that we stop waiting for at the
    # deadline (the thread ends on its own when the resolver gives up).
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unspin-dns")
    try:
        infos = pool.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM).result(timeout=remaining)
    except FutureTimeout:
        raise _fail("fetch_timeout", f"resolving {host} took too long") from None
    except (socket.gaierror, UnicodeError) as exc:
        raise _fail("fetch_failed", f"cannot resolve host {host}: {exc}") from exc
    finally:
        pool.shutdown(wait=False)
    # Keep order (the resolver's preference) but drop duplicates.
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


class _GuardedBackend(httpcore.SyncBackend):
    """A network backend that resolves, checks and then connects to exactly the checked addresses.

    httpcore calls ``connect_tcp`` for every new connection, so every redirect hop to a new origin
    is checked here; a kept-alive connection is only reused for the same origin, already checked.
    """

    def __init__(self, *, allow_private: bool, allow_origins: Collection[str], deadline: float) -> None:
        self.allow_private = allow_private
        self.allow_origins = frozenset(o.lower() for o in allow_origins)
        self.deadline = deadline
        self.last_address = ""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port, self.deadline)
        exempt = self.allow_private or f"{host}:{port}".lower() in self.allow_origins
        if not exempt:
            for addr in addresses:
                reason = address_refusal(ipaddress.ip_address(addr))
                if reason:
                    raise _fail(
                        "fetch_refused_private_address",
                        f"refused to fetch from {host}: it resolves to {addr} ({reason}); "
                        "the operator can allow private addresses with --allow-private-fetch",
                    )
        last_error: Exception | None = None
        for addr in addresses:
            try:
                stream = super().connect_tcp(addr, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last_error = exc
                continue
            self.last_address = addr
            return stream
        raise last_error or httpcore.ConnectError(f"no address for {host}")


class _GuardedTransport(httpx.BaseTransport):
    """httpx transport over an httpcore pool that uses the guarded backend (no proxies, no env)."""

    def __init__(self, backend: _GuardedBackend) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=backend, max_connections=4
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        req = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,  # type: ignore[arg-type]
            extensions=request.extensions,
        )
        resp = self._pool.handle_request(req)
        return httpx.Response(
            status_code=resp.status,
            headers=resp.headers,
            stream=_Stream(resp),
            extensions=resp.extensions,
        )

    def close(self) -> None:
        self._pool.close()


class _Stream(httpx.SyncByteStream):
    def __init__(self, resp: httpcore.Response) -> None:
        self._resp = resp

    def __iter__(self):  # type: ignore[override]
        yield from self._resp.iter_stream()

    def close(self) -> None:
        self._resp.close()


def _check_url(url: str) -> httpx.URL:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise _fail("fetch_bad_url", f"not a URL: {url!r} ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise _fail("fetch_bad_scheme", f"only http and https URLs can be fetched, not {parts.scheme or 'no scheme'!r}")
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise _fail("fetch_bad_url", f"not a valid URL: {url!r} ({exc})") from exc
    if not parsed.host:
        raise _fail("fetch_bad_url", f"the URL has no host: {url!r}")
    return parsed


def _decode(body: bytes, charset: str | None) -> str:
    if not charset:
        m = _META_CHARSET.search(body[:4096])
        charset = m.group(1).decode("ascii", "replace") if m else "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name from the page
        return body.decode("utf-8", errors="replace")


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    allow_origins: Collection[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
) -> FetchedPage:
    """Fetch ``url`` (GET) and return its decoded body, refusing what a public service must not fetch.

    Args:
        url: an http or https URL.
        allow_private: let the fetch reach loopback/private/link-local addresses (operator choice).
        allow_origins: ``"host:port"`` origins exempt from the address check, e.g. an internal mirror;
            every other hop, including redirects from there, is still checked.
        max_bytes: largest body accepted, after decompression.
        timeout: seconds for the whole fetch, all redirects included.
        max_redirects: most redirects followed.

    Raises:
        FetchError: with ``code`` in ``FETCH_CODES``.

    Examples:
        >>> try:
        ...     fetch_url("http://169.254.169.254/latest/meta-data/")
        ... except FetchError as err:
        ...     print(err.code)
        fetch_refused_private_address
    """
    deadline = time.monotonic() + timeout
    backend = _GuardedBackend(allow_private=allow_private, allow_origins=allow_origins, deadline=deadline)
    redirects: list[str] = []
    current = _check_url(url)
    with httpx.Client(
        transport=_GuardedTransport(backend),
        follow_redirects=False,
        trust_env=False,  # no proxies or .netrc from the environment: the guard must see the real target
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"},
    ) as client:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _fail("fetch_timeout", f"fetching {url} took longer than {timeout:g} s")
            try:
                with client.stream("GET", current, timeout=httpx.Timeout(remaining)) as resp:
                    if resp.status_code in _REDIRECT_STATUSES and "location" in resp.headers:
                        if len(redirects) >= max_redirects:
                            raise _fail("fetch_too_many_redirects", f"more than {max_redirects} redirects from {url}")
                        redirects.append(str(current))
                        current = _check_url(str(current.join(resp.headers["location"])))
                        continue
                    return _read(resp, current, backend.last_address, tuple(redirects), max_bytes, deadline, timeout)
            except (httpx.TimeoutException, httpcore.TimeoutException) as exc:
                raise _fail("fetch_timeout", f"fetching {url} took longer than {timeout:g} s") from exc
            except (httpx.HTTPError, httpcore.NetworkError, httpcore.ProtocolError, httpcore.ConnectError) as exc:
                raise _fail("fetch_failed", f"could not fetch {current}: {exc or type(exc).__name__}") from exc


def _read(
    resp: httpx.Response,
    url: httpx.URL,
    address: str,
    redirects: tuple[str, ...],
    max_bytes: int,
    deadline: float,
    timeout: float,
) -> FetchedPage:
    if resp.status_code >= 400:
        raise _fail("fetch_http_status", f"{url} answered HTTP {resp.status_code}")
    media_type = resp.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type and not media_type.startswith(_TEXT_TYPES):
        raise _fail("fetch_unsupported_content", f"{url} is {media_type}, not text or HTML")
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _fail("fetch_too_large", f"{url} is {int(declared):,} bytes; the limit is {max_bytes:,}")
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():  # decoded bytes: the limit also holds for compressed bodies
        size += len(chunk)
        if size > max_bytes:
            raise _fail("fetch_too_large", f"{url} is larger than the limit of {max_bytes:,} bytes")
        if time.monotonic() > deadline:  # a server dripping bytes never trips the per-read timeout
            raise _fail("fetch_timeout", f"fetching {url} took longer than {timeout:g} s")
        chunks.append(chunk)
    return FetchedPage(
        url=str(url),
        status=resp.status_code,
        content_type=media_type,
        text=_decode(b"".join(chunks), resp.charset_encoding),
        address=address,
        redirects=redirects,
    )

"""Provenance hints: Document -> Provenance | None, from URLs left in a copy (publisher, date, slug words)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from urllib.parse import unquote, urlsplit

from ..records import Document, Provenance

__all__ = ["PublisherRule", "UrlHint", "find_urls", "infer_provenance", "load_publishers", "read_url"]

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`{}|\\^\[\]]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}”’'\"»…"
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
# Generic dates in URL paths: /2025/03/30/, /2025/mar/30/, -2025-03-30, /20250330-
_DATE_RULES = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=/|$|[-_.])"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/(?P<d>\d{1,2})(?=/|$)", re.I),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"),
    re.compile(r"(?<![\d])(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)"),
)
_EXTENSION = re.compile(r"(?:\.[a-z0-9]{2,5}){1,2}$", re.I)
_IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp|svg)(?:\.webp)?$", re.I)
_TOKEN_SPLIT = re.compile(r"[-_+.,~\s]+")
# An id, hash or number, not a word: all digits, or letters and digits with 3+ digits, or long hex.
_ID_TOKEN = re.compile(r"\d+|(?=(?:[a-z]*\d){3})[a-z\d]+|(?=[a-z]*\d)[0-9a-f]{4,}|[0-9a-f]{12,}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


@dataclass(frozen=True, slots=True)
class PublisherRule:
    """One row of ``data/publishers.json``."""

    name: str
    hosts: tuple[str, ...]
    urls: tuple[re.Pattern[str], ...] = ()
    date: re.Pattern[str] | None = None
    slug: re.Pattern[str] | None = None
    slug_strip: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True, slots=True)
class PublisherTable:
    """The publisher rules plus the words that never belong to a slug."""

    publishers: tuple[PublisherRule, ...]
    size_tokens: re.Pattern[str]
    noise_tokens: frozenset[str]


@dataclass(frozen=True, slots=True)
class UrlHint:
    """What one URL says: its publisher (if known), the date and slug words in its path."""

    url: str
    publisher: str | None
    date: str | None
    slug_words: tuple[str, ...]


@lru_cache(maxsize=1)  # the shipped table is immutable data: parse and compile it once per process
def load_publishers() -> PublisherTable:
    """The publisher/CDN table shipped in ``unspin/data/publishers.json``, compiled.

    Examples:
        >>> "The New York Times" in {p.name for p in load_publishers().publishers}
        True
    """
    raw = json.loads(resources.files("unspin").joinpath("data/publishers.json").read_text("utf-8"))
    rules = tuple(
        PublisherRule(
            name=row["name"],
            hosts=tuple(h.lower() for h in row.get("hosts", ())),
            urls=tuple(re.compile(u, re.I) for u in row.get("urls", ())),
            date=re.compile(row["date"], re.I) if row.get("date") else None,
            slug=re.compile(row["slug"], re.I) if row.get("slug") else None,
            slug_strip=tuple(re.compile(s, re.I) for s in row.get("slug_strip", ())),
        )
        for row in raw["publishers"]
    )
    sizes = re.compile("|".join(f"(?:{t})" for t in raw.get("size_tokens", ())) or "(?!)", re.I)
    return PublisherTable(rules, sizes, frozenset(t.lower() for t in raw.get("noise_tokens", ())))


def find_urls(text: str) -> tuple[str, ...]:
    """The URLs written in a text, in order (``www.`` addresses get ``http://``).

    Examples:
        >>> find_urls("See https://www.bbc.com/news/world-asia-68512345. Or www.nhk.or.jp/x")
        ('https://www.bbc.com/news/world-asia-68512345', 'http://www.nhk.or.jp/x')
    """
    out = []
    for m in _URL.finditer(text):
        url = m.group().rstrip(_URL_TRAILING)
        if url.lower().startswith("www."):
            url = "http://" + url
        if "." in url.split("//", 1)[-1]:
            out.append(url)
    return tuple(out)


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def _publisher(url: str, host: str, table: PublisherTable) -> PublisherRule | None:
    where = host + urlsplit(url).path
    for rule in table.publishers:
        if any(host == h or host.endswith("." + h) for h in rule.hosts):
            return rule
        if any(p.search(where) for p in rule.urls):
            return rule
    return None


def _date(path: str, rule: PublisherRule | None) -> str | None:
    rules = ((rule.date,) if rule and rule.date else ()) + _DATE_RULES
    for pattern in rules:
        for m in pattern.finditer(path):
            month = m.group("m").lower()
            try:
                day = date(int(m.group("y")), _MONTHS.get(month[:3]) or int(month), int(m.group("d")))
            except ValueError:  # 2025/13/45 is not a date
                continue
            return day.isoformat()
    return None


def _words(segment: str, rule: PublisherRule | None, table: PublisherTable, image_file: bool) -> tuple[str, ...]:
    segment = _EXTENSION.sub("", unquote(segment))
    for strip in rule.slug_strip if rule else ():  # before UUID removal: some strips end in a UUID
        segment = strip.sub("", segment)
    segment = _UUID.sub("", segment)
    words = []
    for token in _TOKEN_SPLIT.split(segment.lower()):
        if not token or not re.search(r"[^\W\d_]", token) or _ID_TOKEN.fullmatch(token):
            continue
        if token in table.noise_tokens or (image_file and table.size_tokens.fullmatch(token)):
            continue
        words.append(token)
    return tuple(dict.fromkeys(words))


def _slug_words(path: str, rule: PublisherRule | None, table: PublisherTable) -> tuple[str, ...]:
    if rule and rule.slug:
        m = rule.slug.search(path)
        if m:
            words = _words(m.group("slug"), rule, table, image_file=False)
            if words:
                return words
    segments = [s for s in path.split("/") if s]
    if segments and _IMAGE.search(segments[-1]):
        # an image: its file name (one real word is enough there), else the folder holding it
        words = _words(segments[-1], rule, table, image_file=True)
        if len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 3):
            return words
        words = _words(segments[-2], rule, table, image_file=False) if len(segments) > 1 else ()
        return words if len(words) >= 2 else ()
    # an article: the last path segment of two or more words (a single word is usually a section)
    for segment in reversed(segments):
        words = _words(segment, rule, table, image_file=False)
        if len(words) >= 2:
            return words
    return ()


def read_url(url: str) -> UrlHint:
    """What one URL says about its publisher, date and slug.

    Args:
        url: an absolute URL.

    Returns:
        The UrlHint (publisher None for hosts not in the table).

    Examples:
        >>> read_url("https://www.theguardian.com/world/2025/mar/30/hegseth-japan-visit")
        UrlHint(url='https://www.theguardian.com/world/2025/mar/30/hegseth-japan-visit', publisher='The Guardian', date='2025-03-30', slug_words=('hegseth', 'japan', 'visit'))
    """
    table = load_publishers()
    host = _host(url)
    try:
        path = urlsplit(url).path
    except ValueError:
        path = ""
    rule = _publisher(url, host, table) if host else None
    return UrlHint(url, rule.name if rule else None, _date(path, rule), _slug_words(path, rule, table))


def infer_provenance(doc: Document) -> Provenance | None:
    """Infer where a copy came from, from the URLs left in its text and its main image.

    Each URL in ``doc.text`` and ``doc.image`` is read for a known publisher or image CDN (the
    table is data: ``unspin/data/publishers.json``), a date and slug words in its path. The best
    URL wins: a known publisher first, then one with a date, then one with slug words, then the
    later one (a scraper's source link sits at the end). URLs of other publishers are not mixed
    in. ``doc.url`` is the copy's own address, so it is never a hint by itself about another site;
    but when it is on the publisher's own domain (an aggregator page of the publisher is not a
    copy) it is added to the evidence, and it is the only evidence when nothing else is found.
    URLs on unknown hosts count only if their path carries a date.

    Args:
        doc: the copy.

    Returns:
        The Provenance, or None when no URL says anything.

    Examples:
        >>> url = ("https://static01.nyt.com/images/2025/03/30/multimedia/30int-us-japan-gzpt/"
        ...        "30int-us-japan-gzpt-facebookJumbo.jpg")
        >>> p = infer_provenance(Document(id="seed", text="He left.\\n" + url + "\\nSource link"))
        >>> p.publisher, p.date, p.slug_words
        ('The New York Times', '2025-03-30', ('us', 'japan'))
    """
    own_host = _host(doc.url) if doc.url else ""
    urls = list(find_urls(doc.text)) + ([doc.image] if doc.image else [])
    hints: list[tuple[tuple[int, int, int, int], UrlHint]] = []
    for position, url in enumerate(urls):
        hint = read_url(url)
        if hint.publisher is None and (hint.date is None or _host(url) == own_host):
            continue  # the copier's own links, or an unknown site saying nothing
        rank = (hint.publisher is not None, hint.date is not None, bool(hint.slug_words), position)
        hints.append((rank, hint))  # type: ignore[arg-type]
    own = read_url(doc.url) if doc.url else None
    if not hints:
        if own is None or own.publisher is None:
            return None
        return Provenance(own.publisher, own.date, own.slug_words, (own.url,))
    best = max(hints, key=lambda item: item[0])[1]
    same = [best] + [h for _, h in hints if h is not best and h.publisher == best.publisher and best.publisher]
    evidence = list(dict.fromkeys(h.url for h in same))
    if own is not None and own.publisher is not None and own.publisher == best.publisher:
        evidence.append(own.url)
    return Provenance(
        publisher=best.publisher,
        date=next((h.date for h in same if h.date), None),
        slug_words=next((h.slug_words for h in same if h.slug_words), ()),
        evidence=tuple(dict.fromkeys(evidence)),
    )

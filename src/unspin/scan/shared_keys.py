"""Links from what pages share besides text: (page id, URL, title) rows + the crawl archive -> Links between siblings.

Farms leave their provenance in the address. An LLM network republishes one article id on many
domains, each with its own paraphrase (``rtwnews.com/article/FkWOoGLB3fY7``,
``metaworld.media/article/FkWOoGLB3fY7``); a spinner keeps the original's URL slug, and the slug
spreads to the copies of copies (``…/hegseth-pledges-to-step-up-military-cooperation-with-japan`` and
``…/hegseth-pledges-to-step-up-military-cooperation-with-japan-and-deter-china``). Such siblings
share almost no wording (each domain writes its own paraphrase), so the matcher, which must refuse
same-event reports, leaves many of them unlinked: on the farm dev set, 20 of 31 LLM paraphrases.

Copiers also keep the headline: two pages with the same title of at least ``TITLE_MIN_WORDS`` words (a
wire reprint, an excerpt that is only the lead sentence under the original's headline) are one story.

A shared key is evidence, not proof: two pages that share one are linked only when their texts also
cover each other at least ``MIN_COVERAGE`` (two-way sentence coverage, ``match.coverage``), so a
recycled id or a common headline cannot join unrelated stories. Pure numeric ids are never keys:
every CMS numbers its articles, and numbers collide across sites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..archive import Archive
from ..match.find import mutual_coverage
from ..records import Link

# An opaque id: letters and digits mixed, 8-40 characters (``FkWOoGLB3fY7``, ``S37-43MytJrk``,
# ``fb9ec8f4aa8e``, a UUID), as farm networks and CMSs mint them. Words are not ids.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{6,38}[A-Za-z0-9]")
_EXTENSION = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms)$", re.I)
# A slug is a headline: two slugs are one story when they agree on their first SLUG_SHARED words, or
# when one (of at least SLUG_MIN_WORDS) is the start of the other (a spinner appends, a CMS truncates).
# Headlines of independent reports of one event share shorter openings ("french far right leader
# marine le pen found guilty" / "... is barred": 7 words).
SLUG_MIN_WORDS = 6
SLUG_SHARED = 8
# A headline this long, word for word, is not chance: same-event reports write their own.
TITLE_MIN_WORDS = 6
# Two-way coverage two pages sharing a key must reach: on the farm dev set 112 of the 113 true copy pairs do,
# and 8 % of the 4,543 other page pairs (which the URL key then has to share as well).
MIN_COVERAGE = 0.25
# Pages sharing one key are checked against at most this many earlier pages with that key (bounded work
# for a key that thousands of pages carry).
MAX_CHECKS_PER_PAGE = 5
SLUG_SCAN = 200  # earlier pages with the same slug opening compared with a page's full slug


def url_keys(url: str | None) -> tuple[tuple[str, ...], str | None]:
    """(slug words, opaque id) of a page's URL path; ((), None) when it has neither.

    Examples:
        >>> url_keys("https://rtwnews.com/article/FkWOoGLB3fY7")
        ((), 'FkWOoGLB3fY7')
        >>> url_keys("https://ironsidenews.com/hegseth-pledges-to-step-up-military-cooperation-with-japan")[0][:3]
        ('hegseth', 'pledges', 'to')
        >>> url_keys("https://chinadailyhk.com/article/607876")
        ((), None)
    """
    if not url:
        return (), None
    try:
        path = urlsplit(url).path
    except ValueError:
        return (), None
    segments = [_EXTENSION.sub("", s) for s in path.split("/") if s]
    slug: tuple[str, ...] = ()
    opaque = None
    for seg in reversed(segments[-2:]):  # the article's own segment is last, or just before a trailing one
        words = tuple(w for w in re.split(r"[-_+.]+", seg.lower()) if w.isalpha())
        if len(words) >= 4:
            slug = slug or (words if len(words) >= SLUG_MIN_WORDS else ())
        elif opaque is None and _ID.fullmatch(seg) and re.search(r"[A-Za-z]", seg) and re.search(r"\d", seg):
            opaque = seg
    return slug, opaque


def same_slug(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when two slugs name one story (see SLUG_SHARED)."""
    if len(a) < SLUG_MIN_WORDS or len(b) < SLUG_MIN_WORDS:
        return False
    shared = 0
    for x, y in zip(a, b):
        if x != y:
            break
        shared += 1
    return shared >= SLUG_SHARED or shared == min(len(a), len(b))


def shared_key_links(rows: Iterable[dict], crawl: Archive, linked: set[str] | frozenset[str] = frozenset()) -> list[Link]:
    """Links between pages without an archive original that share a URL id, a URL slug or a title, and whose texts agree.

    Args:
        rows: scan part rows (``page_id``, ``url``, ``title``, ``original_id``, ``skipped``), in input order.
        crawl: the crawl archive (``stages.build_crawl_archive``).
        linked: pages that already have a text link (their links here are extra edges, not rank 0).

    Returns:
        Links with ``basis`` "url-id", "url-slug" or "title", in input order; a page's first one has rank 0
        when the page has no text link (so ``linked_to`` names it), later ones rank 1, 2, ...
    """
    by_id: dict[str, list[str]] = {}
    by_title: dict[str, list[str]] = {}
    by_slug: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}
    for row in rows:
        if row.get("original_id") is not None or row.get("skipped"):
            continue
        slug, opaque = url_keys(row.get("url"))
        if opaque:
            by_id.setdefault(opaque, []).append(row["page_id"])
        if slug:
            by_slug.setdefault(slug[:SLUG_MIN_WORDS], []).append((row["page_id"], slug))
        title = title_key(row.get("title"))
        if title:
            by_title.setdefault(title, []).append(row["page_id"])
    pairs: list[tuple[str, str, str]] = []
    for basis, groups in (("url-id", by_id), ("title", by_title)):
        for ids in groups.values():
            pairs += [(page, earlier, basis) for i, page in enumerate(ids) for earlier in ids[max(0, i - MAX_CHECKS_PER_PAGE):i]]
    for group in by_slug.values():
        for i, (page, slug) in enumerate(group):
            # the nearest earlier pages first, at most SLUG_SCAN of them: a slug opening thousands of pages
            # share ("live updates …") must not cost a comparison with every earlier one
            near = (p for p, s in reversed(group[max(0, i - SLUG_SCAN):i]) if same_slug(slug, s))
            earlier = [p for p, _ in zip(near, range(MAX_CHECKS_PER_PAGE))]
            pairs += [(page, p, "url-slug") for p in reversed(earlier)]
    out: list[Link] = []
    seen: set[frozenset[str]] = set()
    rank: dict[str, int] = {}
    for page, other, basis in pairs:
        key = frozenset((page, other))
        if key in seen or page == other:
            continue
        seen.add(key)
        cov = _coverage(crawl, page, other)
        if cov is None or cov < MIN_COVERAGE:
            continue
        r = rank.get(page, 0 if page not in linked else 1)
        rank[page] = r + 1
        out.append(Link(page, other, round(cov, 4), None, None, r, basis))
    return out


def title_key(title: str | None) -> str | None:
    """A title's words, case-folded, when it has at least TITLE_MIN_WORDS of them (else None).

    Examples:
        >>> title_key("Hegseth Calls Japan ‘Indispensable’ in the Face of Chinese Aggression")
        'hegseth calls japan indispensable in the face of chinese aggression'
        >>> title_key("World news") is None
        True
    """
    words = re.findall(r"\w+", (title or "").casefold())
    return " ".join(words) if len(words) >= TITLE_MIN_WORDS else None


def _coverage(crawl: Archive, a: str, b: str) -> float | None:
    """``match.find.mutual_coverage`` of two crawl pages (None when one is not in the crawl archive)."""
    ka, kb = crawl.key_of(a), crawl.key_of(b)
    if ka is None or kb is None:
        return None
    return mutual_coverage(crawl.stored(ka), crawl.stored(kb))

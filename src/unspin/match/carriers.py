"""The earliest carrier: (copy, named original, archive) -> the first publisher of the story + the other carriers.

When the archive holds one wire story several times (``archive.carriers`` groups them at indexing), the
best-aligned archive entry is often a later carrier (Newsmax's copy of a Reuters story, with a new
headline). The user asks for the first publisher: the group member published first (a wire agency's URL
wins a tie or a missing date, then the first indexed), re-aligned with the copy; the others are listed as
carriers. The confidence stays the named original's: carriers hold the same words.
"""

from __future__ import annotations

import datetime as _dt
from urllib.parse import urlsplit

from .align import align
from ..archive.store import Archive
from ..records import Carrier, Document, Match
from ..settings import Settings
from ..text.dates import parse_time

# Wire agencies whose stories other outlets carry under licence; the earliest carrier on a tie.
WIRE_DOMAINS = ("reuters.com", "apnews.com", "ap.org", "afp.com", "upi.com")
MAX_LISTED = 20  # carriers listed in a report (a syndicated story can have hundreds)


def published_at(value: str | None) -> _dt.datetime | None:
    """A publication date as a naive UTC datetime (``text.dates.parse_time`` without the zone).

    Examples:
        >>> published_at("26-FEB-1987 15:01:01.79"), published_at("2016-09-20")
        (datetime.datetime(1987, 2, 26, 15, 1, 1, 790000), datetime.datetime(2016, 9, 20, 0, 0))
    """
    t = parse_time(value)
    return t.replace(tzinfo=None) if t else None


def is_wire(url: str | None) -> bool:
    host = (urlsplit(url).hostname or "") if url else ""
    return any(host == d or host.endswith("." + d) for d in WIRE_DOMAINS)


def earliest_first(group: list[tuple[Document, float]]) -> list[tuple[Document, float]]:
    """Group members, first publisher first: by date (undated last), wire URL on a tie, then indexing order."""
    order = {id(d): i for i, (d, _) in enumerate(group)}

    def key(item: tuple[Document, float]) -> tuple:
        t = published_at(item[0].published)
        return (t is None, t or _dt.datetime.min, not is_wire(item[0].url), order[id(item[0])])

    return sorted(group, key=key)


def prefer_earliest(
    copy: Document, match: Match, original: Document, archive: Archive, settings: Settings, exclude_copy: frozenset[int]
) -> tuple[Match, Document, object | None, tuple[Carrier, ...]]:
    """(match, original, alignment or None if unchanged, carriers) with the story's first publisher as the original."""
    group = archive.carriers_of(original.id)
    if len(group) < 2:
        return match, original, None, ()
    ranked = earliest_first(group)
    first = ranked[0][0]
    carriers = tuple(Carrier(d.id, d.url, d.published, round(sim, 4)) for d, sim in ranked[1 : 1 + MAX_LISTED])
    if first.id == original.id:
        return match, original, None, carriers
    first = archive.get(first.id) or first  # the group lists metadata only; the first publisher's text is needed
    alignment = align(copy, first, settings, exclude_copy=exclude_copy)
    return Match(match.copy_id, first.id, match.confidence, match.similarity, match.method), first, alignment, carriers

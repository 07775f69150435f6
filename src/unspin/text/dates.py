"""Publication times: str -> aware UTC datetime (one parser for scan lags and carrier order)."""

from __future__ import annotations

import datetime as _dt


def parse_time(value: str | None) -> _dt.datetime | None:
    """An ISO 8601 date or datetime, a WARC/HTTP-style or Reuters-21578 variant, as an aware UTC datetime.

    A time without a zone is taken as UTC; an unreadable value gives None.

    Examples:
        >>> parse_time("26-FEB-1987 15:01:01.79").isoformat()
        '1987-02-26T15:01:01.790000+00:00'
        >>> parse_time("2025-03-30T08:00:00+09:00").isoformat(), parse_time("soon")
        ('2025-03-29T23:00:00+00:00', None)
    """
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        t = _dt.datetime.fromisoformat(text)
    except ValueError:
        t = None
        for fmt in ("%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S", "%a, %d %b %Y %H:%M:%S %z", "%Y/%m/%d"):
            try:
                t = _dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if t is None:
            return None
    return t.replace(tzinfo=_dt.timezone.utc) if t.tzinfo is None else t.astimezone(_dt.timezone.utc)

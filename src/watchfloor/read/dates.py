"""Publication times as pages, feeds and posts write them -> datetime (or None).

Every result is timezone-aware so stages can compare them: a time written without an offset
is taken as UTC (most such times in metadata are UTC or a bare date).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def parse_datetime(value: str | None) -> datetime | None:
    """ISO 8601, RFC 2822 (feeds) or a loose date string -> aware datetime; None when unreadable."""
    parsed = _parse(value)
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()[:100]
    if not value:
        return None
    iso = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value)  # +0100 -> +01:00
    iso = re.sub(r"\.(\d{6})\d+", r".\1", iso)  # more than microseconds
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        pass
    if not re.search(r"\d", value):
        return None  # dateparser reads words like "today"; a metadata field should hold a date
    import dateparser  # slow to import; only needed for odd formats

    try:
        return dateparser.parse(value, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    except (ValueError, OverflowError):
        return None

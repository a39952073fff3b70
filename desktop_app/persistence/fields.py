"""UTC timestamps stored as fixed-width ISO text, so that text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime


def to_db_time(value: datetime) -> str:
    """``2026-11-26T20:10:42.000123Z`` for any aware or naive-UTC datetime."""
    if value.tzinfo is UTC:  # the clock's own (an import makes two a row): "+00:00" is cut
        return value.isoformat(timespec="microseconds")[:-6] + "Z"
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds") + "Z"


def from_db_time(text: str) -> datetime:
    """Parse what :func:`to_db_time` wrote into an aware UTC datetime (ISO 8601, fast)."""
    return datetime.fromisoformat(text)

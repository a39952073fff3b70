"""Moments shown in the computer's time zone: to the minute in cells, in full in tooltips."""

from __future__ import annotations

from datetime import datetime
from typing import Final

TIME_FORMAT: Final = "%Y-%m-%d %H:%M"
FULL_TIME_FORMAT: Final = "%Y-%m-%d %H:%M:%S %Z"


def local_time(moment: datetime) -> str:
    """``moment`` in the computer's time zone, to the minute: ``2026-01-01 10:00``."""
    return moment.astimezone().strftime(TIME_FORMAT)


def full_local_time(moment: datetime) -> str:
    """``moment`` in the computer's time zone with seconds and the zone, for tooltips."""
    return moment.astimezone().strftime(FULL_TIME_FORMAT)

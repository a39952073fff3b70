"""How long jobs (export, import) report progress and learn that the user cancelled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

ProgressCallback = Callable[[int, int], bool]
"""Called with (rows done, rows in all); returns False to cancel the job."""

STEP: Final = 500
"""Rows between two progress reports."""


class Cancelled(Exception):  # noqa: N818 - a request, not an error
    """The user cancelled: the job undid what it had started (no file, no rows written)."""


def keep_going(progress: ProgressCallback | None, done: int, total: int) -> None:
    """Report progress; raise :class:`Cancelled` when the callback says stop."""
    if progress is not None and not progress(done, total):
        raise Cancelled

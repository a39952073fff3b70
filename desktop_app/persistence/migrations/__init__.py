"""Numbered schema migrations; ``PRAGMA user_version`` holds the version a file is at."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from desktop_app.persistence.connection import Database
from desktop_app.persistence.migrations import (
    m0001_initial,
    m0002_search_index,
    m0003_tallies,
    m0004_typed_sort_indexes,
    m0005_request_status_index,
)

Migration = Callable[[Database], None]

MIGRATIONS: Final[dict[int, Migration]] = {
    1: m0001_initial.apply,
    2: m0002_search_index.apply,
    3: m0003_tallies.apply,
    4: m0004_typed_sort_indexes.apply,
    5: m0005_request_status_index.apply,
}
LATEST_VERSION: Final = max(MIGRATIONS)

"""Numbered schema migrations, run on both backends.

A file keeps its version in ``PRAGMA user_version``, a server database in ``schema_version``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from peewee import Database

from desktop_app.persistence.migrations import (
    m0001_initial,
    m0002_search_index,
    m0003_tallies,
    m0004_typed_sort_indexes,
    m0005_request_status_index,
    m0006_change_notices,
    m0007_operator_grants,
    m0008_version_operator,
    m0009_request_sort_indexes,
    m0010_overview_tallies,
    m0011_request_vendor_covering,
    m0012_vendor_request_tallies,
    m0013_prefix_tally_words,
    m0014_pending_request_indexes,
    m0015_deleted_sort_indexes,
)

Migration = Callable[[Database], None]

MIGRATIONS: Final[dict[int, Migration]] = {
    1: m0001_initial.apply,
    2: m0002_search_index.apply,
    3: m0003_tallies.apply,
    4: m0004_typed_sort_indexes.apply,
    5: m0005_request_status_index.apply,
    6: m0006_change_notices.apply,
    7: m0007_operator_grants.apply,
    8: m0008_version_operator.apply,
    9: m0009_request_sort_indexes.apply,
    10: m0010_overview_tallies.apply,
    11: m0011_request_vendor_covering.apply,
    12: m0012_vendor_request_tallies.apply,
    13: m0013_prefix_tally_words.apply,
    14: m0014_pending_request_indexes.apply,
    15: m0015_deleted_sort_indexes.apply,
}
LATEST_VERSION: Final = max(MIGRATIONS)

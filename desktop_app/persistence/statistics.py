"""The query planner's statistics, brought up to date after writes of many rows.

Neither SQLite nor PostgreSQL knows the shape of a million rows written in one transaction
until its statistics are gathered again; until then a search or a sort may take a full scan
(#18 measured 400 ms keystrokes on a freshly seeded file that one ``ANALYZE`` brought to a few
milliseconds). A seed, and an import of many rows, gather them when they have committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from peewee import Database as PeeweeDatabase

from desktop_app.persistence.dialect import is_postgres

AFTER_ROWS: Final = 5000
"""A bulk write of at least this many rows gathers statistics once it has committed."""
SQLITE_ANALYSIS_LIMIT: Final = 400
"""Rows sampled per index by SQLite's ``ANALYZE`` (about half a second at a million accounts)."""


def worth_refreshing(rows: int) -> bool:
    """Whether a bulk write of ``rows`` rows changes the workspace's shape enough."""
    return rows >= AFTER_ROWS


ACCOUNT_TABLES: Final = ("tier_account", "tier_account_version")
"""What an import of accounts writes many rows to (the tallies it moves stay small)."""


def statements(db: PeeweeDatabase, thorough: bool, tables: Sequence[str] = ()) -> tuple[str, ...]:
    """What gathers the statistics on ``db``: of ``tables``, else of every table.

    On PostgreSQL ``thorough`` also vacuums, which marks the new rows visible to all, so that
    the directory's pages are read from its indexes alone (index-only scans): worth its
    seconds after a seed, run by autovacuum later after an import. ``VACUUM`` must run outside
    a transaction; SQLite's ``ANALYZE`` runs inside the caller's write transaction. An
    import's own tables only: a whole workspace's took 1.2 s on a server at 100,000 accounts,
    the accounts' 0.9 s.
    """
    targets = [f'"{table}"' for table in tables] or [""]
    if is_postgres(db):
        verb = "VACUUM (ANALYZE)" if thorough else "ANALYZE"
        return (f"{verb} {', '.join(targets)}".rstrip(),)
    analyze = tuple(f"ANALYZE {target}".rstrip() for target in targets)
    return (f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}", *analyze)

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
"""A bulk write of at least this many rows gathers statistics once it has committed, when
they are also at least :data:`SHARE` of the accounts already there."""
SHARE: Final = 0.1
"""Below this share of the accounts the shape barely moves; PostgreSQL's autovacuum gathers
them again at the same share (its default ``autovacuum_analyze_scale_factor``). An import of
100,000 accounts into a million on a server spent 1.3 s of its 29 s gathering them."""
SQLITE_ANALYSIS_LIMIT: Final = 400
"""Rows sampled per index by SQLite's ``ANALYZE`` (about half a second at a million accounts)."""


def worth_refreshing(rows: int, present: int = 0) -> bool:
    """Whether a bulk write of ``rows`` rows into ``present`` accounts changes the shape enough."""
    return rows >= AFTER_ROWS and rows >= SHARE * present


def accounts_present(db: PeeweeDatabase) -> int:
    """About how many accounts the workspace holds, read at no cost.

    SQLite: the highest rowid (deleted accounts stay as rows). PostgreSQL: the planner's own
    estimate, 0 when the table has never been analysed (so that the first large write does).
    """
    # the catalogue and SQLite's rowid have no peewee model: one plain statement each
    if is_postgres(db):
        sql = "SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'tier_account'::regclass"
    else:
        sql = "SELECT max(rowid) FROM tier_account"
    return int(db.execute_sql(sql).fetchone()[0] or 0)


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

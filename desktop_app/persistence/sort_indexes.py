"""Large bulk writes: the directory's sort indexes are built again at the end, not row by row."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from peewee import Database as PeeweeDatabase

from desktop_app.persistence.connection import Database
from desktop_app.persistence.dialect import is_postgres

KEPT: Final = frozenset({"tier_account_live_external_id"})
"""Used by the import itself (a parent found by its external id): kept up to date."""
SHARE: Final = 0.25
"""Rebuild once the rows to write reach this share of the accounts there are."""
MIN_ROWS: Final = 10_000


def worth_rebuilding(rows: int, present: int) -> bool:
    """True when writing ``rows`` accounts among ``present`` ones costs more than a rebuild."""
    return rows >= MIN_ROWS and rows >= SHARE * present


@contextmanager
def rebuilt_at_the_end(db: Database) -> Iterator[None]:
    """Drop the live sort indexes (but the import's own) and build them again at the end.

    Runs inside the caller's transaction: a failure inside rolls the drop back with it.
    Each of the indexes costs an insert at a random place per row; built once, it is a sort
    (with helper threads).
    """
    definitions = [
        (name, sql)
        for name, sql in db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
            " AND tbl_name = 'tier_account' AND name LIKE 'tier_account_live_%'"
        ).fetchall()
        if name not in KEPT
    ]
    for name, _sql in definitions:
        db.execute_sql(f'DROP INDEX "{name}"')
    yield
    with sorting_threads(db):
        for _name, sql in definitions:
            db.execute_sql(sql)


@contextmanager
def sorting_threads(db: PeeweeDatabase) -> Iterator[None]:
    """Let SQLite sort with helper threads (up to four) while indexes are built.

    PostgreSQL builds an index with parallel workers of its own accord.
    """
    if is_postgres(db):
        yield
        return
    threads = db.execute_sql("PRAGMA threads").fetchone()[0]
    db.execute_sql(f"PRAGMA threads = {min(4, os.cpu_count() or 1)}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA threads = {int(threads)}")

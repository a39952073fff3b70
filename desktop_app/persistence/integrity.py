"""Whether a workspace file is whole: SQLite's own checks and the tables every workspace has.

``PRAGMA quick_check`` reads every page and row (0.8 s warm for 100,000 accounts, 330 MB);
``PRAGMA integrity_check`` also matches every index entry with its row (~14× longer). A
damaged file is never migrated, restored or written to: these checks come first.
"""

from __future__ import annotations

import re
import sqlite3
from enum import StrEnum
from typing import Final

from desktop_app.persistence.migrations import m0001_initial
from desktop_app.persistence.sqlite_errors import DATABASE_ERRORS, is_damaged

PROBLEMS_LISTED: Final = 20
"""How many problems a check collects before it stops (the first ones name the damage)."""
FULL_CHECK_MAX_BYTES: Final = 256 * 1024 * 1024
"""Up to this size the full check runs before a migration; a larger file gets the quick one."""

CORE_TABLES: Final = frozenset(
    re.findall(r'CREATE TABLE "(\w+)"', " ".join(m0001_initial.STATEMENTS))
)
"""The tables every workspace has had since schema 1."""


class Check(StrEnum):
    """Which of SQLite's checks to run."""

    QUICK = "quick_check"
    FULL = "integrity_check"

    @classmethod
    def affordable(cls, size: int) -> Check:
        """The full check for a file of up to :data:`FULL_CHECK_MAX_BYTES`, else the quick."""
        return cls.FULL if size <= FULL_CHECK_MAX_BYTES else cls.QUICK


def problems(connection: sqlite3.Connection, check: Check = Check.QUICK) -> list[str]:
    """What SQLite's ``check`` finds wrong with the open database; empty when it is whole.

    A page too damaged for the check to read through is a problem too, not an exception;
    a check that could not run (another program's lock, an interruption) raises.
    """
    try:
        rows = connection.execute(f"PRAGMA {check.value}({PROBLEMS_LISTED})").fetchall()
    except DATABASE_ERRORS as exc:
        if not is_damaged(exc):
            raise
        return [f"the check stopped: {exc}"]
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def missing_tables(connection: sqlite3.Connection) -> list[str]:
    """The workspace tables this database lacks, sorted; empty for a whole workspace."""
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return sorted(CORE_TABLES - {str(name) for (name,) in rows})


def summary(found: list[str]) -> str:
    """``3 problems, the first: row 12 missing from index …`` for messages."""
    if not found:
        return "no problems"
    first = found[0] if len(found[0]) <= 160 else found[0][:159] + "…"
    if len(found) == 1:
        return f"1 problem: {first}"
    more = f"{len(found)}+" if len(found) >= PROBLEMS_LISTED else f"{len(found)}"
    return f"{more} problems, the first: {first}"

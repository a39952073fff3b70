"""What the workspace derives from its rows (search index, tallies): checked, and rebuilt if off.

Triggers keep both in step with every write this application makes; a file changed by another
tool (a SQLite browser, a script with the triggers dropped) can leave them behind, and then
the Directory would count or find the wrong accounts. ``desktop-app check`` asks
:func:`problems`; ``desktop-app check --repair`` runs :func:`rebuild`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

from desktop_app.persistence import overview_tallies, search_index, tallies, triggers
from desktop_app.persistence.connection import Database
from desktop_app.persistence.sqlite_errors import (
    DATABASE_ERRORS,
    is_locked_error,
    is_read_only_refusal,
)

_LIVE: Final = "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
_LIVE_BY_TYPE: Final = (
    "SELECT type, count(*) FROM tier_account WHERE decommissioned_at IS NULL GROUP BY type"
)
_PENDING: Final = "SELECT count(*) FROM tier_account_request WHERE status = 'pending'"
_TRIGGER_SQL: Final = {
    **triggers.named(search_index.STATEMENTS[1:]),
    **triggers.named(tallies.TRIGGER_STATEMENTS),
    **triggers.named(overview_tallies.TRIGGER_STATEMENTS),
}
"""Each trigger's CREATE statement, as SQLite keeps it."""


def problems(db: Database) -> list[str]:
    """What is out of step, for people; empty when the index and the tallies are right."""
    found: list[str] = []
    try:
        kept = dict(db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        missing = sorted(set(_TRIGGER_SQL) - set(kept))
        if missing:
            found.append(f"triggers missing: {', '.join(missing)}")
        changed = sorted(n for n, sql in _TRIGGER_SQL.items() if n in kept and kept[n] != sql)
        if changed:
            found.append(f"triggers changed: {', '.join(changed)}")
        live = int(db.execute_sql(_LIVE).fetchone()[0])
        indexed = int(db.execute_sql(f"SELECT count(*) FROM {search_index.TABLE}").fetchone()[0])
        if indexed != live:
            found.append(f"the search index holds {indexed:,} accounts, not the {live:,} live ones")
        _index_integrity(db)
        tallied = dict(db.execute_sql("SELECT name, value FROM tally").fetchall())
        expected = dict(db.execute_sql(_LIVE_BY_TYPE).fetchall())
        counts = {
            ("live_customer", "live customers"): int(expected.get("customer", 0)),
            ("live_reseller", "live resellers"): int(expected.get("reseller", 0)),
            ("pending_requests", "pending requests"): int(db.execute_sql(_PENDING).fetchone()[0]),
        }
        for (name, what), actual in counts.items():
            if tallied.get(name) != actual:
                stored = "missing" if tallied.get(name) is None else f"{tallied[name]:,}"
                found.append(f"the stored number of {what} is {stored}, not {actual:,}")
        off = overview_tallies.out_of_step(db)
        if off:
            found.append(f"the Overview's figures are out of step: {', '.join(off)}")
    except DATABASE_ERRORS as exc:
        found.append(f"the search index or the tallies cannot be read ({exc})")
    return found


INDEX_CHECK: Final = (
    f"INSERT INTO {search_index.TABLE} ({search_index.TABLE}) VALUES ('integrity-check')"
)
"""FTS5's own check of its index structure: an INSERT that writes nothing."""


def _index_integrity(db: Database) -> None:
    """:data:`INDEX_CHECK` on the workspace's connection; nothing where it may not write."""
    try:
        db.execute_sql(INDEX_CHECK)
    except DATABASE_ERRORS as exc:
        if not is_read_only_refusal(exc):
            raise  # a read-only connection cannot run it: see index_structure_problems


def index_structure_problems(path: Path, busy_timeout_ms: int) -> list[str] | None:
    """FTS5's check of the search index of the file at ``path``; None when it cannot run.

    SQLite lets only a connection that may write run it, so it runs inside a transaction of
    its own that is rolled back: the file is left as it was (the check writes nothing).
    """
    try:
        conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        conn.execute("BEGIN")
        try:
            conn.execute(INDEX_CHECK)
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        if is_read_only_refusal(exc) or is_locked_error(exc):
            return None
        return [f"the search index is damaged ({exc}); check --repair rebuilds it"]
    finally:
        conn.close()
    return []


def rebuild(db: Database) -> None:
    """Put the triggers back, index every live account again and count again.

    Runs inside the caller's write transaction: a failure leaves everything as it was.
    """
    for name in _TRIGGER_SQL:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    for statement in (
        *search_index.STATEMENTS[1:],  # its triggers (the index table itself is kept)
        *search_index.REFILL,
        *tallies.TRIGGER_STATEMENTS,
        *tallies.RECOUNT,
        *overview_tallies.TRIGGER_STATEMENTS,
        *overview_tallies.RECOUNT,
    ):
        db.execute_sql(statement)

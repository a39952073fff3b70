"""Schema version 14: on a server, the pending requests have sort indexes of their own.

The Requests tab's first list is the pending one, of every vendor or the acting one. Sorted by
account, decider, decision time or ID, its far pages were read on a server from every
request's index, checking each entry's status in the table, or by sorting all the pending ones
(a middle page of 66,565 pending requests sorted by account: 78 ms; of a vendor's 29,638:
50 ms; 2026-12-05, a million accounts). Partial indexes of the pending requests, ending with
the vendor, serve both in a few ms. By creation and product the existing indexes serve.

Each is made only when missing: running it again changes nothing. A file gets none: its
statements carry the status as a parameter, which SQLite does not match against a partial
index's condition (a server plans the window's statements with their values).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    from peewee import Database

_TABLE: Final = "tier_account_request"
_KEYS: Final = {
    "account": ("account_id", "id"),
    "decided_by": ("updated_by", "id"),
    "decided_at": ("updated_at", "id"),
    "id": ("id",),
}
INDEXES: Final = tuple(f"{_TABLE}_pending_{name}" for name in _KEYS)


def _create(name: str, columns: tuple[str, ...]) -> str:
    quoted = ", ".join(f'"{column}"' for column in (*columns, "vendor_id"))
    return (
        f'CREATE INDEX IF NOT EXISTS "{_TABLE}_pending_{name}" ON "{_TABLE}" ({quoted})'
        " WHERE status = 'pending'"
    )


POSTGRES_STATEMENTS: Final = tuple(_create(name, columns) for name, columns in _KEYS.items())


def apply(db: Database) -> None:
    """On a server, the four partial indexes (and the planner's figures); on a file nothing."""
    if not is_postgres(db):
        return
    for statement in POSTGRES_STATEMENTS:
        db.execute_sql(statement)
    if db.execute_sql(f'SELECT 1 FROM "{_TABLE}" LIMIT 1').fetchone() is not None:
        db.execute_sql(f'ANALYZE "{_TABLE}"')  # an empty table's figures would mislead

"""Schema version 15: the deleted accounts have sort indexes of their own, one per column.

The Overview's "deleted" bars open the Directory on the deleted accounts of a type, in the
Directory's sort. No index held them in any order: their first page read and sorted every
deleted account (26,533 of 1,073,335 at the benchmark's million: 46-67 ms for the count and
first page in every sort, 2026-12-05). Each index here holds the deleted accounts only (a few
per cent of them), by one column and the id, with the type last so that one type's list is
read from the index alone (the Directory's statements walk it, on SQLite, rather than seek
the type). By creation, schema 10's index of the deleted accounts serves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    from peewee import Database

_KEYS: Final = {
    "id": ("id", "type"),
    "name": ("name", "id", "type"),
    "type": ("type", "id"),
    "parent": ("parent_id", "id", "type"),
    "external_id": ("external_id", "id", "type"),
    "country": ("country", "id", "type"),
    "city": ("city", "id", "type"),
    "hub": ("hub_id", "id", "type"),
}
_NOCASE: Final = frozenset({"name", "city"})
"""Sorted as SQLite's NOCASE (the columns' collation) does; on a server through nocase()."""
INDEXES: Final = tuple(f"tier_account_deleted_{name}" for name in _KEYS)


def _create(name: str, columns: tuple[str, ...], server: bool) -> str:
    keys = ", ".join(
        f'nocase("{column}")' if server and column in _NOCASE else f'"{column}"'
        for column in columns
    )
    covered = f' INCLUDE ("{columns[0]}")' if server and columns[0] in _NOCASE else ""
    return (
        f'CREATE INDEX IF NOT EXISTS "tier_account_deleted_{name}" ON "tier_account"'
        f' ({keys}){covered} WHERE ("decommissioned_at" IS NOT NULL)'
    )


STATEMENTS: Final = tuple(_create(name, columns, False) for name, columns in _KEYS.items())
POSTGRES_STATEMENTS: Final = tuple(_create(name, columns, True) for name, columns in _KEYS.items())


def apply(db: Database) -> None:
    """Build the nine indexes (each a sort of the deleted accounts only) and their figures.

    Without figures SQLite took the one by type for one type's list, and sorted its 26,399
    deleted customers (35-43 ms) instead of reading the sort column's index in order.
    """
    server = is_postgres(db)
    for statement in POSTGRES_STATEMENTS if server else STATEMENTS:
        db.execute_sql(statement)
    if db.execute_sql('SELECT 1 FROM "tier_account" LIMIT 1').fetchone() is None:
        return  # an empty table's figures would mislead the planner later
    if server:
        db.execute_sql('ANALYZE "tier_account"')
    else:
        for name in INDEXES:
            db.execute_sql(f'ANALYZE "{name}"')

"""Schema version 5: requests of one status in creation order, ids included (pages by index)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from peewee import Database

STATEMENTS: Final = (
    'DROP INDEX "tier_account_request_status_created_at"',
    'CREATE INDEX "tier_account_request_status_created_at_id" ON "tier_account_request" ("status", "created_at", "id")',
)


def apply(db: Database) -> None:
    """Build the index again with the id at its end."""
    for statement in STATEMENTS:
        db.execute_sql(statement)

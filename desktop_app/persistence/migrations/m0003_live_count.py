"""Schema version 3: the number of live accounts in one row, kept by triggers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from desktop_app.persistence.connection import Database

STATEMENTS: Final = (
    "CREATE TABLE live_account_count"
    " (id INTEGER PRIMARY KEY CHECK (id = 1), accounts INTEGER NOT NULL)",
    "INSERT OR REPLACE INTO live_account_count (id, accounts)"
    " SELECT 1, count(*) FROM tier_account WHERE decommissioned_at IS NULL",
    "CREATE TRIGGER tier_account_count_insert AFTER INSERT ON tier_account"
    " WHEN new.decommissioned_at IS NULL BEGIN"
    " UPDATE live_account_count SET accounts = accounts + 1 WHERE id = 1; END",
    "CREATE TRIGGER tier_account_count_delete AFTER DELETE ON tier_account"
    " WHEN old.decommissioned_at IS NULL BEGIN"
    " UPDATE live_account_count SET accounts = accounts - 1 WHERE id = 1; END",
    "CREATE TRIGGER tier_account_count_update AFTER UPDATE OF decommissioned_at ON tier_account"
    " WHEN (old.decommissioned_at IS NULL) != (new.decommissioned_at IS NULL) BEGIN"
    " UPDATE live_account_count SET accounts = accounts"
    " + (new.decommissioned_at IS NULL) - (old.decommissioned_at IS NULL) WHERE id = 1; END",
)


def apply(db: Database) -> None:
    """Create the count's row and triggers, counting the accounts once."""
    for statement in STATEMENTS:
        db.execute_sql(statement)

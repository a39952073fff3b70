"""Schema version 3: live accounts and pending requests counted in one row each, by triggers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from desktop_app.persistence.connection import Database

STATEMENTS: Final = (
    "CREATE TABLE tally (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'live_accounts', count(*) FROM tier_account WHERE decommissioned_at IS NULL",
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'pending_requests', count(*) FROM tier_account_request WHERE status = 'pending'",
    "CREATE TRIGGER tally_account_insert AFTER INSERT ON tier_account WHEN new.decommissioned_at IS NULL BEGIN UPDATE tally SET value = value + 1 WHERE name = 'live_accounts'; END",
    "CREATE TRIGGER tally_account_delete AFTER DELETE ON tier_account WHEN old.decommissioned_at IS NULL BEGIN UPDATE tally SET value = value - 1 WHERE name = 'live_accounts'; END",
    "CREATE TRIGGER tally_account_update AFTER UPDATE OF decommissioned_at ON tier_account WHEN (old.decommissioned_at IS NULL) != (new.decommissioned_at IS NULL) BEGIN UPDATE tally SET value = value + (new.decommissioned_at IS NULL) - (old.decommissioned_at IS NULL) WHERE name = 'live_accounts'; END",
    "CREATE TRIGGER tally_request_insert AFTER INSERT ON tier_account_request WHEN new.status = 'pending' BEGIN UPDATE tally SET value = value + 1 WHERE name = 'pending_requests'; END",
    "CREATE TRIGGER tally_request_delete AFTER DELETE ON tier_account_request WHEN old.status = 'pending' BEGIN UPDATE tally SET value = value - 1 WHERE name = 'pending_requests'; END",
    "CREATE TRIGGER tally_request_update AFTER UPDATE OF status ON tier_account_request WHEN (old.status = 'pending') != (new.status = 'pending') BEGIN UPDATE tally SET value = value + (new.status = 'pending') - (old.status = 'pending') WHERE name = 'pending_requests'; END",
)


def apply(db: Database) -> None:
    """Create the tallies and their triggers, counting each once."""
    for statement in STATEMENTS:
        db.execute_sql(statement)

"""Schema version 3: live accounts of each type and pending requests, one row each, by triggers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from desktop_app.persistence.connection import Database

STATEMENTS: Final = (
    "CREATE TABLE tally (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'live_customer', count(*) FROM tier_account WHERE decommissioned_at IS NULL AND type = 'customer'",
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'live_reseller', count(*) FROM tier_account WHERE decommissioned_at IS NULL AND type = 'reseller'",
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'pending_requests', count(*) FROM tier_account_request WHERE status = 'pending'",
    "CREATE TRIGGER tally_account_insert AFTER INSERT ON tier_account WHEN new.decommissioned_at IS NULL BEGIN UPDATE tally SET value = value + 1 WHERE name = 'live_' || new.type; END",
    "CREATE TRIGGER tally_account_delete AFTER DELETE ON tier_account WHEN old.decommissioned_at IS NULL BEGIN UPDATE tally SET value = value - 1 WHERE name = 'live_' || old.type; END",
    "CREATE TRIGGER tally_account_update AFTER UPDATE OF type, decommissioned_at ON tier_account WHEN old.type IS NOT new.type OR (old.decommissioned_at IS NULL) != (new.decommissioned_at IS NULL) BEGIN UPDATE tally SET value = value - 1 WHERE old.decommissioned_at IS NULL AND name = 'live_' || old.type; UPDATE tally SET value = value + 1 WHERE new.decommissioned_at IS NULL AND name = 'live_' || new.type; END",
    "CREATE TRIGGER tally_request_insert AFTER INSERT ON tier_account_request WHEN new.status = 'pending' BEGIN UPDATE tally SET value = value + 1 WHERE name = 'pending_requests'; END",
    "CREATE TRIGGER tally_request_delete AFTER DELETE ON tier_account_request WHEN old.status = 'pending' BEGIN UPDATE tally SET value = value - 1 WHERE name = 'pending_requests'; END",
    "CREATE TRIGGER tally_request_update AFTER UPDATE OF status ON tier_account_request WHEN (old.status = 'pending') != (new.status = 'pending') BEGIN UPDATE tally SET value = value + (new.status = 'pending') - (old.status = 'pending') WHERE name = 'pending_requests'; END",
)


def apply(db: Database) -> None:
    """Create the tallies and their triggers, counting each once."""
    for statement in STATEMENTS:
        db.execute_sql(statement)

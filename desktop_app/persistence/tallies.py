"""Numbers the window shows at once, kept by triggers: live accounts and pending requests.

Counting a million live accounts reads a whole index (30–40 ms in a new process), the pending
requests among hundreds of thousands ~5 ms; the Directory and the Requests tab's title show
them before anything else, so one row each holds them instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from desktop_app.persistence.connection import Database

LIVE_ACCOUNTS: Final = "SELECT value FROM tally WHERE name = 'live_accounts'"
PENDING_REQUESTS: Final = "SELECT value FROM tally WHERE name = 'pending_requests'"
RECOUNT: Final = (
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'live_accounts', count(*)"
    " FROM tier_account WHERE decommissioned_at IS NULL",
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'pending_requests', count(*)"
    " FROM tier_account_request WHERE status = 'pending'",
)
TRIGGER_STATEMENTS: Final = (
    "CREATE TRIGGER tally_account_insert AFTER INSERT ON tier_account"
    " WHEN new.decommissioned_at IS NULL BEGIN"
    " UPDATE tally SET value = value + 1 WHERE name = 'live_accounts'; END",
    "CREATE TRIGGER tally_account_delete AFTER DELETE ON tier_account"
    " WHEN old.decommissioned_at IS NULL BEGIN"
    " UPDATE tally SET value = value - 1 WHERE name = 'live_accounts'; END",
    "CREATE TRIGGER tally_account_update AFTER UPDATE OF decommissioned_at ON tier_account"
    " WHEN (old.decommissioned_at IS NULL) != (new.decommissioned_at IS NULL) BEGIN"
    " UPDATE tally SET value = value"
    " + (new.decommissioned_at IS NULL) - (old.decommissioned_at IS NULL)"
    " WHERE name = 'live_accounts'; END",
    "CREATE TRIGGER tally_request_insert AFTER INSERT ON tier_account_request"
    " WHEN new.status = 'pending' BEGIN"
    " UPDATE tally SET value = value + 1 WHERE name = 'pending_requests'; END",
    "CREATE TRIGGER tally_request_delete AFTER DELETE ON tier_account_request"
    " WHEN old.status = 'pending' BEGIN"
    " UPDATE tally SET value = value - 1 WHERE name = 'pending_requests'; END",
    "CREATE TRIGGER tally_request_update AFTER UPDATE OF status ON tier_account_request"
    " WHEN (old.status = 'pending') != (new.status = 'pending') BEGIN"
    " UPDATE tally SET value = value + (new.status = 'pending') - (old.status = 'pending')"
    " WHERE name = 'pending_requests'; END",
)
TRIGGERS: Final = (
    "tally_account_insert",
    "tally_account_delete",
    "tally_account_update",
    "tally_request_insert",
    "tally_request_delete",
    "tally_request_update",
)
STATEMENTS: Final = (
    "CREATE TABLE tally (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    *RECOUNT,
    *TRIGGER_STATEMENTS,
)


@contextmanager
def suspended(db: Database) -> Iterator[None]:
    """For bulk loads: no per-row upkeep inside (~2 µs a row), one count of each at the end.

    Runs inside the caller's transaction, so a failure leaves the triggers and tallies as
    they were.
    """
    for name in TRIGGERS:
        db.execute_sql(f"DROP TRIGGER {name}")
    yield
    for statement in (*TRIGGER_STATEMENTS, *RECOUNT):
        db.execute_sql(statement)

"""Numbers the window shows at once, kept by triggers: live accounts by type, pending requests.

Counting a million live accounts reads a whole index (30–40 ms in a new process, as does the
Directory's "Customers" filter), the pending requests among hundreds of thousands ~5 ms; the
Directory and the Requests tab's title show them before anything else, so one row each holds
them instead.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Final

from peewee import Database as PeeweeDatabase

from desktop_app.persistence import overview_tallies, triggers
from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    pass

LIVE_ACCOUNTS: Final = (
    "SELECT coalesce(sum(value), 0) FROM tally WHERE name IN ('live_customer', 'live_reseller')"
)
LIVE_OF_TYPE: Final = "SELECT coalesce(sum(value), 0) FROM tally WHERE name = 'live_' || ?"
"""The live accounts of one type (its parameter: ``customer`` or ``reseller``)."""
PENDING_REQUESTS: Final = "SELECT value FROM tally WHERE name = 'pending_requests'"
RECOUNT: Final = (
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'live_customer', count(*)"
    " FROM tier_account WHERE decommissioned_at IS NULL AND type = 'customer'",
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'live_reseller', count(*)"
    " FROM tier_account WHERE decommissioned_at IS NULL AND type = 'reseller'",
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'pending_requests', count(*)"
    " FROM tier_account_request WHERE status = 'pending'",
)
TRIGGER_STATEMENTS: Final = (
    "CREATE TRIGGER tally_account_insert AFTER INSERT ON tier_account"
    " WHEN new.decommissioned_at IS NULL BEGIN"
    " UPDATE tally SET value = value + 1 WHERE name = 'live_' || new.type; END",
    "CREATE TRIGGER tally_account_delete AFTER DELETE ON tier_account"
    " WHEN old.decommissioned_at IS NULL BEGIN"
    " UPDATE tally SET value = value - 1 WHERE name = 'live_' || old.type; END",
    "CREATE TRIGGER tally_account_update AFTER UPDATE OF type, decommissioned_at ON tier_account"
    " WHEN old.type IS NOT new.type"
    " OR (old.decommissioned_at IS NULL) != (new.decommissioned_at IS NULL) BEGIN"
    " UPDATE tally SET value = value - 1"
    " WHERE old.decommissioned_at IS NULL AND name = 'live_' || old.type;"
    " UPDATE tally SET value = value + 1"
    " WHERE new.decommissioned_at IS NULL AND name = 'live_' || new.type; END",
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
TRIGGERS: Final = tuple(triggers.named(TRIGGER_STATEMENTS))
STATEMENTS: Final = (
    "CREATE TABLE tally (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    *RECOUNT,
    *TRIGGER_STATEMENTS,
)


def suspended(db: PeeweeDatabase) -> AbstractContextManager[None]:
    """For bulk loads: no per-row upkeep inside (~2 µs a row), one count of each at the end.

    On PostgreSQL the tallies are kept once per statement already: nothing to set aside.
    """
    if is_postgres(db):
        return nullcontext()
    return triggers.suspended(  # the Overview's tallies are set aside with these
        db,
        (*TRIGGERS, *overview_tallies.TRIGGERS),
        (
            *TRIGGER_STATEMENTS,
            *RECOUNT,
            *overview_tallies.TRIGGER_STATEMENTS,
            *overview_tallies.RECOUNT,
        ),
    )

"""Numbers the window shows at once, kept by triggers: live accounts by type, pending requests.

Counting a million live accounts reads a whole index (30–40 ms in a new process, as does the
Directory's "Customers" filter), the pending requests among hundreds of thousands ~5 ms; the
Directory and the Requests tab's title show them before anything else, so one row each holds
them instead. Since schema 12 the requests' counts are read from the Overview's tallies
(overview_tallies.py, which keep every status by vendor); the pending row here is still kept
and checked (``desktop-app check``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
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


INSERT_TRIGGERS: Final = ("tally_account_insert", "overview_account_insert")
"""The accounts' insert triggers of both tables, which a bulk write of new accounts sets aside."""
_TOUCHED: Final = "tally_touched"
"""A temporary table: a row when a bulk write updated one of its new accounts or deleted any."""


@contextmanager
def added_at_the_end(db: PeeweeDatabase) -> Iterator[None]:
    """For a bulk write of many new accounts (SQLite): their part is counted once, at the end.

    Only the accounts' insert triggers are set aside (~2 µs a row and the Overview's upsert);
    the others keep every update, delete and request as they happen. At the end the new
    accounts' facts are added (a scan of them alone, not of every account and request); if
    the write updated one of its new accounts or deleted any account, whose triggers would
    then have counted what was never added, everything is counted again instead. Runs
    inside the caller's transaction: a failure leaves the triggers and figures as they were.
    """
    if is_postgres(db):  # kept once a statement there already
        yield
        return
    first_new = int(
        db.execute_sql("SELECT coalesce(max(rowid), 0) + 1 FROM tier_account").fetchone()[0]
    )
    for name in INSERT_TRIGGERS:
        db.execute_sql(f"DROP TRIGGER {name}")
    for statement in (
        f"CREATE TEMP TABLE {_TOUCHED} (touched INTEGER)",
        f"CREATE TEMP TRIGGER {_TOUCHED}_update AFTER UPDATE ON main.tier_account"
        f" WHEN old.rowid >= {first_new} BEGIN INSERT INTO {_TOUCHED} VALUES (1); END",
        f"CREATE TEMP TRIGGER {_TOUCHED}_delete AFTER DELETE ON main.tier_account"
        f" BEGIN INSERT INTO {_TOUCHED} VALUES (1); END",
    ):
        db.execute_sql(statement)
    yield
    touched = db.execute_sql(f"SELECT 1 FROM {_TOUCHED} LIMIT 1").fetchone() is not None
    for statement in (
        f"DROP TRIGGER temp.{_TOUCHED}_update",
        f"DROP TRIGGER temp.{_TOUCHED}_delete",
        f"DROP TABLE temp.{_TOUCHED}",
        triggers.named(TRIGGER_STATEMENTS)[INSERT_TRIGGERS[0]],
        triggers.named(overview_tallies.TRIGGER_STATEMENTS)[INSERT_TRIGGERS[1]],
    ):
        db.execute_sql(statement)
    if touched:
        for statement in (*RECOUNT, *overview_tallies.RECOUNT):
            db.execute_sql(statement)
        return
    db.execute_sql(
        "INSERT INTO tally (name, value) SELECT 'live_' || type, count(*) FROM tier_account"
        f" WHERE rowid >= {first_new} AND decommissioned_at IS NULL"
        " AND type IN ('customer', 'reseller') GROUP BY type"
        " ON CONFLICT (name) DO UPDATE SET value = value + excluded.value"
    )
    db.execute_sql(overview_tallies.added_accounts(first_new))


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

"""Write-behind for bulk writes: new accounts and versions go to SQLite a thousand at a time."""

from __future__ import annotations

import sqlite3
from typing import Any, Final

from desktop_app.domain.accounts import AccountVersion, TierAccount
from desktop_app.persistence.mapping import (
    ACCOUNT_COLUMNS,
    VERSION_COLUMNS,
    account_row,
    insert_sql,
    version_row,
)

BATCH: Final = 1000
INSERT_ACCOUNT: Final = insert_sql("tier_account", ACCOUNT_COLUMNS)
INSERT_VERSION: Final = insert_sql("tier_account_version", VERSION_COLUMNS)


class PendingRows:
    """Accounts and versions written in a bulk write but not yet sent to SQLite.

    Inside a bulk write (:attr:`holding`), new accounts and their first versions are kept
    here and sent with ``executemany`` a batch at a time; the account repository answers the
    look-ups an import makes (by id, external UID, external id) from here as well. Any other
    statement on the workspace sends them first, so no query ever misses them.
    """

    def __init__(self) -> None:
        self.holding = False
        self.added = 0
        """Rows ever kept here: a unit of a bulk write that kept one has written."""
        self.flushed_changes = 0
        """SQLite's change count due to flushes (which carry earlier units' rows too)."""
        self._accounts: list[tuple[Any, ...]] = []
        self._versions: list[tuple[Any, ...]] = []
        self.by_id: dict[str, TierAccount] = {}
        self.by_uid: dict[str, str] = {}
        self.by_external_id: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self._accounts) + len(self._versions)

    def add_account(self, account: TierAccount) -> None:
        """Keep a new account (its row is made now, as a direct insert would)."""
        self.added += 1
        self._accounts.append(account_row(account))
        self.by_id[account.id] = account
        self.by_uid[account.data.external_uid] = account.id
        if account.data.external_id:
            self.by_external_id.setdefault(account.data.external_id, []).append(account.id)

    def add_version(self, version: AccountVersion) -> None:
        """Keep a new version."""
        self.added += 1
        self._versions.append(version_row(version))

    def full(self) -> bool:
        """True when a batch is ready to go."""
        return len(self._accounts) >= BATCH

    def flush(self, connection: sqlite3.Connection) -> None:
        """Send what is kept to SQLite (accounts before the versions that refer to them)."""
        before = connection.total_changes
        if self._accounts:
            connection.executemany(INSERT_ACCOUNT, self._accounts)
        if self._versions:
            connection.executemany(INSERT_VERSION, self._versions)
        self.flushed_changes += connection.total_changes - before
        self.discard()

    def discard(self) -> None:
        """Forget what is kept (the bulk write is being rolled back)."""
        self._accounts.clear()
        self._versions.clear()
        self.by_id.clear()
        self.by_uid.clear()
        self.by_external_id.clear()

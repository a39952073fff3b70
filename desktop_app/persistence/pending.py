"""Write-behind for bulk writes: new accounts and versions go to SQLite a thousand at a time."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from desktop_app.domain.accounts import AccountVersion, TierAccount

BATCH: Final = 1000


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
        self._accounts: list[TierAccount] = []
        self._versions: list[AccountVersion] = []
        self.by_id: dict[str, TierAccount] = {}
        self.by_uid: dict[str, str] = {}
        self.by_external_id: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self._accounts) + len(self._versions)

    def add_account(self, account: TierAccount) -> None:
        """Keep a new account (its row is made when the batch goes)."""
        self.added += 1
        self._accounts.append(account)
        self.by_id[account.id] = account
        self.by_uid[account.data.external_uid] = account.id
        if account.data.external_id:
            self.by_external_id.setdefault(account.data.external_id, []).append(account.id)

    def add_version(self, version: AccountVersion) -> None:
        """Keep a new version."""
        self.added += 1
        self._versions.append(version)

    def full(self) -> bool:
        """True when a batch is ready to go."""
        return len(self._accounts) >= BATCH

    def flush(self, connection: sqlite3.Connection) -> None:
        """Send what is kept to SQLite (accounts before the versions that refer to them)."""
        if not self:
            return
        # loaded with the first rows held back: a start-up never sends any
        from desktop_app.persistence import mapping

        before = connection.total_changes
        if self._accounts:
            rows = [mapping.account_row(a) for a in self._accounts]
            connection.executemany(mapping.INSERT_ACCOUNT, rows)
        if self._versions:
            rows = [mapping.version_row(v) for v in self._versions]
            connection.executemany(mapping.INSERT_VERSION, rows)
        self.flushed_changes += connection.total_changes - before
        self.discard()

    def discard(self) -> None:
        """Forget what is kept (the bulk write is being rolled back)."""
        self._accounts.clear()
        self._versions.clear()
        self.by_id.clear()
        self.by_uid.clear()
        self.by_external_id.clear()

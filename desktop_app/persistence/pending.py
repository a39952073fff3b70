"""Write-behind for bulk writes: new accounts and versions are sent a thousand at a time."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    from peewee import Database, Model

    from desktop_app.domain.accounts import AccountVersion, TierAccount
    from desktop_app.persistence.model_rows import Connection

BATCH: Final = 1000
SERVER_BATCH: Final = 5000
"""A server's batch: its statement-level triggers (the tallies) run once a ``COPY``, and 5,000
accounts a ``COPY`` cost its indexes and triggers about 15 % less time than 1,000."""
FIRST_SERVER_BATCH: Final = 1000
"""A bulk write's first batch to a server: the server, the slower side of an import, starts on
it once 1,000 rows are read and checked instead of 5,000 (~2 s sooner at 97,293 rows)."""


class _Sending(threading.Thread):
    """One batch's ``COPY`` on a thread: the server writes it while the caller makes the next."""

    def __init__(self, connection: Any, batches: list[tuple[type[Model], Iterable[Any]]]) -> None:
        super().__init__(name="bulk-copy", daemon=True)
        self._connection = connection
        self._batches = batches
        self.error: BaseException | None = None

    def run(self) -> None:
        from desktop_app.persistence.bulk import copy_rows

        try:
            for model, rows in self._batches:
                copy_rows(self._connection, model, rows)
        except BaseException as exc:  # raised again on the caller's thread (settle)
            self.error = exc


class PendingRows:
    """Accounts and versions written in a bulk write but not yet sent to the database.

    Inside a bulk write (:attr:`holding`), new accounts and their first versions are kept
    here and sent with ``executemany`` a batch at a time, with the INSERTs peewee compiles
    from the models for the database they were written to; the account repository answers
    the look-ups an import makes (by id, external UID, external id) from here as well. Any
    other statement on the workspace sends them first, so no query ever misses them.
    """

    def __init__(self) -> None:
        self._holding = False
        self.added = 0
        """Rows ever kept here: a unit of a bulk write that kept one has written."""
        self.flushed_changes = 0
        """The connection's change count due to flushes (which carry earlier units' rows too)."""
        self._db: Database | None = None
        """The database the rows kept are written to (its dialect compiles the INSERTs)."""
        self._inserts: dict[type[Model], str] = {}
        self._accounts: list[TierAccount] = []
        self._versions: list[AccountVersion] = []
        self.by_id: dict[str, TierAccount] = {}
        self.by_uid: dict[str, str] = {}
        self.by_external_id: dict[str, list[str]] = {}
        self.batches_sent = 0
        """Batches sent to a server in this bulk write."""
        self._sending: _Sending | None = None
        """A server's batch still being written (psycopg lets one statement in at a time: any
        other waits for it)."""
        self.known_uids: dict[str, str | None] = {}
        """External UIDs looked up ahead in this bulk write: the account holding each, or None.

        Forgotten when the bulk write ends, when a statement that may write runs, and for an
        account held here (:attr:`by_uid` answers for it until it is sent)."""

    @property
    def holding(self) -> bool:
        """True inside a bulk write: new accounts and versions are kept here."""
        return self._holding

    @holding.setter
    def holding(self, holding: bool) -> None:
        self._holding = holding
        self.known_uids.clear()
        self.batches_sent = 0

    def __len__(self) -> int:
        return len(self._accounts) + len(self._versions)

    def add_account(self, account: TierAccount, db: Database) -> None:
        """Keep a new account written to ``db`` (its row is made when the batch goes)."""
        self._written_to(db)
        self.added += 1
        self._accounts.append(account)
        self.by_id[account.id] = account
        self.by_uid[account.data.external_uid] = account.id
        self.known_uids.pop(account.data.external_uid, None)
        if account.data.external_id:
            self.by_external_id.setdefault(account.data.external_id, []).append(account.id)

    def add_version(self, version: AccountVersion, db: Database) -> None:
        """Keep a new version written to ``db``."""
        self._written_to(db)
        self.added += 1
        self._versions.append(version)

    def _written_to(self, db: Database) -> None:
        if db is not self._db:
            self._db = db
            self._inserts.clear()

    def full(self) -> bool:
        """True when a batch is ready to go.

        On a server the first is smaller: the server starts on it while the next rows are read
        and checked.
        """
        if self._db is None or not is_postgres(self._db):
            return len(self._accounts) >= BATCH
        first = min(FIRST_SERVER_BATCH, SERVER_BATCH)
        return len(self._accounts) >= (SERVER_BATCH if self.batches_sent else first)

    def settle(self) -> None:
        """Wait for the batch a server is still writing; raise what writing it raised."""
        sending, self._sending = self._sending, None
        if sending is not None:
            sending.join()
            if sending.error is not None:
                raise sending.error

    def flush(self, connection: Connection, *, behind: bool = False) -> None:
        """Send what is kept on ``connection``, its database's own (accounts before their versions).

        ``behind``: on a server, the ``COPY`` runs on a thread and this returns at once; the
        next statement (:meth:`settle`) waits for it. A file's rows are always sent here.

        :attr:`flushed_changes` grows by SQLite's ``total_changes`` across the flush where the
        connection has it: the store's check that a refused unit of a bulk write wrote nothing
        compares that count, which includes the rows the triggers write (the tallies). Other
        drivers have only the cursor's ``rowcount``, the rows inserted.
        """
        self.settle()
        if not self:
            return
        # loaded with the first rows held back: a start-up never sends any
        from desktop_app.persistence import mapping, models
        from desktop_app.persistence.model_rows import insert_rows

        before: int | None = getattr(connection, "total_changes", None)
        inserted = 0
        if self._db is not None and is_postgres(self._db):
            # COPY: psycopg's executemany sends a statement a row
            from desktop_app.persistence.bulk import copy_rows

            # each row made as the COPY sends it, on the COPY's thread when behind: the
            # server starts on the first rows at once (made first, 5,000 accounts and their
            # versions kept it waiting ~0.25 s a batch, 5 s in an import of 97,293 rows)
            held_accounts, held_versions = self._accounts, self._versions
            self._accounts, self._versions = [], []
            # the accounts before their versions (each version's foreign key names one)
            batches: list[tuple[type[Model], Iterable[Any]]] = []
            if held_accounts:
                batches.append((models.TierAccount, map(mapping.account_row, held_accounts)))
            if held_versions:
                batches.append((models.TierAccountVersion, map(mapping.version_row, held_versions)))
            self.batches_sent += 1
            if behind:
                self._sending = _Sending(connection, batches)
                self._sending.start()
                inserted = len(held_accounts) + len(held_versions)  # or the next one raises
            else:
                for model, rows in batches:
                    inserted += copy_rows(connection, model, rows)
        else:
            accounts = [mapping.account_row(a) for a in self._accounts]
            versions = [mapping.version_row(v) for v in self._versions]
            cursor = connection.cursor()
            if accounts:
                inserted += insert_rows(cursor, self._insert(models.TierAccount), accounts)
            if versions:
                inserted += insert_rows(cursor, self._insert(models.TierAccountVersion), versions)
        after: int | None = getattr(connection, "total_changes", None)
        if before is not None and after is not None:
            self.flushed_changes += after - before
        else:
            self.flushed_changes += inserted
        self._clear()

    def _insert(self, model: type[Model]) -> str:
        """The INSERT of a whole ``model`` row, compiled once for the database written to."""
        sql = self._inserts.get(model)
        if sql is None:
            from desktop_app.persistence.model_rows import insert_sql

            assert self._db is not None  # rows are kept with the database they go to
            sql = self._inserts[model] = insert_sql(self._db, model)
        return sql

    def discard(self) -> None:
        """Forget what is kept (the bulk write is being rolled back).

        A batch a server is still writing is waited for first, whatever it raises: the
        rollback follows.
        """
        sending, self._sending = self._sending, None
        if sending is not None:
            sending.join()
        self._clear()

    def _clear(self) -> None:
        self._accounts.clear()
        self._versions.clear()
        self.by_id.clear()
        self.by_uid.clear()
        self.by_external_id.clear()

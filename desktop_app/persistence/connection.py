"""The workspace's database: peewee's SqliteDatabase, its writes in ``BEGIN IMMEDIATE``.

Every statement and every transaction of the running application goes through this peewee
``Database``: :meth:`atomic` takes SQLite's write lock at once (a second writer waits for it
instead of failing half-way), nested blocks are savepoints. While it is open the file is
listed in :mod:`desktop_app.open_files`, so nothing else in the process opens and closes it.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from desktop_app import open_files

CLOSED_MESSAGE = "the workspace connection is closed"


class Database(SqliteDatabase):
    """One workspace connection (not per thread), opened only by :meth:`connect`."""

    def __init__(
        self,
        database: str,
        *,
        pragmas: Sequence[tuple[str, object]] = (),
        timeout: float = 5.0,
        uri: bool = False,
        file: Path | None = None,
        writable: bool = True,
    ) -> None:
        options: dict[str, Any] = {"uri": True} if uri else {}
        super().__init__(
            database,
            pragmas=list(pragmas),
            timeout=timeout,
            lock_type="IMMEDIATE",
            autoconnect=False,  # a closed workspace stays closed: nothing reopens it behind us
            thread_safe=False,  # one connection, as SQLite's locks are the process's
            **options,
        )
        self.file = file
        """The workspace file, registered in :mod:`open_files` while the connection is open."""
        self._writable = writable
        self._pragma_list = list(pragmas)
        self._busy_seconds = timeout
        self._uri = uri

    def twin(self) -> Database:
        """A new, closed connection to the same file: same pragmas, busy timeout and mode.

        Opened on another thread, it lets a long job work there while this one stays with the
        window (SQLite shares the process's locks between its connections).
        """
        return Database(
            self.database,
            pragmas=self._pragma_list,
            timeout=self._busy_seconds,
            uri=self._uri,
            file=self.file,
            writable=self._writable,
        )

    def connect(self, reuse_if_open: bool = False) -> bool:
        """Open the connection and set its pragmas (in the order given)."""
        opened = bool(super().connect(reuse_if_open))
        if opened and self.file is not None:
            open_files.register(self, self.file, writable=self._writable)
        return opened

    def connection(self) -> sqlite3.Connection:
        """The open ``sqlite3`` connection (repositories run their statements on it)."""
        if self.is_closed():
            raise sqlite3.ProgrammingError(CLOSED_MESSAGE)
        connection: sqlite3.Connection = super().connection()
        return connection

    def rollback(self) -> None:
        """Roll the transaction back; nothing when SQLite already did (a full disk, I/O)."""
        if not self.is_closed() and not self.connection().in_transaction:
            return  # a ROLLBACK now would fail and hide the error that caused it
        super().rollback()

    def savepoint(self) -> _Savepoint:  # type: ignore[override]  # peewee's is private
        """A nested block of :meth:`atomic`: undone alone when it fails."""
        return _Savepoint(self)

    def cursor(self, named_cursor: object = None) -> sqlite3.Cursor:
        """A new cursor on the open connection."""
        return self.connection().cursor()

    def close(self) -> bool:
        """Close the connection, rolling back what is not committed; True when it was open."""
        if self.in_transaction():  # an error path: what the block wrote is not kept
            while self.transaction_depth():
                self.pop_transaction()
            if not self.is_closed():
                self.connection().rollback()
        try:
            return bool(super().close())
        finally:
            open_files.unregister(self)


class _Savepoint:
    """``SAVEPOINT`` … ``RELEASE``; on an error rolled back to its start and released.

    When SQLite has rolled back the whole transaction by itself (``SQLITE_FULL``, an I/O
    error) there is nothing left to roll back to: the error that did it is what goes on.
    """

    _numbers = itertools.count(1)

    def __init__(self, db: Database) -> None:
        self._db = db
        self._name = f"s{next(self._numbers)}"

    def __enter__(self) -> _Savepoint:
        self._db.execute_sql(f"SAVEPOINT {self._name}")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is None:
            try:
                self._db.execute_sql(f"RELEASE SAVEPOINT {self._name}")
            except BaseException:
                self._undo()
                raise
        else:
            self._undo()

    def _undo(self) -> None:
        if not self._db.is_closed() and self._db.connection().in_transaction:
            self._db.execute_sql(f"ROLLBACK TO SAVEPOINT {self._name}")
            self._db.execute_sql(f"RELEASE SAVEPOINT {self._name}")

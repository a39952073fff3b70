"""One SQLite connection with nested transactions: what the store needs of a database handle.

The workspace runs its SQL through the ``sqlite3`` connection itself; this adds only the
``BEGIN IMMEDIATE`` transaction with savepoints nested inside it. (peewee's ``SqliteDatabase``
did the same, but importing it costs ~25 ms of every start; peewee still defines the schema's
models in :mod:`desktop_app.persistence.models`.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop_app import open_files


class Database:
    """A ``sqlite3`` connection in autocommit mode whose writes go through :meth:`atomic`."""

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
        self.database = database
        self.file = file
        """The workspace file, registered in :mod:`open_files` while the connection is open."""
        self._writable = writable
        self._pragmas = tuple(pragmas)
        self._timeout = timeout
        self._uri = uri
        self._connection: sqlite3.Connection | None = None
        self._depth = 0
        self._savepoints = 0

    def connect(self) -> None:
        """Open the connection and set its pragmas (in the order given)."""
        if self._connection is not None:
            raise sqlite3.ProgrammingError("the connection is already open")
        connection = sqlite3.connect(
            self.database, timeout=self._timeout, isolation_level=None, uri=self._uri
        )
        try:
            for name, value in self._pragmas:
                connection.execute(f"PRAGMA {name} = {value}").fetchall()
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        if self.file is not None:
            open_files.register(self, self.file, writable=self._writable)

    def connection(self) -> sqlite3.Connection:
        """The open ``sqlite3`` connection."""
        if self._connection is None:
            raise sqlite3.ProgrammingError("the workspace connection is closed")
        return self._connection

    def cursor(self) -> sqlite3.Cursor:
        """A new cursor on the connection."""
        return self.connection().cursor()

    def execute_sql(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement; its cursor holds the rows."""
        return self.connection().execute(sql, params)

    def in_transaction(self) -> bool:
        """True inside :meth:`atomic`."""
        return self._depth > 0

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """A ``BEGIN IMMEDIATE`` transaction; nested calls are savepoints inside it.

        An exception rolls back what the block wrote (the whole transaction at the outside,
        the savepoint's part inside) and goes on; a commit that fails is rolled back.
        """
        connection = self.connection()
        if self._depth:
            yield from self._savepoint(connection)
            return
        connection.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            connection.rollback()
            raise
        self._depth = 0
        try:
            connection.commit()
        except BaseException:
            connection.rollback()
            raise

    def _savepoint(self, connection: sqlite3.Connection) -> Iterator[None]:
        self._savepoints += 1
        name = f"s{self._savepoints}"
        connection.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            connection.execute(f"ROLLBACK TO SAVEPOINT {name}")
            connection.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            connection.execute(f"RELEASE SAVEPOINT {name}")
        finally:
            self._depth -= 1

    def is_closed(self) -> bool:
        """True once :meth:`close` ran (or before :meth:`connect`)."""
        return self._connection is None

    def close(self) -> None:
        """Close the connection (rolling back what is not committed)."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            self._depth = 0
            connection.close()
            open_files.unregister(self)

"""A team workspace's store: the same repositories over a PostgreSQL database.

What a file has and a server does not (a back-up copy, SQLite's quick check) is answered here:
a server is backed up with ``pg_dump`` and checks itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Self

from desktop_app.domain.errors import StorageError
from desktop_app.persistence import held_tallies, statistics
from desktop_app.persistence.bulk_unit import unit_of_bulk
from desktop_app.persistence.location import ServerAddress
from desktop_app.persistence.operator_grants import Connected, connected, granted
from desktop_app.persistence.postgres_connection import PostgresDatabase
from desktop_app.persistence.postgres_database import open_server_database
from desktop_app.persistence.postgres_errors import write_error
from desktop_app.persistence.store_base import WorkspaceStore
from desktop_app.services.write_permission import ReadOnlyError

NO_FILE_BACKUP = (
    "A team workspace lives on its server: back it up there with pg_dump "
    "(pg_dump --format=custom --file=workspace.dump {url}); nothing was written."
)

BULK_PLANS = "SET LOCAL plan_cache_mode = auto"
"""A bulk write's plans: the server's own choice, not the window's ``force_custom_plan``.

The checks of the accounts' foreign keys (their parent, hub and owner, and each version's
account) run a prepared statement a row, which a custom plan planned again every time, with
the 24 indexes of ``tier_account`` opened and weighed; so was each call of a SQL function
the indexes and triggers do not inline. 97,293 create rows: the server's CPU 31.0 s -> 23.8 s
(the foreign keys 5.6 -> 1.5 s)."""


class PostgresStore(WorkspaceStore):
    """Implements the services' ``Store`` protocol over a database on a PostgreSQL server."""

    path: Path | None = None

    def __init__(self, db: PostgresDatabase, *, read_only_reason: str | None = None) -> None:
        super().__init__(db, read_only_reason=read_only_reason)
        self.db: PostgresDatabase = db
        self.address = db.address

    @classmethod
    def open(
        cls, address: ServerAddress, *, create: bool = False, read_only: bool = False
    ) -> PostgresStore:
        """Connect to the team workspace at ``address`` (``create``: make its schema)."""
        opened = open_server_database(address, create=create, read_only=read_only)
        return cls(opened.db, read_only_reason=opened.read_only_reason)

    def sibling(self) -> Self:
        """The same server and database on a second connection (same address and password)."""
        db = PostgresDatabase(self.address).open()  # a StorageError naming the server
        return type(self)(db, read_only_reason=self.read_only_reason)

    def integrity_problems(self) -> list[str]:
        """Nothing: the server checks its own pages."""
        return []

    @cached_property
    def _connected(self) -> Connected:
        try:
            return connected(self.db)
        except Exception as exc:
            raise write_error(self.db, exc) or StorageError(
                f"The workspace cannot be read: {exc}."
            ) from exc

    @property
    def database_user(self) -> str:
        """The database role this connection works as (``current_user``)."""
        return self._connected.role

    def granted_operators(self) -> set[str] | None:
        """The operator accounts the role may act as; None for the owner (every one)."""
        who = self._connected
        if who.is_owner:
            return None
        try:
            return granted(self.db, who)
        except Exception as exc:
            raise write_error(self.db, exc) or StorageError(
                f"The workspace cannot be read: {exc}."
            ) from exc

    @contextmanager
    def write(self) -> Iterator[None]:
        """One transaction; a nested call is a savepoint of the outer one.

        Inside a bulk write a nested call joins it with no savepoint (:func:`unit_of_bulk`):
        the rows held back stay held, and go a batch at a time.
        """
        if self._read_only_reason is not None:
            raise ReadOnlyError(self._read_only_reason)
        if self._pending.holding and self.db.in_transaction():
            changes = self.db.changes
            with unit_of_bulk(lambda: changes.rows, self._pending):
                yield
            return
        try:
            with self.db.atomic():
                yield
        except StorageError:
            raise
        except Exception as exc:
            error = write_error(self.db, exc)
            if error is None:
                raise
            raise error from exc

    @contextmanager
    def bulk_write(self, expected_rows: int = 0) -> Iterator[None]:
        """:meth:`write` for many rows: new accounts go to the server a batch at a time.

        The search prefixes of the accounts it inserts are tallied once, at its end
        (:mod:`~desktop_app.persistence.held_tallies`).
        """
        with self.write():
            present = statistics.accounts_present(self.db)
            # SET and CREATE TEMPORARY TABLE are no statements peewee's query builder says
            self.db.execute_sql(BULK_PLANS)  # LOCAL: until this write ends
            holds = bool(self.db.execute_sql(held_tallies.MAY_HOLD).fetchone()[0])
            for statement in held_tallies.HOLD if holds else ():
                self.db.execute_sql(statement)
            self._pending.holding = True
            try:
                yield
                self._pending.flush(self.db.connection())
                for statement in held_tallies.APPLY if holds else ():
                    self.db.execute_sql(statement)
            except BaseException:
                self._pending.discard()
                raise
            finally:
                self._pending.holding = False
        if statistics.worth_refreshing(expected_rows, present):
            self.refresh_statistics(tables=statistics.ACCOUNT_TABLES)

    def refresh_statistics(self, thorough: bool = False, tables: Sequence[str] = ()) -> None:
        """Gather the planner's statistics (and vacuum when ``thorough``) outside a transaction."""
        if self._read_only_reason is not None or self.db.in_transaction():
            return
        try:
            for statement in statistics.statements(self.db, thorough, tables):
                self.db.execute_sql(statement)
        except Exception as exc:
            raise write_error(self.db, exc) or StorageError(
                f"The workspace's statistics could not be gathered: {exc}."
            ) from exc

    def data_version(self) -> int:
        """A number that changes whenever anyone commits a change to the workspace."""
        try:
            return int(self.db.execute_sql("SELECT value FROM change_counter").fetchone()[0])
        except Exception as exc:
            raise write_error(self.db, exc) or StorageError(
                f"The workspace cannot be read: {exc}."
            ) from exc

    def watch_changes(
        self, changed: Callable[[frozenset[str]], None], lost: Callable[[str], None]
    ) -> Callable[[], None] | None:
        """``LISTEN`` on a connection of its own; this connection's own changes are not told."""
        from desktop_app.persistence.postgres_listener import ChangeListener

        def own() -> int | None:  # a plain read, from the listener's thread
            return self.db.backend_pid

        listener = ChangeListener(self.address, changed, lost, ignored_pid=own).start()
        return listener.stop

    def back_up(self, target: Path) -> Path:
        """Refused: a server is backed up with its own tools."""
        raise StorageError(NO_FILE_BACKUP.format(url=self.address.display))

    def restore(self, source: Path) -> Path:
        """Refused: a server is restored with its own tools."""
        raise StorageError(
            "A team workspace is restored on its server (pg_restore); nothing was changed."
        )

"""A team workspace's database: peewee's PostgresqlDatabase over psycopg 3, one connection.

Every statement and transaction goes through it as on SQLite; the connection is opened only
by :meth:`connect` (nothing reconnects behind the application's back), and a failure to
connect names the server and the database, never a password.
"""

from __future__ import annotations

from typing import Any, Final

from peewee import PostgresqlDatabase

from desktop_app.domain.errors import StorageError
from desktop_app.persistence.location import ServerAddress

CONNECT_TIMEOUT_S: Final = 10
APPLICATION_NAME: Final = "desktop-app"


class PostgresDatabase(PostgresqlDatabase):
    """One connection to the team workspace's database."""

    file = None
    """No workspace file: :mod:`desktop_app.open_files` has nothing to guard."""

    def __init__(self, address: ServerAddress, *, connect_timeout: int = CONNECT_TIMEOUT_S) -> None:
        super().__init__(
            address.url,
            prefer_psycopg3=True,
            autoconnect=False,
            thread_safe=False,
            connect_timeout=connect_timeout,
            application_name=APPLICATION_NAME,
        )
        self.address = address

    def connection_error(self, exc: BaseException) -> StorageError:
        """A message for people about a connection that failed or was lost."""
        detail = " ".join(str(getattr(exc, "orig", None) or exc).split())
        return StorageError(
            f"The team workspace {self.address.display} cannot be reached: {detail}. "
            "Check that the server is running and that you may connect to it; "
            "nothing was changed."
        )

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        """Run one statement; raw SQL with SQLite's ``?`` placeholders gets psycopg's ``%s``.

        What peewee compiles for this database has them already.
        """
        if params and "?" in sql and "%s" not in sql:
            sql = sql.replace("%", "%%").replace("?", "%s")
        return super().execute_sql(sql, params)

    def open(self) -> PostgresDatabase:
        """Connect; a :class:`StorageError` naming host and database when that fails."""
        try:
            self.connect()
        except Exception as exc:
            raise self.connection_error(exc) from exc
        return self

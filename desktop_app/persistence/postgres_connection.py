"""A team workspace's database: peewee's PostgresqlDatabase over psycopg 3, one connection.

Every statement and transaction goes through it as on SQLite; the connection is opened only
by :meth:`connect` (nothing reconnects behind the application's back), and a failure to
connect names the server and the database, never a password.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from peewee import PostgresqlDatabase

from desktop_app.domain.errors import StorageError
from desktop_app.persistence import postgres_driver, postgres_errors
from desktop_app.persistence.location import ServerAddress
from desktop_app.persistence.postgres_errors import password_error, password_parameter

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S: Final = 10
APPLICATION_NAME: Final = "desktop-app"
KEEPALIVE: Final[dict[str, Any]] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
}
"""libpq's TCP settings: a network that drops silently (no reset: a cable, a VPN, a server
host gone) ends the wait for the server as a lost connection within about 25 s (idle 10 s,
then three probes 5 s apart; data unacknowledged for 30 s), not after the system's two hours.
The probes are answered by the server's kernel, so a long statement is never cut by them."""

SESSION_OPTIONS: Final = "-c plan_cache_mode=force_custom_plan -c max_parallel_workers_per_gather=0"
"""How the server plans the window's statements, which each read a page or a count.

Each statement is planned for its own parameters: psycopg prepares a statement run five times
and the server may then plan it once for any value, and a search's plan depends on how many
accounts its words match (a bitmap of 57,000 or a walk of the sort index: 330 ms against 1 ms
at a million accounts). No parallel workers: starting them costs ~6 ms, more than the page or
count of a few hundred accounts they would share (a 404-account search 23 -> 7 ms).
"""


def _without_nul(params: Any) -> Any:
    """``params`` with each NUL (which PostgreSQL's text cannot hold) as another control character.

    No stored value holds either (validation refuses them), so a look-up by such a value
    finds nothing, as on SQLite.
    """
    if isinstance(params, dict):
        return {k: _without_nul([v])[0] for k, v in params.items()}
    return [p.replace("\x00", "\x01") if isinstance(p, str) else p for p in params]


def _is_read(sql: str) -> bool:
    """A statement that changes nothing: a plain ``SELECT``."""
    words = sql.lstrip().split(None, 1)
    return bool(words) and words[0].upper() == "SELECT" and "FOR UPDATE" not in sql.upper()


CHANGING: Final = ("INSERT", "UPDATE", "DELETE", "MERGE")
"""The commands whose rows count as changed (a statement's status begins with its command)."""


class ChangeCount:
    """Rows changed by the statements and ``executemany`` calls of one connection's cursors.

    What SQLite's ``total_changes`` is to a file: a bulk write compares it before and after a
    unit to know that a refused unit wrote nothing (rows a ``COPY`` sends are not counted).
    """

    __slots__ = ("rows",)

    def __init__(self) -> None:
        self.rows = 0

    def cursor_class(self) -> type[psycopg.Cursor[Any]]:
        """The cursor class that adds what each statement changed to this count."""
        import psycopg  # loaded by then (postgres_driver): a file's start-up never imports it

        count = self

        class CountingCursor(psycopg.Cursor[Any]):
            """A psycopg cursor that counts the rows its statements changed."""

            def execute(self, *args: Any, **kwargs: Any) -> Any:
                result = super().execute(*args, **kwargs)
                count.saw(self)
                return result

            def executemany(self, *args: Any, **kwargs: Any) -> None:
                super().executemany(*args, **kwargs)
                count.saw(self)  # psycopg's rowcount is the sum over every row's statement

        return CountingCursor

    def saw(self, cursor: psycopg.Cursor[Any]) -> None:
        """Add the rows ``cursor``'s last statement changed."""
        status = cursor.statusmessage
        if status is not None and status.startswith(CHANGING) and cursor.rowcount > 0:
            self.rows += cursor.rowcount


class PostgresDatabase(PostgresqlDatabase):
    """One connection to the team workspace's database."""

    file = None
    """No workspace file: :mod:`desktop_app.open_files` has nothing to guard."""
    _lost = False
    """The server dropped the connection: the next statement outside a transaction reconnects."""
    backend_pid: int | None = None
    """The server process of the connection now open (a new one after each reconnect)."""

    def __init__(self, address: ServerAddress, *, connect_timeout: int = CONNECT_TIMEOUT_S) -> None:
        postgres_driver.load()  # peewee picks its adapter here, from the driver it knows of
        self.changes = ChangeCount()
        """Rows changed through this database's connections (every one it opens)."""
        super().__init__(
            address.url,
            prefer_psycopg3=True,
            autoconnect=False,
            thread_safe=False,
            connect_timeout=connect_timeout,
            application_name=APPLICATION_NAME,
            options=SESSION_OPTIONS,
            cursor_factory=self.changes.cursor_class(),
            **KEEPALIVE,
            **password_parameter(address),
        )
        self.address = address

    def connection_error(self, exc: BaseException) -> StorageError:
        """A message for people about a connection that failed or was lost.

        A :class:`PasswordRequiredError` when the server wants a password, or another one.
        """
        refused = password_error(self.address, exc)
        if refused is not None:
            return refused
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
        if params and any(isinstance(p, str) and "\x00" in p for p in params):
            params = _without_nul(params)
        try:
            return super().execute_sql(sql, params)
        except Exception as exc:
            if self.transaction_depth() or not postgres_errors.is_connection_lost(exc):
                raise  # inside a transaction the store's write() says what was lost
            if not _is_read(sql):  # a statement of its own commits itself: it may have
                raise postgres_errors.connection_lost(
                    self, exc, writing=True, committing=True
                ) from exc
        # A read the server dropped (it restarted while the connection was idle) changed
        # nothing: it is sent once more, on a new connection.
        try:
            return super().execute_sql(sql, params)
        except Exception as exc:
            if postgres_errors.is_connection_lost(exc):
                raise postgres_errors.connection_lost(self, exc, writing=False) from exc
            raise

    def cursor(self, named_cursor: Any = None) -> Any:
        """A cursor; outside a transaction a connection the server dropped is made again.

        A restart or a network drop ends the action it hit with a message (nothing of it
        saved); the next action connects again instead of failing the same way, and keeps
        trying at each action while the server is away (each says it cannot be reached).
        """
        if not self.transaction_depth():
            state = self._state  # type: ignore[attr-defined]  # peewee's connection state
            conn = None if self.is_closed() else state.conn
            if conn is not None and (conn.closed or conn.broken):
                state.reset()
                self._lost = True
            if self._lost and self.is_closed():
                self.open()
                self._lost = False
        return super().cursor(named_cursor)

    def begin(self, *args: Any, **kwargs: Any) -> None:
        """``BEGIN``; on a connection the server dropped while idle, once more on a new one.

        Nothing was sent but the ``BEGIN`` itself, so nothing can be half done.
        """
        try:
            super().begin(*args, **kwargs)
        except Exception as exc:
            if not postgres_errors.is_connection_lost(exc):
                raise
            super().begin(*args, **kwargs)

    def commit(self) -> None:
        """``COMMIT``, only ever on the transaction's own connection.

        One the server dropped is never replaced here: a ``COMMIT`` on a new connection would
        succeed with nothing to commit, and the change would be said saved when it was lost.
        """
        conn = None if self.is_closed() else self._state.conn  # type: ignore[attr-defined]
        if conn is None or conn.closed or conn.broken:
            dropped = ConnectionError("the connection had dropped before the commit")
            raise postgres_errors.connection_lost(self, dropped, writing=True)
        try:
            super().commit()
        except Exception as exc:
            if not postgres_errors.is_connection_lost(exc):
                raise
            raise postgres_errors.connection_lost(self, exc, writing=True, committing=True) from exc

    def rollback(self) -> None:
        """``ROLLBACK``; nothing on a connection the server dropped (it rolled back itself).

        The action that met the drop then says the connection was lost, not that the server
        cannot be reached while it tried to connect again only to roll back.
        """
        conn = None if self.is_closed() else self._state.conn  # type: ignore[attr-defined]
        if conn is not None and (conn.closed or conn.broken):
            self._state.reset()  # type: ignore[attr-defined]
            self._lost = True
            return
        super().rollback()

    def close(self) -> bool:
        """Close the connection; a closed database stays closed (nothing reconnects it)."""
        self._lost = False
        return bool(super().close())

    def open(self) -> PostgresDatabase:
        """Connect; a :class:`StorageError` naming host and database when that fails."""
        try:
            self.connect()
        except Exception as exc:
            raise self.connection_error(exc) from exc
        self.backend_pid = self._state.conn.info.backend_pid  # type: ignore[attr-defined]
        return self

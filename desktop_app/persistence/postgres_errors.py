"""PostgreSQL's errors told apart by their SQLSTATE, and said for people."""

from __future__ import annotations

from typing import Any, Final, Protocol

from desktop_app.domain.errors import ConnectionLostError, PasswordRequiredError, StorageError
from desktop_app.persistence.location import ServerAddress
from desktop_app.services.write_permission import ReadOnlyError

CONNECTION_CLASSES: Final = ("08", "57")
"""Connection exceptions, and the server shutting down or restarting (operator intervention)."""
BUSY: Final = frozenset({"40001", "40P01", "55P03", "57014"})
"""Serialization failure, deadlock, lock not available, statement cancelled (a timeout)."""
NO_PRIVILEGE: Final = "42501"
DISK_FULL: Final = frozenset({"53100", "53200", "53300"})
"""Disk full, out of memory, too many connections: the server has no room for this now."""
WRONG_PASSWORD: Final = "28P01"
NOT_AUTHORIZED: Final = "28000"
NO_PASSWORD_TEXT: Final = "no password supplied"
"""libpq's own words when the server asked for a password and none was found."""
WRONG_PASSWORD_TEXT: Final = "password authentication failed"
"""The server's words for 28P01: on connecting, libpq gives the text but no SQLSTATE."""


class ServerDatabase(Protocol):
    """What the messages need of a team workspace's database: where it is.

    :class:`~desktop_app.persistence.postgres_connection.PostgresDatabase` is one; named by
    this protocol so that the connection, which words its own errors here, is not imported.
    """

    @property
    def address(self) -> ServerAddress:
        """The server and database, as shown (no password)."""
        ...


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of the server's error behind ``exc`` (peewee keeps it as ``orig``)."""
    for error in (exc, getattr(exc, "orig", None)):
        state = getattr(error, "sqlstate", None)
        if isinstance(state, str):
            return state
    return None


def is_connection_lost(exc: BaseException) -> bool:
    """The connection failed or the server went away (a restart, the network).

    A statement cancelled by a timeout (57014) is in the same class but keeps its connection.
    """
    state = sqlstate(exc)
    if state is not None:
        return state[:2] in CONNECTION_CLASSES and state not in BUSY
    import psycopg

    original = getattr(exc, "orig", None) or exc
    return isinstance(original, psycopg.OperationalError | psycopg.InterfaceError)


def write_error(db: ServerDatabase, exc: BaseException) -> StorageError | None:
    """A message for people about a write the server refused; None for any other error."""
    where = db.address.display
    if is_connection_lost(exc):
        return connection_lost(db, exc, writing=True)
    state = sqlstate(exc)
    if state in BUSY:
        return StorageError(
            "The workspace is busy: someone else is changing the same rows. "
            "Try again in a moment; nothing was saved."
        )
    if state == NO_PRIVILEGE:
        return ReadOnlyError("your database role may not change it")
    if state in DISK_FULL:
        return StorageError(
            f"The server of {where} has no room for this change now ({_detail(exc)}); "
            "nothing was saved."
        )
    return None


def connection_lost(
    db: ServerDatabase, exc: BaseException, *, writing: bool, committing: bool = False
) -> StorageError:
    """The message for a connection the server (a restart) or the network dropped mid-action.

    One line that names host and database. The next action connects again by itself. Lost
    while the ``COMMIT`` was on its way (``committing``), the change may have been saved or
    not: the message says so, so that nobody makes it twice.
    """
    where = db.address.display
    if committing:
        return ConnectionLostError(
            f"The connection to the team workspace {where} was lost while this change was "
            f"being saved ({_detail(exc)}): it may or may not have been saved. Once the server "
            "is back, look at it before trying again."
        )
    what = "nothing of this change was saved" if writing else "nothing was changed"
    return ConnectionLostError(
        f"The connection to the team workspace {where} was lost "
        f"({_detail(exc)}); {what}. Try again once the server is back."
    )


def _detail(exc: BaseException) -> str:
    return " ".join(str(getattr(exc, "orig", None) or exc).split()) or type(exc).__name__


def password_parameter(address: ServerAddress) -> dict[str, Any]:
    """``password=`` for libpq when one was typed in (it wins over the URL's), else nothing."""
    return {} if address.password is None else {"password": address.password}


def password_error(address: ServerAddress, exc: BaseException) -> PasswordRequiredError | None:
    """The server wants a password, or refused the one given; None for any other failure.

    By SQLSTATE (28P01, or 28000 about a password) where the error has one, else by libpq's
    connection state and words: a failed connection attempt carries no SQLSTATE.
    """
    original = getattr(exc, "orig", None) or exc
    text = str(original).lower()
    state = sqlstate(exc)
    needs = getattr(getattr(original, "pgconn", None), "needs_password", False) is True
    missing = needs or NO_PASSWORD_TEXT in text
    wrong = state == WRONG_PASSWORD or WRONG_PASSWORD_TEXT in text
    if state == NOT_AUTHORIZED and "password" in text:
        wrong = True
    if not (missing or wrong):
        return None
    who = _who(address, original)
    if missing and address.password is None:
        message = (
            f"The server asks for the password of {who} (the window asks for it; "
            "commands find it in PGPASSWORD or ~/.pgpass)."
        )
        return PasswordRequiredError(message, who=who, wrong=False)
    return PasswordRequiredError(
        f"The password of {who} was refused by the server.", who=who, wrong=True
    )


def _who(address: ServerAddress, original: BaseException) -> str:
    """``anna@dbhost:5432/customers``: the user libpq tried (the URL's, PGUSER, the login)."""
    user = address.user
    raw = getattr(getattr(original, "pgconn", None), "user", None)
    if isinstance(raw, bytes) and raw:
        user = raw.decode(errors="replace")
    port = f":{address.port}" if address.port is not None else ""
    return f"{user + '@' if user else ''}{address.host}{port}/{address.database}"

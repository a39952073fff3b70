"""PostgreSQL's errors told apart by their SQLSTATE, and said for people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from desktop_app.domain.errors import StorageError
from desktop_app.persistence.database import read_only_message

if TYPE_CHECKING:
    from desktop_app.persistence.postgres_connection import PostgresDatabase

CONNECTION_CLASSES: Final = ("08", "57")
"""Connection exceptions, and the server shutting down or restarting (operator intervention)."""
BUSY: Final = frozenset({"40001", "40P01", "55P03", "57014"})
"""Serialization failure, deadlock, lock not available, statement cancelled (a timeout)."""
NO_PRIVILEGE: Final = "42501"
DISK_FULL: Final = frozenset({"53100", "53200", "53300"})
"""Disk full, out of memory, too many connections: the server has no room for this now."""


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of the server's error behind ``exc`` (peewee keeps it as ``orig``)."""
    for error in (exc, getattr(exc, "orig", None)):
        state = getattr(error, "sqlstate", None)
        if isinstance(state, str):
            return state
    return None


def is_connection_lost(exc: BaseException) -> bool:
    """The connection failed or the server went away (a restart, the network)."""
    state = sqlstate(exc)
    if state is not None:
        return state[:2] in CONNECTION_CLASSES
    import psycopg

    original = getattr(exc, "orig", None) or exc
    return isinstance(original, psycopg.OperationalError | psycopg.InterfaceError)


def write_error(db: PostgresDatabase, exc: BaseException) -> StorageError | None:
    """A message for people about a write the server refused; None for any other error."""
    where = db.address.display
    if is_connection_lost(exc):
        return StorageError(
            f"The connection to the team workspace {where} was lost ({_detail(exc)}); "
            "nothing of this change was saved. Reopen the workspace and try again."
        )
    state = sqlstate(exc)
    if state in BUSY:
        return StorageError(
            "The workspace is busy: someone else is changing the same rows. "
            "Try again in a moment; nothing was saved."
        )
    if state == NO_PRIVILEGE:
        return StorageError(read_only_message("your database role may not change it"))
    if state in DISK_FULL:
        return StorageError(
            f"The server of {where} has no room for this change now ({_detail(exc)}); "
            "nothing was saved."
        )
    return None


def _detail(exc: BaseException) -> str:
    return " ".join(str(getattr(exc, "orig", None) or exc).split()) or type(exc).__name__

"""The open workspace again, on a connection of its own: a long job's, on the job's thread.

The window's store has one connection, used by the window's thread only. An export, an import
or loading demo data runs on a thread of its own and opens a sibling store there: the same file
(same pragmas and busy timeout, same read-only mode) or the same server (same address and
password), with the same read-only reason. For a file this is a second connection within
SQLite, never a file opened beside it: SQLite shares the process's POSIX locks between its
connections and defers closing a descriptor while another connection holds locks, and in WAL
mode the window keeps reading its snapshot while the job writes. The job closes its sibling
on its own thread when it ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.domain.errors import StorageError
from desktop_app.persistence.sqlite_errors import is_locked_error
from desktop_app.persistence.store_base import WorkspaceStore

if TYPE_CHECKING:
    from desktop_app.persistence.postgres_store import PostgresStore
    from desktop_app.persistence.store import SqliteStore


def open_sibling(store: WorkspaceStore) -> WorkspaceStore:
    """A store over ``store``'s workspace on a new connection of the calling thread.

    A :class:`StorageError` that says why when it cannot be opened.
    """
    from desktop_app.persistence.postgres_store import PostgresStore
    from desktop_app.persistence.store import SqliteStore

    if isinstance(store, SqliteStore):
        return _file_sibling(store)
    if isinstance(store, PostgresStore):
        return _server_sibling(store)
    raise TypeError(f"No sibling of a {type(store).__name__}")


def _file_sibling(store: SqliteStore) -> SqliteStore:
    from desktop_app.persistence.store import SqliteStore

    if store.path is None or store.db.file is None:
        raise StorageError("This workspace has no file to open a second connection to.")
    db = store.db.twin()
    try:
        db.connect()
    except Exception as exc:
        db.close()
        if is_locked_error(exc):
            raise StorageError(
                "The workspace is busy: another window or program is using it. Try again in a "
                "moment; nothing was changed."
            ) from exc
        raise StorageError(f"{store.path} cannot be opened again: {exc}.") from exc
    return SqliteStore(
        db,
        store.path,
        read_only_reason=store.read_only_reason,
        busy_timeout_ms=store._busy_timeout_ms,
    )


def _server_sibling(store: PostgresStore) -> PostgresStore:
    from desktop_app.persistence.postgres_connection import PostgresDatabase
    from desktop_app.persistence.postgres_store import PostgresStore

    db = PostgresDatabase(store.address).open()  # a StorageError naming the server
    return PostgresStore(db, read_only_reason=store.read_only_reason)

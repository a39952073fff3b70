"""Open a workspace wherever it lives: a file (SQLite) or a team database (PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.persistence.location import Location, ServerAddress, parse_location
from desktop_app.persistence.postgres_store import PostgresStore
from desktop_app.persistence.store import SqliteStore

Store = SqliteStore | PostgresStore


def open_store(
    location: Location | str,
    *,
    create: bool = True,
    read_only: bool = False,
    verify: bool = False,
    init: bool = False,
) -> Store:
    """The workspace at ``location``; a :class:`StorageError` that says why when it cannot be.

    A file is created when missing (``create``, or ``init``). A server's database must hold a
    workspace already unless ``init`` (``desktop-app init``) makes one in it while it is empty:
    opening the wrong database never fills it with tables.
    """
    where = parse_location(location) if isinstance(location, str) else location
    if isinstance(where, ServerAddress):
        return PostgresStore.open(where, create=init, read_only=read_only)
    return SqliteStore.open(Path(where), create=create or init, read_only=read_only, verify=verify)

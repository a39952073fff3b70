"""The SQLite connections a workspace file is opened with: writable, read-only, or a probe.

Each sets its pragmas once here (WAL, foreign keys, full sync, busy timeout), and the
read-only ones fall back to ``immutable`` where a write-protected folder leaves SQLite no
room for its ``-shm`` file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.persistence.connection import Database
from desktop_app.persistence.sqlite_errors import DATABASE_ERRORS, is_read_only_refusal


def connect_writable(path: Path, busy_timeout_ms: int) -> Database:
    """A connection that reads and writes the workspace at ``path``."""
    db = Database(
        str(path),
        pragmas=(
            ("journal_mode", "wal"),
            ("foreign_keys", 1),
            ("busy_timeout", busy_timeout_ms),
            # FULL: a commit the user saw survives an OS crash or power loss, not only a kill
            ("synchronous", "full"),
            # savepoint journals and the import's journal of touched rows stay in memory:
            # in files they cost a write per page and statement (~0.2 ms a row in an import)
            ("temp_store", "memory"),
            ("cache_size", -16_000),  # 16 MB: an import's index pages stay cached
        ),
        timeout=busy_timeout_ms / 1000,
        file=path,
    )
    db.connect()
    return db


def _read_only_uri(path: Path, *, immutable: bool) -> str:
    query = "mode=ro&immutable=1" if immutable else "mode=ro"
    return f"{path.resolve().as_uri()}?{query}"


def _may_open_immutable(path: Path, exc: BaseException) -> bool:
    """A WAL file in a write-protected folder: SQLite cannot create the ``-shm`` file it needs.

    Opening it as immutable is safe only when no ``-wal`` file holds changes that are not yet
    in the file itself (nobody can write there anyway: the folder refuses new files).
    """
    if not is_read_only_refusal(exc):
        return False
    wal = path.with_name(path.name + "-wal")
    return not wal.exists() or wal.stat().st_size == 0


def connect_read_only(path: Path, busy_timeout_ms: int) -> Database:
    """A connection that SQLite itself keeps from writing (``mode=ro``, ``query_only``)."""
    for immutable in (False, True):
        db = Database(
            _read_only_uri(path, immutable=immutable),
            pragmas=(("foreign_keys", 1), ("busy_timeout", busy_timeout_ms), ("query_only", 1)),
            timeout=busy_timeout_ms / 1000,
            uri=True,
            file=path,
            writable=False,
        )
        try:
            db.connect()
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        except Exception as exc:
            db.close()
            if immutable or not _may_open_immutable(path, exc):
                raise
        else:
            return db
    raise AssertionError("unreachable")  # pragma: no cover


def probe_connection(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    """A plain read-only connection for looking at a file without changing it."""
    for immutable in (False, True):
        conn = sqlite3.connect(
            _read_only_uri(path, immutable=immutable), uri=True, timeout=busy_timeout_ms / 1000
        )
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DATABASE_ERRORS as exc:
            conn.close()
            if immutable or not _may_open_immutable(path, exc):
                raise
        else:
            return conn
    raise AssertionError("unreachable")  # pragma: no cover


def pragma_int(db: Database, name: str) -> int:
    """The integer value of ``PRAGMA name`` on ``db``."""
    return int(db.execute_sql(f"PRAGMA {name}").fetchone()[0])

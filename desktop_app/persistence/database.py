"""Open a workspace file: check it is ours, set the pragmas, back it up and migrate it.

The core of opening a file: the order of the checks (look at the file, probe it read-only,
then open it writable or read-only) and the schema upgrade. The file checks and their
wording are in ``workspace_file``, the connections in ``sqlite_connect``, backup copies in
``backups`` and restoring one in ``backup_restore``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from desktop_app.config import BUSY_TIMEOUT_MS
from desktop_app.persistence import integrity
from desktop_app.persistence.backups import backup_database, backup_folder, prune, stamp
from desktop_app.persistence.connection import Database
from desktop_app.persistence.integrity import Check
from desktop_app.persistence.migrations import LATEST_VERSION, MIGRATIONS
from desktop_app.persistence.sqlite_connect import (
    connect_read_only,
    connect_writable,
    pragma_int,
    probe_connection,
)
from desktop_app.persistence.sqlite_errors import (
    DATABASE_ERRORS,
    is_locked_error,
    is_read_only_refusal,
)
from desktop_app.persistence.workspace_file import (
    DatabaseOpenError,
    check_file,
    damaged_message,
    locked_error,
    probe_error,
    read_only_reason,
)

APPLICATION_ID: Final = 0x54416363  # "TAcc": marks files this application made
READ_ONLY_BY_REQUEST: Final = "it was opened for reading only"


class _WriteRefusedError(Exception):
    """SQLite refused to write to a file that looked writable (a read-only mount, a lock)."""


@dataclass(frozen=True)
class OpenedDatabase:
    """An open workspace database and, when it can only be read, why."""

    db: Database
    read_only_reason: str | None


def damaged_reason(found: list[str]) -> str:
    """The read-only reason of a workspace SQLite's check found damaged."""
    return (
        f"it is damaged ({integrity.summary(found)}); restore it from a backup "
        "(File → Restore…) or copy out what you can"
    )


def _backup_before_migration(db: Database, path: Path, version: int) -> Path:
    folder = backup_folder(path)
    target = backup_database(db, folder / f"{path.stem}-v{version}-{stamp()}.sqlite")
    prune(folder, f"{path.stem}-v*.sqlite")
    return target


def migrate(db: Database, path: Path | None = None) -> int:
    """Bring the open database to the latest schema, one transaction per step."""
    version = pragma_int(db, "user_version")
    if version > LATEST_VERSION:
        raise DatabaseOpenError(
            f"This workspace was saved by a newer version of the application (schema "
            f"{version}; this version knows up to {LATEST_VERSION}). Update the application."
        )
    if version == LATEST_VERSION:
        return version
    if version > 0 and path is not None:
        _backup_before_migration(db, path, version)
    for step in range(version + 1, LATEST_VERSION + 1):
        with db.atomic():
            MIGRATIONS[step](db)
            db.execute_sql(f"PRAGMA user_version = {step}")
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    return LATEST_VERSION


def open_database(
    path: Path,
    *,
    create: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    read_only: bool = False,
) -> Database:
    """Open (or create) the workspace at ``path`` at the latest schema.

    Raises :class:`DatabaseOpenError` with a message for people when the file is not a
    workspace, is damaged, is newer than this version, or cannot be opened; such a file is
    inspected read-only first and never written to. See :func:`open_workspace_database`.
    """
    return open_workspace_database(
        path, create=create, busy_timeout_ms=busy_timeout_ms, read_only=read_only
    ).db


def open_workspace_database(
    path: Path,
    *,
    create: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    read_only: bool = False,
    verify: bool = False,
) -> OpenedDatabase:
    """Open the workspace at ``path``, read-only when asked or when it cannot be written.

    A write-protected file or folder is opened with SQLite's read-only mode and the reason
    is returned; the file is then never written to (not even migrated). A file that needs a
    migration is checked first and refused when damaged; ``verify`` runs SQLite's quick
    check on any other file too, which opens read-only when it finds damage.
    """
    path = Path(path)
    if check_file(path, create=create):
        if read_only:
            raise DatabaseOpenError(f"There is no workspace file at {path} to open read-only.")
        return OpenedDatabase(_open_writable(path, busy_timeout_ms, existed=False), None)
    version, found = _probe_read_only(path, busy_timeout_ms, Check.QUICK if verify else None)
    reason = READ_ONLY_BY_REQUEST if read_only else read_only_reason(path)
    if found:
        reason = damaged_reason(found)
    if reason is None:
        try:
            return OpenedDatabase(_open_writable(path, busy_timeout_ms, existed=True), None)
        except _WriteRefusedError:
            reason = f"the system does not let this application write to {path}"
    return OpenedDatabase(_open_read_only(path, busy_timeout_ms, version, reason), reason)


def _open_writable(path: Path, busy_timeout_ms: int, *, existed: bool) -> Database:
    try:
        db = connect_writable(path, busy_timeout_ms)
    except DATABASE_ERRORS as exc:
        if is_locked_error(exc):
            raise locked_error(path, busy_timeout_ms) from exc
        if existed and is_read_only_refusal(exc):
            raise _WriteRefusedError(str(exc)) from exc
        raise DatabaseOpenError(f"{path} cannot be opened: {exc}.") from exc
    try:
        migrate(db, path)
    except DatabaseOpenError:
        db.close()
        raise
    except Exception as exc:
        db.close()
        if is_locked_error(exc):
            raise locked_error(path, busy_timeout_ms) from exc
        raise DatabaseOpenError(f"{path} cannot be used as a workspace: {exc}.") from exc
    return db


def _open_read_only(path: Path, busy_timeout_ms: int, version: int, reason: str) -> Database:
    if version == 0:
        raise DatabaseOpenError(
            f"{path} holds no workspace yet, and it cannot be set up because {reason}."
        )
    if version < LATEST_VERSION:
        raise DatabaseOpenError(
            f"{path} was saved by an older version of the application (schema {version}) and "
            f"must be upgraded to schema {LATEST_VERSION} before it can be used, but {reason}. "
            "Open it with write access (or a copy of it in a folder you can write to); the file "
            "was left unchanged."
        )
    try:
        return connect_read_only(path, busy_timeout_ms)
    except Exception as exc:
        if is_locked_error(exc):
            raise locked_error(path, busy_timeout_ms) from exc
        raise DatabaseOpenError(f"{path} cannot be opened read-only: {exc}.") from exc


def _probe_read_only(
    path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS, check: Check | None = None
) -> tuple[int, list[str]]:
    """Check an existing file without writing to it: ours, not newer, readable.

    Returns its schema version and, when ``check`` is given, what that check of SQLite's
    found wrong with it (empty when whole).
    """
    try:
        probe = probe_connection(path, busy_timeout_ms)
    except DATABASE_ERRORS as exc:
        raise probe_error(path, exc, busy_timeout_ms) from exc
    try:
        app_id = probe.execute("PRAGMA application_id").fetchone()[0]
        version = int(probe.execute("PRAGMA user_version").fetchone()[0])
        tables = probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        pending = 0 < version < LATEST_VERSION  # a migration would write to it: check first
        if pending and check is None:
            check = Check.affordable(path.stat().st_size)
        found = integrity.problems(probe, check) if check is not None and version else []
    except DATABASE_ERRORS as exc:
        raise probe_error(path, exc, busy_timeout_ms) from exc
    finally:
        probe.close()
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
        raise DatabaseOpenError(
            f"{path} is a SQLite database of another application, not a workspace; "
            "it was left unchanged."
        )
    if version > LATEST_VERSION:
        raise DatabaseOpenError(
            f"{path} was saved by a newer version of the application (schema {version}; "
            f"this version knows up to {LATEST_VERSION}). Update the application to open it."
        )
    if found and pending:
        raise DatabaseOpenError(
            f"{damaged_message(path, found)}. It was saved by an older version (schema "
            f"{version}) and a damaged file is never upgraded: restore it from a backup. "
            "The file was left unchanged."
        )
    return version, found


def schema_behind(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> int | None:
    """The schema of an existing workspace file that opening would update, else None.

    A look through a read-only connection of its own: None for a missing file, one at this
    version, and anything opening would refuse (it says why itself).
    """
    path = Path(path)
    try:
        if not path.is_file() or check_file(path, create=False):
            return None
        probe = probe_connection(path, busy_timeout_ms)
    except (DatabaseOpenError, *DATABASE_ERRORS):  # a file that opening refuses, saying why
        return None
    try:
        app_id = probe.execute("PRAGMA application_id").fetchone()[0]
        version = int(probe.execute("PRAGMA user_version").fetchone()[0])
    except DATABASE_ERRORS:
        return None
    finally:
        probe.close()
    return version if app_id == APPLICATION_ID and 0 < version < LATEST_VERSION else None


def update_file(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Open the workspace at ``path`` as opening does, on this thread's connection, and close it.

    Its check, its backup and its migration run here: on a thread of its own while the
    window says what is happening. Opening it afterwards finds it at this version. Raises what
    opening raises.
    """
    open_workspace_database(Path(path), create=False, busy_timeout_ms=busy_timeout_ms).db.close()


def quick_check_file(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> list[str]:
    """SQLite's quick check of ``path`` on a read-only connection of its own; the problems.

    Only damage counts: a check that cannot run (a lock held too long, the file gone, an
    I/O error) raises, and says nothing about the file.
    """
    conn = probe_connection(path, busy_timeout_ms)
    try:
        return integrity.problems(conn, Check.QUICK)
    finally:
        conn.close()


def open_for_inspection(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
    """Open an existing workspace only to read it, at whatever schema it has.

    Nothing is written: no migration, no change of journal mode (SQLite's ``mode=ro`` and
    ``query_only``). Refuses what opening refuses, except a damaged file or an older schema:
    those it opens, to report on them.
    """
    path = Path(path)
    check_file(path, create=False)
    try:
        db = connect_read_only(path, busy_timeout_ms)
    except DATABASE_ERRORS as exc:
        raise probe_error(path, exc, busy_timeout_ms) from exc
    try:
        app_id = pragma_int(db, "application_id")
        version = pragma_int(db, "user_version")
    except DATABASE_ERRORS as exc:
        db.close()
        raise probe_error(path, exc, busy_timeout_ms) from exc
    if app_id != APPLICATION_ID or version == 0:
        db.close()
        raise DatabaseOpenError(f"{path} is not a workspace (another application's database).")
    if version > LATEST_VERSION:
        db.close()
        raise DatabaseOpenError(
            f"{path} was saved by a newer version of the application (schema {version}; "
            f"this version knows up to {LATEST_VERSION})."
        )
    return db

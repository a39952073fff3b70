"""Restoring a workspace from a backup file the user chose: checked, the current data kept.

Apart from opening because a restore reads a second file: it is checked whole and ours
without being written to, the open workspace's content is saved first, and only then is
the backup copied in (and upgraded when it is of an older schema).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.config import BUSY_TIMEOUT_MS
from desktop_app.domain.errors import StorageError
from desktop_app.open_files import open_workspace_refusal
from desktop_app.persistence import integrity
from desktop_app.persistence.backups import backup_database, backup_folder, prune, same_file, stamp
from desktop_app.persistence.connection import Database
from desktop_app.persistence.database import APPLICATION_ID, migrate
from desktop_app.persistence.integrity import Check
from desktop_app.persistence.migrations import LATEST_VERSION
from desktop_app.persistence.sqlite_connect import probe_connection
from desktop_app.persistence.sqlite_errors import DATABASE_ERRORS, is_locked_error
from desktop_app.persistence.workspace_file import (
    DatabaseOpenError,
    check_file,
    damaged_message,
    probe_error,
)


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds, read without writing to it."""

    path: Path
    version: int
    accounts: int | None
    modified: datetime


def check_backup(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> BackupInfo:
    """Check, without writing to it, that ``path`` is a backup this version can restore.

    The same checks as opening (a SQLite file, whole, ours, not newer), SQLite's full
    ``integrity_check`` and the workspace's tables; raises :class:`DatabaseOpenError` with
    the reason. The open workspace itself and its side files are refused before any read.
    """
    path = Path(path)
    refusal = open_workspace_refusal(path, "as a backup to restore")
    if refusal is not None:
        raise DatabaseOpenError(refusal)
    check_file(path, create=False)
    try:
        conn = probe_connection(path, busy_timeout_ms)
    except DATABASE_ERRORS as exc:
        raise probe_error(path, exc, busy_timeout_ms) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        found = integrity.problems(conn, Check.FULL)
        missing = integrity.missing_tables(conn) if not found else []
        accounts: int | None
        try:
            accounts = int(
                conn.execute(
                    "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
                ).fetchone()[0]
            )
        except DATABASE_ERRORS:
            accounts = None
    except DATABASE_ERRORS as exc:
        raise DatabaseOpenError(
            f"{path} is damaged or not a backup of a workspace: {exc}."
        ) from exc
    finally:
        conn.close()
    if app_id != APPLICATION_ID or version < 1:
        raise DatabaseOpenError(
            f"{path} is not a backup of a workspace (it is another application's SQLite "
            "database, or an empty one)."
        )
    if version > LATEST_VERSION:
        raise DatabaseOpenError(
            f"{path} was saved by a newer version of the application (schema {version}; "
            f"this version knows up to {LATEST_VERSION}). Update the application to restore it."
        )
    if found:
        raise DatabaseOpenError(f"{damaged_message(path, found)}; it cannot be restored.")
    if missing:
        raise DatabaseOpenError(
            f"{path} is not a whole workspace: it lacks the table"
            f"{'s' * (len(missing) != 1)} {', '.join(missing)}; it cannot be restored."
        )
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return BackupInfo(path, version, accounts, modified)


def _copy_into(source: Path, db: Database, busy_timeout_ms: int) -> None:
    conn = probe_connection(source, busy_timeout_ms)
    try:
        conn.backup(db.connection())
    finally:
        conn.close()


def restore_database(
    db: Database, workspace: Path, source: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Path:
    """Replace the content of the open workspace by the backup at ``source``.

    ``source`` is checked first and never written to; the current content is saved to the
    workspace's backup folder (returned), then copied over with SQLite's backup API inside
    this connection, so other connections see the restored data on their next read. A backup
    of an older schema is migrated afterwards.
    """
    workspace = Path(workspace)
    source = Path(source)
    if same_file(source, workspace):
        raise StorageError(f"{source} is the workspace itself; choose a backup file.")
    info = check_backup(source, busy_timeout_ms)
    folder = backup_folder(workspace)
    try:
        safety = backup_database(db, folder / f"{workspace.stem}-before-restore-{stamp()}.sqlite")
    except (OSError, *DATABASE_ERRORS) as exc:
        raise StorageError(
            f"The current data could not be saved before restoring ({exc}); nothing was restored."
        ) from exc
    prune(folder, f"{workspace.stem}-before-restore-*.sqlite")
    try:
        _copy_into(source, db, busy_timeout_ms)
    except DATABASE_ERRORS as exc:  # one backup step: the workspace is unchanged on failure
        if is_locked_error(exc):
            raise StorageError(
                "The workspace is busy: another window or program is writing to it. "
                "Try again in a moment; nothing was restored."
            ) from exc
        raise StorageError(
            f"{source} could not be restored: {exc}. The workspace is unchanged."
        ) from exc
    if info.version < LATEST_VERSION:
        try:
            migrate(db)  # no pre-migration copy: the backup file is that copy
        except Exception as exc:
            _copy_into(safety, db, busy_timeout_ms)
            raise StorageError(
                f"The backup was copied in but could not be upgraded to this version ({exc}); "
                f"the data from before the restore was put back (also kept in {safety})."
            ) from exc
    return safety

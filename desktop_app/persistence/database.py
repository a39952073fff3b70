"""Open a workspace file: check it is ours, set the pragmas, back it up and migrate it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from peewee import SqliteDatabase

from desktop_app.config import BACKUPS_KEPT, BUSY_TIMEOUT_MS
from desktop_app.domain.errors import StorageError
from desktop_app.persistence.migrations import LATEST_VERSION, MIGRATIONS

APPLICATION_ID: Final = 0x54416363  # "TAcc": marks files this application made
SQLITE_HEADER: Final = b"SQLite format 3\x00"


class DatabaseOpenError(StorageError):
    """The file cannot be used as a workspace; the message says why and nothing was changed."""


def _check_file(path: Path, *, create: bool) -> bool:
    """Refuse what is not a usable SQLite file; True when the file must be created."""
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a workspace file.")
    if not path.exists():
        if not create:
            raise DatabaseOpenError(f"There is no workspace file at {path}.")
        if not path.parent.is_dir():
            raise DatabaseOpenError(
                f"The folder {path.parent} does not exist; create it or choose another place."
            )
        return True
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise DatabaseOpenError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if not header:
        raise DatabaseOpenError(
            f"{path} is empty (0 bytes), so it holds no workspace. "
            "Choose another file or remove this one."
        )
    if not header.startswith(SQLITE_HEADER):
        raise DatabaseOpenError(f"{path} is not a workspace file (it is not a SQLite database).")
    if len(header) < 100 or size < _expected_size(header):
        raise DatabaseOpenError(
            f"{path} is damaged: it is shorter than its own header says (truncated). "
            "Restore it from a backup."
        )
    return False


def _expected_size(header: bytes) -> int:
    """The file size the SQLite header promises, 0 when the header does not say."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    change_counter, valid_for = header[24:28], header[92:96]
    return page_size * pages if change_counter == valid_for else 0


def _connect(path: Path, busy_timeout_ms: int) -> SqliteDatabase:
    db = SqliteDatabase(
        str(path),
        pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            "busy_timeout": busy_timeout_ms,
            "synchronous": "normal",
        },
        lock_type="IMMEDIATE",
    )
    db.connect()
    return db


def _pragma_int(db: SqliteDatabase, name: str) -> int:
    return int(db.execute_sql(f"PRAGMA {name}").fetchone()[0])


def backup_database(db: SqliteDatabase, target: Path) -> Path:
    """Write a consistent copy of the open database to ``target`` (SQLite's backup API)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    destination = sqlite3.connect(str(target))
    try:
        db.connection().backup(destination)
    finally:
        destination.close()
    return target


def backup_folder(path: Path) -> Path:
    """Where the automatic backups of ``path`` are kept."""
    return path.with_name(path.name + ".backups")


def _backup_before_migration(db: SqliteDatabase, path: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    folder = backup_folder(path)
    target = backup_database(db, folder / f"{path.stem}-v{version}-{stamp}.sqlite")
    for old in sorted(folder.glob(f"{path.stem}-v*.sqlite"))[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return target


def migrate(db: SqliteDatabase, path: Path | None = None) -> int:
    """Bring the open database to the latest schema, one transaction per step."""
    version = _pragma_int(db, "user_version")
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
    path: Path, *, create: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> SqliteDatabase:
    """Open (or create) the workspace at ``path`` at the latest schema.

    Raises :class:`DatabaseOpenError` with a message for people when the file is not a
    workspace, is damaged, is newer than this version, or cannot be opened; such a file is
    inspected read-only first and never written to.
    """
    path = Path(path)
    if not _check_file(path, create=create):
        _probe_read_only(path)
    try:
        db = _connect(path, busy_timeout_ms)
    except Exception as exc:  # peewee wraps sqlite3 errors in several classes
        raise DatabaseOpenError(f"{path} cannot be opened: {exc}.") from exc
    try:
        migrate(db, path)
    except DatabaseOpenError:
        db.close()
        raise
    except Exception as exc:
        db.close()
        raise DatabaseOpenError(f"{path} cannot be used as a workspace: {exc}.") from exc
    return db


def _probe_read_only(path: Path) -> None:
    """Check an existing file without writing to it: ours, not newer, readable."""
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(f"{path} cannot be opened: {exc}.") from exc
    try:
        app_id = probe.execute("PRAGMA application_id").fetchone()[0]
        version = probe.execute("PRAGMA user_version").fetchone()[0]
        tables = probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.Error as exc:
        raise DatabaseOpenError(f"{path} is damaged or not a workspace file: {exc}.") from exc
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

"""Copies of an open workspace: the automatic ones kept beside it, and one the user asks for.

Both go through SQLite's backup API (a consistent copy while the workspace stays open);
the folder they are kept in, their names and how many are kept are decided here.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.config import BACKUPS_KEPT
from desktop_app.domain.errors import StorageError
from desktop_app.file_ops import discard
from desktop_app.open_files import SIDE_FILE_SUFFIXES, open_workspace_refusal
from desktop_app.persistence.connection import Database
from desktop_app.persistence.sqlite_errors import DATABASE_ERRORS


def backup_database(db: Database, target: Path) -> Path:
    """Write a consistent copy of the open database to ``target`` (SQLite's backup API).

    The copy is one self-contained file (rollback journal, not WAL), ready to be moved.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    destination = sqlite3.connect(str(target))
    try:
        db.connection().backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        destination.close()
    return target


def backup_folder(path: Path) -> Path:
    """Where the automatic backups of ``path`` are kept."""
    return path.with_name(path.name + ".backups")


def stamp() -> str:
    """The current UTC time as a backup's name ends with it."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


def taken_at(backup: Path) -> str:
    """The UTC time stamp a backup's name ends with, for ordering backups oldest first.

    The name itself does not sort in time: ``w-v10-…`` comes before ``w-v9-…``.
    """
    stem = backup.stem
    return stem[-len("20260101-000000-000000") :]


def prune(folder: Path, pattern: str) -> None:
    """Keep the newest BACKUPS_KEPT backups matching ``pattern``."""
    for old in sorted(folder.glob(pattern), key=taken_at)[:-BACKUPS_KEPT]:
        discard(old)


def same_file(first: Path, second: Path) -> bool:
    """Whether the two paths name one file (by identity when both exist)."""
    try:
        return first.exists() and second.exists() and first.samefile(second)
    except OSError:
        return first.resolve() == second.resolve()


def write_backup(db: Database, workspace: Path, target: Path) -> Path:
    """Write a consistent copy of the open workspace to ``target``, replacing that file whole.

    The copy is written beside ``target`` first and moved over it at the end, so an existing
    file there is either replaced by a complete backup or left as it was.
    """
    target = Path(target)
    if target.is_dir():
        raise StorageError(f"{target} is a folder; choose a file name for the backup.")
    if same_file(target, workspace) or target.resolve() == Path(workspace).resolve():
        raise StorageError(f"{target} is the workspace itself; choose another file for the backup.")
    refusal = open_workspace_refusal(target, "for a backup")
    if refusal is not None:
        raise StorageError(refusal)
    for suffix in SIDE_FILE_SUFFIXES:
        if target.with_name(target.name + suffix).exists():
            raise StorageError(
                f"{target} looks like a workspace in use (it has a {suffix} file beside it); "
                "choose another file for the backup."
            )
    if not target.parent.is_dir():
        raise StorageError(
            f"The folder {target.parent} does not exist; choose another place for the backup."
        )
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        backup_database(db, partial)
        os.replace(partial, target)
    except (OSError, *DATABASE_ERRORS) as exc:
        for leftover in (
            partial,
            *(partial.with_name(partial.name + s) for s in SIDE_FILE_SUFFIXES),
        ):
            discard(leftover)
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StorageError(
            f"The backup could not be written to {target}: {detail}. The workspace is unchanged."
        ) from exc
    return target

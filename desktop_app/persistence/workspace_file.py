"""A workspace file as seen before SQLite opens it, and the refusals worded for people.

Opening, inspecting and restoring all look at a path first (a folder, a pipe, an empty or
truncated file, the open workspace's own side files) and turn SQLite's errors into one
message each; the wording lives here once so that all three say the same.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from desktop_app.domain.errors import StorageError
from desktop_app.open_files import open_workspace_file
from desktop_app.persistence import integrity
from desktop_app.persistence.sqlite_errors import (
    disk_is_full,
    is_disk_full,
    is_io_error,
    is_locked_error,
    is_read_only_refusal,
)

SQLITE_HEADER: Final = b"SQLite format 3\x00"


class DatabaseOpenError(StorageError):
    """The file cannot be used as a workspace; the message says why and nothing was changed."""


def read_only_reason(path: Path) -> str | None:
    """Why the existing file at ``path`` can only be read; None when it can be written.

    SQLite writes beside a workspace (its ``-wal`` and ``-shm`` files), so a write-protected
    folder makes the file read-only too.
    """
    if not os.access(path, os.W_OK):
        return f"the file {path} is write-protected"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"its folder {path.parent} is write-protected"
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists() and not os.access(side, os.W_OK):
            return (
                f"the file {side.name} beside it is write-protected (left so by a read-only "
                "use); make it writable, or delete it while no program has the workspace open"
            )
    return None


def damaged_message(path: Path, found: list[str]) -> str:
    """Why a damaged file is not used: what SQLite's check found."""
    return f"{path} is damaged ({integrity.summary(found)})"


def locked_error(path: Path, busy_timeout_ms: int) -> DatabaseOpenError:
    """The refusal of a file another program kept locked longer than the busy timeout."""
    return DatabaseOpenError(
        f"{path} is in use: another program holds a lock on it and kept it for more than "
        f"{busy_timeout_ms / 1000:g} s. Close that program or try again later; "
        "nothing was changed."
    )


def check_file(path: Path, *, create: bool) -> bool:
    """Refuse what is not a usable SQLite file; True when the file must be created."""
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a workspace file.")
    if path.exists() and not path.is_file():  # stat only: opening a FIFO would wait forever
        raise DatabaseOpenError(
            f"{path} is not a regular file (a pipe, socket or device), not a workspace file."
        )
    if not path.exists():
        if not create:
            raise DatabaseOpenError(f"There is no workspace file at {path}.")
        if not path.parent.is_dir():
            raise DatabaseOpenError(
                f"The folder {path.parent} does not exist; create it or choose another place."
            )
        return True
    in_use = open_workspace_file(path)
    if in_use is not None:
        if in_use.suffix:
            raise DatabaseOpenError(
                f"{path} is {in_use.description} {in_use.workspace.name}, not a workspace file."
            )
        # SQLite holds this file open already; reading its header here would close a second
        # descriptor of it, and with it every lock SQLite holds on it in this process
        return False
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
    if len(header) < 100 or (size < expected_size(header) and not _in_wal_use(path, header)):
        raise DatabaseOpenError(
            f"{path} is damaged: it is shorter than its own header says (truncated). "
            "Restore it from a backup."
        )
    return False


def _in_wal_use(path: Path, header: bytes) -> bool:
    """A WAL file with its ``-wal`` beside it: its header's size may lag the file.

    Another program checkpointing writes page 1 before the file has grown to match, and
    the pages past the file's end may still be in the ``-wal``; SQLite decides then.
    """
    wal_mode = header[18] == 2 and header[19] == 2
    return wal_mode and path.with_name(path.name + "-wal").exists()


def expected_size(header: bytes) -> int:
    """The file size the SQLite header promises, 0 when the header does not say."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    change_counter, valid_for = header[24:28], header[92:96]
    return page_size * pages if change_counter == valid_for else 0


def probe_error(path: Path, exc: BaseException, busy_timeout_ms: int) -> DatabaseOpenError:
    """SQLite's error on a first, read-only look at ``path``, told as a refusal for people."""
    if is_locked_error(exc):
        return locked_error(path, busy_timeout_ms)
    if is_disk_full(exc) or (is_io_error(exc) and disk_is_full(path.parent)):
        return DatabaseOpenError(
            f"{path} cannot be opened: the disk holding it is full ({path.parent}), so SQLite "
            "cannot create the files it keeps beside it. Free some space and try again; "
            "nothing was changed."
        )
    if is_io_error(exc):
        return DatabaseOpenError(
            f"{path} cannot be read: the system reported an input/output error ({exc}). "
            "Check the disk or network drive it is on; nothing was changed."
        )
    if is_read_only_refusal(exc):
        return DatabaseOpenError(
            f"{path} cannot be opened: {exc}. When its folder is write-protected, copy the file "
            "to a folder you can write to and open the copy."
        )
    return DatabaseOpenError(f"{path} is damaged or not a workspace file: {exc}.")

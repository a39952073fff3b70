"""SQLite's errors told apart by their result codes (``sqlite_errorcode``), not by their text.

Python 3.11 gives every ``sqlite3.Error`` raised by SQLite its result code; an extended code
(``SQLITE_IOERR_WRITE``…) carries its primary code in the low byte. Errors without a code
come from Python's own module (a closed connection, a programming error). peewee raises its
own exception types with SQLite's error as their ``orig``: that one is looked at.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Final

from peewee import PeeweeException

DATABASE_ERRORS: Final = (sqlite3.Error, PeeweeException)
"""What a statement may raise: ``sqlite3``'s errors, or peewee's wrapping of them."""


def sqlite_error(exc: BaseException) -> BaseException:
    """The ``sqlite3`` error behind ``exc`` (peewee keeps it as ``orig``)."""
    original = getattr(exc, "orig", None) if isinstance(exc, PeeweeException) else None
    return original if isinstance(original, BaseException) else exc


def primary_code(exc: BaseException) -> int | None:
    """The primary result code of an error SQLite raised; None for any other error."""
    code = getattr(sqlite_error(exc), "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_locked_error(exc: BaseException) -> bool:
    """Another connection's lock outlasted the busy timeout."""
    return primary_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def is_read_only_refusal(exc: BaseException) -> bool:
    """SQLite may not write the file, or cannot open or create it (or its ``-shm``)."""
    return primary_code(exc) in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)


def is_disk_full(exc: BaseException) -> bool:
    """The disk (or the file's size limit) has no room for what was written."""
    return primary_code(exc) == sqlite3.SQLITE_FULL


def is_io_error(exc: BaseException) -> bool:
    """The operating system refused a read or a write (a full disk often shows as this)."""
    return primary_code(exc) == sqlite3.SQLITE_IOERR


def is_damaged(exc: BaseException) -> bool:
    """The file is damaged (a malformed page) or is no database at all."""
    return primary_code(exc) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def disk_is_full(folder: Path) -> bool:
    """True when the file system holding ``folder`` has (next to) no free space left."""
    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def disk_full_message(path: Path, outcome: str) -> str:
    """The message of a write the full disk refused; ``outcome`` says what was kept."""
    return (
        f"The disk holding {path.name} is full ({path.parent}): {outcome} "
        "Free some space and try again."
    )

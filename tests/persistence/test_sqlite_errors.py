"""SQLite's real failures are classified by their result codes, also behind peewee's wrapping."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee
import pytest

from desktop_app.persistence.connection import Database
from desktop_app.persistence.sqlite_errors import (
    DATABASE_ERRORS,
    is_damaged,
    is_disk_full,
    is_io_error,
    is_locked_error,
    is_read_only_refusal,
    primary_code,
    sqlite_error,
)
from tests.persistence.write_protect import write_protected

CLASSIFIERS: dict[str, Callable[[BaseException], bool]] = {
    "locked": is_locked_error,
    "read_only": is_read_only_refusal,
    "full": is_disk_full,
    "io": is_io_error,
    "damaged": is_damaged,
}


def classes(exc: BaseException) -> set[str]:
    """The names of every classifier that says yes to ``exc``."""
    return {name for name, classify in CLASSIFIERS.items() if classify(exc)}


def raised(action: Callable[[], object]) -> BaseException:
    """The error ``action`` raises (it must raise one of the database errors)."""
    with pytest.raises(DATABASE_ERRORS) as info:
        action()
    return info.value


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Path]:
    """A WAL database file with one table of a few rows."""
    path = tmp_path / "w.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT)")
    conn.executemany("INSERT INTO t (y) VALUES (?)", [("row",)] * 10)
    conn.commit()
    conn.close()
    yield path


def test_a_write_lock_held_by_another_connection_is_locked(workspace: Path) -> None:
    holder = sqlite3.connect(workspace, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        waiter = sqlite3.connect(workspace, timeout=0, isolation_level=None)
        exc = raised(lambda: waiter.execute("BEGIN IMMEDIATE"))
        waiter.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert primary_code(exc) == sqlite3.SQLITE_BUSY
    assert classes(exc) == {"locked"}


def test_a_lock_seen_through_peewee_is_locked(workspace: Path) -> None:
    holder = sqlite3.connect(workspace, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    db = Database(str(workspace), timeout=0)
    db.connect()
    try:

        def write() -> None:
            with db.atomic():
                db.execute_sql("INSERT INTO t (y) VALUES ('more')")

        exc = raised(write)
    finally:
        db.close()
        holder.execute("ROLLBACK")
        holder.close()
    assert isinstance(exc, peewee.OperationalError)
    assert isinstance(sqlite_error(exc), sqlite3.OperationalError)
    assert classes(exc) == {"locked"}


def test_a_write_to_a_read_only_connection_is_refused(workspace: Path) -> None:
    conn = sqlite3.connect(f"file:{workspace}?mode=ro", uri=True)
    exc = raised(lambda: conn.execute("INSERT INTO t (y) VALUES ('more')"))
    conn.close()
    assert primary_code(exc) == sqlite3.SQLITE_READONLY
    assert classes(exc) == {"read_only"}


def test_a_write_to_a_write_protected_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"  # a rollback journal: reading needs no -shm file
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x INTEGER)")
    conn.commit()
    conn.close()
    with write_protected(path):
        conn = sqlite3.connect(path)
        exc = raised(lambda: conn.execute("INSERT INTO t VALUES (1)"))
        conn.close()
    assert primary_code(exc) == sqlite3.SQLITE_READONLY
    assert classes(exc) == {"read_only"}


def test_a_file_in_a_missing_folder_cannot_be_opened(tmp_path: Path) -> None:
    exc = raised(lambda: sqlite3.connect(tmp_path / "missing" / "w.sqlite"))
    assert primary_code(exc) == sqlite3.SQLITE_CANTOPEN
    assert classes(exc) == {"read_only"}


def test_a_file_that_is_not_a_database_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"these are notes, not a database\n" * 200)
    conn = sqlite3.connect(path)
    exc = raised(lambda: conn.execute("SELECT count(*) FROM sqlite_master").fetchone())
    conn.close()
    assert primary_code(exc) == sqlite3.SQLITE_NOTADB
    assert classes(exc) == {"damaged"}


def test_a_file_with_a_malformed_page_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA page_size=4096")
    conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT)")
    conn.executemany("INSERT INTO t (y) VALUES (?)", [("x" * 500,)] * 200)
    conn.commit()
    conn.close()
    with path.open("r+b") as file:  # the table's root page (page 2) is overwritten
        file.seek(4096)
        file.write(b"\xff" * 4096)
    conn = sqlite3.connect(path)
    exc = raised(lambda: conn.execute("SELECT sum(length(y)) FROM t").fetchone())
    conn.close()
    assert primary_code(exc) == sqlite3.SQLITE_CORRUPT
    assert classes(exc) == {"damaged"}


def test_a_file_at_its_size_limit_is_full(workspace: Path) -> None:
    conn = sqlite3.connect(workspace)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count={pages + 1}")

    def fill() -> None:
        conn.executemany("INSERT INTO t (y) VALUES (?)", [("z" * 1000,)] * 100)
        conn.commit()

    exc = raised(fill)
    conn.close()
    assert primary_code(exc) == sqlite3.SQLITE_FULL
    assert classes(exc) == {"full"}


def test_a_full_file_seen_through_peewee_is_full(workspace: Path) -> None:
    db = Database(str(workspace))
    db.connect()
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count={pages + 1}")

    def fill() -> None:
        with db.atomic():
            for _ in range(100):
                db.execute_sql("INSERT INTO t (y) VALUES (?)", ("z" * 1000,))

    try:
        exc = raised(fill)
    finally:
        db.close()
    assert isinstance(exc, peewee.PeeweeException)
    assert classes(exc) == {"full"}


def test_a_broken_constraint_is_none_of_the_storage_failures(workspace: Path) -> None:
    conn = sqlite3.connect(workspace)
    exc = raised(lambda: conn.execute("INSERT INTO t (x, y) VALUES (1, 'again')"))
    conn.close()
    # the extended code (SQLITE_CONSTRAINT_PRIMARYKEY) carries its primary code in its low byte
    assert getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
    assert primary_code(exc) == sqlite3.SQLITE_CONSTRAINT
    assert classes(exc) == set()


def test_an_error_without_a_code_is_none_of_them(workspace: Path) -> None:
    conn = sqlite3.connect(workspace)
    conn.close()
    exc = raised(lambda: conn.execute("SELECT 1"))  # Python's module raises it, not SQLite
    assert isinstance(exc, sqlite3.ProgrammingError)
    assert primary_code(exc) is None
    assert classes(exc) == set()
    assert classes(RuntimeError("database is locked")) == set()  # text alone says nothing

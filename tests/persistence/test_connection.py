"""The workspace's peewee database: one BEGIN IMMEDIATE transaction, savepoints inside it."""

import sqlite3

import peewee
import pytest

from desktop_app.persistence.connection import Database
from desktop_app.persistence.sqlite_errors import DATABASE_ERRORS


@pytest.fixture
def db(tmp_path):
    database = Database(str(tmp_path / "c.sqlite"), pragmas=(("journal_mode", "wal"),))
    database.connect()
    database.execute_sql("CREATE TABLE t (x INTEGER)")
    yield database
    database.close()


def values(db: Database) -> list[int]:
    return [x for (x,) in db.execute_sql("SELECT x FROM t ORDER BY x")]


def test_pragmas_are_set_on_connect(db):
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_atomic_commits_and_rolls_back_whole(db):
    with db.atomic():
        assert db.in_transaction()
        db.execute_sql("INSERT INTO t VALUES (1)")
    assert not db.in_transaction()
    with pytest.raises(ValueError), db.atomic():
        db.execute_sql("INSERT INTO t VALUES (2)")
        raise ValueError
    assert values(db) == [1]
    assert not db.connection().in_transaction


def test_a_nested_block_rolls_back_only_its_own_part(db):
    with db.atomic():
        db.execute_sql("INSERT INTO t VALUES (1)")
        with pytest.raises(ValueError), db.atomic():
            db.execute_sql("INSERT INTO t VALUES (2)")
            raise ValueError
        with db.atomic():
            db.execute_sql("INSERT INTO t VALUES (3)")
    assert values(db) == [1, 3]


def test_the_transaction_takes_the_write_lock_at_once(db, tmp_path):
    other = sqlite3.connect(str(tmp_path / "c.sqlite"), timeout=0, isolation_level=None)
    try:
        # BEGIN IMMEDIATE: nobody else may start writing now
        with db.atomic(), pytest.raises(sqlite3.OperationalError, match="locked"):
            assert isinstance(db, peewee.SqliteDatabase)
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def test_a_closed_connection_refuses_work(db):
    db.close()
    assert db.is_closed()
    with pytest.raises(DATABASE_ERRORS, match="closed"):
        db.execute_sql("SELECT 1")
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        db.connection()
    db.close()  # twice is fine

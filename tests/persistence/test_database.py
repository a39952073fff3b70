import hashlib
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from desktop_app.config import BACKUPS_KEPT
from desktop_app.domain.errors import StorageError
from desktop_app.persistence import database, migrations, workspace_file
from desktop_app.persistence.backups import backup_folder, taken_at
from desktop_app.persistence.database import APPLICATION_ID, open_database
from desktop_app.persistence.models import create_schema
from desktop_app.persistence.store import SqliteStore
from desktop_app.persistence.workspace_file import DatabaseOpenError
from tests.support.world import draft, open_world


def schema_of(conn) -> dict:
    """Tables with columns (name, type, notnull, default, pk), foreign keys and indexes."""
    shape = {}
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in sorted(tables):
        columns = [tuple(r[1:]) for r in conn.execute(f'PRAGMA table_info("{table}")')]
        fks = sorted(tuple(r[2:5]) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")'))
        indexes = {}
        for r in conn.execute(f'PRAGMA index_list("{table}")'):
            name, unique, partial = r[1], r[2], r[4]
            cols = [c[2] for c in conn.execute(f'PRAGMA index_info("{name}")')]
            indexes[name] = (unique, partial, cols)
        sql = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
        shape[table] = {
            "columns": columns,
            "fks": fks,
            "indexes": indexes,
            "nocase": "NOCASE" in sql,
        }
    shape["triggers and virtual tables"] = sorted(
        (kind, name, " ".join(sql.split()))
        for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master"
            " WHERE type = 'trigger' OR sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
    )
    return shape


def test_migrated_schema_equals_the_models(tmp_path):
    db = open_database(tmp_path / "migrated.sqlite")
    migrated = schema_of(db.connection())
    db.close()
    fresh = SqliteDatabase(str(tmp_path / "models.sqlite"))
    create_schema(fresh)
    assert migrated == schema_of(fresh.connection())
    fresh.close()


def test_open_sets_pragmas_and_marks_the_file(tmp_path):
    db = open_database(tmp_path / "w.sqlite")
    value = lambda name: db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert value("journal_mode") == "wal"
    assert value("foreign_keys") == 1
    assert value("busy_timeout") == 5000
    assert value("user_version") == migrations.LATEST_VERSION
    assert value("application_id") == APPLICATION_ID
    db.close()


def test_sort_columns_are_indexed(tmp_path):
    db = open_database(tmp_path / "w.sqlite")
    indexed = {
        r[2]
        for (name,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type='index'")
        for r in db.execute_sql(f'PRAGMA index_info("{name}")')
        if r[0] == 0  # leading column
    }
    for column in (
        "name",
        "type",
        "parent_id",
        "external_id",
        "country",
        "city",
        "hub_id",
        "created_at",
        "external_uid",
        "customer_id",
        "tier1_id",
        "tier2_id",
        "account_id",
        "subscription_id",
        "config_id",
        "status",
    ):
        assert column in indexed, column
    plan = " ".join(
        str(r)
        for r in db.execute_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM tier_account WHERE decommissioned_at IS NULL"
            " ORDER BY name, id LIMIT 50"
        )
    )
    assert "INDEX tier_account_live_name" in plan and "TEMP B-TREE" not in plan
    db.close()


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"hello, this is a text file" * 10, "not a SQLite"),
        (b"SQLite format 3\x00" + b"\x10\x00\x01\x01", "damaged"),
        (b"SQLite format 3\x00" + b"\xff" * 200, "damaged"),
    ],
)
def test_unusable_files_are_refused_and_left_unchanged(tmp_path, content, message):
    path = tmp_path / "bad.sqlite"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(DatabaseOpenError, match=message):
        open_database(path)
    assert digest(path) == before
    assert not (tmp_path / "bad.sqlite-wal").exists()


def test_truncated_workspace_is_refused(tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    for n in range(30):
        world.services.accounts.create(draft(name=f"Account {n}"))
    world.store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    world.store.close()
    path = tmp_path / "w.sqlite"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    before = digest(path)
    with pytest.raises(DatabaseOpenError, match="truncated"):
        SqliteStore.open(path)
    assert digest(path) == before


_GROW_IN_WAL = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("BEGIN")
for n in range(400):
    conn.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (f"grow-{n}", "x" * 2000))
conn.execute("COMMIT")
print("grown", flush=True)
sys.stdin.readline()
"""


def test_a_file_caught_in_another_programs_checkpoint_is_not_called_truncated(tmp_path):
    """Page 1 written back before the file has grown: the header's size runs ahead a moment."""
    world = open_world(tmp_path / "w.sqlite")
    world.store.close()
    path = world.path
    page_size = 4096
    writer = subprocess.Popen(
        [sys.executable, "-c", _GROW_IN_WAL, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "grown"
        wal = Path(f"{path}-wal").read_bytes()
        frames = range(32, len(wal), 24 + page_size)
        page_one = [f for f in frames if int.from_bytes(wal[f : f + 4], "big") == 1][-1]
        image = wal[page_one + 24 : page_one + 24 + page_size]
        with path.open("r+b") as handle:  # the checkpoint's first write, the file not grown yet
            handle.write(image)
        assert path.stat().st_size < workspace_file.expected_size(image[:100])
        store = SqliteStore.open(path)
        try:
            grown = store.db.execute_sql("SELECT count(*) FROM setting WHERE key LIKE 'grow-%'")
            assert grown.fetchone()[0] == 400
        finally:
            store.close()
    finally:
        assert writer.stdin is not None
        writer.stdin.write("\n")
        writer.stdin.flush()
        writer.wait(30)


def test_other_applications_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(DatabaseOpenError, match="another application"):
        open_database(path)
    assert digest(path) == before


def test_newer_schema_is_refused_without_writing(tmp_path):
    path = tmp_path / "w.sqlite"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(DatabaseOpenError, match="newer version"):
        open_database(path)
    assert digest(path) == before


def test_missing_folder_and_folder_paths(tmp_path):
    with pytest.raises(DatabaseOpenError, match="does not exist"):
        open_database(tmp_path / "nowhere" / "w.sqlite")
    with pytest.raises(DatabaseOpenError, match="folder"):
        open_database(tmp_path)
    with pytest.raises(DatabaseOpenError, match="no workspace file"):
        open_database(tmp_path / "absent.sqlite", create=False)


def test_backup_is_taken_before_a_migration_and_old_ones_pruned(tmp_path, monkeypatch):
    path = tmp_path / "w.sqlite"
    world = open_world(path)
    world.services.accounts.create(draft())
    world.store.close()
    latest = migrations.LATEST_VERSION
    for step in range(1, BACKUPS_KEPT + 3):  # more migrations than backups kept

        def add_table(db, step=step):
            db.execute_sql(f"CREATE TABLE note_{step} (id INTEGER PRIMARY KEY)")

        monkeypatch.setitem(migrations.MIGRATIONS, latest + step, add_table)
        monkeypatch.setattr(database, "LATEST_VERSION", latest + step)
        db = open_database(path)
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == latest + step
        db.close()
    backups = sorted(backup_folder(path).glob("*.sqlite"), key=taken_at)
    assert len(backups) == BACKUPS_KEPT
    # the newest are kept, even where a version reaches two digits (v10 sorts before v9)
    versions = [int(b.name.split("-v")[1].split("-")[0]) for b in backups]
    assert versions == list(range(latest + 2, latest + BACKUPS_KEPT + 2))
    conn = sqlite3.connect(backups[0])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest + 2  # oldest kept
    assert conn.execute("SELECT count(*) FROM tier_account").fetchone()[0] == 1
    conn.close()


def test_writes_wait_for_another_writer_then_explain(tmp_path):
    path = tmp_path / "w.sqlite"
    open_world(path).store.close()
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    store = SqliteStore.open(path, busy_timeout_ms=200)
    with pytest.raises(StorageError, match="busy"), store.write():
        store.settings.put("x", "1")
    released = threading.Timer(0.1, lambda: blocker.execute("COMMIT"))
    store2 = SqliteStore.open(path, busy_timeout_ms=3000)
    released.start()
    with store2.write():  # waits for the other writer instead of failing
        store2.settings.put("x", "2")
    released.join()
    assert store2.settings.get("x") == "2"
    store.close()
    store2.close()
    blocker.close()

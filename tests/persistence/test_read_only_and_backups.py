"""Read-only workspaces, a lock held past the wait, backups written while open, and restore."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.errors import StorageError
from desktop_app.persistence import backups, database
from desktop_app.persistence.backup_restore import check_backup
from desktop_app.persistence.store import SqliteStore
from desktop_app.persistence.workspace_file import DatabaseOpenError
from desktop_app.services.container import Services
from desktop_app.services.queries import RequestQuery
from tests.persistence.write_protect import write_protected
from tests.support.world import SYNC_PRODUCT, World, draft, open_world

FROZEN_V1 = Path(__file__).parent / "data" / "workspace-v1.sqlite"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def live_accounts(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
        ).fetchone()[0]
    finally:
        conn.close()


def closed_workspace(tmp_path: Path, accounts: int = 3, name: str = "w.sqlite") -> Path:
    """A workspace file with ``accounts`` accounts and a pending request, closed cleanly."""
    world = open_world(tmp_path / name)
    for number in range(accounts):
        world.services.accounts.create(draft(name=f"Account {number}"))
    account = world.services.accounts.create(draft(name="Subscribed")).account
    world.subscribe("AS-0001-0001-0001", SYNC_PRODUCT, account.id)
    world.services.accounts.update(account.id, draft(name="Renamed"))
    world.store.close()
    return tmp_path / name


# read-only


def test_read_only_store_reads_but_refuses_every_write(tmp_path):
    path = closed_workspace(tmp_path)
    before = digest(path)
    store = SqliteStore.open(path, read_only=True)
    services = Services.over(store)
    assert store.read_only_reason == "it was opened for reading only"
    assert services.workspace.read_only
    assert services.workspace.ensure_ready().id == "VA-111-111"  # writes nothing
    assert store.db.execute_sql("SELECT count(*) FROM tier_account").fetchone()[0] == 4

    with pytest.raises(StorageError, match="This workspace is read-only: it was opened"):
        services.accounts.create(draft(name="Refused"))
    account_id = store.db.execute_sql("SELECT id FROM tier_account LIMIT 1").fetchone()[0]
    with pytest.raises(StorageError, match="read-only"):
        services.accounts.delete(account_id)
    with pytest.raises(StorageError, match="read-only"):
        services.workspace.switch_operator("VA-222-222")
    pending = services.requests.listing(RequestQuery(status=RequestStatus.PENDING)).fetch(0, 1)
    request = services.requests.get(pending[0].id)
    decision = services.requests.decision(request)
    assert not decision.allowed and "read-only" in decision.reason
    with pytest.raises(StorageError, match="read-only"):
        services.requests.accept(request.id)
    with pytest.raises(StorageError, match="read-only"):
        store.restore(path)
    # SQLite itself refuses too: the connection is opened read-only
    with pytest.raises(Exception, match=r"readonly|read-only"):
        store.db.execute_sql("INSERT INTO setting (key, value) VALUES ('x', 'y')")
    store.close()
    assert digest(path) == before


def test_a_write_protected_file_opens_read_only(tmp_path):
    path = closed_workspace(tmp_path)
    before = digest(path)
    with write_protected(path):
        store = SqliteStore.open(path)
        try:
            assert store.read_only_reason == f"the file {path} is write-protected"
            assert not store.is_empty()
            with pytest.raises(StorageError, match=r"is write-protected\. Nothing was saved"):
                Services.over(store).accounts.create(draft())
        finally:
            store.close()
    assert digest(path) == before


def test_a_write_protected_folder_opens_read_only_without_its_shm_file(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = closed_workspace(folder)
    assert not path.with_name(path.name + "-shm").exists()
    before = digest(path)
    with write_protected(folder):
        store = SqliteStore.open(path)
        try:
            assert store.read_only_reason == f"its folder {folder} is write-protected"
            assert store.db.execute_sql("SELECT count(*) FROM tier_account").fetchone()[0] == 4
            with pytest.raises(StorageError, match="read-only"):
                Services.over(store).accounts.create(draft())
        finally:
            store.close()
    assert digest(path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["w.sqlite"]


def test_a_read_only_file_that_needs_a_migration_is_refused_unchanged(tmp_path, monkeypatch):
    path = closed_workspace(tmp_path)
    before = digest(path)
    monkeypatch.setattr(database, "LATEST_VERSION", database.LATEST_VERSION + 1)
    with pytest.raises(DatabaseOpenError, match=r"older version.*opened for reading only"):
        SqliteStore.open(path, read_only=True)
    assert digest(path) == before
    assert not backups.backup_folder(path).exists()


def test_read_only_needs_an_existing_file(tmp_path):
    with pytest.raises(DatabaseOpenError, match="no workspace file"):
        SqliteStore.open(tmp_path / "absent.sqlite", read_only=True)
    assert not (tmp_path / "absent.sqlite").exists()


# locks


def test_opening_a_file_locked_past_the_wait_explains_and_changes_nothing(tmp_path):
    path = closed_workspace(tmp_path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO setting (key, value) VALUES ('held', '1')")
    started = time.monotonic()
    try:
        with pytest.raises(DatabaseOpenError, match=r"is in use: another program holds a lock"):
            SqliteStore.open(path, busy_timeout_ms=200)
        assert time.monotonic() - started < 3, "the wait follows the busy timeout"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store = SqliteStore.open(path)  # usable again once the lock is gone
    assert store.db.execute_sql("SELECT value FROM setting WHERE key = 'held'").fetchone() is None
    store.close()


# backups


def test_back_up_writes_a_consistent_self_contained_copy_while_open(tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    world.services.accounts.create(draft(name="Backed up"))
    target = tmp_path / "copies" / "copy.sqlite"
    target.parent.mkdir()
    assert world.store.back_up(target) == target
    world.services.accounts.create(draft(name="After the backup"))

    assert live_accounts(target) == 1
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.sqlite"]
    assert target.read_bytes()[18:20] == b"\x01\x01", "rollback journal, not WAL"
    assert check_backup(target).accounts == 1

    target.write_text("an older, unrelated file")
    world.store.back_up(target)  # replaced whole
    assert live_accounts(target) == 2
    world.store.close()


def test_back_up_refuses_the_workspace_itself_and_a_file_in_use(tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    before = dump_counts(world)
    with pytest.raises(StorageError, match="is the workspace itself"):
        world.store.back_up(world.path)
    other = closed_workspace(tmp_path, name="other.sqlite")
    other.with_name("other.sqlite-wal").write_bytes(b"")
    with pytest.raises(StorageError, match="looks like a workspace in use"):
        world.store.back_up(other)
    with pytest.raises(StorageError, match="does not exist"):
        world.store.back_up(tmp_path / "nowhere" / "b.sqlite")
    assert dump_counts(world) == before
    world.store.close()


def dump_counts(world: World) -> int:
    return world.store.db.execute_sql("SELECT count(*) FROM tier_account").fetchone()[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"just text, no database" * 10, "not a SQLite"),
        (b"SQLite format 3\x00" + b"\x10\x00\x01\x01", "damaged"),
    ],
)
def test_backups_that_cannot_be_restored_are_refused_unchanged(tmp_path, content, message):
    path = tmp_path / "b.sqlite"
    path.write_bytes(content)
    with pytest.raises(DatabaseOpenError, match=message):
        check_backup(path)
    assert path.read_bytes() == content


def test_other_and_newer_backups_are_refused(tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseOpenError, match="not a backup of a workspace"):
        check_backup(other)

    newer = closed_workspace(tmp_path, name="newer.sqlite")
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {database.LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(newer)
    with pytest.raises(DatabaseOpenError, match="newer version"):
        check_backup(newer)
    assert digest(newer) == before


def test_truncated_backup_is_refused(tmp_path):
    path = closed_workspace(tmp_path, accounts=40)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatabaseOpenError, match="truncated"):
        check_backup(path)


# restore


def test_restore_replaces_the_data_keeps_a_safety_copy_and_other_connections_see_it(tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    world.services.accounts.create(draft(name="In the backup"))
    backup = world.store.back_up(tmp_path / "backup.sqlite")
    backup_digest = digest(backup)
    for number in range(3):
        world.services.accounts.create(draft(name=f"Later {number}"))
    other = SqliteStore.open(world.path)
    assert other.db.execute_sql("SELECT count(*) FROM tier_account").fetchone()[0] == 4

    safety = world.store.restore(backup)

    assert digest(backup) == backup_digest, "the backup is only read"
    assert safety.parent == backups.backup_folder(world.path)
    assert safety.name.startswith("w-before-restore-")
    assert live_accounts(safety) == 4
    assert dump_counts(world) == 1
    assert other.db.execute_sql("SELECT count(*) FROM tier_account").fetchone()[0] == 1
    assert world.store.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    world.services.accounts.create(draft(name="After the restore"))  # still writable
    other.close()
    world.store.close()
    assert live_accounts(world.path) == 2


def test_restoring_a_backup_of_an_older_schema_migrates_it(tmp_path):
    backup = tmp_path / "old.sqlite"
    shutil.copy(FROZEN_V1, backup)
    version = sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0]
    if version == database.LATEST_VERSION:
        pytest.skip("no newer schema than the frozen file yet")
    before = digest(backup)
    expected = live_accounts(backup)
    world = open_world(tmp_path / "w.sqlite")
    world.store.restore(backup)
    assert digest(backup) == before
    db = world.store.db
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == database.LATEST_VERSION
    assert dump_counts(world) >= expected
    world.store.close()
    reopened = SqliteStore.open(world.path)
    assert live_accounts(world.path) == expected
    reopened.close()


def test_restore_refuses_a_bad_backup_and_the_workspace_itself_changing_nothing(tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    world.services.accounts.create(draft())
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a backup at all" * 20)
    with pytest.raises(DatabaseOpenError, match="not a SQLite"):
        world.store.restore(bad)
    with pytest.raises(StorageError, match="is the workspace itself"):
        world.store.restore(world.path)
    assert dump_counts(world) == 1
    assert not backups.backup_folder(world.path).exists(), "no safety copy for a refusal"
    world.store.close()


def test_safety_backups_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(backups, "BACKUPS_KEPT", 2)
    world = open_world(tmp_path / "w.sqlite")
    backup = world.store.back_up(tmp_path / "b.sqlite")
    for _ in range(4):
        world.store.restore(backup)
    kept = sorted(backups.backup_folder(world.path).glob("w-before-restore-*.sqlite"))
    assert len(kept) == 2
    world.store.close()

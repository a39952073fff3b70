"""Damaged files are never migrated, restored or written; check only reads; a full disk says so."""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.domain.errors import DomainError, StorageError
from desktop_app.persistence.backups import backup_folder
from desktop_app.persistence.migrations import LATEST_VERSION
from desktop_app.persistence.store import SqliteStore
from desktop_app.persistence.workspace_file import read_only_reason
from tests.interop.sheets import csv_file, row
from tests.persistence.write_protect import write_protected
from tests.support.damage import (
    digest,
    fold_wal,
    index_out_of_order,
    marked_but_empty,
    overwrite_page,
)
from tests.support.world import draft, dump, open_world

V1_FILE = Path(__file__).parent / "data" / "workspace-v1.sqlite"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    """A copy of the frozen schema-1 workspace (with data), in rollback-journal mode."""
    path = tmp_path / "old.sqlite"
    shutil.copyfile(V1_FILE, path)
    return path


@pytest.fixture
def latest(tmp_path: Path) -> Path:
    """A closed workspace at the latest schema holding a few accounts, its WAL folded in."""
    world = open_world(tmp_path / "latest.sqlite")
    for number in range(30):
        world.services.accounts.create(draft(name=f"Firma {number}", external_id=f"E{number}"))
    world.store.close()
    fold_wal(world.path)
    return world.path


def test_check_reads_an_older_file_as_it_is_and_says_it_would_be_migrated(v1):
    before = digest(v1)
    header = v1.read_bytes()[:100]
    code, out, _ = run("check", "--db", str(v1))
    assert code == 0 and out.rstrip().endswith("Clean."), out
    assert f"schema version 1, would be migrated to {LATEST_VERSION}" in out
    assert digest(v1) == before
    assert v1.read_bytes()[18:20] == header[18:20]  # still a rollback-journal file, not WAL
    assert not backup_folder(v1).exists()


def test_check_of_a_backup_never_switches_it_to_wal(latest, tmp_path):
    store = SqliteStore.open(latest)
    backup = store.back_up(tmp_path / "backup.sqlite")
    store.close()
    before = digest(backup)
    code, out, _ = run("check", "--db", str(backup))
    assert code == 0, out
    assert digest(backup) == before
    assert not Path(f"{backup}-wal").exists()


def test_check_repair_migrates_a_whole_older_file_after_its_backup(v1):
    code, out, _ = run("check", "--db", str(v1), "--repair")
    assert code == 0, out
    assert f"migrated to schema {LATEST_VERSION}" in out and out.rstrip().endswith("Clean.")
    assert user_version(v1) == LATEST_VERSION
    assert list(backup_folder(v1).glob("old-v1-*.sqlite"))


@pytest.mark.parametrize("damage", ["page", "index"])
def test_a_damaged_older_file_is_never_migrated(v1, damage):
    if damage == "page":
        overwrite_page(v1)
    else:
        index_out_of_order(v1)  # only the full check sees it: a small file gets that one
    before = digest(v1)
    with pytest.raises(DomainError, match="damaged") as refused:
        SqliteStore.open(v1)
    assert "never upgraded" in refused.value.message
    code, out, _ = run("check", "--db", str(v1), "--repair")
    assert code == 1 and "NOT CLEAN" in out and "migrated to schema" not in out
    assert digest(v1) == before and user_version(v1) == 1
    assert not backup_folder(v1).exists()


def test_commands_open_a_damaged_file_read_only_and_write_nothing(latest, tmp_path):
    overwrite_page(latest)
    before = digest(latest)
    store = SqliteStore.open(latest, verify=True)
    try:
        reason = store.read_only_reason
        assert reason is not None and "damaged" in reason
        with pytest.raises(StorageError, match="read-only"), store.write():
            pass
    finally:
        store.close()
    source = csv_file(tmp_path / "in.csv", [row()])
    code, out, err = run("import", "--db", str(latest), str(source), "--results", "none")
    assert code != 0 and "damaged" in out + err
    assert digest(latest) == before


def test_restore_refuses_a_backup_with_one_integrity_problem(latest, tmp_path):
    backup_source = tmp_path / "source.sqlite"
    shutil.copyfile(latest, backup_source)
    index = index_out_of_order(backup_source)
    world = open_world(tmp_path / "current.sqlite")
    before = dump(world.store)
    try:
        with pytest.raises(DomainError, match="damaged") as refused:
            world.store.restore(backup_source)
        assert index in refused.value.message or "index" in refused.value.message
        assert dump(world.store) == before
    finally:
        world.store.close()


def test_restore_refuses_a_marked_file_without_tables(tmp_path):
    empty = marked_but_empty(tmp_path / "empty.sqlite", LATEST_VERSION)
    world = open_world(tmp_path / "current.sqlite")
    before = dump(world.store)
    try:
        with pytest.raises(DomainError, match="lacks the tables"):
            world.store.check_backup(empty)
        with pytest.raises(DomainError, match="lacks the tables"):
            world.store.restore(empty)
        assert dump(world.store) == before
    finally:
        world.store.close()


def test_a_full_disk_refuses_the_save_with_a_message_and_keeps_what_was_saved(tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    try:
        kept = world.services.accounts.create(draft(name="Gespeichert GmbH")).account
        pages = world.store.db.execute_sql("PRAGMA page_count").fetchone()[0]
        world.store.db.execute_sql(f"PRAGMA max_page_count = {pages}")  # SQLite's SQLITE_FULL
        big = "x" * 100
        with pytest.raises(StorageError, match="full") as refused:
            for number in range(200):
                world.services.accounts.create(draft(name=f"{big} {number}"))
        assert "Nothing was saved" in refused.value.message or "nothing was saved" in (
            refused.value.message
        )
        world.store.db.execute_sql("PRAGMA max_page_count = 1073741823")
        assert world.services.accounts.get(kept.id) is not None
        world.services.accounts.create(draft(name="Danach GmbH"))
    finally:
        world.store.close()


def test_a_write_protected_shm_file_is_named_as_the_reason(latest):
    store = SqliteStore.open(latest)
    store.db.execute_sql("SELECT count(*) FROM tier_account").fetchone()
    shm = Path(f"{latest}-shm")
    shutil.copyfile(shm, shm.with_name("saved-shm"))
    store.close()  # the last connection removes its -shm: put back one a read-only use left
    shutil.copyfile(shm.with_name("saved-shm"), shm)
    with write_protected(shm):
        assert read_only_reason(latest) == (
            f"the file {shm.name} beside it is write-protected (left so by a read-only use); "
            "make it writable, or delete it while no program has the workspace open"
        )
        try:
            opened = SqliteStore.open(latest)
        except DomainError as exc:
            assert shm.name in exc.message
        else:
            try:
                assert opened.read_only_reason is not None
                assert shm.name in opened.read_only_reason
            finally:
                opened.close()

"""A full disk and a read-only file system: clear messages, nothing lost, no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.domain.errors import DomainError, StorageError
from desktop_app.interop.export import ExportFormat, export_accounts
from desktop_app.interop.writeback import write_results
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from tests.interop.sheets import csv_file, row
from tests.support.mounts import fill, remount_read_only, tmpfs
from tests.support.world import draft, open_world


def _closed_workspace(folder: Path) -> Path:
    world = open_world(folder / "w.sqlite")
    world.services.accounts.create(draft(name="Vorher GmbH"))
    world.store.close()
    return world.path


def test_a_save_on_a_full_disk_says_so_and_loses_nothing(tmp_path):
    with tmpfs(tmp_path / "small", 2048) as folder:
        path = _closed_workspace(folder)
        store = SqliteStore.open(path)
        services = Services.over(store)
        try:
            filler = fill(folder)
            with pytest.raises(StorageError, match=r"disk holding w\.sqlite is full") as refused:
                for number in range(2000):  # until the WAL needs a page more than there is
                    services.accounts.create(draft(name=f"Firma {number:04d} " + "x" * 200))
            assert "Nothing was saved" in refused.value.message or "nothing was saved" in (
                refused.value.message
            )
            filler.unlink()
            services.accounts.create(draft(name="Danach GmbH"))
        finally:
            store.close()
        reopened = SqliteStore.open(path)
        try:
            names = {
                name
                for (name,) in reopened.db.execute_sql("SELECT name FROM tier_account").fetchall()
            }
        finally:
            reopened.close()
        assert {"Vorher GmbH", "Danach GmbH"} <= names


def test_opening_on_a_full_disk_names_the_full_disk(tmp_path):
    # room for the new workspace's WAL to be copied into the file when it closes (schema 10's
    # tallies made it outgrow 1 MiB: the WAL stayed, and opening then needed no new file)
    with tmpfs(tmp_path / "small", 2048) as folder:
        path = _closed_workspace(folder)
        fill(folder)
        with pytest.raises(DomainError) as refused:
            store = SqliteStore.open(path)
            store.close()
        assert "full" in refused.value.message and "damaged" not in refused.value.message


def test_export_backup_and_results_on_a_read_only_file_system_are_refused_clearly(tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    try:
        account = world.services.accounts.create(draft()).account
        source = csv_file(tmp_path / "in.csv", [row()])
        with tmpfs(tmp_path / "ro", 1024) as folder:
            shutil.copyfile(source, folder / "in.csv")
            remount_read_only(folder)
            for fmt in ExportFormat:
                with pytest.raises(DomainError, match="Read-only file system"):
                    export_accounts([account], 1, folder / f"out.{fmt.value}", fmt)
            with pytest.raises(DomainError, match="The workspace is unchanged"):
                world.store.back_up(folder / "backup.sqlite")
            with pytest.raises(DomainError, match="The accounts are saved"):
                write_results(folder / "in.csv", folder / "in.csv", [])
            assert sorted(p.name for p in folder.iterdir()) == ["in.csv"]
    finally:
        world.store.close()

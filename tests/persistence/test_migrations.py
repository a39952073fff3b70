"""Migrating real files of every earlier schema version to the latest one."""

import shutil
import sqlite3
from pathlib import Path

from desktop_app.persistence.backups import backup_folder
from desktop_app.persistence.migrations import LATEST_VERSION
from desktop_app.persistence.search_index import matches
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryQuery

DATA = Path(__file__).parent / "data"


def copy_of(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copyfile(DATA / name, target)
    return target


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_version_1_file_migrates_with_its_data_and_a_backup(tmp_path):
    path = copy_of("workspace-v1.sqlite", tmp_path)
    before = rows(path, "SELECT id, version, name, search_text FROM tier_account ORDER BY id")
    requests_before = rows(path, "SELECT * FROM tier_account_request ORDER BY id")
    assert rows(path, "PRAGMA user_version") == [(1,)]

    store = SqliteStore.open(path, create=False)
    try:
        assert store.db.execute_sql("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        services = Services.over(store)
        # every account and request is still there, unchanged
        assert (
            rows(path, "SELECT id, version, name, search_text FROM tier_account ORDER BY id")
            == before
        )
        assert rows(path, "SELECT * FROM tier_account_request ORDER BY id") == requests_before
        # the new search index covers the accounts that were already in the file
        live = {r[0]: r[3] for r in before}
        decommissioned = {
            r[0]
            for r in rows(path, "SELECT id FROM tier_account WHERE decommissioned_at IS NOT NULL")
        }
        for account_id, text in list(live.items())[:25]:
            word = text.split()[1]  # the organisation name's first word
            found = {r.id for r in services.directory.accounts(DirectoryQuery(search=word)).all()}
            expected = {a for a, t in live.items() if matches(t, word) and a not in decommissioned}
            assert found == expected, word
            if account_id not in decommissioned:
                assert account_id in found
        # the live count starts from the accounts already there
        assert services.directory.count(DirectoryQuery()) == len(live) - len(decommissioned) > 0
        check = store.db.execute_sql(
            "INSERT INTO account_search (account_search) VALUES ('integrity-check')"
        )
        assert check is not None
        assert store.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        store.close()

    backups = list(backup_folder(path).glob("*.sqlite"))
    assert len(backups) == 1
    assert rows(backups[0], "PRAGMA user_version") == [(1,)]
    assert len(rows(backups[0], "SELECT id FROM tier_account")) == len(before)


def test_the_frozen_file_is_never_touched_by_tests():
    assert rows(DATA / "workspace-v1.sqlite", "PRAGMA user_version") == [(1,)]

"""Importing a file again never duplicates its accounts, nor undoes edits made since its export."""

from __future__ import annotations

import csv
import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.interop.export import ExportFormat, export_accounts
from desktop_app.interop.importer import ImportMode, RowOutcome, import_file
from desktop_app.interop.workbook_columns import HEADERS
from tests.interop.sheets import csv_file, row, workbook
from tests.support.world import draft, open_world

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

ROWS = [row(Company_Name=f"Neue Firma {n}", External_ID=f"N{n}") for n in range(5)]


def live_accounts(world) -> int:
    return int(
        world.store.db.execute_sql(
            "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
        ).fetchone()[0]
    )


@pytest.mark.parametrize("maker", [csv_file, workbook], ids=["csv", "xlsx"])
def test_a_file_imported_twice_makes_each_account_once(world, tmp_path, maker):
    source = maker(tmp_path / f"new.{'csv' if maker is csv_file else 'xlsx'}", ROWS)
    first = import_file(world.services, source)
    assert first.committed and first.count(RowOutcome.CREATED) == len(ROWS)
    before = live_accounts(world)
    for mode in (ImportMode.ALL_OR_NOTHING, ImportMode.VALID_ROWS):
        again = import_file(world.services, source, mode)
        assert again.count(RowOutcome.CREATED) == 0
        assert again.error_rows == len(ROWS)
        made = {r.account_id for r in first.results}
        for issue in again.issues:
            assert "was imported before" in issue.message
            assert any(account_id in issue.message for account_id in made)
    assert live_accounts(world) == before


def test_a_row_twice_in_one_file_is_refused(world, tmp_path):
    source = csv_file(tmp_path / "twice.csv", [ROWS[0], ROWS[1], ROWS[0]])
    report = import_file(world.services, source, ImportMode.VALID_ROWS)
    assert report.count(RowOutcome.CREATED) == 2
    assert [(i.row, i.message) for i in report.issues] == [
        (4, "This row repeats row 2 (the same account data); delete one of them.")
    ]


def test_rows_with_their_own_external_uid_keep_it(world, tmp_path):
    given = "3f2b8c1e-0d4a-4c55-9a31-2b7e9d0c6a10"
    source = csv_file(tmp_path / "uid.csv", [row(External_UID=given)])
    report = import_file(world.services, source)
    assert report.committed and report.results[0].external_uid == given


def test_killed_while_writing_the_results_then_imported_again_makes_no_duplicate(tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    world.store.close()
    rows = [row(Company_Name=f"Firma {n}", External_ID=f"E{n}") for n in range(3000)]
    source = workbook(tmp_path / "big.xlsx", rows)
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "import", "--db", str(world.path), str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        committed = False
        while time.monotonic() < deadline and process.poll() is None and not committed:
            reopened = open_world(world.path, seed_catalog=False)
            try:
                committed = live_accounts(reopened) == len(rows)
            finally:
                reopened.store.close()
            time.sleep(0.01)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)  # after the commit, during the write-back
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["import", "--db", str(world.path), str(source), "--valid-rows"], out, err)
    reopened = open_world(world.path, seed_catalog=False)
    try:
        assert live_accounts(reopened) == len(rows), out.getvalue()
    finally:
        reopened.store.close()
    assert code in (0, 1)


def _as_update_rows(export: Path) -> Path:
    with export.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    action = HEADERS.index("Action")
    for line in lines[1:]:
        line[action] = "update"
    changed = export.with_name("update.csv")
    with changed.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(lines)
    return changed


def test_an_older_export_does_not_undo_the_edits_made_since(world, tmp_path):
    edited = world.services.accounts.create(draft(name="Alt GmbH", external_id="A")).account
    untouched = world.services.accounts.create(draft(name="Ruhig AG", external_id="R")).account
    accounts = [world.services.accounts.get(edited.id), world.services.accounts.get(untouched.id)]
    export = export_accounts(accounts, 2, tmp_path / "old.csv", ExportFormat.CSV).path
    world.services.accounts.update(edited.id, draft(name="Neu GmbH", external_id="A"))
    report = import_file(world.services, _as_update_rows(export), ImportMode.VALID_ROWS)
    assert report.count(RowOutcome.UPDATED) == 0
    assert report.count(RowOutcome.UNCHANGED) == 1  # the other account, still as exported
    (issue,) = report.issues
    assert f"holds version 1 of {edited.id}, which has changed since: version 2" in issue.message
    assert world.services.accounts.get(edited.id).data.name == "Neu GmbH"


def test_an_update_row_with_new_data_still_applies(world, tmp_path):
    account = world.services.accounts.create(draft(name="Alt GmbH", external_id="A")).account
    world.services.accounts.update(account.id, draft(name="Zwischen GmbH", external_id="A"))
    export = export_accounts(
        [world.services.accounts.get(account.id)], 1, tmp_path / "now.csv", ExportFormat.CSV
    ).path
    changed = _as_update_rows(export)
    text = changed.read_text(encoding="utf-8-sig").replace("Zwischen GmbH", "Alt GmbH")
    changed.write_text(text, encoding="utf-8-sig")  # exactly version 1 again
    report = import_file(world.services, changed)
    assert not report.committed  # the exact data of version 1: refused as an old export
    text = text.replace("Alt GmbH", "Dritte GmbH")
    changed.write_text(text, encoding="utf-8-sig")
    report = import_file(world.services, changed)
    assert report.committed and report.count(RowOutcome.UPDATED) == 1
    assert world.services.accounts.get(account.id).data.name == "Dritte GmbH"

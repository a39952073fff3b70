"""An import's results are written while it commits, and put in place only once it has."""

from __future__ import annotations

import sqlite3
import threading

import openpyxl
import pytest

from desktop_app.domain.errors import ExchangeFileError, StorageError
from desktop_app.interop.importer import ImportMode
from desktop_app.interop.writeback import ResultsWriter, import_writing_results, results_copy_path
from desktop_app.persistence.location import ServerAddress
from desktop_app.persistence.pending import PendingRows
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryQuery
from tests.interop.sheets import row, workbook
from tests.support.world import dump

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def live_count(services: Services) -> int:
    return services.directory.count(DirectoryQuery())


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def three_rows(tmp_path):
    return workbook(tmp_path / "in.xlsx", [row(External_ID=f"W{i}") for i in range(3)])


def committed_accounts(world) -> int:
    """The live accounts another connection sees (only what is committed), read plainly."""
    sql = "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
    if isinstance(world.path, ServerAddress):
        import psycopg

        with psycopg.connect(world.path.url) as connection:
            return int(connection.execute(sql).fetchone()[0])
    connection = sqlite3.connect(f"file:{world.path}?mode=ro", uri=True)
    try:
        return int(connection.execute(sql).fetchone()[0])
    finally:
        connection.close()


def test_the_results_are_written_before_the_commit_and_put_in_place_after(
    world, tmp_path, monkeypatch
):
    source = three_rows(tmp_path)
    target = results_copy_path(source)
    before = committed_accounts(world)
    seen: list[tuple[int, bool]] = []
    writing, looked = threading.Event(), threading.Event()
    plain_start, plain_write = ResultsWriter.start, ResultsWriter.write
    plain_flush = PendingRows.flush

    def start(self, results):
        writing.set()
        plain_start(self, results)

    def watched(self, results):
        seen.append((committed_accounts(world), target.exists()))
        looked.set()
        plain_write(self, results)

    def flush(self, *args, **kwargs):
        if writing.is_set():  # the commit waits for the results' first look (not forever)
            looked.wait(5)
        return plain_flush(self, *args, **kwargs)

    monkeypatch.setattr(ResultsWriter, "start", start)
    monkeypatch.setattr(ResultsWriter, "write", watched)
    monkeypatch.setattr(PendingRows, "flush", flush)
    report, written = import_writing_results(
        world.services, source, ImportMode.ALL_OR_NOTHING, None, target
    )
    assert seen == [(before, False)], "written after the commit, or put in place before it"
    assert report.committed and written == target
    assert committed_accounts(world) == before + 3
    sheet = openpyxl.load_workbook(target)["Customers"]
    ids = [(sheet.cell(r, 1).value, sheet.cell(r, 3).value) for r in (2, 3, 4)]
    assert ids == [(r.account_id, r.external_uid) for r in report.results]
    assert leftovers(tmp_path) == []


def test_an_import_that_fails_as_it_commits_leaves_no_results(world, tmp_path, monkeypatch):
    source = three_rows(tmp_path)
    target = results_copy_path(source)
    before = dump(world.store)
    committing: list[bool] = []
    plain_start, plain_flush = ResultsWriter.start, PendingRows.flush

    def start(self, results):
        committing.append(True)
        plain_start(self, results)

    def flush(self, *args, **kwargs):
        if committing:  # the rows held back reach the workspace: the disk is full
            raise StorageError("The disk is full; nothing was saved.")
        return plain_flush(self, *args, **kwargs)

    monkeypatch.setattr(ResultsWriter, "start", start)
    monkeypatch.setattr(PendingRows, "flush", flush)
    with pytest.raises(StorageError):
        import_writing_results(world.services, source, ImportMode.ALL_OR_NOTHING, None, target)
    assert committing == [True]
    assert not target.exists() and leftovers(tmp_path) == []
    assert dump(world.store) == before


def test_results_that_cannot_be_written_leave_the_accounts_imported(world, tmp_path):
    source = three_rows(tmp_path)
    before = live_count(world.services)
    target = tmp_path / "gone" / "in-imported.xlsx"
    report, written = import_writing_results(
        world.services, source, ImportMode.ALL_OR_NOTHING, None, target
    )
    assert report.committed and live_count(world.services) == before + 3
    assert isinstance(written, ExchangeFileError)
    assert "The accounts are saved in the workspace." in written.message
    assert str(target) in written.message


def test_a_preview_or_a_refused_import_writes_no_results_and_never_commits(world, tmp_path):
    source = workbook(tmp_path / "in.xlsx", [row(External_ID="W1"), row(Type="nobody")])
    target = results_copy_path(source)
    calls: list[str] = []
    for mode in (ImportMode.PREVIEW, ImportMode.ALL_OR_NOTHING):
        report, written = import_writing_results(
            world.services, source, mode, None, target, lambda: calls.append("committing")
        )
        assert (report.committed, written) == (False, None)
    assert calls == [] and not target.exists() and leftovers(tmp_path) == []

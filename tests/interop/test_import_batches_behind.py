"""A server writes an import's batches while the next rows are made: same result, same failures."""

from __future__ import annotations

import threading

import pytest

from desktop_app.domain.errors import ConnectionLostError
from desktop_app.interop import row_uids
from desktop_app.interop.importer import ImportMode, RowOutcome, import_file
from desktop_app.interop.progress import Cancelled
from desktop_app.persistence import bulk, pending
from tests.interop.sheets import csv_file, row
from tests.persistence.test_server_restart import (  # a relay that can drop, its checks
    IMPORTED,
    assert_one_clear_line,
    count,
    problems_of,
    relayed,  # noqa: F401 - the fixture
)
from tests.support.world import dump, open_world

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

ROWS = [
    row(Company_Name="Parent Firma", External_ID="P0"),
    *(
        row(
            Company_Name=f"Neue Firma {n}",
            External_ID=f"N{n}",
            Type="customer",
            Parent_Search_Criteria="external_id",
            Parent_Search_Value="P0",
        )
        for n in range(11)
    ),
]


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two held accounts, looked up three rows ahead: many go behind."""
    monkeypatch.setattr(pending, "SERVER_BATCH", 2)
    monkeypatch.setattr(pending, "BATCH", 2)
    monkeypatch.setattr(row_uids, "LOOK_AHEAD", 3)


def _copies_behind(monkeypatch) -> list[str]:
    """The threads each COPY runs on (the caller's, or one of its own)."""
    threads: list[str] = []
    real = bulk.copy_rows

    def noted(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(bulk, "copy_rows", noted)
    return threads


def test_an_import_in_small_batches_writes_every_row(
    world, backend, tmp_path, small_batches, monkeypatch
):
    threads = _copies_behind(monkeypatch)
    report = import_file(world.services, csv_file(tmp_path / "in.csv", ROWS))
    assert report.committed and not report.issues
    assert report.count(RowOutcome.CREATED) == len(ROWS)
    parent = world.services.accounts.get(report.results[0].account_id)
    for result in report.results[1:]:
        assert world.services.accounts.get(result.account_id).parent_id == parent.id
    if backend == "postgresql":
        assert "bulk-copy" in threads  # batches went behind the rows being made
    assert not any(t.name == "bulk-copy" for t in threading.enumerate())


def test_each_batch_carries_its_accounts_versions(
    world, backend, tmp_path, small_batches, monkeypatch
):
    """A batch goes with the version of its last account: that version alone, later, waited
    for the whole batch before it to be written (~0.6 s a batch at 5,000 accounts)."""
    sent: list[tuple[str, int]] = []
    real = bulk.copy_rows

    def counted(connection, model, rows):
        rows = list(rows)
        sent.append((model.__name__, len(rows)))
        return real(connection, model, rows)

    monkeypatch.setattr(bulk, "copy_rows", counted)
    if backend != "postgresql":
        pytest.skip("a file's batches are inserted with executemany")
    report = import_file(world.services, csv_file(tmp_path / "in.csv", ROWS))
    assert report.committed and report.count(RowOutcome.CREATED) == len(ROWS)
    accounts = [n for name, n in sent if name == "TierAccount"]
    versions = [n for name, n in sent if name == "TierAccountVersion"]
    assert sum(accounts) == sum(versions) == len(ROWS)
    assert accounts == versions  # pairs: no version goes on its own
    assert [name for name, _ in sent] == ["TierAccount", "TierAccountVersion"] * len(accounts)


def test_a_batch_failing_behind_undoes_the_whole_import(
    world, backend, tmp_path, small_batches, monkeypatch
):
    before = dump(world.store)
    real = bulk.copy_rows
    calls = []

    def failing(connection, model, rows):
        calls.append(model)
        if len(calls) == 3:
            raise RuntimeError("the server refused the batch")
        return real(connection, model, rows)

    monkeypatch.setattr(bulk, "copy_rows", failing)
    if backend != "postgresql":
        pytest.skip("a file's batches are inserted on the caller's thread")
    with pytest.raises(RuntimeError, match="refused the batch"):
        import_file(world.services, csv_file(tmp_path / "in.csv", ROWS))
    assert dump(world.store) == before
    assert import_file(world.services, csv_file(tmp_path / "again.csv", ROWS)).committed


def test_a_cancel_while_a_batch_goes_behind_writes_nothing(
    world, tmp_path, small_batches, monkeypatch
):
    monkeypatch.setattr("desktop_app.interop.importer.STEP", 1)
    before = dump(world.store)
    path = csv_file(tmp_path / "in.csv", ROWS)
    with pytest.raises(Cancelled):
        import_file(world.services, path, ImportMode.ALL_OR_NOTHING, lambda done, _t: done < 7)
    assert dump(world.store) == before
    assert not any(t.name == "bulk-copy" for t in threading.enumerate())


def test_a_network_drop_while_a_batch_goes_behind_saves_nothing(
    relayed,  # noqa: F811 - the fixture imported above
    tmp_path,
    small_batches,
    monkeypatch,
):
    proxy, address = relayed
    world = open_world(address)
    try:
        rows = [row(External_ID=f"R{n}", Company_Name=f"Zeile {n} GmbH") for n in range(30)]
        path = csv_file(tmp_path / "in.csv", rows)
        real = bulk.copy_rows
        threads: list[str] = []

        def dropping(connection, model, batch):
            threads.append(threading.current_thread().name)
            if len(threads) == 5:
                proxy.drop()  # the connection is gone under a batch being written behind
            return real(connection, model, batch)

        monkeypatch.setattr(bulk, "copy_rows", dropping)
        with pytest.raises(ConnectionLostError) as lost:
            import_file(world.services, path)
        assert threads[4] == "bulk-copy"
        assert_one_clear_line(lost.value.message, address)
        assert count(address, IMPORTED) == 0
        monkeypatch.setattr(bulk, "copy_rows", real)
        assert import_file(world.services, path).committed  # the retry, on the same store
        assert count(address, IMPORTED) == len(rows)
        assert problems_of(address) == []
        assert not any(t.name == "bulk-copy" for t in threading.enumerate())
    finally:
        world.store.close()


def test_new_ids_are_checked_ahead_of_the_rows_that_take_them(world, monkeypatch):
    from desktop_app.persistence.account_repository import SqlAccountRepository
    from tests.support.world import draft

    looked_up: list[int] = []
    real = SqlAccountRepository.taken_ids

    def taken_ids(self, account_ids):
        looked_up.append(len(account_ids))
        return real(self, account_ids)

    monkeypatch.setattr(SqlAccountRepository, "taken_ids", taken_ids)
    accounts = world.services.accounts
    with accounts.batch():
        accounts.reserve_ids(6)
        made = {accounts.create(draft(external_id=f"A{n}")).account.id for n in range(6)}
    assert looked_up == [6] and len(made) == 6  # no look-up between the rows

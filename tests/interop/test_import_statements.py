"""An import sends its new accounts a batch at a time, on a file as on a server: never one a row."""

from math import ceil

import pytest

from desktop_app.interop.importer import ImportMode, RowOutcome, import_file
from desktop_app.persistence import pending
from desktop_app.services.queries import DirectoryQuery
from tests.interop.sheets import csv_file, row
from tests.support.statements import counting
from tests.support.world import draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

ROWS = 2000
PARENTS = 100
CUSTOMERS = 1000


def test_an_import_of_create_rows_sends_them_a_batch_at_a_time(world, tmp_path):
    rows = [row(External_ID=f"B{n}", Company_Name=f"Stapel {n} GmbH") for n in range(ROWS)]
    path = csv_file(tmp_path / "in.csv", rows)
    with counting(world.store.db) as sent:
        report = import_file(world.services, path)
    assert report.committed and not report.issues
    assert report.count(RowOutcome.CREATED) == ROWS
    assert world.services.directory.count(DirectoryQuery()) == ROWS
    # an executemany a thousand accounts on a file, a COPY 5,000 on a server; a batch goes
    # as its last account is held, before that account's version, which may go on its own
    batches = ceil(ROWS / pending.BATCH)
    assert 1 <= sent.writes_to("tier_account") <= batches
    assert 1 <= sent.writes_to("tier_account_version") <= batches + 1
    # no savepoint, write or look-up a row: the external UIDs are looked up 500 rows at a
    # time, the new ids a thousand; the rest is the transaction and its bookkeeping
    assert len(sent.statements) < 100, sent.statements[:10]
    assert not [sql for _how, sql in sent.statements if "SAVEPOINT" in sql.upper()]


def test_an_external_uid_looked_up_ahead_is_looked_up_again_after_a_write(world, tmp_path):
    reseller = world.services.accounts.create(draft(name="Reseller")).account
    uid = "0d9a4d3e-1c5b-4f7e-8a2b-9c6d5e4f3a21"
    rows = [
        # found free when both rows were looked up ahead; this row's update then takes it
        row(ID=reseller.id, Action="update", Company_Name="Reseller", External_UID=uid),
        row(External_UID=uid, Company_Name="Second"),
    ]
    report = import_file(world.services, csv_file(tmp_path / "in.csv", rows), ImportMode.VALID_ROWS)
    assert [(i.row, i.column) for i in report.issues] == [(3, "External UID")]
    assert f"already used by {reseller.id}" in report.issues[0].message
    assert world.services.accounts.get(reseller.id).data.external_uid == uid
    assert world.services.directory.count(DirectoryQuery()) == 1


def test_the_parents_of_an_import_are_read_together(world, tmp_path):
    parents = [
        world.services.accounts.create(draft(name=f"Reseller {n}", external_id=f"R{n}")).account
        for n in range(PARENTS)
    ]
    rows = [
        row(
            Type="customer",
            Company_Name=f"Kunde {n}",
            External_ID=f"K{n}",
            Parent_Search_Criteria="id",
            Parent_Search_Value=parents[n % PARENTS].id,
        )
        for n in range(CUSTOMERS)
    ]
    with counting(world.store.db) as sent:
        report = import_file(world.services, csv_file(tmp_path / "in.csv", rows))
    assert report.committed and not report.issues
    made = world.services.accounts.get(report.results[-1].account_id)
    assert made.parent_id == parents[(CUSTOMERS - 1) % PARENTS].id
    # two reads of 100 parents (500 rows ahead at a time), not one read a parent
    assert len(sent.statements) < PARENTS / 2, sent.statements[:10]

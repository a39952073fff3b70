"""An import sends its new accounts a batch at a time, on a file as on a server: never one a row."""

from math import ceil

import pytest

from desktop_app.interop.importer import RowOutcome, import_file
from desktop_app.persistence import pending
from desktop_app.services.queries import DirectoryQuery
from tests.interop.sheets import csv_file, row
from tests.support.statements import counting

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

ROWS = 2000
READS = ("SELECT", "WITH")


def test_an_import_of_create_rows_sends_them_a_batch_at_a_time(world, tmp_path):
    rows = [row(External_ID=f"B{n}", Company_Name=f"Stapel {n} GmbH") for n in range(ROWS)]
    path = csv_file(tmp_path / "in.csv", rows)
    with counting(world.store.db) as sent:
        report = import_file(world.services, path)
    assert report.committed and not report.issues
    assert report.count(RowOutcome.CREATED) == ROWS
    assert world.services.directory.count(DirectoryQuery()) == ROWS
    # a COPY (an executemany on a file) a thousand accounts; a batch goes as its thousandth
    # account is held, before that account's version: the last version may go on its own
    batches = ceil(ROWS / pending.BATCH)
    assert 1 <= sent.writes_to("tier_account") <= batches
    assert 1 <= sent.writes_to("tier_account_version") <= batches + 1
    # no savepoint, release or write a row: what the import sends besides its look-ups is
    # the transaction and its bookkeeping (a file's sort indexes built again, the tallies)
    others = [sql for _how, sql in sent.statements if not sql.lstrip().upper().startswith(READS)]
    assert len(others) < 100, others[:10]
    assert not [sql for sql in others if "SAVEPOINT" in sql.upper()]

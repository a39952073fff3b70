"""The bulk writes' rows and INSERTs come from the models: field order, columns, dialect."""

from dataclasses import replace
from uuid import uuid4

import pytest
from peewee import MySQLDatabase, PostgresqlDatabase, SqliteDatabase

from desktop_app.persistence import models
from desktop_app.persistence.mapping import account_row, columns, version_row
from desktop_app.persistence.model_rows import insert_sql, row_maker
from desktop_app.persistence.pending import PendingRows
from tests.support.world import draft


def test_a_row_holds_the_values_in_the_models_field_order():
    make = row_maker(models.Subscription)
    row = make(
        created_at="2024-01-01T00:00:00.000000Z",
        tier2=None,
        tier1="TA-1",
        customer="TA-2",
        status="active",
        marketplace="MP-1",
        product="PRD-1",
        id="AS-1",
    )
    assert type(row) is tuple  # what the cursor binds fastest
    assert row == ("AS-1", "PRD-1", "MP-1", "active", "TA-2", "TA-1", None, row[-1])
    assert row_maker(models.Subscription) is make  # made once per model


def test_a_missing_or_unknown_field_is_refused():
    hub = row_maker(models.Hub)
    assert hub(id="HB-1", name="Hub", instance_type="API") == ("HB-1", "Hub", "API")
    with pytest.raises(TypeError, match="instance_type"):
        hub(id="HB-1", name="Hub")
    with pytest.raises(TypeError, match="kind"):
        hub(id="HB-1", name="Hub", instance_type="API", kind="API")


@pytest.mark.parametrize(
    ("db", "quote", "mark"),
    [
        (SqliteDatabase(None), '"', "?"),
        (PostgresqlDatabase(None), '"', "%s"),
        (MySQLDatabase(None), "`", "%s"),
    ],
)
def test_the_insert_names_every_column_in_its_databases_dialect(db, quote, mark):
    for model in models.MODELS:
        names = ", ".join(f"{quote}{c}{quote}" for c in columns(model))
        marks = ", ".join([mark] * len(columns(model)))
        table = f"{quote}{model._meta.table_name}{quote}"
        assert insert_sql(db, model) == f"INSERT INTO {table} ({names}) VALUES ({marks})"


class _Cursor:
    def __init__(self, sent):
        self.sent = sent
        self.rowcount = -1

    def executemany(self, sql, rows):
        self.sent.append((sql, list(rows)))
        self.rowcount = len(rows)


class _Connection:
    """A DB-API connection without SQLite's ``total_changes`` (a server's driver)."""

    def __init__(self):
        self.sent = []

    def cursor(self):
        return _Cursor(self.sent)


def test_held_rows_go_with_their_databases_insert_and_count_by_rowcount(world):
    account = world.services.accounts.create(draft()).account
    (version,) = world.store.accounts.versions(account.id)
    server = MySQLDatabase(None)  # any driver but SQLite's (PostgreSQL's flush is a COPY)
    pending = PendingRows()
    pending.add_account(account, server)
    pending.add_version(version, server)
    connection = _Connection()

    pending.flush(connection)

    assert connection.sent == [
        (insert_sql(server, models.TierAccount), [account_row(account)]),
        (insert_sql(server, models.TierAccountVersion), [version_row(version)]),
    ]
    assert pending.flushed_changes == 2
    assert not pending and not pending.by_id


def test_a_flush_on_sqlite_counts_what_its_triggers_wrote_too(world):
    # the store's check that a refused unit of a bulk write wrote nothing compares these counts
    account = world.services.accounts.create(draft()).account
    copy = replace(
        account, id="TA-0000-0000-0099", data=replace(account.data, external_uid=str(uuid4()))
    )
    pending = PendingRows()
    pending.add_account(copy, world.store.db)
    connection = world.store.db.connection()
    with world.store.write():
        before = connection.total_changes
        pending.flush(connection)
        written = connection.total_changes - before
    assert written > 1  # the row, and the tallies' and the search index's triggers
    assert pending.flushed_changes == written
    assert world.store.accounts.get(copy.id) == copy

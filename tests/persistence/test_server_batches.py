"""A server's bulk write: a small first batch, then full ones, each row made as it is sent."""

from __future__ import annotations

import threading

from desktop_app.persistence import bulk, mapping, pending
from tests.support.world import draft


def test_the_first_batch_is_small_and_each_row_is_made_on_the_copys_thread(
    server_world, monkeypatch
):
    monkeypatch.setattr(pending, "FIRST_SERVER_BATCH", 2)
    monkeypatch.setattr(pending, "SERVER_BATCH", 3)
    copies: list[tuple[str, int]] = []
    real_copy = bulk.copy_rows

    def noted_copy(connection, model, rows):
        sent = real_copy(connection, model, rows)
        copies.append((model._meta.table_name, sent))
        return sent

    made_on: list[str] = []
    real_row = mapping.account_row

    def noted_row(account):
        made_on.append(threading.current_thread().name)
        return real_row(account)

    monkeypatch.setattr(bulk, "copy_rows", noted_copy)
    monkeypatch.setattr(mapping, "account_row", noted_row)
    accounts = server_world.services.accounts
    with accounts.batch(expected_rows=9):
        for number in range(9):
            accounts.create(draft(name=f"Batch {number}", external_id=f"B{number}"))
    sizes = [n for table, n in copies if table == "tier_account"]
    assert sizes == [2, 3, 3, 1]  # the last at the end of the bulk write, on the caller's
    # a batch goes with its last account's version (alone, later, it waited for the batch)
    assert [n for table, n in copies if table == "tier_account_version"] == [2, 3, 3, 1]
    assert made_on.count("bulk-copy") == 8 and len(made_on) == 9
    names = {r[0] for r in server_world.store.db.execute_sql("SELECT name FROM tier_account")}
    assert names == {f"Batch {n}" for n in range(9)}


def test_the_next_bulk_write_starts_with_a_small_batch_again(server_world, monkeypatch):
    monkeypatch.setattr(pending, "FIRST_SERVER_BATCH", 2)
    monkeypatch.setattr(pending, "SERVER_BATCH", 4)
    sizes: list[int] = []
    real_copy = bulk.copy_rows

    def noted_copy(connection, model, rows):
        sent = real_copy(connection, model, rows)
        if model._meta.table_name == "tier_account":
            sizes.append(sent)
        return sent

    monkeypatch.setattr(bulk, "copy_rows", noted_copy)
    accounts = server_world.services.accounts
    for bulk_write in range(2):
        with accounts.batch(expected_rows=6):
            for number in range(6):
                accounts.create(draft(name=f"Again {bulk_write} {number}"))
    assert sizes == [2, 4, 2, 4]

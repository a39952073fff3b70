"""The search index catches up with an import's rows in rowid order (FTS5 is slow otherwise)."""

from desktop_app.persistence import search_index
from tests.support.world import draft


def _plan(world, statement):
    params = (1,) * statement.count("?")
    rows = world.store.db.execute_sql("EXPLAIN QUERY PLAN " + statement, params)
    return [str(row[-1]) for row in rows.fetchall()]


def test_the_catch_up_reads_the_accounts_in_rowid_order(world):
    for number in range(3):
        world.services.accounts.create(draft(name=f"Old {number}", external_id=f"O{number}"))
    world.store.db.execute_sql("ANALYZE")  # statistics may make SQLite prefer an index of ids
    with world.store.write(), search_index.deferred(world.store.db):
        noted = _plan(world, search_index._CATCH_UP[1])
        added = _plan(world, search_index._CATCH_UP[2])
    # the journal outside, in its own (rowid) order: no sort, the accounts found by rowid
    assert noted[0].startswith("SCAN j"), noted
    assert any("SEARCH a USING INTEGER PRIMARY KEY (rowid=?)" in step for step in noted), noted
    assert added == ["SEARCH a USING INTEGER PRIMARY KEY (rowid>?)"], added
    assert not any("TEMP B-TREE" in step for step in noted + added)


def _found(world, word):
    return sorted(
        r[0]
        for r in world.store.db.execute_sql(
            "SELECT rowid FROM account_search WHERE account_search MATCH ?", (f'"{word}"*',)
        ).fetchall()
    )


def _rowids(world, *account_ids):
    return sorted(
        world.store.db.execute_sql(
            "SELECT rowid FROM tier_account WHERE id = ?", (account_id,)
        ).fetchone()[0]
        for account_id in account_ids
    )


def test_a_batch_s_new_changed_and_deleted_rows_are_indexed_as_they_end(world):
    accounts = world.services.accounts
    old = accounts.create(draft(name="Oldname Reseller", external_id="O1")).account
    gone = accounts.create(draft(name="Gonename Reseller", external_id="O2")).account
    with accounts.batch(20_000):
        made = [
            accounts.create(draft(name=f"Batch Müller {n}", external_id=f"B{n}")).account
            for n in range(5)
        ]
        accounts.update(old.id, draft(name="Newname Reseller", external_id="O1"))
        changed = accounts.update(made[0].id, draft(name="Renamed Batch", external_id="B0"))
        accounts.delete(gone.id)
        accounts.delete(made[1].id)
    assert _found(world, "muller") == _rowids(world, *(m.id for m in made[2:]))
    assert _found(world, "renamed") == _rowids(world, changed.account.id)
    assert _found(world, "newname") == _rowids(world, old.id)
    assert _found(world, "oldname") == _found(world, "gonename") == []
    world.store.db.execute_sql(
        "INSERT INTO account_search (account_search, rank) VALUES ('integrity-check', 1)"
    )


def test_rows_written_in_a_small_batch_are_found_after_it(world):
    with world.services.accounts.batch(20_000):
        made = [
            world.services.accounts.create(
                draft(name=f"Batch Müller {n}", external_id=f"B{n}")
            ).account
            for n in range(5)
        ]
    found = world.store.db.execute_sql(
        "SELECT rowid FROM account_search WHERE account_search MATCH '\"muller\"*'"
    ).fetchall()
    assert len(found) == len(made)

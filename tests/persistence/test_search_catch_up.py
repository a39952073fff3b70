"""The search index catches up with an import's rows in rowid order (FTS5 is slow otherwise)."""

from desktop_app.persistence import search_index
from tests.support.world import draft


def test_the_catch_up_reads_the_journal_in_rowid_order(world):
    for number in range(3):
        world.services.accounts.create(draft(name=f"Old {number}", external_id=f"O{number}"))
    world.store.db.execute_sql("ANALYZE")  # statistics may make SQLite prefer an index of ids
    with world.store.write(), search_index.deferred(world.store.db):
        plan = [
            str(row[-1])
            for row in world.store.db.execute_sql(
                "EXPLAIN QUERY PLAN " + search_index._CATCH_UP[1]
            ).fetchall()
        ]
    # the journal outside, in its own (rowid) order: no sort, the accounts found by rowid
    assert plan[0].startswith("SCAN j"), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
    assert any("SEARCH a USING INTEGER PRIMARY KEY" in step for step in plan), plan


def test_rows_written_in_a_batch_are_found_after_it(world):
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

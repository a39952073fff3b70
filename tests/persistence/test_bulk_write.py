"""A bulk write (an import) takes no savepoint per row, yet never keeps half a change."""

import pytest

from desktop_app.domain.errors import RuleViolationError, StorageError
from desktop_app.persistence import bookkeeping
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from tests.support.world import draft, dump

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def test_a_refusal_before_any_write_leaves_the_rest_of_the_bulk(world):
    with world.services.accounts.batch():
        with pytest.raises(RuleViolationError), world.store.write():
            raise RuleViolationError("refused before writing")
        kept = world.services.accounts.create(draft(name="Kept")).account
    assert world.services.accounts.get(kept.id).name == "Kept"


def test_a_refusal_after_a_write_undoes_the_whole_bulk(world):
    before = dump(world.store)
    # neither backend takes a savepoint a unit: the refusal cannot undo its unit alone
    with (
        pytest.raises(StorageError, match="whole import was undone"),
        world.services.accounts.batch(),
    ):
        world.services.accounts.create(draft(name="First"))
        with world.store.write():
            world.services.accounts.create(draft(name="Half", external_id="H"))
            raise RuleViolationError("refused after writing")
    assert dump(world.store) == before


def test_a_refusal_after_a_statement_of_its_own_undoes_the_whole_bulk(world):
    before = dump(world.store)
    with (
        pytest.raises(StorageError, match="whole import was undone"),
        world.services.accounts.batch(),
    ):
        world.services.accounts.create(draft(name="First"))
        with world.store.write():
            # sent at once (no row held back): only the connection's count of changes sees it
            world.store.settings.put("refused", "written")
            raise RuleViolationError("refused after writing")
    assert dump(world.store) == before


def test_outside_a_bulk_a_nested_refusal_rolls_back_its_savepoint(world):
    with world.store.write():
        with pytest.raises(RuleViolationError), world.store.write():
            world.services.accounts.create(draft(name="Undone"))
            raise RuleViolationError("refused after writing")
        world.services.accounts.create(draft(name="Kept", external_id="K"))
    names = [r[0] for r in world.store.db.execute_sql("SELECT name FROM tier_account")]
    assert names == ["Kept"]


def _indexes(world):
    return sorted(
        world.store.db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tier_account'"
        ).fetchall()
    )


@pytest.mark.sqlite_only  # a server's bulk keeps its indexes (COPY and GIN's pending list)
def test_a_large_bulk_builds_the_sort_indexes_again_at_its_end(world, monkeypatch):
    from desktop_app.persistence import sort_indexes

    monkeypatch.setattr(sort_indexes, "MIN_ROWS", 1)
    before = _indexes(world)
    seen_inside = []
    with world.services.accounts.batch(expected_rows=5):
        for number in range(5):
            world.services.accounts.create(draft(name=f"Bulk {number}", external_id=f"B{number}"))
        seen_inside.append(_indexes(world))
    rebuilt = {
        name
        for name, _sql in before
        if name.startswith("tier_account_live_") and name not in sort_indexes.KEPT
    }
    assert len(rebuilt) == 15  # seven sort columns, alone and after the type, and the id
    assert {name for name, _sql in seen_inside[0]} == {n for n, _s in before} - rebuilt
    assert _indexes(world) == before
    db = world.store.db
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = world.services.directory.accounts(
        DirectoryQuery(), SortSpec(DirectoryColumn.NAME, descending=False)
    ).all()
    assert [r.name for r in rows] == [f"Bulk {n}" for n in range(5)]
    plan = " ".join(
        str(r)
        for r in db.execute_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM tier_account a WHERE a.decommissioned_at IS NULL"
            " ORDER BY a.name LIMIT 5"
        ).fetchall()
    )
    assert "tier_account_live_name" in plan
    # the tallies were counted once at the end, and their triggers are back
    assert world.services.directory.count(DirectoryQuery()) == 5
    assert bookkeeping.problems(db) == []


@pytest.mark.sqlite_only
def test_a_large_bulk_that_fails_keeps_the_sort_indexes(world, monkeypatch):
    from desktop_app.persistence import sort_indexes

    monkeypatch.setattr(sort_indexes, "MIN_ROWS", 1)
    before = _indexes(world)
    with pytest.raises(RuleViolationError), world.services.accounts.batch(expected_rows=5):
        world.services.accounts.create(draft(name="Rolled back"))
        raise RuleViolationError("stop")
    assert _indexes(world) == before
    assert world.services.directory.count(DirectoryQuery()) == 0
    assert bookkeeping.problems(world.store.db) == []  # the tallies' triggers are back too


def test_a_refusal_whose_reads_sent_earlier_rows_is_still_only_a_refusal(world, backend):
    from desktop_app.domain.enums import AccountType

    parent = world.services.accounts.create(draft(name="Parent")).account
    world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=parent.id, name="Child", external_id="C")
    )
    with world.services.accounts.batch():
        made = [
            world.services.accounts.create(draft(name=f"Held {n}", external_id=f"H{n}")).account
            for n in range(3)
        ]
        assert world.store.accounts.get(made[0].id) == made[0]  # answered from the held rows
        assert world.store.accounts.live_ids_with_external_id("H1") == [made[1].id]
        with pytest.raises(RuleViolationError, match="child account"):
            # counting the children sends the held rows first, then the rule refuses
            world.services.accounts.update(
                parent.id, draft(type=AccountType.CUSTOMER, parent_id=made[0].id, name="Parent")
            )
        late = world.services.accounts.create(draft(name="After", external_id="A")).account
    names = {r.name for r in world.services.directory.accounts(DirectoryQuery()).all()}
    assert names == {"Parent", "Child", "Held 0", "Held 1", "Held 2", "After"}
    assert world.services.accounts.get(late.id).version == 1
    if backend == "sqlite":
        assert world.store.db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    versions = world.store.db.execute_sql("SELECT count(*) FROM tier_account_version").fetchone()
    assert versions[0] == 6


def test_held_rows_are_dropped_when_the_bulk_fails(world):
    before = dump(world.store)
    with pytest.raises(RuntimeError), world.services.accounts.batch():
        world.services.accounts.create(draft(name="Held"))
        raise RuntimeError("a bug")
    assert dump(world.store) == before
    created = world.services.accounts.create(draft(name="Next", external_id="N")).account
    assert [r.id for r in world.services.directory.accounts(DirectoryQuery()).all()] == [created.id]


def test_the_rows_a_connection_changed_are_counted_on_both_backends(world, backend):
    from desktop_app.persistence import models
    from desktop_app.persistence.model_rows import insert_sql

    db = world.store.db

    def changed():  # what a unit of a bulk write compares: a file's count, or a server's own
        return db.changes.rows if backend == "postgresql" else db.connection().total_changes

    before = changed()
    with world.store.write():
        db.cursor().executemany(insert_sql(db, models.Setting), [("a", "1"), ("b", "2")])
        world.store.settings.put("c", "3")
        world.store.settings.get("a")  # a read changes nothing
    assert changed() - before == 3


@pytest.mark.sqlite_only  # a server keeps its tallies once a statement
@pytest.mark.parametrize("then", ["nothing else", "older accounts edited", "a new account edited"])
def test_a_large_bulk_counts_its_new_accounts_at_its_end(world, monkeypatch, then):
    """Only the new accounts are counted at the end; an edit of one of them counts all again."""
    from desktop_app.domain.enums import AccountType
    from desktop_app.persistence import sort_indexes

    monkeypatch.setattr(sort_indexes, "MIN_ROWS", 1)
    old_parent = world.services.accounts.create(draft(name="Old parent")).account
    old_child = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=old_parent.id, name="Old", external_id="O")
    ).account
    lonely = world.services.accounts.create(draft(name="Lonely", external_id="L")).account
    with world.services.accounts.batch(expected_rows=6):
        made = [
            world.services.accounts.create(
                draft(
                    type=AccountType.CUSTOMER if n % 2 else AccountType.RESELLER,
                    parent_id=old_parent.id if n % 2 else None,
                    name=f"Bulk {n}",
                    external_id=f"B{n}",
                    country="FR" if n < 3 else "DE",
                )
            ).account
            for n in range(6)
        ]
        if then == "older accounts edited":
            world.services.accounts.update(
                old_child.id,
                draft(type=AccountType.CUSTOMER, parent_id=made[0].id, name="Old, moved"),
            )
            world.services.accounts.delete(lonely.id)
        elif then == "a new account edited":
            world.services.accounts.update(
                made[1].id, draft(type=AccountType.CUSTOMER, parent_id=made[2].id, name="Moved")
            )
            world.services.accounts.delete(made[4].id)
    db = world.store.db
    assert bookkeeping.problems(db) == []  # the triggers are back, every figure equals a scan
    assert (
        db.execute_sql("SELECT name FROM sqlite_temp_master WHERE name LIKE 'tally%'").fetchall()
        == []
    )
    live = 9 - (then != "nothing else")
    assert world.services.directory.count(DirectoryQuery()) == live
    world.services.accounts.create(draft(name="After", external_id="A"))  # counted as before
    assert bookkeeping.problems(db) == []

"""The live account count kept by triggers equals a scan after every kind of write."""

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.errors import RuleViolationError
from desktop_app.services.queries import DirectoryQuery
from tests.support.world import draft


def shown(world) -> int:
    return world.services.directory.count(DirectoryQuery())


def scanned(world) -> int:
    sql = "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
    return int(world.store.db.execute_sql(sql).fetchone()[0])


def test_the_count_follows_creates_edits_and_deletes(world):
    assert shown(world) == scanned(world) == 0
    first = world.services.accounts.create(draft(name="First")).account
    second = world.services.accounts.create(draft(name="Second", external_id="S")).account
    assert shown(world) == scanned(world) == 2
    world.services.accounts.update(first.id, draft(name="First, renamed"))
    assert shown(world) == scanned(world) == 2
    world.services.accounts.delete(second.id)
    assert shown(world) == scanned(world) == 1


def test_a_write_rolled_back_leaves_the_count(world):
    world.services.accounts.create(draft(name="Kept"))
    with pytest.raises(RuleViolationError), world.store.write():
        world.services.accounts.create(draft(name="Undone", external_id="U"))
        raise RuleViolationError("refused after writing")
    assert shown(world) == scanned(world) == 1


def test_an_import_batch_counts_each_new_account(world):
    with world.services.accounts.batch(expected_rows=30):
        for number in range(30):
            world.services.accounts.create(draft(name=f"Bulk {number}", external_id=f"B{number}"))
    assert shown(world) == scanned(world) == 30


def test_a_bulk_seed_counts_once_at_the_end_and_keeps_counting_after(world):
    seed_workspace(world.store, 2_000, random_seed=5)  # the bulk path: triggers suspended
    decommissioned = world.store.db.execute_sql(
        "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NOT NULL"
    ).fetchone()[0]
    assert shown(world) == scanned(world) == 2_000 - decommissioned
    world.services.accounts.create(draft(name="After the seed", external_id="A"))
    assert shown(world) == scanned(world) == 2_001 - decommissioned


def test_filtered_counts_still_scan(world):
    world.services.accounts.create(draft(name="Zebra Trading"))
    world.services.accounts.create(draft(name="Quokka Trading", external_id="Q"))
    assert world.services.directory.count(DirectoryQuery(search="zebra")) == 1
    assert world.services.directory.count(DirectoryQuery(search="%%%")) == 0

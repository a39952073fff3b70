"""Schema 15: the deleted accounts' sort indexes, on a new and a migrated workspace."""

from __future__ import annotations

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType
from desktop_app.persistence.migrations import LATEST_VERSION, m0015_deleted_sort_indexes
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from tests.support.world import World, index_names, schema_version, set_schema_version

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

INDEXES = set(m0015_deleted_sort_indexes.INDEXES)


def _indexes(world: World) -> set[str]:
    return index_names(world, "tier_account") & INDEXES


def back_to_version_14(world: World) -> None:
    """As a workspace of schema 14 was: no sort indexes of the deleted accounts."""
    with world.store.write():
        for name in INDEXES:
            world.store.db.execute_sql(f'DROP INDEX "{name}"')
    set_schema_version(world, 14)


def test_a_new_workspace_has_them(world):
    assert schema_version(world) == LATEST_VERSION >= 15
    assert _indexes(world) == INDEXES


def test_a_workspace_of_schema_14_gets_them_once_migrated(world):
    seed_workspace(world.store, 200, random_seed=4)
    accounts = world.services.directory.accounts(DirectoryQuery()).all()
    for account in [a for a in accounts if a.type is AccountType.CUSTOMER][:30]:
        world.services.accounts.delete(account.id)
    back_to_version_14(world)
    assert _indexes(world) == set()
    world = world.reopen()
    try:
        assert schema_version(world) == LATEST_VERSION
        assert _indexes(world) == INDEXES
        directory = world.services.directory
        deleted = directory.accounts(DirectoryQuery(deleted=True)).all()
        assert len(deleted) >= 30
        for column in DirectoryColumn:
            query = DirectoryQuery(type=AccountType.CUSTOMER, deleted=True)
            listing = directory.accounts(query, SortSpec(column, descending=True))
            shown = [r.id for offset in range(0, 40, 7) for r in listing.fetch(offset, 7)]
            expected = {a.id for a in deleted if a.type is AccountType.CUSTOMER}
            assert listing.count() == len(expected) and set(shown) == expected, column
            assert len(shown) == len(expected)  # every page in its place, none twice
    finally:
        world.store.close()

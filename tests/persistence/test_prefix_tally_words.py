"""Schema 13: a server's search prefix tally splits the stored words, new or migrated."""

from __future__ import annotations

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.migrations import LATEST_VERSION, m0003_tallies
from desktop_app.services.queries import DirectoryQuery
from tests.persistence.test_search_prefix_tally import _assert_tally_right
from tests.support.world import World, draft, set_schema_version

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

SCHEMA_3_FUNCTION = next(
    s.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
    for s in m0003_tallies.POSTGRES_STATEMENTS
    if s.startswith("CREATE FUNCTION tally_search_prefixes()")
)


def _function(world: World) -> str:
    row = world.store.db.execute_sql(
        "SELECT prosrc FROM pg_proc WHERE proname = 'tally_search_prefixes'"
    ).fetchone()
    return str(row[0])


def _version(world: World) -> int:
    db = world.store.db
    if is_postgres(db):
        return int(db.execute_sql("SELECT max(version) FROM schema_version").fetchone()[0])
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def back_to_version_12(world: World) -> None:
    """As a workspace of schema 12 was: the tally's triggers calling ``search_prefixes()``."""
    if is_postgres(world.store.db):
        with world.store.write():
            world.store.db.execute_sql(SCHEMA_3_FUNCTION)
        assert "search_prefixes(" in _function(world)
    set_schema_version(world, 12)


def test_a_new_workspace_splits_the_stored_words(world):
    assert _version(world) == LATEST_VERSION >= 13
    if is_postgres(world.store.db):
        assert "search_prefixes(" not in _function(world)
        assert "r.search_words" in _function(world)


def test_a_workspace_of_schema_12_keeps_its_tally_once_migrated(world):
    seed_workspace(world.store, 200, random_seed=7)
    live = world.services.directory.count(DirectoryQuery())
    back_to_version_12(world)
    world = world.reopen()
    try:
        assert _version(world) == LATEST_VERSION
        accounts = world.services.accounts
        assert world.services.directory.count(DirectoryQuery()) == live > 150  # its data kept
        if not is_postgres(world.store.db):
            return  # a file has no prefix tally: the version alone moved
        assert "search_prefixes(" not in _function(world)
        _assert_tally_right(world)  # counted by schema 3's function, read the same
        # the migrated triggers keep it: creates (one bulk of them too), edits, deletes
        reseller = accounts.create(draft(name="Müller Bau")).account
        with accounts.batch(expected_rows=30):
            for number in range(30):
                accounts.create(draft(name=f"Kunde {number} Tal", external_id=f"K{number}"))
        accounts.update(
            reseller.id, draft(type=AccountType.RESELLER, name="Zeta Bär 10", external_id="Z")
        )
        kid = accounts.create(
            draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Anker", external_id="A")
        ).account
        accounts.delete(kid.id)
        _assert_tally_right(world)
    finally:
        world.store.close()

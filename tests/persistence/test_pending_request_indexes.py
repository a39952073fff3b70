"""Schema 14: a server's pending requests have sort indexes of their own, new or migrated."""

from __future__ import annotations

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import RequestStatus
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.migrations import LATEST_VERSION, m0014_pending_request_indexes
from desktop_app.services.queries import RequestColumn, RequestQuery, RequestSort
from tests.support.world import World, index_names, schema_version, set_schema_version

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

INDEXES = set(m0014_pending_request_indexes.INDEXES)


def _indexes(world: World) -> set[str]:
    return index_names(world, "tier_account_request") & INDEXES


def back_to_version_13(world: World) -> None:
    """As a workspace of schema 13 was: no partial indexes of the pending requests."""
    db = world.store.db
    if is_postgres(db):  # a server's own (a file has none)
        with world.store.write():
            for name in INDEXES:
                db.execute_sql(f'DROP INDEX "{name}"')
    set_schema_version(world, 13)


def _pending_pages_are_in_order(world: World) -> None:
    everything = world.services.requests.listing(RequestQuery()).all()
    vendors = sorted({r.vendor_id for r in everything})
    for vendor in (None, vendors[0]):
        pending = [
            r
            for r in everything
            if r.status is RequestStatus.PENDING and vendor in (None, r.vendor_id)
        ]
        assert len(pending) > 5
        for column in RequestColumn:
            query = RequestQuery(
                status=RequestStatus.PENDING, vendor_id=vendor, sort=RequestSort(column)
            )
            listing = world.services.requests.listing(query)
            total = listing.count()
            assert total == len(pending), (vendor, column)
            shown = [r.id for offset in range(0, total, 7) for r in listing.fetch(offset, 7)]
            assert sorted(shown) == sorted(r.id for r in pending), (vendor, column)
            assert len(set(shown)) == total  # every page in its place, none twice


def test_a_new_workspace_has_them_on_a_server_only(world):
    assert schema_version(world) == LATEST_VERSION >= 14
    assert _indexes(world) == (INDEXES if is_postgres(world.store.db) else set())


def test_a_workspace_of_schema_13_gets_them_once_migrated(world):
    seed_workspace(world.store, 200, random_seed=9)
    back_to_version_13(world)
    assert _indexes(world) == set()
    world = world.reopen()
    try:
        assert schema_version(world) == LATEST_VERSION
        assert _indexes(world) == (INDEXES if is_postgres(world.store.db) else set())
        _pending_pages_are_in_order(world)
    finally:
        world.store.close()

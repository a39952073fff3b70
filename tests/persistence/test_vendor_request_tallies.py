"""Schema 12: each vendor's requests by status are tallied, on a new and a migrated workspace."""

from __future__ import annotations

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import RequestStatus
from desktop_app.persistence import bookkeeping
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.migrations import LATEST_VERSION
from desktop_app.services.queries import RequestQuery
from tests.support.world import set_schema_version

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def vendor_counts(world) -> dict[tuple[str, RequestStatus | None], tuple[int, int]]:
    """(shown, scanned) for every vendor, all and each status."""
    everything = world.services.requests.listing(RequestQuery()).all()
    found = {}
    for vendor in {r.vendor_id for r in everything}:
        for status in (None, *RequestStatus):
            query = RequestQuery(status=status, vendor_id=vendor)
            scanned = sum(
                r.vendor_id == vendor and (status is None or r.status is status) for r in everything
            )
            found[(vendor, status)] = (world.services.requests.count(query), scanned)
    return found


def back_to_version_11(world) -> None:
    """As a workspace of schema 11 was: no vendor tallies, its triggers not keeping them."""
    db = world.store.db
    with world.store.write():
        db.execute_sql("DELETE FROM overview_tally WHERE name = 'vendor_requests'")
        if not is_postgres(db):
            for event in ("insert", "update", "delete"):
                db.execute_sql(f"DROP TRIGGER overview_request_{event}")
    set_schema_version(world, 11)


def test_a_workspace_of_schema_11_counts_its_vendors_requests_once_migrated(world):
    seed_workspace(world.store, 200, random_seed=5)
    back_to_version_11(world)
    world = world.reopen()
    try:
        if is_postgres(world.store.db):
            version = world.store.db.execute_sql("SELECT max(version) FROM schema_version")
        else:
            version = world.store.db.execute_sql("PRAGMA user_version")
        assert version.fetchone()[0] == LATEST_VERSION
        counts = vendor_counts(world)
        assert len(counts) >= 10
        assert all(shown == scanned for shown, scanned in counts.values()), counts
        assert sum(scanned for shown, scanned in counts.values()) > 0
        if not is_postgres(world.store.db):
            assert bookkeeping.problems(world.store.db) == []  # triggers as a new file's
        # and the migrated triggers keep them: a decision moves one request between statuses
        pending = world.services.requests.listing(RequestQuery(status=RequestStatus.PENDING))
        request = pending.fetch(0, 1)[0]
        world.services.workspace.switch_operator(request.vendor_id)
        world.services.requests.ignore(request.id, "Duplicate")
        after = vendor_counts(world)
        assert all(shown == scanned for shown, scanned in after.values()), after
        key = (request.vendor_id, RequestStatus.IGNORED)
        assert after[key][0] == counts[key][0] + 1
    finally:
        world.store.close()

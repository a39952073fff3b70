"""A list's count is kept while the workspace is unchanged, and counted again after any write."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.services.queries import (
    DirectoryQuery,
    RequestColumn,
    RequestQuery,
    RequestSort,
)
from tests.support.world import World, draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


@pytest.fixture
def seeded(world: World) -> World:
    seed_workspace(world.store, 300, random_seed=11)
    return world


def statements_of(monkeypatch: pytest.MonkeyPatch, db: Any) -> list[str]:
    """Every statement ``db`` runs from now on (the repositories run theirs through it)."""
    seen: list[str] = []
    run = db.execute_sql

    def recorded(sql: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(sql)
        return run(sql, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", recorded)
    return seen


def counts(statements: list[str]) -> list[str]:
    return [s for s in statements if "COUNT(" in s.upper()]


def a_vendor(world: World) -> str:
    return world.services.requests.listing(RequestQuery()).fetch(0, 1)[0].vendor_id


def accept_one(world: World, vendor: str | None = None) -> None:
    """Accept a pending request (of ``vendor``), acting as its vendor."""
    pending = world.services.requests.listing(
        RequestQuery(status=RequestStatus.PENDING, vendor_id=vendor)
    ).fetch(0, 1)[0]
    world.services.workspace.switch_operator(pending.vendor_id)
    world.services.requests.accept(pending.id)


def test_requests_sorted_anew_are_not_counted_again(seeded, monkeypatch):
    services = seeded.services
    first = services.requests.listing(RequestQuery()).fetch(0, 1)[0]
    # a vendor's requests of one product (a vendor's own are read from a tally)
    query = RequestQuery(vendor_id=first.vendor_id, product_id=first.product_id)
    counted = services.requests.count(query)
    assert counted > 0
    seen = statements_of(monkeypatch, seeded.store.db)
    for column in RequestColumn:
        sorted_anew = replace(query, sort=RequestSort(column, descending=True))
        assert services.requests.count(sorted_anew) == counted
    assert counts(seen) == []
    assert services.requests.count(replace(query, status=RequestStatus.ACCEPTED)) < counted
    assert len(counts(seen)) == 1  # another filter is another count


def test_a_search_typed_again_is_not_counted_again(seeded, monkeypatch):
    services = seeded.services
    query = DirectoryQuery(search="a")
    counted = services.directory.count(query)
    assert counted > 0
    seen = statements_of(monkeypatch, seeded.store.db)
    assert services.directory.count(query) == counted
    assert services.directory.accounts(query).count() == counted
    assert counts(seen) == []


def test_a_write_of_this_connection_counts_again(seeded):
    services = seeded.services
    query = DirectoryQuery(search="Zyxwander")
    assert services.directory.count(query) == 0
    services.accounts.create(draft(name="Zyxwander Handel GmbH"))
    assert services.directory.count(query) == 1

    accepted = RequestQuery(status=RequestStatus.ACCEPTED)
    before = services.requests.count(accepted)
    accept_one(seeded)
    assert services.requests.count(accepted) == before + 1


def test_another_connections_write_counts_again(seeded):
    reader, close = seeded.services.on_own_connection()
    try:
        query = DirectoryQuery(search="Zyxwander", type=AccountType.RESELLER)
        assert reader.directory.count(query) == 0
        seeded.services.accounts.create(draft(name="Zyxwander Handel GmbH"))
        assert reader.directory.count(query) == 1

        vendor = a_vendor(seeded)
        of_vendor = RequestQuery(vendor_id=vendor, status=RequestStatus.ACCEPTED)
        before = reader.requests.count(of_vendor)
        accept_one(seeded, vendor)
        assert reader.requests.count(of_vendor) == before + 1
    finally:
        close()

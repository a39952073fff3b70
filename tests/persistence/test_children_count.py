"""An account's Child Accounts count, read from a tally, follows every create, move, delete."""

from __future__ import annotations

import pytest

from desktop_app.domain.enums import AccountType
from desktop_app.services.queries import DirectoryQuery
from tests.support.world import draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def counted_and_listed(world, parent_id: str) -> tuple[int, int]:
    """The children's count, and how many rows their list has."""
    listing = world.services.directory.children(parent_id)
    return listing.count(), len(listing.fetch(0, 1000))


def test_the_children_count_follows_creates_moves_and_deletes(world):
    accounts = world.services.accounts
    north = accounts.create(draft(name="North GmbH", external_id="N")).account
    south = accounts.create(draft(name="South GmbH", external_id="S")).account
    kids = [
        accounts.create(
            draft(type=AccountType.CUSTOMER, parent_id=north.id, name=f"Kunde {n}", external_id=n)
        ).account
        for n in "ABCD"
    ]
    assert counted_and_listed(world, north.id) == (4, 4)
    assert counted_and_listed(world, south.id) == (0, 0)
    assert counted_and_listed(world, kids[0].id) == (0, 0)  # a customer: none

    accounts.update(
        kids[0].id,
        draft(type=AccountType.CUSTOMER, parent_id=south.id, name="Kunde A", external_id="A"),
    )
    accounts.delete(kids[1].id)

    assert counted_and_listed(world, north.id) == (2, 2)
    assert counted_and_listed(world, south.id) == (1, 1)
    # other filters on the children are counted from the rows, not the tally
    typed = DirectoryQuery(parent_id=north.id, type=AccountType.RESELLER)
    assert world.services.directory.accounts(typed).count() == 0
    searched = DirectoryQuery(parent_id=north.id, search="Kunde")
    assert world.services.directory.accounts(searched).count() == 2


@pytest.mark.sqlite_only  # SQLite's statements, traced
def test_the_children_are_counted_from_the_tally_not_walked(world):
    accounts = world.services.accounts
    north = accounts.create(draft(name="North GmbH", external_id="N")).account
    accounts.create(draft(type=AccountType.CUSTOMER, parent_id=north.id, name="Kunde"))
    listing = world.services.directory.children(north.id)
    connection = world.store.db.connection()
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    try:
        assert listing.count() == 1
    finally:
        connection.set_trace_callback(None)
    assert len(statements) == 1 and "overview_tally" in statements[0], statements

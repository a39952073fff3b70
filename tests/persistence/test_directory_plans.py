"""Every Directory page, filtered by type or not, in any order, is read from one index."""

from __future__ import annotations

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from tests.support.world import draft


def traced_plans(world, query: DirectoryQuery, sort: SortSpec, offset: int) -> list[str]:
    """The query plan of each statement a page of ``query`` runs."""
    statements: list[str] = []
    connection = world.store.db.connection()
    connection.set_trace_callback(statements.append)
    try:
        listing = world.services.directory.accounts(query, sort)
        total = listing.count()
        assert listing.fetch(min(offset, max(total - 1, 0)), 50)
    finally:
        connection.set_trace_callback(None)
    return [
        " ".join(str(row[3]) for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}"))
        for sql in statements
        # a page's line keys: on a file the rowids (its lines are then read by them)
        if sql.startswith('SELECT "a"."rowid" FROM "tier_account" AS "a"') and " LIMIT " in sql
    ]


@pytest.mark.parametrize("account_type", [None, AccountType.CUSTOMER, AccountType.RESELLER])
@pytest.mark.parametrize("column", list(DirectoryColumn))
def test_a_page_in_any_order_needs_no_sort(world, column, account_type):
    seed_workspace(world.store, 300, random_seed=2)
    query = DirectoryQuery(type=account_type)
    for descending in (False, True):
        for offset in (0, 120, 250):  # the middle and the end read from the other side
            plans = traced_plans(world, query, SortSpec(column, descending=descending), offset)
            assert plans, "the page's ids were read"
            for plan in plans:
                assert "TEMP B-TREE" not in plan, plan
                assert "USING COVERING INDEX tier_account_live_" in plan, plan
                if account_type is not None:
                    assert "tier_account_live_type" in plan, plan


def test_counts_of_one_type_come_from_the_tallies(world):
    seed_workspace(world.store, 300, random_seed=2)
    statements: list[str] = []
    connection = world.store.db.connection()
    connection.set_trace_callback(statements.append)
    try:
        resellers = world.services.directory.count(DirectoryQuery(type=AccountType.RESELLER))
    finally:
        connection.set_trace_callback(None)
    assert statements == [
        "SELECT coalesce(sum(value), 0) FROM tally WHERE name = 'live_' || 'reseller'"
    ]
    live = "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL AND type = ?"
    assert resellers == connection.execute(live, ("reseller",)).fetchone()[0] > 0


@pytest.mark.parametrize("search", ["", "a", "mül"])
def test_a_pages_lines_are_read_by_rowid_as_its_index_gave_them(world, search):
    seed_workspace(world.store, 300, random_seed=2)
    sort = SortSpec(DirectoryColumn.ID, descending=True)
    statements: list[str] = []
    connection = world.store.db.connection()
    connection.set_trace_callback(statements.append)
    try:
        rows = world.services.directory.accounts(DirectoryQuery(search=search), sort).fetch(0, 50)
    finally:
        connection.set_trace_callback(None)
    assert rows
    (lines,) = [s for s in statements if '"p"."name"' in s]
    plan = " ".join(str(row[3]) for row in connection.execute(f"EXPLAIN QUERY PLAN {lines}"))
    # each line by the table's own key, not through the ids' index first
    assert "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
    # the same rows, in the page's order, as the ids give them
    live = "SELECT id FROM tier_account WHERE decommissioned_at IS NULL ORDER BY id DESC"
    expected = [r[0] for r in connection.execute(live)]
    if search:
        query = DirectoryQuery(search=search)
        listing = world.services.directory.accounts(query, sort)
        assert len(listing.fetch(0, 1000)) == listing.count()
        matched = {r.id for r in listing.fetch(0, 1000)}
        expected = [i for i in expected if i in matched]
    assert [r.id for r in rows] == expected[:50]
    by_id = world.services.accounts.get(rows[0].id)
    assert (rows[0].name, rows[0].created_at) == (by_id.name, by_id.created.at)


@pytest.mark.parametrize("account_type", [None, AccountType.CUSTOMER, AccountType.RESELLER])
@pytest.mark.parametrize("column", list(DirectoryColumn))
def test_a_page_of_deleted_accounts_in_any_order_needs_no_sort(world, column, account_type):
    """The Overview's "deleted" bars: sorting them all was 46-67 ms at a million accounts."""
    seed_workspace(world.store, 300, random_seed=2)
    accounts = world.services.directory.accounts(DirectoryQuery(), SortSpec()).all()
    customers = [a.id for a in accounts if a.type is AccountType.CUSTOMER]
    childless = [
        world.services.accounts.create(draft(name=f"Gone {n}")).account.id for n in range(5)
    ]
    for account_id in [*customers[:60], *childless]:
        world.services.accounts.delete(account_id)
    query = DirectoryQuery(type=account_type, deleted=True)
    deleted = [
        a
        for a in world.services.directory.accounts(DirectoryQuery(deleted=True), SortSpec()).all()
        if account_type is None or a.type is account_type
    ]
    assert len(deleted) >= 5
    for descending in (False, True):
        sort = SortSpec(column, descending=descending)
        plans = traced_plans(world, query, sort, 0)
        assert plans, "the page's ids were read"
        for plan in plans:
            assert "TEMP B-TREE" not in plan, plan
            assert "INDEX tier_account_deleted_" in plan, plan
        listing = world.services.directory.accounts(query, sort)
        assert listing.count() == len(deleted)
        assert {r.id for r in listing.fetch(0, 100)} == {a.id for a in deleted}

"""A search's matches and its pages' lines are kept while nothing is written, never after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from tests.support.world import draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def searched(world, search: str) -> tuple[int, list[tuple[str, str]]]:
    """The count and the first page (ids and names) of a search, as the Directory reads them."""
    listing = world.services.directory.accounts(DirectoryQuery(search=search))
    count = listing.count()
    return count, [(row.id, row.name) for row in listing.fetch(0, 50)]


def test_a_search_shows_what_was_written_since_it_was_last_read(world):
    accounts = world.services.accounts
    alpha = accounts.create(draft(name="Zephyr Alpha", external_id="Z1")).account
    assert searched(world, "zephyr") == (1, [(alpha.id, "Zephyr Alpha")])
    assert searched(world, "zephy") == (1, [(alpha.id, "Zephyr Alpha")])  # kept: the same

    beta = accounts.create(draft(name="Zephyr Beta", external_id="Z2")).account
    count, page = searched(world, "zephyr")
    assert (count, sorted(page)) == (
        2,
        sorted([(alpha.id, "Zephyr Alpha"), (beta.id, "Zephyr Beta")]),
    )

    accounts.update(alpha.id, draft(name="Zephyr Gamma", external_id="Z1"))
    count, page = searched(world, "zephyr")
    assert (count, dict(page)) == (2, {alpha.id: "Zephyr Gamma", beta.id: "Zephyr Beta"})
    assert searched(world, "alpha") == (0, [])

    accounts.delete(beta.id)
    assert searched(world, "zephyr") == (1, [(alpha.id, "Zephyr Gamma")])


def test_pages_read_from_kept_matches_are_the_pages_read_from_the_index(world):
    seed_workspace(world.store, 400, random_seed=5)
    queries = world.store.queries
    for search in ("mül", "gmbh", "ta-", "de", "anna mü", "co"):
        for column in (DirectoryColumn.CREATED, DirectoryColumn.NAME, DirectoryColumn.CITY):
            for descending in (False, True):
                sort = SortSpec(column, descending)
                query = DirectoryQuery(search=search)
                pages = []
                for kept in (True, False):
                    queries.forget_anchors()  # neither matches nor lines kept
                    total = queries.count_accounts(query) if kept else None
                    rows = queries.account_rows(query, sort, 0, 40, total)
                    again = queries.account_rows(query, sort, 0, 40, total)  # kept lines
                    assert rows == again
                    pages.append(rows)
                assert pages[0] == pages[1], (search, column, descending)
                assert len(pages[0]) == min(40, queries.count_accounts(query))


@contextmanager
def traced(world) -> Iterator[list[str]]:
    connection = world.store.db.connection()
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    try:
        yield statements
    finally:
        connection.set_trace_callback(None)


@pytest.mark.sqlite_only  # SQLite's statements, traced
def test_a_search_asks_the_index_once_and_reads_each_line_once_until_a_write(world):
    accounts = world.services.accounts
    reseller = accounts.create(draft(name="Zephyr Holding", external_id="Z0")).account
    for n in range(5):
        accounts.create(
            draft(
                type=AccountType.CUSTOMER,
                parent_id=reseller.id,
                name=f"Zephyr Kunde {n}",
                external_id=f"K{n}",
            )
        )
    with traced(world) as statements:
        assert searched(world, "zephyr k")[0] == 5
    assert len([s for s in statements if " MATCH " in s]) == 1, statements
    assert [s for s in statements if "json_each" in s]
    assert len([s for s in statements if '"p"."name"' in s]) == 1

    with traced(world) as statements:  # typed on: the same accounts, their lines kept
        count, page = searched(world, "zephyr ku")
    assert count == 5 and len(page) == 5
    assert not [s for s in statements if '"p"."name"' in s], statements

    accounts.update(reseller.id, draft(name="Zephyr Holding AG", external_id="Z0"))
    with traced(world) as statements:
        world.services.directory.accounts(DirectoryQuery(search="zephyr kun")).fetch(0, 50)
    assert len([s for s in statements if '"p"."name"' in s]) == 1, statements
    rows = world.services.directory.accounts(DirectoryQuery(search="zephyr kund")).fetch(0, 50)
    assert {row.parent_name for row in rows} == {"Zephyr Holding AG"}


@pytest.mark.sqlite_only  # a second connection to the same file
def test_a_write_through_another_connection_drops_what_was_kept(world):
    accounts = world.services.accounts
    alpha = accounts.create(draft(name="Zephyr Alpha", external_id="Z1")).account
    assert searched(world, "zephyr") == (1, [(alpha.id, "Zephyr Alpha")])

    other = world.store.sibling()
    try:
        with other.write():
            other.db.execute_sql(
                "UPDATE tier_account SET name = 'Zephyr Omega' WHERE id = ?", (alpha.id,)
            )
    finally:
        other.close()

    assert searched(world, "zephyr") == (1, [(alpha.id, "Zephyr Omega")])


@pytest.mark.sqlite_only  # SQLite's plans
@pytest.mark.parametrize(
    ("way", "expected"),
    [
        ("GIVEN", "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)"),  # each match by its rowid
        ("WALK_GIVEN", "SCAN a USING COVERING INDEX tier_account_live_name"),  # no sort
    ],
)
def test_a_page_from_kept_matches_reads_them_as_its_way_says(world, way, expected):
    from desktop_app.persistence import directory_statements
    from desktop_app.persistence.directory_statements import Search
    from desktop_app.persistence.keyset import After

    seed_workspace(world.store, 200, random_seed=5)
    queries = world.store.queries
    shape, _params = directory_statements.shape_of(
        DirectoryQuery(search="mu"), queries._searcher, Search[way]
    )
    page = queries._page_statement(shape, DirectoryColumn.NAME, False, After.START)
    plan = " / ".join(
        str(row[3])
        for row in world.store.db.execute_sql(
            "EXPLAIN QUERY PLAN " + page.sql, page.values(["[1, 2, 3]", 40, 0])
        )
    )
    assert expected in plan, plan
    assert "json_each" in plan and "MATCH" not in page.sql, plan
    if way == "WALK_GIVEN":
        assert "TEMP B-TREE" not in plan, plan

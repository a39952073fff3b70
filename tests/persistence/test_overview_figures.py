"""The Overview's figures equal a scan after seeds and writes, and each lists exactly its rows."""

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.services.overview import (
    ACCOUNTS_BY_COUNTRY,
    ACCOUNTS_BY_TYPE,
    TREES,
    WEEKS,
    WEEKS_CHART,
    Figure,
)
from desktop_app.services.queries import DirectoryQuery, RequestQuery
from tests.support.world import draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

FACTS = {
    "accounts": "SELECT CASE WHEN decommissioned_at IS NULL THEN 'live' ELSE 'deleted' END"
    " || '|' || type || '|' || country, count(*) FROM tier_account GROUP BY 1",
    "children": "SELECT parent_id, count(*) FROM tier_account WHERE decommissioned_at IS NULL"
    " AND parent_id IS NOT NULL GROUP BY 1",
    "requests": "SELECT status, count(*) FROM tier_account_request GROUP BY 1",
    "pending_product": "SELECT product_id, count(*) FROM tier_account_request"
    " WHERE status = 'pending' GROUP BY 1",
}


def scanned(world, name: str) -> dict[str, int]:
    return {str(k): int(v) for k, v in world.store.db.execute_sql(FACTS[name]).fetchall()}


def tallied(world, name: str) -> dict[str, int]:
    return {k: v for k, v in world.store.overview.tallies(name) if v}


def listed(world, figure: Figure) -> int:
    """How many rows the view a click on ``figure`` opens shows."""
    if figure.accounts is not None:
        listing = world.services.directory.accounts(figure.accounts)
        counted = listing.count()  # some counts are read from the tallies too: the rows agree
        assert len(listing.fetch(0, counted + 1)) == counted
        return counted
    query = RequestQuery(status=figure.request_status, product_id=figure.product_id)
    return world.services.requests.listing(query).count()


def assert_every_figure_lists_its_rows(world) -> None:
    overview = world.services.overview.read()
    checked = 0
    for chart in overview.charts:
        for series in chart.series:
            for figure in series.figures:
                assert listed(world, figure) == figure.value, (chart.key, figure.label)
                checked += 1
    assert checked > 50


def test_a_seed_is_counted_and_every_figure_lists_exactly_its_rows(world):
    seed_workspace(world.store, 400, random_seed=3)  # the bulk path: counted at the end
    for name in FACTS:
        assert tallied(world, name) == scanned(world, name), name
    assert_every_figure_lists_its_rows(world)
    overview = world.services.overview.read()
    by_type = overview.chart(ACCOUNTS_BY_TYPE)
    assert by_type.total == 400
    assert overview.chart(ACCOUNTS_BY_COUNTRY).total == 400
    assert len(overview.chart(WEEKS_CHART).series[0].figures) == WEEKS
    assert overview.chart(TREES).series[0].figures  # the demo data has reseller trees


def test_writes_move_the_figures_as_a_scan_does(world):
    reseller, kid = world.subscribed_customer()
    sub = world.services.accounts.create(
        draft(type=AccountType.RESELLER, parent_id=reseller.id, name="Sub", external_id="S")
    ).account
    grandchild = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=sub.id, name="Enkel", external_id="E")
    ).account
    edited = world.services.accounts.update(
        kid.id, draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde", city="Bonn")
    )
    pending = [r for r in edited.requests if r.status is RequestStatus.PENDING]
    world.services.accounts.update(
        grandchild.id,
        draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Enkel", country="AT"),
    )
    world.services.accounts.delete(sub.id)
    for name in FACTS:
        assert tallied(world, name) == scanned(world, name), name
    world.services.requests.accept(pending[0].id)
    for name in FACTS:
        assert tallied(world, name) == scanned(world, name), name
    assert_every_figure_lists_its_rows(world)
    # the filters themselves
    directory = world.services.directory
    assert directory.count(DirectoryQuery(deleted=True)) == 1
    assert directory.count(DirectoryQuery(tree_of=reseller.id)) == 2  # kid, grandchild
    assert directory.count(DirectoryQuery(parent_id=reseller.id)) == 2
    assert directory.count(DirectoryQuery(country="AT")) == 1
    assert directory.count(DirectoryQuery(other_countries=("AT",))) == 2
    rows = directory.accounts(DirectoryQuery(tree_of=reseller.id)).all()
    assert {r.id for r in rows} == {kid.id, grandchild.id}
    deleted = directory.accounts(DirectoryQuery(deleted=True)).all()
    assert [r.id for r in deleted] == [sub.id]


def checksum(world) -> int:
    return world.services.overview.read(trees=False).structure


def test_the_trees_checksum_moves_with_the_trees_only(world):
    reseller = world.services.accounts.create(draft(name="Top")).account
    other = world.services.accounts.create(draft(name="Other", external_id="O")).account
    kid = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kid", external_id="K")
    ).account
    before = checksum(world)
    world.services.accounts.update(
        kid.id, draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kid", city="Ulm")
    )
    assert checksum(world) == before  # an address: the trees are as they were
    world.services.accounts.update(
        kid.id, draft(type=AccountType.CUSTOMER, parent_id=other.id, name="Kid", city="Ulm")
    )
    moved = checksum(world)
    assert moved != before
    world.services.accounts.update(other.id, draft(name="Other", external_id="O", city="Bonn"))
    assert checksum(world) == moved
    world.services.accounts.delete(kid.id)
    assert checksum(world) != moved


def test_a_country_lists_the_same_pages_walked_or_sorted(world, monkeypatch):
    from desktop_app.persistence import query_repository
    from desktop_app.services.queries import DirectoryColumn, SortSpec

    seed_workspace(world.store, 300, random_seed=4)
    directory = world.services.directory
    overview = world.services.overview.read(trees=False)
    top = overview.chart("accounts_by_country").series[0].figures[0]
    assert top.accounts is not None
    for column in (DirectoryColumn.CREATED, DirectoryColumn.NAME):
        pages = []
        for cost in (0, 10**9):  # always walk the sort index; never (the country's index)
            monkeypatch.setattr(query_repository, "COUNTRY_WALK_COST", cost)
            listing = directory.accounts(top.accounts, SortSpec(column, True))
            total = listing.count()
            assert total == top.value
            pages.append(
                [r.id for r in listing.fetch(0, 20)] + [r.id for r in listing.fetch(20, 7)]
            )
        assert pages[0] == pages[1] and len(pages[0]) == min(27, top.value)


def test_the_deepest_trees_first_then_the_largest():
    from desktop_app.persistence.overview_repository import deepest

    rows = [
        ("A", None),
        ("A1", "A"),
        ("A11", "A1"),  # A: 3 levels, 3 resellers
        ("B", None),
        ("B1", "B"),
        ("B2", "B"),  # B: 2 levels, 3 resellers
        ("C", None),
        ("C1", "C"),
        ("C11", "C1"),
        ("C12", "C1"),  # C: 3 levels, 4 resellers
        ("D", None),  # D: alone
    ]
    assert deepest(rows, 3) == [("C", 3, 4), ("A", 3, 3), ("B", 2, 3)]
    assert deepest(rows, 10)[-1] == ("D", 1, 1)


@pytest.mark.sqlite_only  # desktop-app check is a file's check
def test_a_file_changed_without_the_overview_triggers_is_reported_and_repaired(world):
    from desktop_app.persistence import bookkeeping

    seed_workspace(world.store, 200, random_seed=9)
    db = world.store.db
    assert bookkeeping.problems(db) == []
    with world.store.write():  # another tool, without the triggers
        db.execute_sql("DROP TRIGGER overview_account_update")
        db.execute_sql(
            "UPDATE tier_account SET decommissioned_at = '2026-01-01T00:00:00.000000Z'"
            " WHERE id = (SELECT min(id) FROM tier_account WHERE decommissioned_at IS NULL"
            " AND id NOT IN (SELECT parent_id FROM tier_account WHERE parent_id IS NOT NULL))"
        )
    found = bookkeeping.problems(db)
    assert "triggers missing: overview_account_update" in found[0]
    assert any("the Overview's figures are out of step: accounts" in p for p in found)
    with world.store.write():
        bookkeeping.rebuild(db)
    assert bookkeeping.problems(db) == []
    for name in FACTS:
        assert tallied(world, name) == scanned(world, name), name

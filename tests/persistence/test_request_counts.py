"""The Requests tab's count: the same whatever the sort, each equality sought in an index."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import RequestStatus
from desktop_app.services.queries import RequestColumn, RequestQuery, RequestSort

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


@pytest.fixture
def seeded(world):
    seed_workspace(world.store, 300, random_seed=11)
    return world


def filters(world) -> list[RequestQuery]:
    """The tab's usual filters: a vendor's, its pending ones, one status, a product's pending."""
    pending = world.services.requests.listing(RequestQuery(status=RequestStatus.PENDING))
    first = pending.fetch(0, 1)[0]
    vendor, product = first.vendor_id, first.product_id
    return [
        RequestQuery(vendor_id=vendor),
        RequestQuery(status=RequestStatus.PENDING, vendor_id=vendor),
        RequestQuery(status=RequestStatus.ACCEPTED),
        RequestQuery(status=RequestStatus.PENDING, product_id=product),
    ]


def counted(world) -> list[RequestQuery]:
    """Filters no tally counts (a product's, one status of a product's): counted from an index."""
    everything = world.services.requests.listing(RequestQuery()).all()
    pending = next(r for r in everything if r.status is RequestStatus.PENDING)
    decided = next(r for r in everything if r.status is not RequestStatus.PENDING)
    vendor, product = pending.vendor_id, pending.product_id
    return [
        RequestQuery(vendor_id=vendor, product_id=product),
        RequestQuery(status=decided.status, product_id=decided.product_id),
        RequestQuery(status=RequestStatus.PENDING, vendor_id=vendor, product_id=product),
    ]


def test_the_count_is_the_same_for_every_sort(seeded):
    world = seeded
    everything = world.services.requests.listing(RequestQuery()).all()
    for query in [*filters(world), *counted(world)]:
        wanted = sum(
            (query.status is None or r.status is query.status)
            and (query.vendor_id is None or r.vendor_id == query.vendor_id)
            and (query.product_id is None or r.product_id == query.product_id)
            for r in everything
        )
        assert wanted > 0, query
        for column in RequestColumn:
            for descending in (False, True):
                sorted_query = replace(query, sort=RequestSort(column, descending))
                assert world.services.requests.count(sorted_query) == wanted, sorted_query


def counting_statements(world, query: RequestQuery) -> list[str]:
    """The statements SQLite runs to count ``query``'s requests."""
    connection = world.store.db.connection()
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    try:
        world.services.requests.count(query)
    finally:
        connection.set_trace_callback(None)
    return statements


@pytest.mark.sqlite_only  # SQLite's query plans
@pytest.mark.parametrize("column", list(RequestColumn))
def test_a_count_seeks_its_equalities_in_an_index_whatever_the_sort(seeded, column):
    world = seeded
    connection = world.store.db.connection()
    for query in counted(world):
        statements = counting_statements(world, replace(query, sort=RequestSort(column, True)))
        counts = [s for s in statements if s.startswith("SELECT COUNT")]
        assert len(counts) == 1, statements
        plan = " ".join(str(r[3]) for r in connection.execute(f"EXPLAIN QUERY PLAN {counts[0]}"))
        assert plan.startswith("SEARCH") and "SCAN" not in plan, (query, plan)


def scanned(world, query: RequestQuery) -> int:
    """``query``'s requests counted one by one from the whole list."""
    everything = world.services.requests.listing(RequestQuery()).all()
    return sum(
        (query.status is None or r.status is query.status)
        and (query.product_id is None or r.product_id == query.product_id)
        and (query.vendor_id is None or r.vendor_id == query.vendor_id)
        for r in everything
    )


def tallied(world) -> list[RequestQuery]:
    """Every request, each vendor's, either of each status, the pending ones of each product.

    What the tallies count (and a vendor that raised none).
    """
    everything = world.services.requests.listing(RequestQuery()).all()
    products = sorted({r.product_id for r in everything})
    vendors = [*sorted({r.vendor_id for r in everything}), "VA-000-000"]
    statuses = [None, *RequestStatus]
    return [
        *(RequestQuery(status=status) for status in statuses),
        *(RequestQuery(status=s, vendor_id=v) for s in statuses for v in vendors),
        *(RequestQuery(status=RequestStatus.PENDING, product_id=p) for p in products),
    ]


def test_the_tallied_counts_follow_decisions(seeded):
    world = seeded
    pending = world.services.requests.listing(RequestQuery(status=RequestStatus.PENDING))
    first, second, *_ = pending.fetch(0, 2)
    world.services.workspace.switch_operator(first.vendor_id)  # the product's vendor decides
    world.services.requests.accept(first.id)
    world.services.workspace.switch_operator(second.vendor_id)
    world.services.requests.ignore(second.id, "Duplicate")
    queries = tallied(world)
    assert len(queries) > 20
    for query in queries:
        for column in (RequestColumn.CREATED, RequestColumn.STATUS):
            sorted_query = replace(query, sort=RequestSort(column, True))
            assert world.services.requests.count(sorted_query) == scanned(world, query), query


@pytest.mark.sqlite_only  # SQLite's statement trace
def test_a_tallied_count_reads_no_request(seeded):
    world = seeded
    for query in tallied(world):
        statements = counting_statements(world, query)
        assert statements, query
        assert not any("tier_account_request" in s for s in statements), (query, statements)

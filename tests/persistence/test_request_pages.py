"""Request pages: ids from one index, the far half read from the end, the same rows either way."""

from __future__ import annotations

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import RequestStatus
from desktop_app.persistence.repository_base import page_window
from desktop_app.services.queries import RequestQuery

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

QUERIES = [
    RequestQuery(),
    RequestQuery(status=RequestStatus.PENDING),
    RequestQuery(status=RequestStatus.ACCEPTED),
    RequestQuery(search="a"),
]


@pytest.fixture
def seeded(world):
    seed_workspace(world.store, 600, random_seed=4)
    return world


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_every_page_holds_the_rows_a_full_scan_orders_there(seeded, query):
    listing = seeded.services.requests.listing(query)
    total = listing.count()
    assert total > 10, "the seed raises enough requests for pages on both sides"
    expected = [r.id for r in seeded.store.requests.rows(query, 0, total)]  # one page, no total
    assert len(expected) == total
    pages = [r.id for offset in range(0, total, 7) for r in listing.fetch(offset, 7)]
    assert pages == expected
    created = [r.created_at for r in listing.fetch(0, total)]
    assert created == sorted(created, reverse=True)


@pytest.mark.parametrize("query", QUERIES[:3], ids=repr)
@pytest.mark.sqlite_only  # SQLite's query plans
def test_a_page_of_ids_is_read_from_one_index_without_sorting(seeded, query):
    statements: list[str] = []
    connection = seeded.store.db.connection()
    listing = seeded.services.requests.listing(query)
    total = listing.count()
    connection.set_trace_callback(statements.append)
    try:
        for offset in (0, total // 2 + 1, total - 3):
            assert listing.fetch(offset, 3)
    finally:
        connection.set_trace_callback(None)
    plans = [
        " ".join(str(row[3]) for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}"))
        for sql in statements
        if sql.startswith('SELECT "t1"."id" FROM "tier_account_request"') and " LIMIT " in sql
    ]
    assert len(plans) == 3
    for plan in plans:
        assert "COVERING INDEX tier_account_request_" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize(
    ("offset", "limit", "total", "descending", "prefixed", "expected"),
    [
        (0, 10, 100, False, False, (0, 10, False)),
        (45, 10, 100, False, False, (45, 10, False)),  # as far from either end: as asked
        (60, 10, 100, False, False, (30, 10, True)),  # nearer the end: from the end
        (95, 10, 100, False, False, (0, 5, True)),  # the last, short page
        (120, 10, 100, False, False, (0, 0, True)),  # past the end: nothing
        (40, 10, 100, True, True, (50, 10, True)),  # backwards under an equality costs more
        (30, 10, 100, True, True, (30, 10, False)),
        (55, 10, 100, False, True, (55, 10, False)),  # read forwards rather than backwards
        (7, 10, None, False, False, (7, 10, False)),  # no count yet
    ],
)
def test_the_page_window_reads_from_the_cheaper_end(
    offset, limit, total, descending, prefixed, expected
):
    window = page_window(offset, limit, total, descending=descending, prefixed=prefixed)
    assert window == expected

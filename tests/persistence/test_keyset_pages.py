"""Pages read from keyset anchors hold the rows a plain OFFSET reads: every sort, both ways."""

from __future__ import annotations

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.persistence import keyset, keyset_reads
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.keyset_reads import KeysetRepository
from desktop_app.persistence.location import parse_location
from desktop_app.services.listing import Anchors
from desktop_app.services.queries import (
    DirectoryColumn,
    DirectoryQuery,
    RequestColumn,
    RequestQuery,
    RequestSort,
    SortSpec,
)
from tests.support import postgres
from tests.support.world import draft, open_world

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

PAGE = 7


@pytest.fixture
def seeded(world, monkeypatch):
    seed_workspace(world.store, 300, random_seed=11)
    # a key every 5 rows of any list, all read in one step: every page is read from a key
    monkeypatch.setattr(keyset, "ROWS_MIN", 1)
    monkeypatch.setattr(keyset, "STEP_MIN", 5)
    monkeypatch.setattr(keyset, "STEP_SECONDS", 60.0)
    return world


@pytest.fixture
def keyed_reads(monkeypatch):
    """How many pages were read from a key (and how many were asked to be)."""
    counts = {"asked": 0, "keyed": 0}
    original = KeysetRepository._keyed_ids

    def counting(self, *args, **kwargs):
        found = original(self, *args, **kwargs)
        counts["asked"] += 1
        counts["keyed"] += found is not None
        return found

    monkeypatch.setattr(KeysetRepository, "_keyed_ids", counting)
    return counts


def _pages(listing, total):
    return [r.id for offset in range(0, total, PAGE) for r in listing.fetch(offset, PAGE)]


def _read_ahead(listing) -> int:
    steps = 0
    assert listing.read_ahead is not None
    while listing.read_ahead():
        steps += 1
    return steps


@pytest.mark.parametrize("account_type", [None, AccountType.CUSTOMER], ids=["all", "customers"])
@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("column", list(DirectoryColumn), ids=lambda c: c.name)
def test_directory_pages_from_anchors_are_the_plain_pages(
    seeded, keyed_reads, column, descending, account_type
):
    query, sort = DirectoryQuery(type=account_type), SortSpec(column, descending=descending)
    expected = [r.id for r in seeded.store.queries.account_rows(query, sort, 0, 100_000)]
    listing = seeded.services.directory.accounts(query, sort)
    total = listing.count()
    assert total == len(expected) > 100
    _read_ahead(listing)
    assert _pages(listing, total) == expected
    # pages across the NULL parents of direct resellers, if any, are read plainly
    assert keyed_reads["keyed"] >= keyed_reads["asked"] * 3 // 4 > 0


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("column", list(RequestColumn), ids=lambda c: c.name)
def test_request_pages_from_anchors_are_the_plain_pages(seeded, keyed_reads, column, descending):
    vendor = seeded.services.requests.listing(RequestQuery()).fetch(0, 1)[0].vendor_id
    sort = RequestSort(column, descending=descending)
    for query in (
        RequestQuery(sort=sort),
        RequestQuery(status=RequestStatus.PENDING, sort=sort),
        RequestQuery(vendor_id=vendor, sort=sort),
        RequestQuery(status=RequestStatus.ACCEPTED, vendor_id=vendor, sort=sort),
    ):
        expected = seeded.store.requests.ids(query, 0, 100_000)
        listing = seeded.services.requests.listing(query)
        total = listing.count()
        assert total == len(expected) > 5, query
        _read_ahead(listing)
        assert _pages(listing, total) == expected, query
    assert keyed_reads["keyed"] * 3 >= keyed_reads["asked"] > 0  # the last pages: from the end


def test_a_search_or_a_filter_reads_no_anchors(seeded, keyed_reads):
    for query in (DirectoryQuery(search="a"), DirectoryQuery(country="US")):
        listing = seeded.services.directory.accounts(query)
        total = listing.count()
        assert _read_ahead(listing) == 0
        assert _pages(listing, total) == [
            r.id for r in seeded.store.queries.account_rows(query, SortSpec(), 0, 100_000)
        ]
    listing = seeded.services.requests.listing(RequestQuery(search="a"))
    assert _read_ahead(listing) == 0
    assert keyed_reads["keyed"] == 0


def test_a_list_too_short_for_anchors_reads_none(seeded, monkeypatch, keyed_reads):
    monkeypatch.setattr(keyset, "ROWS_MIN", 100_000)
    listing = seeded.services.directory.accounts(DirectoryQuery())
    total = listing.count()
    assert _read_ahead(listing) == 0
    _pages(listing, total)
    assert keyed_reads["keyed"] == 0


def test_anchors_are_read_in_short_steps(seeded, monkeypatch):
    monkeypatch.setattr(keyset, "STEP_SECONDS", 0.0)  # one key a step
    listing = seeded.services.directory.accounts(DirectoryQuery())
    total = listing.count()
    assert _read_ahead(listing) == total // 5  # one step a key; the next one says "done"


def _name_anchors(world) -> tuple[Anchors, int]:
    queries, query = world.store.queries, DirectoryQuery()
    sort = SortSpec(DirectoryColumn.NAME, descending=False)
    total = queries.count_accounts(query)
    anchors = Anchors()
    while queries.account_anchors(query, sort, anchors, total):
        pass
    assert anchors.keys
    return anchors, total


def _third_page(world, anchors: Anchors, total: int) -> list[str]:
    sort = SortSpec(DirectoryColumn.NAME, descending=False)
    rows = world.store.queries.account_rows(
        DirectoryQuery(), sort, total // 3, PAGE, total, anchors
    )
    return [r.id for r in rows]


def test_anchors_read_before_a_write_are_dropped(seeded, keyed_reads):
    anchors, total = _name_anchors(seeded)
    before = _third_page(seeded, anchors, total)  # read from the start, even without the anchors
    assert keyed_reads["keyed"] == 1
    seeded.services.accounts.create(draft(name="0000 First of all"))
    after = _third_page(seeded, anchors, total)
    assert keyed_reads["keyed"] == 1, "the write dropped the anchors"
    assert not anchors.keys
    assert after[1:] == before[:-1]  # one account more before them


def test_a_write_committed_by_another_connection_drops_the_anchors(seeded, keyed_reads):
    anchors, total = _name_anchors(seeded)
    before = _third_page(seeded, anchors, total)
    other = open_world(seeded.path, seed_catalog=False)  # another window on the workspace
    try:
        other.services.accounts.create(draft(name="0000 First of all"))
    finally:
        other.store.close()
    after = _third_page(seeded, anchors, total)
    assert keyed_reads == {"asked": 2, "keyed": 1}, "the other window's write dropped them"
    assert after[1:] == before[:-1]


def test_anchors_read_while_another_write_is_open_are_dropped_once_it_commits(seeded, keyed_reads):
    """The write began before the anchors were read and commits after: they miss its row."""
    other = open_world(seeded.path, seed_catalog=False)
    try:
        with other.store.write():
            other.services.accounts.create(draft(name="0000 First of all"))
            anchors, total = _name_anchors(seeded)
            before = _third_page(seeded, anchors, total)
    finally:
        other.store.close()
    after = _third_page(seeded, anchors, total)
    assert keyed_reads == {"asked": 2, "keyed": 1}
    assert after[1:] == before[:-1]


def test_writes_to_another_workspace_keep_the_anchors(seeded, keyed_reads, tmp_path):
    """On a server: another database's writes, and the server's ANALYZE, move the server's
    transaction ids, not this workspace's counter (the anchors were dropped; a flaky test)."""
    anchors, total = _name_anchors(seeded)
    before = _third_page(seeded, anchors, total)
    elsewhere = postgres.workspace_url() if is_postgres(seeded.store.db) else None
    other = open_world(parse_location(elsewhere) if elsewhere else tmp_path / "other.sqlite")
    try:
        for number in range(3):
            other.services.accounts.create(draft(name=f"Elsewhere {number}"))
    finally:
        other.store.close()
        if elsewhere:
            postgres.server().drop_database(parse_location(elsewhere).database)
    seeded.store.refresh_statistics()
    assert _third_page(seeded, anchors, total) == before
    assert keyed_reads == {"asked": 2, "keyed": 2}


def test_a_step_ends_after_its_key_once_a_question_waits(seeded, monkeypatch):
    monkeypatch.setattr(keyset_reads, "PROGRESS_STEPS", 10**9)  # no look inside a statement
    query, sort = DirectoryQuery(), SortSpec(DirectoryColumn.CITY)
    listing = seeded.services.directory.accounts(query, sort)
    total = listing.count()
    anchors = seeded.store.queries.account_keyset(query, sort)
    steps = 0
    while listing.read_ahead(lambda: True):  # a page is always waiting
        steps += 1
        assert len(anchors.keys) == steps  # one key a step, however long the step may last
    assert steps == total // 5
    expected = [r.id for r in seeded.store.queries.account_rows(query, sort, 0, 100_000)]
    assert _pages(listing, total) == expected


@pytest.mark.sqlite_only  # SQLite's progress handler; a server's step ends after its key
def test_on_a_file_a_step_ends_inside_its_statement_once_a_question_waits(seeded, monkeypatch):
    monkeypatch.setattr(keyset_reads, "PROGRESS_STEPS", 1)  # a look at every step of SQLite's
    query, sort = DirectoryQuery(), SortSpec(DirectoryColumn.NAME)
    listing = seeded.services.directory.accounts(query, sort)
    total = listing.count()
    anchors = seeded.store.queries.account_keyset(query, sort)
    looks: list[int] = []

    def waiting() -> bool:
        looks.append(1)
        return len(looks) > 3  # a page is asked while the first key is being read

    assert listing.read_ahead(waiting)  # more to read, and nothing raised
    assert anchors.keys == []  # the key being read is left to the next step
    assert len(looks) == 4  # it ended at the first look that saw the question
    _read_ahead(listing)  # the connection reads on: the next step reads every key
    assert len(anchors.keys) == total // 5
    expected = [r.id for r in seeded.store.queries.account_rows(query, sort, 0, 100_000)]
    assert _pages(listing, total) == expected

"""A team workspace tells each window what others changed, within a second, and survives drops."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator

import pytest

from desktop_app.persistence.location import ServerAddress, parse_location
from desktop_app.persistence.opening import open_store
from desktop_app.persistence.postgres_store import PostgresStore
from desktop_app.services.container import Services
from tests.support import postgres
from tests.support.world import World, draft, open_world

WITHIN_S = 1.0


@pytest.fixture
def team() -> Iterator[tuple[World, PostgresStore]]:
    """A team workspace open twice: a world (someone else) and a second store (this window)."""
    address = parse_location(postgres.workspace_url())
    assert isinstance(address, ServerAddress)
    other = open_world(address)
    mine = open_store(address, create=False)
    assert isinstance(mine, PostgresStore)
    yield other, mine
    mine.close()
    other.store.close()
    postgres.server().drop_database(address.database)


def test_what_others_commit_is_told_within_a_second_and_my_own_changes_are_not(team) -> None:
    other, mine = team
    heard: queue.Queue[frozenset[str]] = queue.Queue()
    lost: queue.Queue[str] = queue.Queue()
    stop = mine.watch_changes(heard.put, lost.put)
    assert stop is not None
    try:
        _wait_listening(mine)
        started = time.monotonic()
        other.services.accounts.create(draft())
        tables = heard.get(timeout=WITHIN_S)
        assert time.monotonic() - started < WITHIN_S
        assert "tier_account" in tables
        mine_services = Services.over(mine)
        mine_services.workspace.ensure_user()
        mine_services.accounts.create(draft(external_id="200300"))
        with pytest.raises(queue.Empty):
            heard.get(timeout=0.7)  # this window's own save is not news to it
        assert lost.empty()
    finally:
        stop()


def test_a_dropped_connection_is_said_once_and_the_window_reads_everything_again(
    team,
) -> None:
    other, mine = team
    heard: queue.Queue[frozenset[str]] = queue.Queue()
    lost: queue.Queue[str] = queue.Queue()
    stop = mine.watch_changes(heard.put, lost.put)
    assert stop is not None
    try:
        _wait_listening(mine)
        with postgres.server().admin() as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = 'desktop-app (changes)'"
            )
        assert lost.get(timeout=5)  # why it dropped
        assert heard.get(timeout=5) == frozenset()  # back: anything may have changed
        other.services.accounts.create(draft())
        assert "tier_account" in heard.get(timeout=WITHIN_S)
        assert lost.empty()
    finally:
        stop()


def test_a_file_announces_nothing(world) -> None:
    assert world.store.watch_changes(print, print) is None


def _wait_listening(store: PostgresStore) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        row = store.db.execute_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
            " AND datname = current_database()",
            ("desktop-app (changes)",),
        ).fetchone()
        if row[0]:
            time.sleep(0.1)  # connected; its LISTEN follows at once
            return
        time.sleep(0.02)
    raise AssertionError("the listener did not connect")

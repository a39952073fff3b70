"""A seed and a large import leave the planner's statistics current; small writes do not pay."""

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.persistence import statistics
from tests.support.world import draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def _analyzed(world, backend: str, table: str = "tier_account") -> bool:
    """Whether ``table`` has statistics gathered by the application."""
    if backend == "sqlite":
        found = world.store.db.execute_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).fetchone()[0]
        if not found:
            return False
        rows = world.store.db.execute_sql(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = ?", (table,)
        ).fetchone()[0]
        return rows > 0
    row = world.store.db.execute_sql(
        "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = %s", (table,)
    ).fetchone()
    return bool(row[0])


def _vacuumed(world) -> bool:
    row = world.store.db.execute_sql(
        "SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'tier_account'"
    ).fetchone()
    return bool(row[0])


def _import(world, rows: int) -> None:
    with world.services.accounts.batch(expected_rows=rows):
        for number in range(rows):
            world.services.accounts.create(
                draft(name=f"Imported {number}", external_id=str(number))
            )


def test_a_seed_gathers_statistics_once_it_committed(world, backend, monkeypatch):
    monkeypatch.setattr(statistics, "AFTER_ROWS", 20)
    assert not _analyzed(world, backend)
    seed_workspace(world.store, 30, random_seed=3)
    assert _analyzed(world, backend)
    if backend == "postgresql":  # vacuumed too: the new rows are visible to all
        assert _vacuumed(world)


def test_a_large_import_gathers_statistics_a_small_one_does_not(world, backend, monkeypatch):
    monkeypatch.setattr(statistics, "AFTER_ROWS", 5)
    _import(world, 3)
    assert not _analyzed(world, backend)
    _import(world, 6)
    assert _analyzed(world, backend)


def test_an_import_gathers_the_statistics_of_the_accounts_tables_only(world, backend, monkeypatch):
    """The tables it wrote many rows to; a whole workspace's took a server a third longer."""
    monkeypatch.setattr(statistics, "AFTER_ROWS", 5)
    assert world.store.db.execute_sql("SELECT count(*) FROM hub").fetchone()[0] > 0
    _import(world, 6)
    assert _analyzed(world, backend, "tier_account")
    assert _analyzed(world, backend, "tier_account_version")
    assert not _analyzed(world, backend, "hub")


def test_a_failed_import_gathers_nothing(world, backend, monkeypatch):
    monkeypatch.setattr(statistics, "AFTER_ROWS", 2)
    with pytest.raises(RuntimeError), world.services.accounts.batch(expected_rows=5):
        world.services.accounts.create(draft(name="Undone"))
        raise RuntimeError("cancelled")
    assert not _analyzed(world, backend)
    assert world.store.db.execute_sql("SELECT count(*) FROM tier_account").fetchone()[0] == 0


def _analyses(world, backend: str, seen: list[int]) -> int:
    """How many times ``tier_account`` was analysed since the last call (SQLite: 0 or 1)."""
    if backend == "sqlite":
        analysed = int(_analyzed(world, backend))
        with world.store.write():  # forgotten, so that the next analysis shows
            world.store.db.execute_sql("DELETE FROM sqlite_stat1")
        return analysed
    count = world.store.db.execute_sql(
        "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'tier_account'"
    ).fetchone()[0]
    before = seen[-1] if seen else 0
    seen.append(int(count))
    return int(count) - before


def test_an_import_small_beside_the_accounts_there_gathers_nothing(world, backend, monkeypatch):
    """Under a tenth of the accounts there the statistics barely move: not worth the seconds."""
    monkeypatch.setattr(statistics, "AFTER_ROWS", 5)
    seen: list[int] = []
    _import(world, 80)  # the first large write into an unanalysed workspace gathers them
    assert _analyses(world, backend, seen) == 1
    _import(world, 7)  # 7 < 8 = a tenth of 80
    assert _analyses(world, backend, seen) == 0
    _import(world, 9)  # 9 ≥ 8.7 = a tenth of 87
    assert _analyses(world, backend, seen) == 1

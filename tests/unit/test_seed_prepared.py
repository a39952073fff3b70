"""A seed's pools made beforehand (on another thread) give the very rows of a seed alone."""

from __future__ import annotations

import threading

import pytest

from desktop_app.demo.seed import Prepared, prepare_seed, seed_workspace
from desktop_app.persistence.store import SqliteStore
from tests.support.world import dump

ACCOUNTS = 80


def test_prepared_pools_write_the_same_rows_as_a_seed_alone(tmp_path):
    made: list[Prepared] = []
    stages: list[tuple[str, int, int]] = []
    worker = threading.Thread(
        target=lambda: made.append(
            prepare_seed(ACCOUNTS, random_seed=7, progress=lambda *mark: stages.append(mark))
        )
    )
    worker.start()
    worker.join()
    alone, ahead = SqliteStore.open(tmp_path / "a.sqlite"), SqliteStore.open(tmp_path / "b.sqlite")
    try:
        seed_workspace(alone, ACCOUNTS, random_seed=7)
        written: list[str] = []
        seed_workspace(
            ahead,
            ACCOUNTS,
            random_seed=7,
            prepared=made[0],
            progress=lambda s, d, t: written.append(s),
        )

        assert dump(ahead) == dump(alone)
        assert {stage for stage, _, _ in stages} == {"pools"}
        assert len(stages) > 10  # each country is told, not only the start and the end
        assert "pools" not in written and "accounts" in written
    finally:
        alone.close()
        ahead.close()


def test_pools_prepared_for_other_figures_are_refused_before_anything_is_written(tmp_path):
    prepared = prepare_seed(ACCOUNTS, random_seed=7)
    store = SqliteStore.open(tmp_path / "c.sqlite")
    try:
        before = dump(store)
        for accounts, seed in ((ACCOUNTS + 1, 7), (ACCOUNTS, 8)):
            with pytest.raises(ValueError, match="another number of accounts or seed"):
                seed_workspace(store, accounts, random_seed=seed, prepared=prepared)
        assert dump(store) == before
    finally:
        store.close()

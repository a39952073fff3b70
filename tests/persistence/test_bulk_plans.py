"""A server's bulk write (an import) lets the server choose its plans; the window's stay custom."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import RuleViolationError
from tests.support.world import World, draft


def _plans(world: World) -> str:
    return str(world.store.db.execute_sql("SHOW plan_cache_mode").fetchone()[0])


def test_a_bulk_write_plans_as_the_server_chooses_and_only_while_it_lasts(server_world):
    """Its foreign keys' checks, a prepared statement a row, are not planned again each row."""
    world = server_world
    assert _plans(world) == "force_custom_plan"  # the window's statements
    seen = []
    with world.services.accounts.batch(expected_rows=3):
        for number in range(3):
            world.services.accounts.create(draft(name=f"Bulk {number}", external_id=f"B{number}"))
        seen.append(_plans(world))
    assert seen == ["auto"]
    assert _plans(world) == "force_custom_plan"
    names = {r[0] for r in world.store.db.execute_sql("SELECT name FROM tier_account")}
    assert {"Bulk 0", "Bulk 1", "Bulk 2"} <= names


def test_a_bulk_write_undone_leaves_the_windows_plans(server_world):
    world = server_world
    with pytest.raises(RuleViolationError), world.services.accounts.batch():
        world.services.accounts.create(draft(name="Undone"))
        assert _plans(world) == "auto"
        raise RuleViolationError("refused")
    assert _plans(world) == "force_custom_plan"
    assert world.store.db.execute_sql("SELECT count(*) FROM tier_account").fetchone() == (0,)

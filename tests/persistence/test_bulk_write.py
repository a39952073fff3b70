"""A bulk write (an import) takes no savepoint per row, yet never keeps half a change."""

import pytest

from desktop_app.domain.errors import RuleViolationError, StorageError
from tests.support.world import draft, dump


def test_a_refusal_before_any_write_leaves_the_rest_of_the_bulk(world):
    with world.services.accounts.batch():
        with pytest.raises(RuleViolationError), world.store.write():
            raise RuleViolationError("refused before writing")
        kept = world.services.accounts.create(draft(name="Kept")).account
    assert world.services.accounts.get(kept.id).name == "Kept"


def test_a_refusal_after_a_write_undoes_the_whole_bulk(world):
    before = dump(world.store)
    with (
        pytest.raises(StorageError, match="whole import was undone"),
        world.services.accounts.batch(),
    ):
        world.services.accounts.create(draft(name="First"))
        with world.store.write():
            world.services.accounts.create(draft(name="Half", external_id="H"))
            raise RuleViolationError("refused after writing")
    assert dump(world.store) == before


def test_outside_a_bulk_a_nested_refusal_rolls_back_its_savepoint(world):
    with world.store.write():
        with pytest.raises(RuleViolationError), world.store.write():
            world.services.accounts.create(draft(name="Undone"))
            raise RuleViolationError("refused after writing")
        world.services.accounts.create(draft(name="Kept", external_id="K"))
    names = [r[0] for r in world.store.db.execute_sql("SELECT name FROM tier_account")]
    assert names == ["Kept"]

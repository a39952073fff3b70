"""A server's bulk write tallies its new accounts' search prefixes once, at its end."""

from __future__ import annotations

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType
from desktop_app.persistence import held_tallies, pending
from tests.persistence.test_search_prefix_tally import _assert_tally_right
from tests.support.world import World, draft


def _tally(world: World) -> list[tuple[str, str, int]]:
    rows = world.store.db.execute_sql(
        "SELECT type, prefix, n FROM search_prefix_tally WHERE n <> 0 ORDER BY type, prefix"
    )
    return [tuple(r) for r in rows.fetchall()]


def _held_table(world: World) -> bool:
    found = world.store.db.execute_sql("SELECT to_regclass(%s)", (f"pg_temp.{held_tallies.TABLE}",))
    return found.fetchone()[0] is not None


def _count(tally: object, prefix: str) -> int:
    """Accounts of every type with a word starting with ``prefix`` in ``tally``'s rows."""
    assert isinstance(tally, list)
    return sum(n for _type, p, n in tally if p == prefix)


def _bulk(world: World, seen: dict[str, object]) -> None:
    """New accounts in batches, one of them edited and an older one deleted, in one bulk."""
    accounts = world.services.accounts
    old = accounts.create(draft(name="Alt Bestand", external_id="OLD")).account
    with accounts.batch(expected_rows=12):
        made = [
            accounts.create(draft(name=f"Müller {n} Bau", external_id=f"M{n}")).account
            for n in range(12)
        ]
        accounts.update(
            made[3].id, draft(type=AccountType.RESELLER, name="Zeta Tal", external_id="M3")
        )
        accounts.delete(old.id)
        seen["tally inside"] = _tally(world)
        seen["held inside"] = _held_table(world)


def test_the_prefixes_are_held_back_and_added_at_the_end(server_world, monkeypatch):
    monkeypatch.setattr(pending, "FIRST_SERVER_BATCH", 2)
    monkeypatch.setattr(pending, "SERVER_BATCH", 4)  # several COPYs: each held, not tallied
    world = server_world
    seed_workspace(world.store, 60, random_seed=3)
    before = _tally(world)
    seen: dict[str, object] = {}
    _bulk(world, seen)
    assert seen["held inside"] is True
    # the new accounts are not counted yet; the edit of one of them is, at once (it took one)
    assert _count(seen["tally inside"], "mul") == _count(before, "mul") - 1
    assert _count(_tally(world), "mul") == _count(before, "mul") + 11  # one is Zeta Tal now
    _assert_tally_right(world)  # every prefix once the bulk write ended
    assert not _held_table(world)
    shown = world.store.db.execute_sql(f"SELECT current_setting('{held_tallies.SETTING}', true)")
    assert shown.fetchone()[0] in (None, "", "off")
    # and later writes tally at once again
    world.services.accounts.create(draft(name="Später Müller", external_id="S"))
    _assert_tally_right(world)


def test_a_bulk_write_undone_leaves_the_tally_and_nothing_held(server_world):
    world = server_world
    seed_workspace(world.store, 40, random_seed=4)
    before = _tally(world)
    with pytest.raises(RuntimeError), world.services.accounts.batch(expected_rows=3):
        for n in range(3):
            world.services.accounts.create(draft(name=f"Verworfen {n}", external_id=f"V{n}"))
        raise RuntimeError("cancelled")
    assert _tally(world) == before
    assert not _held_table(world)
    _assert_tally_right(world)


def test_a_role_that_may_not_make_temporary_tables_tallies_at_once(server_world, monkeypatch):
    monkeypatch.setattr(held_tallies, "MAY_HOLD", "SELECT false")
    world = server_world
    seen: dict[str, object] = {}
    _bulk(world, seen)
    assert seen["held inside"] is False
    assert _count(seen["tally inside"], "mul") == 11  # counted as each batch went
    _assert_tally_right(world)

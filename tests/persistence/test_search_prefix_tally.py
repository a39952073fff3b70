"""A server counts searches of one word of up to three letters from a tally its triggers keep."""

from __future__ import annotations

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType
from desktop_app.domain.text import fold_for_search
from desktop_app.persistence import postgres_search
from desktop_app.services.queries import DirectoryQuery
from tests.support.world import World, draft

PREFIXES = ("m", "mü", "mu", "mül", "b", "be", "ber", "ta", "t", "1", "10", "100", "a", "an")
PREFIXES += ("and", "k", "ku", "kun", "z", "zz")


def _scanned(world: World, prefix: str, kind: AccountType | None) -> int:
    """The same count the slow way: every live account's words, one by one."""
    rows = world.store.db.execute_sql(
        "SELECT type, search_text FROM tier_account WHERE decommissioned_at IS NULL"
    ).fetchall()
    word = fold_for_search(prefix)
    return sum(
        1
        for type_, text in rows
        if (kind is None or type_ == kind.value)
        and any(w.startswith(word) for w in postgres_words(text))
    )


def postgres_words(text: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in text).split()


def _assert_tally_right(world: World) -> None:
    for prefix in PREFIXES:
        for kind in (None, AccountType.RESELLER, AccountType.CUSTOMER):
            counted = world.services.directory.count(DirectoryQuery(search=prefix, type=kind))
            assert counted == _scanned(world, prefix, kind), (prefix, kind)


def test_the_short_search_is_the_tallys(server_world):
    assert postgres_search.tallied_prefix("Mü") == "mu"
    assert postgres_search.tallied_prefix("TA-") == "ta"
    assert postgres_search.tallied_prefix("TA-0") is None  # two words: the index's
    assert postgres_search.tallied_prefix("Vaĭ") == "vai"
    assert postgres_search.tallied_prefix("abcd") is None
    assert postgres_search.tallied_prefix("a b") is None


def test_creates_edits_deletes_and_type_changes_keep_the_tally(server_world):
    world = server_world
    accounts = world.services.accounts
    reseller = accounts.create(draft()).account
    kid = accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde Tal AG")
    ).account
    other = accounts.create(draft(name="Zeta Bauer", external_id="2")).account
    _assert_tally_right(world)
    accounts.update(kid.id, draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Bär 10"))
    moved = draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Zeta", external_id="2")
    accounts.update(other.id, moved)
    _assert_tally_right(world)
    accounts.delete(other.id)
    _assert_tally_right(world)


def test_a_seed_and_an_import_keep_the_tally(server_world):
    world = server_world
    seed_workspace(world.store, 300, random_seed=5)
    _assert_tally_right(world)
    with world.services.accounts.batch(expected_rows=50):
        for number in range(50):
            world.services.accounts.create(
                draft(name=f"Import {number} Mü", external_id=str(number))
            )
    _assert_tally_right(world)


def test_a_rolled_back_write_leaves_the_tally(server_world):
    world = server_world
    world.services.accounts.create(draft(name="Anker"))
    with pytest.raises(RuntimeError), world.store.write():
        world.services.accounts.create(draft(name="Anton", external_id="9"))
        raise RuntimeError("cancelled")
    _assert_tally_right(world)

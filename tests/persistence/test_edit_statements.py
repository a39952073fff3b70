"""An edit writes only the columns it changed, and reads no ancestors when the parent stays."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest

from desktop_app.domain.accounts import AccountDraft
from desktop_app.domain.errors import ConflictError, ValidationError
from desktop_app.services.queries import DirectoryQuery
from tests.support.world import draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def found(world, search: str) -> list[str]:
    listing = world.services.directory.accounts(DirectoryQuery(search=search))
    return [row.id for row in listing.fetch(0, 100)]


def test_an_edit_saves_every_field_it_changed_and_keeps_the_others(world):
    accounts = world.services.accounts
    created = accounts.create(draft(name="Nordwind GmbH", external_id="N-1")).account
    edited = AccountDraft.from_data(replace(created.data, address_line2="Hinterhaus"))

    saved = accounts.update(created.id, replace(edited, city="Potsdam", name="Südwind AG"))

    stored = accounts.get(created.id)
    assert stored == saved.account
    assert (stored.version, stored.name, stored.data.city) == (2, "Südwind AG", "Potsdam")
    assert stored.data.address_line2 == "Hinterhaus"
    assert stored.data.external_uid == created.data.external_uid
    assert stored.data.email == created.data.email
    assert (stored.created, stored.owner_id, stored.hub_id) == (
        created.created,
        created.owner_id,
        created.hub_id,
    )
    assert accounts.versions(created.id)[-1].data == stored.data
    # the search index follows the fields it holds, and only them
    assert found(world, "Südwind") == [created.id]
    assert found(world, "Potsdam") == [created.id]
    assert found(world, "Nordwind") == []
    accounts.update(
        created.id, AccountDraft.from_data(replace(stored.data, address_line1="Neue Str. 1"))
    )
    assert found(world, "Südwind") == [created.id]
    assert accounts.get(created.id).data.address_line1 == "Neue Str. 1"


def test_an_edit_over_a_version_saved_meanwhile_changes_nothing(world):
    accounts = world.services.accounts
    created = accounts.create(draft(name="Nordwind GmbH")).account
    accounts.update(created.id, draft(name="Nordwind GmbH", city="Hamburg"))

    with pytest.raises(ConflictError):
        accounts.update(created.id, draft(name="Nordwind GmbH", city="Bremen"), expected_version=1)

    stored = accounts.get(created.id)
    assert (stored.version, stored.data.city) == (2, "Hamburg")


def test_a_move_under_a_descendant_is_still_refused(world):
    accounts = world.services.accounts
    top = accounts.create(draft(name="Top GmbH", external_id="T")).account
    middle = accounts.create(draft(name="Middle GmbH", external_id="M", parent_id=top.id)).account
    low = accounts.create(draft(name="Low GmbH", external_id="L", parent_id=middle.id)).account

    with pytest.raises(ValidationError, match="descendant"):
        accounts.update(top.id, draft(name="Top GmbH", external_id="T", parent_id=low.id))
    # keeping the parent it has is no move: the edit saves
    kept = accounts.update(low.id, draft(name="Low AG", external_id="L", parent_id=middle.id))
    assert kept.account.parent_id == middle.id
    moved = accounts.update(low.id, draft(name="Low AG", external_id="L", parent_id=top.id))
    assert moved.account.parent_id == top.id


@contextmanager
def traced(world) -> Iterator[list[str]]:
    """The SQL statements run, each once, and the programs of FTS5 and triggers (``-- …``).

    SQLite reports a statement again after each trigger program it runs.
    """
    connection = world.store.db.connection()
    statements: list[str] = []

    def note(statement: str) -> None:
        own = [s for s in statements if not s.startswith("--")]
        if not own or own[-1] != statement:
            statements.append(statement)

    connection.set_trace_callback(note)
    try:
        yield statements
    finally:
        connection.set_trace_callback(None)


def updated_columns(statements: list[str]) -> set[str]:
    (update,) = [s for s in statements if s.startswith('UPDATE "tier_account" SET')]
    set_list = update.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    return set(re.findall(r'"(\w+)" = ', set_list))


def search_index_blocks(world) -> list[tuple[int, bytes]]:
    """What the search index holds (FTS5 writes a segment at commit when it was written to)."""
    sql = "SELECT id, block FROM account_search_data ORDER BY id"
    return [tuple(r) for r in world.store.db.execute_sql(sql).fetchall()]


def edit(world, account_id: str, change: Callable[[AccountDraft], AccountDraft]) -> list[str]:
    accounts = world.services.accounts
    current = accounts.get(account_id)
    with traced(world) as statements:
        accounts.update(account_id, change(AccountDraft.from_data(current.data)))
    return statements


@pytest.mark.sqlite_only  # SQLite's statements, traced
def test_an_address_edit_sets_three_columns_and_leaves_the_search_index(world):
    _reseller, customer = world.subscribed_customer()  # the edit raises two requests
    index_before = search_index_blocks(world)

    statements = edit(world, customer.id, lambda d: replace(d, address_line2="Hinterhaus"))

    # every column set rewrites the entries of each index holding it (and its triggers run)
    assert updated_columns(statements) == {"version", "address_line2", "updated_at"}
    assert search_index_blocks(world) == index_before
    assert not [s for s in statements if "account_search" in s], statements
    # the parent stays: no recursive read of its ancestors
    assert not [s for s in statements if "RECURSIVE" in s], statements
    requests = [s for s in statements if s.startswith('INSERT INTO "tier_account_request"')]
    assert len(requests) == 2
    own = [s for s in statements if not s.startswith("--")]
    assert len(own) <= 14, own


@pytest.mark.sqlite_only  # SQLite's statements, traced
def test_a_name_edit_sets_the_search_text_and_a_move_reads_the_ancestors(world):
    accounts = world.services.accounts
    north = accounts.create(draft(name="North GmbH", external_id="N")).account
    south = accounts.create(draft(name="South GmbH", external_id="S")).account
    kid = accounts.create(draft(name="Kid GmbH", external_id="K", parent_id=north.id)).account
    index_before = search_index_blocks(world)

    renamed = edit(world, kid.id, lambda d: replace(d, name="Kind GmbH"))
    assert updated_columns(renamed) == {"version", "name", "search_text", "updated_at"}
    assert search_index_blocks(world) != index_before
    assert [s for s in renamed if "account_search" in s]

    moved = edit(world, kid.id, lambda d: replace(d, parent_id=south.id))
    assert updated_columns(moved) == {"version", "parent_id", "updated_at"}
    assert [s for s in moved if "RECURSIVE" in s]

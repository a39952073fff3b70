"""An account's history: versions with who and when, what changed, the requests each raised."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.domain.errors import NotFoundError
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from tests.support.world import NOSYNC_PRODUCT, PROVIDER, SYNC_PRODUCT, VENDOR, World, draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

DATA = Path(__file__).parent / "data"


def edited(world: World) -> str:
    """A customer at version 3: a city edit as the vendor, then a name edit as the provider."""
    _reseller, kid = world.subscribed_customer()
    same = {"type": AccountType.CUSTOMER, "parent_id": kid.parent_id, "city": "Hamburg"}
    world.services.accounts.update(kid.id, draft(**same, name="Kunde AG"))
    world.act_as(PROVIDER)
    world.services.accounts.update(kid.id, draft(**same, name="Kunde GmbH"))
    world.act_as(VENDOR)
    return kid.id


def test_every_version_says_when_who_as_which_operator_and_what_changed(world):
    account_id = edited(world)
    user = world.services.workspace.ensure_user()

    history = world.services.history.history(account_id)

    assert [e.version for e in history.entries] == [3, 2, 1]
    newest, middle, first = history.entries
    assert newest.changed == ("name",)
    assert middle.changed == ("city",)
    assert newest.changed_labels == ("Organization name",)
    assert first.changed_labels[0] == "Type"  # a first version "changes" every field
    assert newest.saved.at > middle.saved.at > first.saved.at
    assert {e.author for e in history.entries} == {f"{user.name} ({user.id})"}
    assert newest.operator == f"{PROVIDER.name} ({PROVIDER.id})"
    assert middle.operator == first.operator == f"{VENDOR.name} ({VENDOR.id})"
    assert history.team_workspace is (world.store.database_user is not None)


def test_each_version_lists_the_requests_it_raised_with_their_status(world):
    account_id = edited(world)
    raised = world.services.history.history(account_id).entry(2).requests
    synced = next(r.id for r in raised if r.product_id == SYNC_PRODUCT.id)
    world.services.requests.accept(synced)

    history = world.services.history.history(account_id)

    assert history.entry(1).requests == ()  # creating raises nothing
    second = {r.id: r for r in history.entry(2).requests}
    third = {r.id: r for r in history.entry(3).requests}
    assert all(i.split("-")[4] == "002" for i in second)
    assert all(i.split("-")[4] == "003" for i in third)
    assert {r.product_id: r.status for r in second.values()} == {
        SYNC_PRODUCT.id: RequestStatus.ACCEPTED,
        NOSYNC_PRODUCT.id: RequestStatus.UNSUPPORTED,
    }
    assert {r.product_name for r in third.values()} == {SYNC_PRODUCT.name, NOSYNC_PRODUCT.name}
    assert second[synced].updated.at > history.entry(3).saved.at  # decided after the last edit
    assert {r.status for r in third.values()} == {RequestStatus.PENDING, RequestStatus.UNSUPPORTED}


def test_any_two_versions_compare_field_by_field(world):
    account_id = edited(world)
    history = world.services.history

    assert history.compare(account_id, 1, 3).changed == {"name", "city"}
    assert history.compare(account_id, 3, 1).changed == {"name", "city"}
    assert history.compare(account_id, 2, 3).changed == {"name"}
    assert history.compare(account_id, 2, 2).changed == frozenset()
    compared = history.compare(account_id, 1, 3)
    assert (compared.before.data.city, compared.after.data.city) == ("Berlin", "Hamburg")
    with pytest.raises(NotFoundError):
        history.compare(account_id, 1, 4)


def test_an_unknown_account_has_no_history(world):
    with pytest.raises(NotFoundError):
        world.services.history.history("TA-0000-0000-0000")


@pytest.mark.sqlite_only
def test_versions_saved_before_operators_were_recorded_name_the_owner_for_the_first(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "workspace-v1.sqlite", path)
    store = SqliteStore.open(path, create=False)
    try:
        services = Services.over(store)
        row = store.db.execute_sql(
            "SELECT account_id FROM tier_account_version WHERE version = 2 LIMIT 1"
        ).fetchone()
        account = services.accounts.get(row[0])
        owner = store.catalog.operator(account.owner_id)

        history = services.history.history(account.id)

        assert history.entry(1).operator == f"{owner.name} ({owner.id})"
        assert history.entry(2).operator == ""  # not recorded then, and not guessed
    finally:
        store.close()

"""Deciding many requests at once: who may, what is left out, all or nothing per batch."""

from __future__ import annotations

import pytest

from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.domain.errors import ConflictError, ValidationError
from tests.support.world import (
    NOSYNC_PRODUCT,
    OTHER_PRODUCT,
    PROVIDER,
    SYNC_PRODUCT,
    draft,
    dump,
)

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


@pytest.fixture
def raised(world):
    """Three customers edited once each, on the vendor's two products and another vendor's.

    Per customer: a pending request (Cloud Mail), an unsupported one (Cloud Backup) and a
    pending one of the other vendor's product.
    """
    reseller = world.services.accounts.create(draft(name="Reseller One")).account
    requests = []
    for number in range(3):
        kid = world.services.accounts.create(
            draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name=f"Kunde {number}")
        ).account
        for n, product in enumerate((SYNC_PRODUCT, NOSYNC_PRODUCT, OTHER_PRODUCT)):
            world.subscribe(f"AS-0000-000{number}-000{n}", product, kid.id, reseller.id)
        changed = draft(
            type=AccountType.CUSTOMER, parent_id=reseller.id, name=f"Kunde {number}", city="Bonn"
        )
        requests.extend(world.services.accounts.update(kid.id, changed).requests)
    return requests


def by_product(requests, product):
    return [r.id for r in requests if r.product_id == product.id]


def test_the_plan_counts_the_products_and_what_is_left_out(world, raised):
    mine = by_product(raised, SYNC_PRODUCT)
    ids = [r.id for r in raised]
    plan = world.services.requests.plan([*ids, "TAR-0000-0000-0000-001-001"])
    assert plan.allowed == tuple(mine)
    assert plan.products == ((f"Cloud Mail ({SYNC_PRODUCT.id})", 3),)
    left_out = dict(plan.left_out)
    assert left_out == {
        "Unsupported: Tier Accounts Sync is off for this product.": 3,
        f"Only the product's vendor ({OTHER_PRODUCT.vendor_id}) decides it.": 3,
        "This request no longer exists.": 1,
    }
    assert plan.left_out_count == 7


def test_accept_many_decides_the_allowed_ones_in_one_go(world, raised):
    ids = [r.id for r in raised]
    outcome = world.services.requests.accept_many(ids)
    assert outcome.decided == tuple(by_product(raised, SYNC_PRODUCT))
    assert outcome.left_out == 6
    statuses = {r.id: world.services.requests.get(r.id).status for r in raised}
    for request in raised:
        expected = RequestStatus.ACCEPTED if request.id in outcome.decided else request.status
        assert statuses[request.id] is expected
    assert world.services.requests.pending_count() == 3  # the other vendor's
    again = world.services.requests.accept_many(ids)  # nothing is pending of ours any more
    assert again.decided == () and again.left_out == 9


def test_ignore_many_records_one_reason(world, raised):
    mine = by_product(raised, SYNC_PRODUCT)
    outcome = world.services.requests.ignore_many(mine, "  Wrong city  ")
    assert outcome.decided == tuple(mine)
    for request_id in mine:
        request = world.services.requests.get(request_id)
        assert (request.status, request.reason) == (RequestStatus.IGNORED, "Wrong city")


def test_ignore_many_without_a_reason_changes_nothing(world, raised):
    before = dump(world.store)
    with pytest.raises(ValidationError):
        world.services.requests.ignore_many(by_product(raised, SYNC_PRODUCT), "   ")
    assert dump(world.store) == before


def test_a_batch_is_all_or_nothing(world, raised, monkeypatch):
    """When one request of the batch moved meanwhile, none of the batch is decided."""
    store_requests = world.store.requests
    real = store_requests.change_status_many

    def one_short(ids, *args):
        return real(ids, *args) - 1  # as if another window had decided one meanwhile

    monkeypatch.setattr(store_requests, "change_status_many", one_short)
    before = dump(world.store)
    with pytest.raises(ConflictError, match="changed meanwhile; nothing was changed"):
        world.services.requests.accept_many([r.id for r in raised])
    assert dump(world.store) == before


def test_a_provider_decides_nothing(world, raised):
    world.act_as(PROVIDER)
    plan = world.services.requests.plan([r.id for r in raised])
    assert plan.allowed == ()
    assert plan.left_out_count == 9
    before = dump(world.store)
    outcome = world.services.requests.accept_many([r.id for r in raised])
    assert outcome.decided == () and outcome.left_out == 9
    assert dump(world.store) == before

import pytest

from desktop_app.domain.enums import AccountType, RequestStatus, SyncState
from desktop_app.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from desktop_app.services.queries import RequestQuery
from tests.support.world import (
    NOSYNC_PRODUCT,
    OTHER_VENDOR,
    PROVIDER,
    SYNC_PRODUCT,
    draft,
    dump,
)

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


@pytest.fixture
def edited(world):
    reseller, kid = world.subscribed_customer()
    result = world.services.accounts.update(
        kid.id,
        draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde AG", city="Bonn"),
    )
    pending, unsupported = result.requests
    return kid, pending, unsupported


def test_details_compare_with_the_previous_version(world, edited):
    kid, pending, _ = edited
    details = world.services.requests.details(pending.id)
    assert details.account.id == kid.id
    assert [(c.field, c.before, c.after) for c in details.changes] == [("city", "Berlin", "Bonn")]
    assert details.product.id == SYNC_PRODUCT.id
    assert details.vendor_name == "Acme Software"
    assert details.provider_name == PROVIDER.name


def test_accept(world, edited):
    kid, pending, _ = edited
    accepted = world.services.requests.accept(pending.id)
    assert accepted.status is RequestStatus.ACCEPTED
    assert world.services.requests.get(pending.id).status is RequestStatus.ACCEPTED
    assert world.services.accounts.summary(kid.id).sync_state is SyncState.UP_TO_DATE


def test_ignore_needs_a_reason_of_1_to_255_characters(world, edited):
    _, pending, _ = edited
    before = dump(world.store)
    for bad in ("", "   ", "x" * 256, "bad\x00reason"):
        with pytest.raises(ValidationError) as caught:
            world.services.requests.ignore(pending.id, bad)
        assert caught.value.fields == {"reason"}
    assert dump(world.store) == before
    ignored = world.services.requests.ignore(pending.id, "  Wrong city  ")
    assert (ignored.status, ignored.reason) == (RequestStatus.IGNORED, "Wrong city")
    assert world.services.requests.get(pending.id).reason == "Wrong city"


def test_reason_of_exactly_255_characters(world, edited):
    _, pending, _ = edited
    assert world.services.requests.ignore(pending.id, "y" * 255).reason == "y" * 255


def test_decided_and_unsupported_requests_are_final(world, edited):
    _, pending, unsupported = edited
    world.services.requests.accept(pending.id)
    before = dump(world.store)
    with pytest.raises(ConflictError, match=r"already accepted by .* on 20") as caught:
        world.services.requests.ignore(pending.id, "late")
    user = world.services.workspace.user(world.services.workspace.event().by)
    assert user is not None and user.name in caught.value.message
    with pytest.raises(ConflictError, match="unsupported"):
        world.services.requests.accept(unsupported.id)
    assert dump(world.store) == before


def test_only_the_products_vendor_decides(world, edited):
    _, pending, _ = edited
    before = dump(world.store)
    world.act_as(PROVIDER)
    with pytest.raises(PermissionDeniedError, match="provider"):
        world.services.requests.accept(pending.id)
    with pytest.raises(PermissionDeniedError):
        world.services.requests.ignore(pending.id, "no")
    decision = world.services.requests.decision(pending)
    assert not decision.allowed and "provider" in decision.reason
    world.act_as(OTHER_VENDOR)
    with pytest.raises(PermissionDeniedError, match="vendor"):
        world.services.requests.accept(pending.id)
    after = dump(world.store)
    # only the operator switch itself was written
    assert [line for line in after.splitlines() if "setting" not in line] == [
        line for line in before.splitlines() if "setting" not in line
    ]


def test_request_changed_by_another_instance_is_a_conflict(world, edited, tmp_path):
    from tests.support.world import open_world

    _, pending, _ = edited
    other = open_world(world.path, seed_catalog=False)
    other.services.requests.ignore(pending.id, "from the other window")
    with pytest.raises(ConflictError):
        world.services.requests.accept(pending.id)
    assert world.services.requests.get(pending.id).reason == "from the other window"
    other.store.close()


def test_listing_filters_and_counts(world, edited):
    kid, pending, unsupported = edited
    listing = world.services.requests.listing(RequestQuery(status=RequestStatus.PENDING))
    assert [r.id for r in listing.all()] == [pending.id]
    everything = world.services.requests.listing(RequestQuery(account_id=kid.id))
    assert {r.id for r in everything.all()} == {pending.id, unsupported.id}
    assert world.services.requests.pending_count() == 1
    by_product = world.services.requests.listing(RequestQuery(product_id=NOSYNC_PRODUCT.id))
    assert [r.id for r in by_product.all()] == [unsupported.id]
    by_id = world.services.requests.listing(RequestQuery(search=unsupported.id.lower()))
    assert [r.id for r in by_id.all()] == [unsupported.id]
    by_prefix = world.services.requests.listing(RequestQuery(search=pending.id[:-4]))
    assert {r.id for r in by_prefix.all()} == {pending.id, unsupported.id}
    by_account = world.services.requests.listing(RequestQuery(search="kun bon"))
    assert {r.id for r in by_account.all()} == {pending.id, unsupported.id}
    assert world.services.requests.listing(RequestQuery(search="backup")).count() == 0

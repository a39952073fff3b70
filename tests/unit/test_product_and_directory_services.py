import pytest

from desktop_app.domain.enums import AccountType, RequestStatus, ResellerAuthorizationLevel
from desktop_app.domain.errors import PermissionDeniedError
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from tests.support.world import NOSYNC_PRODUCT, OTHER_PRODUCT, PROVIDER, SYNC_PRODUCT, draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def test_switching_sync_decides_only_later_requests(world):
    account = world.services.accounts.create(draft()).account
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, account.id)
    first = world.services.accounts.update(account.id, draft(city="Bonn")).requests[0]
    assert first.status is RequestStatus.PENDING
    product = world.services.products.set_capabilities(SYNC_PRODUCT.id, tier_accounts_sync=False)
    assert not product.tier_accounts_sync
    assert world.services.requests.get(first.id).status is RequestStatus.PENDING
    second = world.services.accounts.update(account.id, draft(city="Köln")).requests[0]
    assert second.status is RequestStatus.UNSUPPORTED


def test_capability_switch_is_for_the_products_vendor(world):
    level = ResellerAuthorizationLevel.TWO
    changed = world.services.products.set_capabilities(
        NOSYNC_PRODUCT.id, reseller_authorization_level=level
    )
    assert changed.reseller_authorization_level is level
    assert not changed.tier_accounts_sync
    with pytest.raises(PermissionDeniedError):
        world.services.products.set_capabilities(OTHER_PRODUCT.id, tier_accounts_sync=False)
    world.act_as(PROVIDER)
    with pytest.raises(PermissionDeniedError):
        world.services.products.set_capabilities(SYNC_PRODUCT.id, tier_accounts_sync=False)
    assert world.services.products.get(SYNC_PRODUCT.id).tier_accounts_sync


def _names(listing):
    return [row.name for row in listing.all()]


def test_directory_pages_sorts_filters_and_searches(world):
    accounts = world.services.accounts
    top = accounts.create(draft(name="Zeta Reseller", city="Zürich")).account
    for name, city in [("alpha", "Berlin"), ("Beta", "München"), ("gamma", "Berlin")]:
        accounts.create(draft(type=AccountType.CUSTOMER, parent_id=top.id, name=name, city=city))
    directory = world.services.directory
    by_name = directory.accounts(DirectoryQuery(), SortSpec(DirectoryColumn.NAME, False))
    assert by_name.count() == 4
    assert _names(by_name) == ["alpha", "Beta", "gamma", "Zeta Reseller"]
    assert [r.name for r in by_name.fetch(1, 2)] == ["Beta", "gamma"]
    newest = directory.accounts(DirectoryQuery(), SortSpec(DirectoryColumn.CREATED, True))
    assert _names(newest)[0] == "gamma"
    customers = directory.accounts(DirectoryQuery(type=AccountType.CUSTOMER))
    assert customers.count() == 3
    assert _names(directory.accounts(DirectoryQuery(search="munchen"))) == ["Beta"]
    assert _names(directory.accounts(DirectoryQuery(search="ZURICH"))) == ["Zeta Reseller"]
    assert directory.accounts(DirectoryQuery(search="berlin gam")).count() == 1
    assert directory.accounts(DirectoryQuery(search="%%")).count() == 0  # no word to look for
    assert directory.accounts(DirectoryQuery(search="100%")).count() == 4  # external ID 100200
    assert directory.accounts(DirectoryQuery(search=top.id.lower())).count() == 1
    children = directory.children(top.id)
    assert children.count() == 3
    row = children.fetch(0, 1)[0]
    assert (row.parent_id, row.parent_name) == (top.id, "Zeta Reseller")


def test_directory_hides_deleted_accounts(world):
    account = world.services.accounts.create(draft()).account
    world.services.accounts.delete(account.id)
    assert world.services.directory.accounts(DirectoryQuery()).count() == 0
    assert not world.services.directory.is_empty()


def test_detail_tab_listings(world):
    reseller, kid = world.subscribed_customer("Kunde")
    directory = world.services.directory
    assert directory.subscriptions(kid.id).count() == 2
    assert directory.subscriptions(reseller.id).count() == 2
    assert [s.product_name for s in directory.subscriptions(kid.id, SYNC_PRODUCT.id).all()] == [
        "Cloud Mail"
    ]
    assert directory.fulfillment_requests(kid.id).count() == 0
    assert directory.tier_configs(reseller.id).count() == 0
    assert directory.tier_config_requests(reseller.id).count() == 0


def test_operator_switch_persists(world):
    assert world.services.workspace.operator().role.value == "vendor"
    world.act_as(PROVIDER)
    reopened = world.reopen()
    assert reopened.services.workspace.operator() == PROVIDER
    reopened.store.close()


def test_vendor_of_and_may_change(world):
    product = world.services.products.get(SYNC_PRODUCT.id)
    assert world.services.products.vendor_of(product).name == "Acme Software"
    assert world.services.products.may_change(product)
    assert not world.services.products.may_change(world.services.products.get(OTHER_PRODUCT.id))
    world.act_as(PROVIDER)
    assert not world.services.products.may_change(product)


def test_roots_are_the_direct_resellers(world):
    top = world.services.accounts.create(draft(name="Top")).account
    world.services.accounts.create(draft(name="Mid", parent_id=top.id))
    other = world.services.accounts.create(draft(name="Other top")).account
    roots = world.services.directory.roots(SortSpec(DirectoryColumn.NAME, False))
    assert [r.id for r in roots.all()] == [other.id, top.id]
    assert roots.count() == 2

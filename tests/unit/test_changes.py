"""What an action changed: the accounts, requests and products it touched, merged."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop_app.domain.accounts import Event, TierAccount
from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.domain.validation import validate_draft
from desktop_app.services.changes import Changes
from tests.support.world import draft

EVENT = Event(datetime(2026, 1, 1, tzinfo=UTC), "UR-1")


def account(account_id: str, parent_id: str | None) -> TierAccount:
    data, _warnings = validate_draft(draft(type=AccountType.CUSTOMER, parent_id=parent_id))
    return TierAccount(account_id, 1, data, "HB-1", "VA-1", EVENT, EVENT)


def request(request_id: str, account_id: str) -> TierAccountRequest:
    return TierAccountRequest(
        id=request_id,
        account_id=account_id,
        version=2,
        product_id="PRD-1",
        vendor_id="VA-1",
        provider_id=None,
        status=RequestStatus.PENDING,
        reason="",
        created=EVENT,
        updated=EVENT,
    )


def test_nothing_changed_is_false_and_touches_nothing():
    nothing = Changes()
    assert not nothing
    assert not nothing.touches_accounts and not nothing.touches_requests
    assert not nothing.touches_account("TA-1") and not nothing.touches_product("PRD-1")


def test_a_save_touches_the_account_its_parents_and_the_requests_it_raised():
    child = account("TA-2", "TA-1")
    changes = Changes.saved(
        child, [request("TAR-2-1", "TA-2")], created=False, previous_parent_id="TA-9"
    )
    assert changes.accounts == {"TA-2", "TA-1", "TA-9"}
    assert changes.requests == {"TAR-2-1"} and changes.request_accounts == {"TA-2"}
    assert not changes.account_count
    assert changes.touches_account("TA-9") and not changes.touches_account("TA-3")
    assert Changes.saved(child, created=True).account_count


def test_a_decision_touches_its_request_and_account_but_no_account_listing():
    changes = Changes.decided([request("TAR-2-1", "TA-2")])
    assert changes.touches_requests and changes.touches_account("TA-2")
    assert not changes.touches_accounts


def test_a_delete_counts_again_and_a_product_touches_only_itself():
    deleted = Changes.deleted(account("TA-2", "TA-1"))
    assert deleted.account_count and deleted.accounts == {"TA-2", "TA-1"}
    product = Changes.product("PRD-1")
    assert product.touches_product("PRD-1") and not product.touches_product("PRD-2")
    assert not product.touches_accounts and not product.touches_requests


def test_merged_changes_and_everything():
    merged = Changes.product("PRD-1") | Changes.decided([request("TAR-2-1", "TA-2")])
    assert merged.products == {"PRD-1"} and merged.requests == {"TAR-2-1"}
    everything = Changes.all()
    assert everything.touches_accounts and everything.touches_requests
    assert everything.touches_account("TA-anything") and everything.touches_product("PRD-x")
    assert (Changes() | everything).everything


def test_each_save_returns_what_it_changed(world):
    accounts = world.services.accounts
    first = accounts.create(draft(name="First Reseller")).account
    second = accounts.create(draft(name="Second Reseller")).account
    created = accounts.create(draft(type=AccountType.CUSTOMER, parent_id=first.id, name="Kid"))
    assert created.changes.accounts == {created.account.id, first.id}
    assert created.changes.account_count

    moved = accounts.update(
        created.account.id, draft(type=AccountType.CUSTOMER, parent_id=second.id, name="Kid")
    )
    assert moved.changes.accounts == {created.account.id, first.id, second.id}
    assert not moved.changes.account_count

    same = accounts.update(
        created.account.id, draft(type=AccountType.CUSTOMER, parent_id=second.id, name="Kid")
    )
    assert not same.changed and not same.changes


def test_many_decisions_touch_every_accounts_requests_but_no_account_listing():
    changes = Changes.decided_ids(["TAR-1", "TAR-2"])
    assert changes and changes.touches_requests
    assert changes.touches_account("TA-any") and not changes.touches_accounts
    assert (Changes() | changes).requests_of_any_account

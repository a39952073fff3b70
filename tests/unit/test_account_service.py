import pytest

from desktop_app.domain.enums import AccountType, RequestStatus, SyncState
from desktop_app.domain.errors import (
    ConflictError,
    NotFoundError,
    RuleViolationError,
    ValidationError,
)
from desktop_app.domain.ids import NO_HUB_ID, TIER_ACCOUNT_ID
from desktop_app.domain.requests import UNSUPPORTED_REASON
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.services.decision import Decision
from tests.support.world import (
    API_HUB,
    NOSYNC_PRODUCT,
    OA_HUB,
    OTHER_PRODUCT,
    PROVIDER,
    SYNC_PRODUCT,
    VENDOR,
    draft,
    dump,
)

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def customer(parent_id, **kw):
    return draft(type=AccountType.CUSTOMER, parent_id=parent_id, name="Kunde AG", **kw)


def test_create_direct_reseller(world):
    result = world.services.accounts.create(draft())
    account = result.account
    assert TIER_ACCOUNT_ID.match(account.id)
    assert account.version == 1
    assert account.parent_id is None
    assert account.owner_id == VENDOR.id
    assert account.hub_id == NO_HUB_ID
    assert len(account.data.external_uid) == 36
    stored = world.services.accounts.get(account.id)
    assert stored == account
    versions = world.services.accounts.versions(account.id)
    assert [(v.version, v.data) for v in versions] == [(1, account.data)]


def test_customer_under_reseller_inherits_an_api_hub(world):
    reseller = world.services.accounts.create(draft(hub_id=API_HUB.id)).account
    assert reseller.hub_id == API_HUB.id
    child = world.services.accounts.create(customer(reseller.id)).account
    assert child.hub_id == API_HUB.id
    assert child.parent_id == reseller.id


def test_new_accounts_cannot_go_on_an_oa_hub_or_unknown_hub(world):
    before = dump(world.store)
    for hub in (OA_HUB.id, "HB-9999-9999"):
        with pytest.raises(ValidationError) as caught:
            world.services.accounts.create(draft(hub_id=hub))
        assert caught.value.fields == {"hub_id"}
    assert dump(world.store) == before


def test_parent_must_be_a_live_reseller(world):
    reseller = world.services.accounts.create(draft()).account
    kid = world.services.accounts.create(customer(reseller.id)).account
    before = dump(world.store)
    with pytest.raises(ValidationError, match="only a reseller") as caught:
        world.services.accounts.create(customer(kid.id))
    assert caught.value.fields == {"parent_id"}
    with pytest.raises(ValidationError) as caught:
        world.services.accounts.create(customer("TA-0000-0000-0001"))
    assert caught.value.fields == {"parent_id"}
    assert dump(world.store) == before


def test_external_uid_is_unique(world):
    first = world.services.accounts.create(draft()).account
    before = dump(world.store)
    with pytest.raises(ValidationError, match=first.id) as caught:
        world.services.accounts.create(draft(external_uid=first.data.external_uid))
    assert caught.value.fields == {"external_uid"}
    assert dump(world.store) == before


def test_invalid_draft_writes_nothing(world):
    before = dump(world.store)
    with pytest.raises(ValidationError):
        world.services.accounts.create(draft(email="nope"))
    assert dump(world.store) == before


def test_edit_raises_one_request_per_linked_product(world):
    accounts = world.services.accounts
    top = accounts.create(draft(name="Top")).account
    mid = accounts.create(draft(name="Mid", parent_id=top.id)).account
    kid = accounts.create(customer(mid.id)).account
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, kid.id, mid.id, top.id)
    world.subscribe("AS-0000-0000-0002", NOSYNC_PRODUCT, kid.id, mid.id)
    world.subscribe("AS-0000-0000-0003", SYNC_PRODUCT, kid.id, mid.id)  # same product again

    result = accounts.update(mid.id, draft(name="Mid renamed", parent_id=top.id))
    assert result.changed
    assert result.account.version == 2
    digits = mid.id[3:]
    assert [(r.id, r.product_id, r.status) for r in result.requests] == [
        (f"TAR-{digits}-002-001", SYNC_PRODUCT.id, RequestStatus.PENDING),
        (f"TAR-{digits}-002-002", NOSYNC_PRODUCT.id, RequestStatus.UNSUPPORTED),
    ]
    assert result.requests[1].reason == UNSUPPORTED_REASON
    assert all(r.vendor_id == VENDOR.id and r.provider_id == PROVIDER.id for r in result.requests)
    assert accounts.summary(mid.id).sync_state is SyncState.AWAITING_APPROVAL
    # the top reseller sits in tier2 of one subscription only
    top_result = accounts.update(top.id, draft(name="Top renamed"))
    assert [r.product_id for r in top_result.requests] == [SYNC_PRODUCT.id]
    # the diff between versions
    assert [(c.field, c.before, c.after) for c in accounts.diff(mid.id, 1, 2)] == [
        ("name", "Mid", "Mid renamed")
    ]


def test_edit_without_links_raises_no_request_and_keeps_uid(world):
    account = world.services.accounts.create(draft()).account
    result = world.services.accounts.update(account.id, draft(city="Hamburg"))
    assert result.changed and result.requests == ()
    assert result.account.data.external_uid == account.data.external_uid
    assert world.services.accounts.summary(account.id).sync_state is SyncState.UP_TO_DATE


def test_edit_that_changes_nothing_changes_nothing(world):
    account = world.services.accounts.create(draft()).account
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, account.id)
    before = dump(world.store)
    result = world.services.accounts.update(account.id, draft(name="  Müller Handels GmbH "))
    assert not result.changed
    assert result.account.version == 1
    assert dump(world.store) == before


def test_stale_edit_is_a_conflict(world):
    account = world.services.accounts.create(draft()).account
    world.services.accounts.update(account.id, draft(city="Hamburg"), expected_version=1)
    before = dump(world.store)
    with pytest.raises(ConflictError, match="version 2") as caught:
        world.services.accounts.update(account.id, draft(city="Köln"), expected_version=1)
    assert dump(world.store) == before
    user = world.services.workspace.user(world.services.workspace.event().by)
    assert user is not None and f"changed meanwhile by {user.name} on " in caught.value.message


def test_reparenting_refuses_cycles(world):
    accounts = world.services.accounts
    top = accounts.create(draft(name="Top")).account
    mid = accounts.create(draft(name="Mid", parent_id=top.id)).account
    low = accounts.create(draft(name="Low", parent_id=mid.id)).account
    before = dump(world.store)
    for parent in (top.id, low.id):
        with pytest.raises(ValidationError) as caught:
            accounts.update(top.id, draft(name="Top", parent_id=parent))
        assert caught.value.fields == {"parent_id"}
    assert dump(world.store) == before
    moved = accounts.update(low.id, draft(name="Low", parent_id=top.id)).account
    assert moved.parent_id == top.id


def test_reseller_with_children_cannot_become_customer(world):
    accounts = world.services.accounts
    top = accounts.create(draft(name="Top")).account
    mid = accounts.create(draft(name="Mid", parent_id=top.id)).account
    accounts.create(customer(mid.id))
    with pytest.raises(RuleViolationError, match="1 child account") as caught:
        accounts.update(mid.id, draft(name="Mid", type=AccountType.CUSTOMER, parent_id=top.id))
    assert caught.value.field == "type"


def test_hub_cannot_change_on_edit(world):
    account = world.services.accounts.create(draft()).account
    with pytest.raises(RuleViolationError, match="hub"):
        world.services.accounts.update(account.id, draft(hub_id=API_HUB.id))


def _account_on_oa_hub(world):
    account = world.services.accounts.create(draft()).account
    with world.store.write():
        world.store.db.execute_sql(
            "UPDATE tier_account SET hub_id = ? WHERE id = ?", (OA_HUB.id, account.id)
        )
    return account


def test_accounts_on_oa_hubs_cannot_be_edited_or_deleted(world):
    account = _account_on_oa_hub(world)
    before = dump(world.store)
    with pytest.raises(RuleViolationError, match="Commerce"):
        world.services.accounts.update(account.id, draft(city="Hamburg"))
    with pytest.raises(RuleViolationError, match="Commerce"):
        world.services.accounts.delete(account.id)
    assert dump(world.store) == before
    assert world.services.accounts.summary(account.id).hub_read_only


def test_change_decision_names_what_edit_and_delete_would_refuse(world):
    accounts = world.services.accounts
    kept = accounts.create(draft(name="Open Reseller", external_id="OPEN")).account
    assert accounts.change_decision(kept.id) == Decision(True, "")

    on_oa = _account_on_oa_hub(world)
    decision = accounts.change_decision(on_oa.id)
    assert not decision.allowed
    assert f"CloudBlue Commerce hub {OA_HUB.name} ({OA_HUB.id})" in decision.reason
    with pytest.raises(RuleViolationError) as refused:
        accounts.delete(on_oa.id)
    assert refused.value.message == decision.reason, "one rule, one wording"

    accounts.delete(kept.id)
    assert accounts.change_decision(kept.id) == Decision(
        False, f"{kept.id} was deleted; it can no longer be changed."
    )
    assert accounts.change_decision("TA-0000-0000-0000") == Decision(
        False, "There is no tier account TA-0000-0000-0000."
    )


def test_delete_refuses_parents_and_names_the_children_count(world):
    accounts = world.services.accounts
    top = accounts.create(draft(name="Top")).account
    first = accounts.create(customer(top.id)).account
    accounts.create(customer(top.id, email="b@example.com"))
    before = dump(world.store)
    with pytest.raises(RuleViolationError, match="2 child accounts"):
        accounts.delete(top.id)
    assert dump(world.store) == before
    deleted = accounts.delete(first.id)
    assert deleted.is_decommissioned
    with pytest.raises(RuleViolationError, match=r"1 child account\b"):
        accounts.delete(top.id)


def test_deleted_account_stays_readable_but_cannot_change(world):
    accounts = world.services.accounts
    account = accounts.create(draft()).account
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, account.id)
    accounts.delete(account.id)
    assert accounts.get(account.id).is_decommissioned
    assert world.services.directory.subscriptions(account.id).count() == 1
    with pytest.raises(NotFoundError):
        accounts.update(account.id, draft(city="Hamburg"))
    with pytest.raises(NotFoundError):
        accounts.delete(account.id)
    with pytest.raises(ValidationError):
        accounts.create(customer(account.id))


def test_provider_can_create_and_edit(world):
    world.act_as(PROVIDER)
    account = world.services.accounts.create(draft()).account
    assert account.owner_id == PROVIDER.id
    assert world.services.accounts.update(account.id, draft(city="Hamburg")).changed


def test_requests_for_other_vendors_products(world):
    account = world.services.accounts.create(draft()).account
    world.subscribe("AS-0000-0000-0001", OTHER_PRODUCT, account.id)
    request = world.services.accounts.update(account.id, draft(city="Hamburg")).requests[0]
    assert request.vendor_id == OTHER_PRODUCT.vendor_id


def test_everything_survives_reopening(world):
    account = world.services.accounts.create(draft()).account
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, account.id)
    result = world.services.accounts.update(account.id, draft(city="Hamburg"))
    reopened = world.reopen()
    assert reopened.services.accounts.get(account.id) == result.account
    assert reopened.services.requests.get(result.requests[0].id) == result.requests[0]
    assert len(reopened.services.accounts.versions(account.id)) == 2
    reopened.store.close()


def test_bulk_writer_and_services_agree(world):
    account = world.services.accounts.create(draft()).account
    with world.store.write():
        BulkWriter(world.store.db).accounts(
            [
                account.__class__(
                    id="TA-9999-9999-9999",
                    version=1,
                    data=account.data.__class__(
                        **{
                            **account.data.__dict__,
                            "external_uid": "0" * 8 + "-0000-4000-8000-" + "0" * 12,
                        }
                    ),
                    hub_id=account.hub_id,
                    owner_id=account.owner_id,
                    created=account.created,
                    updated=account.updated,
                )
            ]
        )
    assert world.services.accounts.get("TA-9999-9999-9999").name == account.name
    assert len(world.services.accounts.versions("TA-9999-9999-9999")) == 1


def test_a_batch_draws_new_ids_in_pools_that_skip_taken_ones(world, monkeypatch):
    from desktop_app.services import account_rules as account_module

    outside = world.services.accounts.create(draft(name="Outside", external_id="O")).account
    # a tiny id space, every other draw already taken: pools of one draw come up empty
    space = [f"TA-0000-0000-{n:04d}" for n in range(8)]
    drawn = iter([i for n in space for i in (n, outside.id)] + space)
    monkeypatch.setattr(account_module, "new_tier_account_id", lambda rng=None: next(drawn))
    monkeypatch.setattr(account_module, "FRESH_IDS", 1)
    made = []
    with world.services.accounts.batch():
        for number in range(8):
            made.append(
                world.services.accounts.create(draft(name=f"B{number}", external_id=f"B{number}"))
            )
    ids = [m.account.id for m in made]
    assert ids == space  # each free id once; the taken one never
    stored = world.store.db.execute_sql("SELECT count(DISTINCT id) FROM tier_account")
    assert stored.fetchone()[0] == 9

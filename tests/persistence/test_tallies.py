"""The tallies kept by triggers (live accounts, pending requests) equal a scan after every write."""

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.domain.errors import RuleViolationError
from desktop_app.services.queries import DirectoryQuery, RequestQuery
from tests.support.world import draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def shown(world) -> int:
    return world.services.directory.count(DirectoryQuery())


def scanned(world) -> int:
    sql = "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
    return int(world.store.db.execute_sql(sql).fetchone()[0])


def pending_shown(world) -> int:
    return world.services.requests.pending_count()


def pending_scanned(world) -> int:
    sql = "SELECT count(*) FROM tier_account_request WHERE status = 'pending'"
    return int(world.store.db.execute_sql(sql).fetchone()[0])


def test_the_pending_tally_follows_edits_accepts_and_ignores(world):
    reseller, kid = world.subscribed_customer()
    assert pending_shown(world) == pending_scanned(world) == 0

    def edit(city: str) -> list:
        changed = draft(
            type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde AG", city=city
        )
        return list(world.services.accounts.update(kid.id, changed).requests)

    first, unsupported = edit("Bonn")
    assert unsupported.status is RequestStatus.UNSUPPORTED  # not pending: not counted
    assert pending_shown(world) == pending_scanned(world) == 1
    world.services.requests.accept(first.id)
    assert pending_shown(world) == pending_scanned(world) == 0
    second = edit("Köln")[0]
    third = edit("Essen")[0]
    assert pending_shown(world) == pending_scanned(world) == 2
    world.services.requests.ignore(second.id, "Duplicate")
    assert pending_shown(world) == pending_scanned(world) == 1
    # the Requests tab lists them with the same count
    listed = world.services.requests.listing(RequestQuery(status=RequestStatus.PENDING)).count()
    assert listed == 1
    assert world.services.requests.pending_count(kid.id) == 1
    assert third.status is RequestStatus.PENDING


def test_the_count_follows_creates_edits_and_deletes(world):
    assert shown(world) == scanned(world) == 0
    first = world.services.accounts.create(draft(name="First")).account
    second = world.services.accounts.create(draft(name="Second", external_id="S")).account
    assert shown(world) == scanned(world) == 2
    world.services.accounts.update(first.id, draft(name="First, renamed"))
    assert shown(world) == scanned(world) == 2
    world.services.accounts.delete(second.id)
    assert shown(world) == scanned(world) == 1


def test_a_write_rolled_back_leaves_the_count(world):
    world.services.accounts.create(draft(name="Kept"))
    with pytest.raises(RuleViolationError), world.store.write():
        world.services.accounts.create(draft(name="Undone", external_id="U"))
        raise RuleViolationError("refused after writing")
    assert shown(world) == scanned(world) == 1


def test_an_import_batch_counts_each_new_account(world):
    with world.services.accounts.batch(expected_rows=30):
        for number in range(30):
            world.services.accounts.create(draft(name=f"Bulk {number}", external_id=f"B{number}"))
    assert shown(world) == scanned(world) == 30


def test_a_bulk_seed_counts_once_at_the_end_and_keeps_counting_after(world):
    seed_workspace(world.store, 2_000, random_seed=5)  # the bulk path: triggers suspended
    decommissioned = world.store.db.execute_sql(
        "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NOT NULL"
    ).fetchone()[0]
    assert shown(world) == scanned(world) == 2_000 - decommissioned
    assert pending_shown(world) == pending_scanned(world) > 0
    world.services.accounts.create(draft(name="After the seed", external_id="A"))
    assert shown(world) == scanned(world) == 2_001 - decommissioned


def test_filtered_counts_still_scan(world):
    world.services.accounts.create(draft(name="Zebra Trading"))
    world.services.accounts.create(draft(name="Quokka Trading", external_id="Q"))
    assert world.services.directory.count(DirectoryQuery(search="zebra")) == 1
    assert world.services.directory.count(DirectoryQuery(search="%%%")) == 0


def typed(world, account_type: AccountType) -> tuple[int, int]:
    shown_ = world.services.directory.count(DirectoryQuery(type=account_type))
    sql = "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL AND type = ?"
    return shown_, int(world.store.db.execute_sql(sql, (account_type.value,)).fetchone()[0])


def test_each_type_is_tallied_through_type_changes_and_deletes(world):
    reseller = world.services.accounts.create(draft(name="Channel GmbH")).account
    customer = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde AG", external_id="K")
    ).account
    assert typed(world, AccountType.RESELLER) == (1, 1)
    assert typed(world, AccountType.CUSTOMER) == (1, 1)
    # a type change moves the account from one tally to the other
    world.services.accounts.update(
        customer.id, draft(type=AccountType.RESELLER, name="Kunde AG", external_id="K")
    )
    assert typed(world, AccountType.RESELLER) == (2, 2)
    assert typed(world, AccountType.CUSTOMER) == (0, 0)
    other = world.services.accounts.create(draft(name="Other", external_id="O")).account
    world.services.accounts.delete(other.id)
    assert typed(world, AccountType.RESELLER) == (2, 2)
    assert shown(world) == scanned(world) == 2
    # a decommissioned row whose type changes stays out of both
    with world.store.write():
        world.store.db.execute_sql(
            "UPDATE tier_account SET type = 'customer' WHERE id = ?", (other.id,)
        )
    assert typed(world, AccountType.CUSTOMER) == (0, 0)

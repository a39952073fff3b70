"""Demo workspaces written in bulk: reproducible, coherent, valid and usable by the services."""

import hashlib
import itertools
import json
import random
import re
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest

from desktop_app.demo import seed_pools, seed_rows, seed_values
from desktop_app.demo.seed import BASE_TIME, DEMO_USER_NAME, SeedReport, seed_workspace
from desktop_app.domain import ids
from desktop_app.domain.accounts import AccountData, AccountDraft
from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.domain.requests import UNSUPPORTED_REASON
from desktop_app.domain.validation import validate_draft
from desktop_app.persistence.fields import to_db_time
from desktop_app.persistence.mapping import search_text, snapshot_json
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryQuery
from tests.support.world import VENDOR, draft, dump, open_world

N = 300


def seeded(path, accounts=N, random_seed=0, **kwargs):
    store = SqliteStore.open(path)
    report = seed_workspace(store, accounts, random_seed=random_seed, **kwargs)
    return store, report


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    store, report = seeded(tmp_path_factory.mktemp("seed") / "demo.sqlite")
    yield store, report
    store.close()


@pytest.fixture
def store(workspace):
    return workspace[0]


def rows(store, sql, params=()):
    return store.db.execute_sql(sql, params).fetchall()


def scalar(store, sql, params=()):
    return rows(store, sql, params)[0][0]


def tables(store):
    found = rows(store, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    # the search index and its shadow tables are derived from tier_account
    return [n for (n,) in found if not n.startswith(("sqlite_", "account_search"))]


def table_dump(store):
    """Every row of every table in storage order: equal dumps mean equal contents."""
    return {
        table: rows(store, f'SELECT * FROM "{table}" ORDER BY rowid') for table in tables(store)
    }


def fingerprint(store):
    digest = hashlib.sha256()
    for table, found in table_dump(store).items():
        digest.update(f"{table}:{found!r}".encode())
    return digest.hexdigest()


def index_sql(store):
    return sorted(
        sql for (sql,) in rows(store, "SELECT sql FROM sqlite_master WHERE type = 'index'") if sql
    )


def assert_consistent(store):
    assert rows(store, "PRAGMA foreign_key_check") == []
    assert rows(store, "PRAGMA integrity_check") == [("ok",)]


def accounts_by_id(store):
    ids_ = [r[0] for r in rows(store, "SELECT id FROM tier_account ORDER BY id")]
    return store.accounts.get_many(ids_)


# -- the report and the shape ----------------------------------------------------------------


def test_report_counts_what_was_written(workspace):
    store, report = workspace
    assert isinstance(report, SeedReport)
    assert report.accounts == N == scalar(store, "SELECT count(*) FROM tier_account")
    by_type = dict(rows(store, "SELECT type, count(*) FROM tier_account GROUP BY type"))
    assert report.resellers == by_type["reseller"]
    assert report.customers == by_type["customer"]
    assert report.resellers + report.customers == N
    assert 0.10 <= report.resellers / N <= 0.15
    for field, table in (
        ("subscriptions", "subscription"),
        ("fulfillment_requests", "fulfillment_request"),
        ("tier_configs", "tier_config"),
        ("tier_config_requests", "tier_config_request"),
        ("tier_account_requests", "tier_account_request"),
    ):
        count = getattr(report, field)
        assert count == scalar(store, f"SELECT count(*) FROM {table}"), field
        assert count > 0, field
    assert report.seconds > 0


def test_catalog(store):
    hubs = dict(rows(store, "SELECT id, instance_type FROM hub"))
    assert hubs.pop(ids.NO_HUB_ID) == "API"
    assert sorted(hubs.values()) == ["API", "API", "OA"]
    roles = Counter(r for (r,) in rows(store, "SELECT role FROM operator_account"))
    assert roles == {"vendor": 3, "provider": 3}
    assert rows(store, "SELECT name FROM app_user") == [(DEMO_USER_NAME,)]
    products = rows(
        store, "SELECT tier_accounts_sync, reseller_authorization_level, status FROM product"
    )
    assert {p[0] for p in products} == {0, 1}
    assert {p[1] for p in products} == {0, 1, 2}
    assert {p[2] for p in products} == {"draft", "published", "endofsale"}
    providers = {
        r[0] for r in rows(store, "SELECT id FROM operator_account WHERE role = 'provider'")
    }
    for owner, currency, countries in rows(
        store, "SELECT owner_id, currency, countries FROM marketplace"
    ):
        assert owner in providers
        assert re.fullmatch(r"[A-Z]{3}", currency)
        assert all(re.fullmatch(r"[A-Z]{2}", c) for c in countries.split(","))


def test_every_id_has_its_format(store):
    checks = {
        "SELECT id FROM tier_account": ids.TIER_ACCOUNT_ID,
        "SELECT id FROM tier_account_request": ids.TIER_ACCOUNT_REQUEST_ID,
        "SELECT id FROM operator_account WHERE role = 'vendor'": ids.VENDOR_ID,
        "SELECT id FROM operator_account WHERE role = 'provider'": ids.PROVIDER_ID,
        "SELECT id FROM app_user": ids.USER_ID,
        "SELECT created_by FROM tier_account": ids.USER_ID,
        "SELECT id FROM product": ids.PRODUCT_ID,
        "SELECT id FROM subscription": ids.SUBSCRIPTION_ID,
        "SELECT id FROM fulfillment_request": ids.FULFILLMENT_REQUEST_ID,
        "SELECT id FROM tier_config": ids.TIER_CONFIG_ID,
        "SELECT id FROM tier_config_request": ids.TIER_CONFIG_REQUEST_ID,
        "SELECT id FROM hub": ids.HUB_ID,
        "SELECT id FROM marketplace": ids.MARKETPLACE_ID,
    }
    for sql, pattern in checks.items():
        values = [r[0] for r in rows(store, sql)]
        assert values, sql
        assert all(pattern.match(v) for v in values), sql
    for request_id, account_id, version in rows(
        store, "SELECT id, account_id, version FROM tier_account_request"
    ):
        assert request_id.startswith(f"TAR-{ids.tier_account_digits(account_id)}-{version:03d}-")
    for request_id, sub_id in rows(store, "SELECT id, subscription_id FROM fulfillment_request"):
        assert request_id.startswith(f"PR-{ids.id_digits(sub_id)}-")
    for request_id, config_id in rows(store, "SELECT id, config_id FROM tier_config_request"):
        assert request_id.startswith(f"TCR-{ids.id_digits(config_id)}-")
    uids = [r[0] for r in rows(store, "SELECT external_uid FROM tier_account")]
    assert all(uuid.UUID(u).version == 4 and str(uuid.UUID(u)) == u for u in uids)


def test_foreign_keys_and_integrity(store):
    assert_consistent(store)


def test_trees_are_coherent(store):
    accounts = accounts_by_id(store)
    depth = {a.id: len(store.accounts.ancestor_ids(a.id)) for a in accounts.values()}
    resellers = [a for a in accounts.values() if a.type is AccountType.RESELLER]
    assert {depth[a.id] for a in resellers} == {0, 1, 2}  # direct, level 2, level 3
    for account in accounts.values():
        if account.type is AccountType.CUSTOMER:
            assert account.parent_id is not None
        if account.parent_id is not None:
            parent = accounts[account.parent_id]
            assert parent.type is AccountType.RESELLER
            assert account.hub_id == parent.hub_id
            assert account.created.at > parent.created.at
        assert account.owner_id.startswith(("VA-", "PA-"))
        assert account.updated.at >= account.created.at
    decommissioned = [a for a in accounts.values() if a.is_decommissioned]
    assert decommissioned
    assert all(store.accounts.live_children_count(a.id) == 0 for a in decommissioned)
    assert all(a.decommissioned.at > a.created.at for a in decommissioned)


def test_times_fall_in_the_two_years_from_the_base(store):
    low, high = to_db_time(BASE_TIME), to_db_time(BASE_TIME + timedelta(days=731))
    for table, column in (
        ("tier_account", "created_at"),
        ("tier_account", "updated_at"),
        ("tier_account_version", "saved_at"),
        ("tier_account_request", "updated_at"),
        ("subscription", "created_at"),
        ("fulfillment_request", "created_at"),
        ("tier_config_request", "created_at"),
    ):
        first, last = rows(store, f"SELECT min({column}), max({column}) FROM {table}")[0]
        assert low <= first <= last < high, (table, column)


# -- accounts, versions and requests -------------------------------------------------------


def test_accounts_rebuilt_as_drafts_pass_validation_unchanged(store):
    account_ids = sorted(r[0] for r in rows(store, "SELECT id FROM tier_account"))
    for account_id in random.Random(5).sample(account_ids, 80):
        account = store.accounts.get(account_id)
        data, issues = validate_draft(AccountDraft.from_data(account.data))
        assert data == account.data, account_id
        assert issues == [], account_id
        assert account.data.phone is not None


def test_search_text_is_what_the_mapping_computes(store):
    for account_id, text in rows(store, "SELECT id, search_text FROM tier_account"):
        assert text == search_text(account_id, store.accounts.get(account_id).data)


def test_every_version_is_kept_and_each_edit_changes_something(store):
    accounts = accounts_by_id(store)
    versions = Counter()
    for account in accounts.values():
        history = store.accounts.versions(account.id)
        assert [v.version for v in history] == list(range(1, account.version + 1))
        assert history[-1].data == account.data
        assert history[-1].saved == account.updated
        assert history[0].saved == account.created
        for before, after in itertools.pairwise(history):
            assert before.data != after.data
            assert before.data.external_uid == after.data.external_uid
            assert before.saved.at < after.saved.at
        versions[account.version] += 1
    assert versions[1] > 0.8 * N
    assert versions[2] > 0 and versions[3] > 0
    for account_id, version, text in rows(
        store, "SELECT account_id, version, data FROM tier_account_version"
    ):
        assert text == snapshot_json(AccountData.from_dict(json.loads(text))), (account_id, version)


def test_requests_in_every_status_following_the_product(store):
    statuses = Counter(r[0] for r in rows(store, "SELECT status FROM tier_account_request"))
    assert set(statuses) == {s.value for s in RequestStatus}
    found = rows(
        store,
        "SELECT r.status, r.reason, p.tier_accounts_sync, r.vendor_id = p.vendor_id"
        " FROM tier_account_request r JOIN product p ON p.id = r.product_id",
    )
    for status, reason, sync, same_vendor in found:
        assert (status == "unsupported") == (not sync)
        assert same_vendor
        if status == "unsupported":
            assert reason == UNSUPPORTED_REASON
        elif status == "ignored":
            assert 0 < len(reason) <= 255
        else:
            assert reason == ""


def test_requests_belong_to_edits_of_linked_accounts(store):
    requested = rows(
        store,
        "SELECT account_id, version, product_id, provider_id, created_at, updated_at, status"
        " FROM tier_account_request",
    )
    per_account = {}
    for account_id, version, product_id, provider, created, updated, status in requested:
        per_account.setdefault(account_id, set()).add((version, product_id, provider))
        saved = store.accounts.get_version(account_id, version).saved.at
        assert created == to_db_time(saved)
        assert (updated > created) == (status in ("accepted", "ignored"))
    for account_id, raised in per_account.items():
        account = store.accounts.get(account_id)
        assert account.version >= 2
        linked = {(p.id, provider) for p, provider in store.catalog.linked_products(account_id)}
        assert linked
        # every edit raised one request per linked product, numbered in product id order
        assert raised == {
            (v, p, provider) for v in range(2, account.version + 1) for p, provider in linked
        }
    sequences = rows(
        store,
        "SELECT id, product_id FROM tier_account_request ORDER BY account_id, version, id",
    )
    for (first_id, first_product), (second_id, second_product) in itertools.pairwise(sequences):
        if first_id[:-4] == second_id[:-4]:
            assert first_product < second_product
    summary = Services.over(store).accounts.summary(next(iter(per_account)))
    assert summary.account.version >= 2


def test_oa_hub_accounts_are_never_edited(tmp_path):
    store, _ = seeded(tmp_path / "oa.sqlite", accounts=2000, random_seed=3)
    oa = scalar(store, "SELECT id FROM hub WHERE instance_type = 'OA'")
    on_oa = rows(store, "SELECT version FROM tier_account WHERE hub_id = ?", (oa,))
    assert on_oa, "a few trees are on the OA hub"
    assert 0 < len(on_oa) < 0.2 * 2000
    assert {v for (v,) in on_oa} == {1}
    store.close()


# -- what hangs off the accounts -------------------------------------------------------------


def test_subscriptions_hold_the_customer_and_its_resellers(store):
    accounts = accounts_by_id(store)
    found = rows(store, "SELECT customer_id, tier1_id, tier2_id, status FROM subscription")
    for customer_id, tier1, tier2, status in found:
        customer = accounts[customer_id]
        assert customer.type is AccountType.CUSTOMER
        assert tier1 == customer.parent_id
        assert tier2 == accounts[tier1].parent_id
        if customer.is_decommissioned:
            assert status == "terminated"
    assert {s for *_, s in found} >= {"active", "terminated", "suspended", "processing"}
    assert any(t2 is not None for _, _, t2, _ in found)
    kinds = {r for r in rows(store, "SELECT DISTINCT type, status FROM fulfillment_request")}
    assert {t for t, _ in kinds} >= {"purchase", "change", "cancel", "suspend"}
    assert len({s for _, s in kinds}) >= 6
    first = rows(store, "SELECT type FROM fulfillment_request WHERE id LIKE '%-001'")
    assert {t for (t,) in first} == {"purchase"}


def test_tier_configs_of_resellers(store):
    found = rows(
        store,
        "SELECT c.name, c.account_id, a.type, c.tier_level, p.reseller_authorization_level"
        " FROM tier_config c JOIN tier_account a ON a.id = c.account_id"
        " JOIN product p ON p.id = c.product_id",
    )
    for name, account_id, kind, level, authorization in found:
        assert name == f"Configuration of {account_id}"
        assert kind == "reseller"
        assert 1 <= level <= authorization
    assert {level for *_, level, _ in found} == {1, 2}
    kinds = rows(store, "SELECT DISTINCT type, status FROM tier_config_request")
    assert {t for t, _ in kinds} == {"setup", "update", "adjustment"}
    assert {
        t for (t,) in rows(store, "SELECT type FROM tier_config_request WHERE id LIKE '%-001'")
    } == {"setup"}


def test_services_work_over_the_seeded_workspace(store):
    services = Services.over(store)
    live = scalar(store, "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL")
    listing = services.directory.accounts(DirectoryQuery())
    assert listing.count() == live
    reseller = rows(
        store,
        "SELECT id FROM tier_account WHERE type = 'reseller' AND decommissioned_at IS NULL"
        " AND parent_id IS NULL ORDER BY id LIMIT 1",
    )[0][0]
    children = services.directory.children(reseller)
    assert children.count() == store.accounts.live_children_count(reseller)
    name = store.accounts.get(reseller).name
    assert services.directory.accounts(DirectoryQuery(search=name)).count() >= 1
    customer = rows(store, "SELECT customer_id FROM subscription LIMIT 1")[0][0]
    assert services.directory.subscriptions(customer).count() >= 1
    assert services.directory.fulfillment_requests(customer).count() >= 1


# -- reproducibility ------------------------------------------------------------------------


def test_same_seed_gives_the_same_tables_and_another_seed_others(workspace, tmp_path):
    again, report = seeded(tmp_path / "again.sqlite")
    other, _ = seeded(tmp_path / "other.sqlite", random_seed=1)
    try:
        assert replace_seconds(report) == replace_seconds(workspace[1])
        first, second, third = table_dump(workspace[0]), table_dump(again), table_dump(other)
        assert first == second
        assert dump(workspace[0]) == dump(again)  # the whole file as SQL text, schema included
        for table in ("tier_account", "tier_account_version", "subscription", "hub", "product"):
            assert first[table] != third[table], table
    finally:
        again.close()
        other.close()


def replace_seconds(report):
    return {k: v for k, v in vars(report).items() if k != "seconds"}


# -- existing workspaces and edge cases -----------------------------------------------------


def test_adds_to_a_workspace_that_has_data_already(tmp_path):
    world = open_world(tmp_path / "world.sqlite")
    try:
        mine = world.services.accounts.create(draft()).account
        hubs_before = set(rows(world.store, "SELECT * FROM hub"))
        first = seed_workspace(world.store, 200, random_seed=0)
        second = seed_workspace(world.store, 200, random_seed=0)  # the same ids come up: skipped
        assert first.accounts == second.accounts == 200
        assert scalar(world.store, "SELECT count(*) FROM tier_account") == 401
        assert hubs_before <= set(rows(world.store, "SELECT * FROM hub"))
        assert scalar(world.store, "SELECT count(*) FROM hub WHERE id = ?", (ids.NO_HUB_ID,)) == 1
        assert world.store.accounts.get(mine.id) == mine
        demo_users = rows(world.store, "SELECT id FROM app_user WHERE name = ?", (DEMO_USER_NAME,))
        assert len(demo_users) == 1
        assert_consistent(world.store)
        # the workspace still acts as its own vendor, and its user still writes its changes
        assert world.services.workspace.operator() == VENDOR
        edited = world.services.accounts.update(mine.id, draft(city="Potsdam")).account
        assert edited.version == 2
        assert edited.updated.by != demo_users[0][0]
    finally:
        world.store.close()


@pytest.mark.parametrize("accounts", [0, 1, 2, 3, 5, 12])
def test_tiny_workspaces(tmp_path, accounts):
    store, report = seeded(tmp_path / "tiny.sqlite", accounts=accounts, random_seed=accounts)
    try:
        assert report.accounts == accounts
        assert report.resellers >= min(accounts, 1)
        assert_consistent(store)
        if accounts:
            assert rows(
                store,
                "SELECT count(*) FROM tier_account WHERE type = 'customer' AND parent_id IS NULL",
            ) == [(0,)]
    finally:
        store.close()


def test_negative_count_is_refused(tmp_path):
    store = SqliteStore.open(tmp_path / "x.sqlite")
    try:
        with pytest.raises(ValueError, match="negative"):
            seed_workspace(store, -1)
        assert store.is_empty()
    finally:
        store.close()


def test_a_failure_writes_nothing(tmp_path, monkeypatch):
    store = SqliteStore.open(tmp_path / "x.sqlite")

    def broken(self, batch, start, stop):
        raise RuntimeError("boom")

    monkeypatch.setattr(seed_rows.Seeder, "subscription_batch", broken)
    try:
        with pytest.raises(RuntimeError, match="boom"):
            seed_workspace(store, 50)
        assert store.is_empty()
        assert scalar(store, "SELECT count(*) FROM hub") == 1
    finally:
        store.close()


def test_progress_is_reported(tmp_path):
    marks = []
    store, report = seeded(
        tmp_path / "x.sqlite", accounts=120, progress=lambda *mark: marks.append(mark)
    )
    store.close()
    stages = [stage for stage, _, _ in marks]
    assert stages[0] == "pools"
    assert {"catalog", "accounts", "subscriptions", "tier configs"} <= set(stages)
    assert ("accounts", 120, 120) in marks
    assert ("subscriptions", report.subscriptions, report.subscriptions) in marks
    for stage, done, total in marks:
        assert 0 <= done <= total, stage


# -- the pieces ------------------------------------------------------------------------------


def test_times_and_uuids_are_written_as_the_slow_ways_would():
    rng = random.Random(9)
    for _ in range(2000):
        offset = int(rng.random() * seed_values.END_US)
        assert seed_values.db_time(offset) == to_db_time(BASE_TIME + timedelta(microseconds=offset))
        bits = rng.getrandbits(128)
        assert seed_values.uuid4_text(bits) == str(uuid.UUID(int=bits, version=4))


def test_every_pool_entry_validates():
    """Every company, contact, street, locality and phone of a pool, in some account."""
    for pool in seed_pools.pools(11, 2, 25):
        company, person, street, locality = (
            pool.companies[0],
            pool.persons[0],
            pool.streets[0],
            pool.localities[0],
        )
        phones = pool.phones or (seed_pools.NO_PHONE,)
        width = max(len(pool.companies), len(pool.persons), len(pool.streets), len(phones))
        for k in range(width):
            c = pool.companies[k % len(pool.companies)]
            p = pool.persons[k % len(pool.persons)]
            s = pool.streets[k % len(pool.streets)]
            loc = pool.localities[k % len(pool.localities)]
            ph = phones[k % len(phones)]
            phone = ph.country_code + ph.area_code + ph.number
            phone += f" ext. {ph.extension}" if ph.extension else ""
            draft = AccountDraft(
                type=AccountType.RESELLER,
                name=c.name,
                tax_id=loc.tax_id,
                address_line1=s.line1,
                address_line2=s.line2,
                city=loc.city,
                state=loc.state,
                postal_code=loc.postal_code,
                country=pool.code,
                first_name=p.first_name,
                last_name=p.last_name,
                email=f"{p.local_part}@{c.domain}",
                phone=phone,
            )
            data, issues = validate_draft(draft)
            assert issues == [], (pool.code, draft)
            assert (data.name, data.email, data.first_name, data.city) == (
                draft.name,
                draft.email,
                draft.first_name,
                draft.city,
            ), pool.code
        assert company and person and street and locality


# -- size ------------------------------------------------------------------------------------


def test_twenty_thousand_accounts_quickly_and_reproducibly(tmp_path, capsys):
    fresh = SqliteStore.open(tmp_path / "empty.sqlite")
    expected_indexes = index_sql(fresh)
    fresh.close()
    started = time.perf_counter()
    store, report = seeded(tmp_path / "big.sqlite", accounts=20_000, random_seed=7)
    elapsed = time.perf_counter() - started
    try:
        with capsys.disabled():
            print(
                f"\nseeded {report.accounts} accounts in {elapsed:.2f} s ({report.seconds:.2f} s"
                f" inside): {report}"
            )
        assert report.accounts == scalar(store, "SELECT count(*) FROM tier_account") == 20_000
        assert index_sql(store) == expected_indexes  # dropped for speed, then rebuilt
        assert_consistent(store)
        statuses = {r[0] for r in rows(store, "SELECT DISTINCT status FROM tier_account_request")}
        assert statuses == {s.value for s in RequestStatus}
        again, _ = seeded(tmp_path / "again.sqlite", accounts=20_000, random_seed=7)
        try:
            assert fingerprint(again) == fingerprint(store)
        finally:
            again.close()
    finally:
        store.close()

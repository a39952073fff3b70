"""A small, fully known workspace for tests: hubs, operators, products, subscriptions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desktop_app.domain.accounts import AccountDraft, TierAccount
from desktop_app.domain.catalog import Hub, Marketplace, OperatorAccount, Product, Subscription
from desktop_app.domain.enums import (
    AccountType,
    HubInstanceType,
    OperatorRole,
    ProductStatus,
    ResellerAuthorizationLevel,
    SubscriptionStatus,
)
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.persistence.location import Location
from desktop_app.persistence.opening import open_store
from desktop_app.persistence.postgres_store import PostgresStore
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services

VENDOR = OperatorAccount("VA-111-111", "Acme Software", OperatorRole.VENDOR)
OTHER_VENDOR = OperatorAccount("VA-222-222", "Other Vendor", OperatorRole.VENDOR)
PROVIDER = OperatorAccount("PA-333-333", "Big Distributor", OperatorRole.PROVIDER)
API_HUB = Hub("HB-1234-5678", "API hub", HubInstanceType.API)
OA_HUB = Hub("HB-8765-4321", "Commerce hub", HubInstanceType.OA)
MARKETPLACE = Marketplace("MP-12345", "EU marketplace", PROVIDER.id, "EUR", ("DE", "FR"))
SYNC_PRODUCT = Product(
    "PRD-100-100-100",
    "Cloud Mail",
    VENDOR.id,
    ProductStatus.PUBLISHED,
    True,
    ResellerAuthorizationLevel.ONE,
)
NOSYNC_PRODUCT = Product(
    "PRD-200-200-200",
    "Cloud Backup",
    VENDOR.id,
    ProductStatus.PUBLISHED,
    False,
    ResellerAuthorizationLevel.NONE,
)
OTHER_PRODUCT = Product(
    "PRD-300-300-300",
    "Foreign Product",
    OTHER_VENDOR.id,
    ProductStatus.PUBLISHED,
    True,
    ResellerAuthorizationLevel.NONE,
)


class TickingClock:
    """A clock that moves one second per reading, so that order is known."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def draft(**overrides: object) -> AccountDraft:
    """A valid reseller draft (German address), changed by ``overrides``."""
    values: dict[str, object] = {
        "type": AccountType.RESELLER,
        "parent_id": None,
        "name": "Müller Handels GmbH",
        "external_id": "100200",
        "tax_id": "",
        "address_line1": "Friedrichstraße 10",
        "address_line2": "",
        "city": "Berlin",
        "state": "Berlin",
        "postal_code": "10117",
        "country": "DE",
        "first_name": "Anna",
        "last_name": "Müller",
        "email": "anna.mueller@example.com",
        "phone": "+49 30 1234567",
    }
    values.update(overrides)
    return AccountDraft(**values)  # type: ignore[arg-type]


@dataclass
class World:
    """An open workspace with a known catalog (a file's, or a server database's)."""

    path: Location
    store: SqliteStore | PostgresStore
    services: Services
    clock: TickingClock

    def subscribe(
        self,
        subscription_id: str,
        product: Product,
        customer_id: str,
        tier1_id: str | None = None,
        tier2_id: str | None = None,
    ) -> None:
        """Link accounts to a product through a new subscription."""
        with self.store.write():
            BulkWriter(self.store.db).subscriptions(
                [
                    Subscription(
                        subscription_id,
                        product.id,
                        MARKETPLACE.id,
                        SubscriptionStatus.ACTIVE,
                        customer_id,
                        tier1_id,
                        tier2_id,
                        self.clock(),
                    )
                ]
            )

    def subscribed_customer(self, name: str = "Kunde AG") -> tuple[TierAccount, TierAccount]:
        """A reseller and its customer ``name``, subscribed to the sync and no-sync products."""
        reseller = self.services.accounts.create(draft()).account
        kid = self.services.accounts.create(
            draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name=name)
        ).account
        self.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, kid.id, reseller.id)
        self.subscribe("AS-0000-0000-0002", NOSYNC_PRODUCT, kid.id, reseller.id)
        return reseller, kid

    def act_as(self, operator: OperatorAccount) -> None:
        """Switch the workspace's operator."""
        self.services.workspace.switch_operator(operator.id)

    def reopen(self) -> World:
        """Close and open the same file again."""
        self.store.close()
        return open_world(self.path, self.clock, seed_catalog=False)


def open_world(
    path: Location, clock: TickingClock | None = None, *, seed_catalog: bool = True
) -> World:
    """Open ``path`` (a file, or a server's database) and, when new, write the known catalog."""
    store = open_store(path)
    clock = clock or TickingClock()
    if seed_catalog:
        with store.write():
            writer = BulkWriter(store.db)
            writer.hubs([API_HUB, OA_HUB])
            writer.operators([VENDOR, OTHER_VENDOR, PROVIDER])
            writer.marketplaces([MARKETPLACE])
            writer.products([SYNC_PRODUCT, NOSYNC_PRODUCT, OTHER_PRODUCT])
    services = Services.over(store, clock)
    services.workspace.ensure_user()
    return World(path, store, services, clock)


def schema_version(world: World) -> int:
    """The schema version the workspace is at (a file's user_version, a server's table)."""
    db = world.store.db
    if isinstance(world.store, PostgresStore):
        return int(db.execute_sql("SELECT max(version) FROM schema_version").fetchone()[0])
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def set_schema_version(world: World, version: int) -> None:
    """Mark the workspace as being at schema ``version`` (a migration test winds it back)."""
    db = world.store.db
    if isinstance(world.store, PostgresStore):
        with world.store.write():
            db.execute_sql("DELETE FROM schema_version WHERE version > %s", (version,))
    else:
        db.execute_sql(f"PRAGMA user_version = {int(version)}")


def index_names(world: World, table: str) -> set[str]:
    """The names of ``table``'s indexes in the workspace."""
    db = world.store.db
    if isinstance(world.store, PostgresStore):
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = %s"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
    return {str(row[0]) for row in db.execute_sql(sql, (table,)).fetchall()}


def dump(store: SqliteStore | PostgresStore) -> str:
    """Every row of the workspace as text, to prove that a refusal wrote nothing.

    Sorted: a bulk write re-creates the search triggers, which moves them in the schema. On a
    server: every row of every table (``change_counter`` counts statements, not rows).
    """
    if isinstance(store, SqliteStore):
        return "\n".join(sorted(store.db.connection().iterdump()))
    tables = store.db.execute_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
    ).fetchall()
    lines = []
    for (table,) in tables:
        if table == "change_counter":  # counts every committed statement: an operator switch too
            continue
        rows = store.db.execute_sql(f'SELECT * FROM "{table}"').fetchall()
        lines.extend(f"{table}: {row!r}" for row in rows)
    return "\n".join(sorted(lines))

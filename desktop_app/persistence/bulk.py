"""Bulk inserts with the cursor's executemany (an ORM's many-row insert is several times slower)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any, Final

from desktop_app.domain.accounts import AccountVersion, TierAccount
from desktop_app.domain.catalog import (
    FulfillmentRequest,
    Hub,
    Marketplace,
    OperatorAccount,
    Product,
    Subscription,
    TierConfig,
    TierConfigRequest,
)
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.persistence.connection import Database
from desktop_app.persistence.fields import to_db_time
from desktop_app.persistence.mapping import (
    ACCOUNT_COLUMNS,
    REQUEST_COLUMNS,
    VERSION_COLUMNS,
    account_row,
    insert_sql,
    request_row,
    version_row,
)

BATCH = 50_000

HUB_COLUMNS: Final = ("id", "name", "instance_type")
OPERATOR_COLUMNS: Final = ("id", "name", "role")
USER_COLUMNS: Final = ("id", "name")
MARKETPLACE_COLUMNS: Final = ("id", "name", "owner_id", "currency", "countries")
PRODUCT_COLUMNS: Final = (
    "id",
    "name",
    "vendor_id",
    "status",
    "tier_accounts_sync",
    "reseller_authorization_level",
)
SUBSCRIPTION_COLUMNS: Final = (
    "id",
    "product_id",
    "marketplace_id",
    "status",
    "customer_id",
    "tier1_id",
    "tier2_id",
    "created_at",
)
FULFILLMENT_COLUMNS: Final = ("id", "subscription_id", "type", "status", "created_at")
TIER_CONFIG_COLUMNS: Final = (
    "id",
    "name",
    "account_id",
    "product_id",
    "tier_level",
    "status",
    "created_at",
)
TIER_CONFIG_REQUEST_COLUMNS: Final = ("id", "config_id", "type", "status", "created_at")


class BulkWriter:
    """Writes many rows per statement; the caller holds the transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert ``rows`` into ``table``; returns how many."""
        sql = insert_sql(table, columns)
        cursor = self._db.cursor()
        total = 0
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(sql, batch)
            total += len(batch)
        return total

    def hubs(self, hubs: Iterable[Hub]) -> int:
        """Insert hubs."""
        return self.rows(
            "hub",
            HUB_COLUMNS,
            ((h.id, h.name, h.instance_type.value) for h in hubs),
        )

    def operators(self, operators: Iterable[OperatorAccount]) -> int:
        """Insert vendor and provider accounts."""
        return self.rows(
            "operator_account",
            OPERATOR_COLUMNS,
            ((o.id, o.name, o.role.value) for o in operators),
        )

    def marketplaces(self, marketplaces: Iterable[Marketplace]) -> int:
        """Insert marketplaces."""
        return self.rows(
            "marketplace",
            MARKETPLACE_COLUMNS,
            ((m.id, m.name, m.owner_id, m.currency, ",".join(m.countries)) for m in marketplaces),
        )

    def products(self, products: Iterable[Product]) -> int:
        """Insert products."""
        return self.rows(
            "product",
            PRODUCT_COLUMNS,
            (
                (
                    p.id,
                    p.name,
                    p.vendor_id,
                    p.status.value,
                    int(p.tier_accounts_sync),
                    int(p.reseller_authorization_level),
                )
                for p in products
            ),
        )

    def accounts(self, accounts: Iterable[TierAccount]) -> int:
        """Insert accounts (parents before children) with their first version's snapshot."""
        batch = list(accounts)
        self.rows("tier_account", ACCOUNT_COLUMNS, (account_row(a) for a in batch))
        self.versions(AccountVersion(a.id, a.version, a.data, a.updated) for a in batch)
        return len(batch)

    def versions(self, versions: Iterable[AccountVersion]) -> int:
        """Insert version snapshots."""
        return self.rows(
            "tier_account_version",
            VERSION_COLUMNS,
            (version_row(v) for v in versions),
        )

    def subscriptions(self, subscriptions: Iterable[Subscription]) -> int:
        """Insert subscriptions."""
        return self.rows(
            "subscription",
            SUBSCRIPTION_COLUMNS,
            (
                (
                    s.id,
                    s.product_id,
                    s.marketplace_id,
                    s.status.value,
                    s.customer_id,
                    s.tier1_id,
                    s.tier2_id,
                    to_db_time(s.created_at),
                )
                for s in subscriptions
            ),
        )

    def fulfillment_requests(self, requests: Iterable[FulfillmentRequest]) -> int:
        """Insert fulfillment requests."""
        return self.rows(
            "fulfillment_request",
            FULFILLMENT_COLUMNS,
            (
                (r.id, r.subscription_id, r.type.value, r.status.value, to_db_time(r.created_at))
                for r in requests
            ),
        )

    def tier_configs(self, configs: Iterable[TierConfig]) -> int:
        """Insert tier configs."""
        return self.rows(
            "tier_config",
            TIER_CONFIG_COLUMNS,
            (
                (
                    c.id,
                    c.name,
                    c.account_id,
                    c.product_id,
                    c.tier_level,
                    c.status.value,
                    to_db_time(c.created_at),
                )
                for c in configs
            ),
        )

    def tier_config_requests(self, requests: Iterable[TierConfigRequest]) -> int:
        """Insert tier config requests."""
        return self.rows(
            "tier_config_request",
            TIER_CONFIG_REQUEST_COLUMNS,
            (
                (r.id, r.config_id, r.type.value, r.status.value, to_db_time(r.created_at))
                for r in requests
            ),
        )

    def tier_account_requests(self, requests: Iterable[TierAccountRequest]) -> int:
        """Insert tier account requests."""
        return self.rows(
            "tier_account_request", REQUEST_COLUMNS, (request_row(r) for r in requests)
        )

"""The demo catalog: hubs, vendors, providers, the demo user, marketplaces and products."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Final, NamedTuple

from peewee import Database as PeeweeDatabase

from desktop_app.demo.seed_values import Rows, fresh_ids
from desktop_app.domain import ids
from desktop_app.domain.enums import HubInstanceType, OperatorRole, ProductStatus
from desktop_app.persistence import models
from desktop_app.persistence.model_rows import row_maker

DEMO_USER_NAME: Final = "Demo data"


class HubSpec(NamedTuple):
    """A demo hub."""

    name: str
    kind: HubInstanceType


class MarketplaceSpec(NamedTuple):
    """A demo marketplace; no countries listed: every country (only those with a pool stay)."""

    name: str
    currency: str
    countries: tuple[str, ...]


class ProductSpec(NamedTuple):
    """A demo product."""

    name: str
    sync: bool
    """Tier Accounts Sync."""
    level: int
    """Reseller authorization level: how many tiers of resellers may sell it."""
    status: ProductStatus


_HUBS: Final = (
    HubSpec("Connect API Hub Europe", HubInstanceType.API),
    HubSpec("Connect API Hub Americas", HubInstanceType.API),
    HubSpec("CloudBlue Commerce Production", HubInstanceType.OA),
)
_VENDOR_NAMES: Final = (
    "Northwind Software",
    "Contoso Cloud Services",
    "Fabrikam Security",
    "Tailspin Analytics",
    "Litware Systems",
    "Adventure Works Digital",
)
_PROVIDER_NAMES: Final = (
    "Blue Channel Distribution",
    "Meridian IT Supply",
    "Atlas Cloud Partners",
    "Summit Technology Distribution",
    "Harbor Lane Trading",
)
_MARKETPLACES: Final = (
    MarketplaceSpec(
        "Eurozone", "EUR", ("AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "NL", "PT")
    ),
    MarketplaceSpec("United Kingdom", "GBP", ("GB",)),
    MarketplaceSpec("Rest of Europe", "EUR", ("CH", "CZ", "DK", "NO", "PL", "SE")),
    MarketplaceSpec("North America", "USD", ("US", "CA")),
    MarketplaceSpec("Latin America", "USD", ("BR", "MX")),
    MarketplaceSpec("Asia Pacific and Africa", "USD", ("AU", "NZ", "JP", "IN", "KE")),
    MarketplaceSpec("Global Cloud", "USD", ()),
)
_PRODUCTS: Final = (
    ProductSpec("Cloud Mail Pro", True, 1, ProductStatus.PUBLISHED),
    ProductSpec("Secure Backup", False, 0, ProductStatus.PUBLISHED),
    ProductSpec("Team Chat", True, 2, ProductStatus.PUBLISHED),
    ProductSpec("Endpoint Protection", True, 0, ProductStatus.PUBLISHED),
    ProductSpec("Office Suite Online", True, 1, ProductStatus.PUBLISHED),
    ProductSpec("Virtual Desktop", True, 1, ProductStatus.ENDOFSALE),
    ProductSpec("CRM Essentials", False, 2, ProductStatus.PUBLISHED),
    ProductSpec("Data Warehouse", True, 0, ProductStatus.DRAFT),
    ProductSpec("Web Hosting Classic", False, 0, ProductStatus.ENDOFSALE),
    ProductSpec("Identity Manager", False, 2, ProductStatus.DRAFT),
)


@dataclass(frozen=True)
class Catalog:
    """The catalog's rows and what the accounts refer to, by number."""

    rows: list[Rows]
    hub_ids: list[str]
    """No hub first, then the API hubs, then the commerce system's (OA) hub, last."""
    api_hub_count: int
    owner_ids: list[str]
    """The vendors, then the providers."""
    user: str
    """The demo user, who made and changed everything."""
    market_ids: list[str]
    market_owner: list[str]
    markets_by_country: list[list[int]]
    """Per pool (by number), the marketplaces (by number) that serve its country."""
    product_ids: list[str]
    """Sorted: the order a tier account's requests are numbered in."""
    product_vendor: list[str]
    product_sync: list[bool]
    product_level: list[int]
    sellable_one_tier: list[int]
    """Products (by number) on sale that one tier of resellers may sell."""
    sellable_two_tiers: list[int]


def make_catalog(db: PeeweeDatabase, rng: random.Random, countries: list[str]) -> Catalog:
    """A new catalog for accounts of ``countries``, its ids clear of those ``db`` holds."""

    def taken(table: str) -> set[str]:
        return {row[0] for row in db.execute_sql(f"SELECT id FROM {table}").fetchall()}

    hub_ids = fresh_ids(
        rng, len(_HUBS), ids.HUB_NUMBERS, ids.hub_id, taken("hub") | {ids.NO_HUB_ID}
    )
    rng.shuffle(hub_ids)
    hub = row_maker(models.Hub)
    hubs = [
        hub(id=i, name=spec.name, instance_type=spec.kind.value)
        for i, spec in zip(hub_ids, _HUBS, strict=True)
    ]
    api_hubs = [
        i for i, spec in zip(hub_ids, _HUBS, strict=True) if spec.kind == HubInstanceType.API
    ]
    oa_hubs = [i for i, spec in zip(hub_ids, _HUBS, strict=True) if spec.kind == HubInstanceType.OA]

    operators_taken = taken("operator_account")
    vendor_names = rng.sample(_VENDOR_NAMES, 3)
    provider_names = rng.sample(_PROVIDER_NAMES, 3)
    vendors = fresh_ids(rng, 3, ids.OPERATOR_NUMBERS, ids.vendor_id, operators_taken)
    providers = fresh_ids(rng, 3, ids.OPERATOR_NUMBERS, ids.provider_id, operators_taken)
    operator = row_maker(models.OperatorAccount)
    operators = [
        *(
            operator(id=i, name=name, role=OperatorRole.VENDOR.value)
            for i, name in zip(vendors, vendor_names, strict=True)
        ),
        *(
            operator(id=i, name=name, role=OperatorRole.PROVIDER.value)
            for i, name in zip(providers, provider_names, strict=True)
        ),
    ]

    found = db.execute_sql(
        "SELECT id FROM app_user WHERE name = ? ORDER BY id LIMIT 1", (DEMO_USER_NAME,)
    ).fetchone()
    (user_id,) = fresh_ids(rng, 1, ids.USER_NUMBERS, ids.user_id, taken("app_user"))
    app_user = row_maker(models.AppUser)
    users = [app_user(id=user_id, name=DEMO_USER_NAME)] if found is None else []

    market_ids = fresh_ids(
        rng, len(_MARKETPLACES), ids.MARKETPLACE_NUMBERS, ids.marketplace_id, taken("marketplace")
    )
    market = row_maker(models.Marketplace)
    markets = []
    kept_ids: list[str] = []
    market_owner: list[str] = []
    market_countries: list[list[str]] = []
    for number, (market_id, spec) in enumerate(zip(market_ids, _MARKETPLACES, strict=True)):
        served = [c for c in spec.countries if c in countries] if spec.countries else countries
        if served:
            owner = providers[number % len(providers)]
            markets.append(
                market(
                    id=market_id,
                    name=spec.name,
                    owner=owner,
                    currency=spec.currency,
                    countries=",".join(served),
                )
            )
            kept_ids.append(market_id)
            market_owner.append(owner)
            market_countries.append(served)

    product_ids = fresh_ids(
        rng, len(_PRODUCTS), ids.PRODUCT_NUMBERS, ids.product_id, taken("product")
    )
    product_vendor = [vendors[k % len(vendors)] for k in range(len(_PRODUCTS))]
    product = row_maker(models.Product)
    products = [
        product(
            id=pid,
            name=spec.name,
            vendor=vendor,
            status=spec.status.value,
            tier_accounts_sync=int(spec.sync),
            reseller_authorization_level=spec.level,
        )
        for pid, vendor, spec in zip(product_ids, product_vendor, _PRODUCTS, strict=True)
    ]
    sellable = [k for k, spec in enumerate(_PRODUCTS) if spec.status != ProductStatus.DRAFT]
    return Catalog(
        rows=[
            Rows(models.Hub, hubs),
            Rows(models.OperatorAccount, operators),
            Rows(models.AppUser, users),
            Rows(models.Marketplace, markets),
            Rows(models.Product, products),
        ],
        hub_ids=[ids.NO_HUB_ID, *api_hubs, *oa_hubs],
        api_hub_count=len(api_hubs),
        owner_ids=[*vendors, *providers],
        user=user_id if found is None else str(found[0]),
        market_ids=kept_ids,
        market_owner=market_owner,
        markets_by_country=[
            [k for k, served in enumerate(market_countries) if code in served]
            or list(range(len(markets)))
            for code in countries
        ],
        product_ids=product_ids,
        product_vendor=product_vendor,
        product_sync=[spec.sync for spec in _PRODUCTS],
        product_level=[spec.level for spec in _PRODUCTS],
        sellable_one_tier=[k for k in sellable if _PRODUCTS[k].level <= 1],
        sellable_two_tiers=sellable,
    )

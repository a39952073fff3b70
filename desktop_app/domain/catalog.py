"""The objects around tier accounts: hubs, operators, products, subscriptions, configs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain.enums import (
    FulfillmentStatus,
    FulfillmentType,
    HubInstanceType,
    OperatorRole,
    ProductStatus,
    ResellerAuthorizationLevel,
    SubscriptionStatus,
    TierConfigRequestStatus,
    TierConfigRequestType,
    TierConfigStatus,
)


@dataclass(frozen=True)
class Hub:
    """A connection point to a commerce system; ``HB-0000-0000`` stands for none."""

    id: str
    name: str
    instance_type: HubInstanceType

    @property
    def is_read_only(self) -> bool:
        """Accounts on OA hubs belong to the commerce system and cannot be changed here."""
        return self.instance_type is HubInstanceType.OA


def oa_hub_refusal(subject: str, hub_name: str, hub_id: str) -> str:
    """Why ``subject`` (an account) on a CloudBlue Commerce (OA) hub cannot change here."""
    return (
        f"{subject} is on the CloudBlue Commerce hub {hub_name} ({hub_id}); "
        "it belongs to that system and cannot be changed here."
    )


@dataclass(frozen=True)
class OperatorAccount:
    """A vendor or provider account the workspace can act as."""

    id: str
    name: str
    role: OperatorRole


@dataclass(frozen=True)
class User:
    """A person (or service user) recorded as the author of events."""

    id: str
    name: str


@dataclass(frozen=True)
class Marketplace:
    """Where a provider sells; subscriptions belong to one."""

    id: str
    name: str
    owner_id: str
    currency: str
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Product:
    """A vendor's product and its capabilities."""

    id: str
    name: str
    vendor_id: str
    status: ProductStatus
    tier_accounts_sync: bool
    reseller_authorization_level: ResellerAuthorizationLevel


@dataclass(frozen=True)
class Subscription:
    """An asset: a product bought by a customer through up to two resellers."""

    id: str
    product_id: str
    marketplace_id: str
    status: SubscriptionStatus
    customer_id: str
    tier1_id: str | None
    tier2_id: str | None
    created_at: datetime
    product_name: str = ""


@dataclass(frozen=True)
class FulfillmentRequest:
    """A request on a subscription (purchase, change, cancel…)."""

    id: str
    subscription_id: str
    type: FulfillmentType
    status: FulfillmentStatus
    created_at: datetime
    product_name: str = ""


@dataclass(frozen=True)
class TierConfig:
    """The configuration of one account for one product at tier level 1 or 2."""

    id: str
    name: str
    account_id: str
    product_id: str
    tier_level: int
    status: TierConfigStatus
    created_at: datetime
    product_name: str = ""


@dataclass(frozen=True)
class TierConfigRequest:
    """A request that sets up or changes a tier config."""

    id: str
    config_id: str
    type: TierConfigRequestType
    status: TierConfigRequestStatus
    created_at: datetime
    product_name: str = ""

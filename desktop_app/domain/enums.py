"""Enumerations of the domain: account types, statuses, roles."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class AccountType(StrEnum):
    """What a tier account is in the channel."""

    CUSTOMER = "customer"
    RESELLER = "reseller"

    @property
    def label(self) -> str:
        """The word shown to people."""
        return self.value.capitalize()


class OperatorRole(StrEnum):
    """Which kind of Connect account the workspace acts as."""

    VENDOR = "vendor"
    PROVIDER = "provider"

    @property
    def label(self) -> str:
        """The word shown to people."""
        return self.value.capitalize()


class RequestStatus(StrEnum):
    """Status of a tier account request."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    IGNORED = "ignored"
    UNSUPPORTED = "unsupported"

    @property
    def label(self) -> str:
        """The word shown to people."""
        return self.value.capitalize()

    @property
    def is_terminal(self) -> bool:
        """True when no further transition is possible."""
        return self is not RequestStatus.PENDING


class HubInstanceType(StrEnum):
    """How a hub is connected: a CloudBlue Commerce instance or the API."""

    OA = "OA"
    API = "API"


class Environment(StrEnum):
    """Environment an account was created in."""

    PRODUCTION = "production"
    TEST = "test"
    PREVIEW = "preview"


class ProductStatus(StrEnum):
    """Lifecycle status of a product."""

    DRAFT = "draft"
    PUBLISHED = "published"
    ENDOFSALE = "endofsale"


class ResellerAuthorizationLevel(IntEnum):
    """How many reseller tiers a product needs authorised: none, 1 or 2."""

    NONE = 0
    ONE = 1
    TWO = 2


class SubscriptionStatus(StrEnum):
    """Status of a subscription (asset)."""

    DRAFT = "draft"
    PROCESSING = "processing"
    ACTIVE = "active"
    TERMINATING = "terminating"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"


class FulfillmentStatus(StrEnum):
    """Status of a fulfillment request."""

    DRAFT = "draft"
    TIERS_SETUP = "tiers_setup"
    PENDING = "pending"
    INQUIRING = "inquiring"
    APPROVED = "approved"
    FAILED = "failed"
    SCHEDULED = "scheduled"
    REVOKING = "revoking"
    REVOKED = "revoked"


class FulfillmentType(StrEnum):
    """Type of a fulfillment request."""

    PURCHASE = "purchase"
    CHANGE = "change"
    SUSPEND = "suspend"
    RESUME = "resume"
    CANCEL = "cancel"
    ADJUSTMENT = "adjustment"
    RENEW = "renew"
    TRANSFER = "transfer"


class TierConfigStatus(StrEnum):
    """Status of a tier configuration."""

    DRAFT = "draft"
    PROCESSING = "processing"
    ACTIVE = "active"


class TierConfigRequestStatus(StrEnum):
    """Status of a tier configuration request."""

    DRAFT = "draft"
    TIERS_SETUP = "tiers_setup"
    PENDING = "pending"
    INQUIRING = "inquiring"
    APPROVED = "approved"
    FAILED = "failed"


class TierConfigRequestType(StrEnum):
    """Type of a tier configuration request."""

    SETUP = "setup"
    UPDATE = "update"
    ADJUSTMENT = "adjustment"


class SyncState(StrEnum):
    """Whether an account's latest version still waits for a vendor's decision."""

    UP_TO_DATE = "up_to_date"
    AWAITING_APPROVAL = "awaiting_approval"

    @property
    def label(self) -> str:
        """The words shown to people."""
        return "Awaiting approval" if self is SyncState.AWAITING_APPROVAL else "Up to date"

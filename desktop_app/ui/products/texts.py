"""How products, their status and their capabilities read on screen."""

from __future__ import annotations

from typing import Final

from desktop_app.domain.catalog import OperatorAccount, Product
from desktop_app.domain.enums import ProductStatus, ResellerAuthorizationLevel

ON_TEXT: Final = "On"
OFF_TEXT: Final = "Off"
SYNC_TITLE: Final = "Tier Accounts Sync"
LEVEL_TITLE: Final = "Reseller authorization level"
SYNC_EXPLANATION: Final = (
    "When on, each edit of a tier account raises a pending request that the vendor accepts "
    "or ignores; when off, requests are Unsupported and ignored automatically. "
    "Switching affects only requests created afterwards."
)
LEVEL_EXPLANATION: Final = (
    "How many reseller tiers must be authorised for this product: none, one or two."
)

STATUS_TEXTS: Final[dict[ProductStatus, str]] = {
    ProductStatus.DRAFT: "Draft",
    ProductStatus.PUBLISHED: "Published",
    ProductStatus.ENDOFSALE: "End of sale",
}

LEVEL_TEXTS: Final[dict[ResellerAuthorizationLevel, str]] = {
    ResellerAuthorizationLevel.NONE: "None",
    ResellerAuthorizationLevel.ONE: "Level 1",
    ResellerAuthorizationLevel.TWO: "Level 2",
}


def status_text(status: ProductStatus) -> str:
    """``Published``, ``End of sale``…"""
    return STATUS_TEXTS[status]


def sync_text(on: bool) -> str:
    """``On`` or ``Off``."""
    return ON_TEXT if on else OFF_TEXT


def level_text(level: ResellerAuthorizationLevel) -> str:
    """``None``, ``Level 1`` or ``Level 2``."""
    return LEVEL_TEXTS[level]


def vendor_text(product: Product, vendor: OperatorAccount | None) -> str:
    """``Acme Software (VA-111-111)``; the id alone when the vendor is unknown here."""
    return f"{vendor.name} ({vendor.id})" if vendor is not None else product.vendor_id


def operator_text(operator: OperatorAccount) -> str:
    """``the provider Big Distributor (PA-333-333)``."""
    return f"the {operator.role.value} {operator.name} ({operator.id})"


def capabilities_note(product: Product, vendor: OperatorAccount | None, acting: str) -> str:
    """Why the operator (``acting``, see :func:`operator_text`) cannot switch capabilities."""
    return (
        f"Only the product's vendor, {vendor_text(product, vendor)}, can change its "
        f"capabilities; you act as {acting}."
    )

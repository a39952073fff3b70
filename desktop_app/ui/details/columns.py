"""Texts of the details screen and the columns of its five list tabs."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Final, Protocol

from desktop_app.domain.catalog import (
    FulfillmentRequest,
    Subscription,
    TierConfig,
    TierConfigRequest,
)
from desktop_app.domain.countries import country_name
from desktop_app.services.queries import DirectoryRow
from desktop_app.ui.labels import full_local_time, local_time
from desktop_app.ui.models.listing_table_model import ColumnSpec

NONE_TEXT: Final = "—"


def enum_text(value: Enum) -> str:
    """A status or type as a word for people: ``tiers_setup`` → ``Tiers setup``."""
    return str(value.value).replace("_", " ").capitalize()


def country_text(code: str) -> str:
    """``Germany (DE)``; the code alone when it names no country."""
    name = country_name(code)
    return f"{name} ({code})" if name else code


def _or_none(text: str | None) -> str:
    return text or NONE_TEXT


class _Dated(Protocol):
    @property
    def created_at(self) -> datetime: ...


def _created(row: _Dated) -> str:
    return local_time(row.created_at)


def _created_tip(row: _Dated) -> str:
    return full_local_time(row.created_at)


CHILD_COLUMNS: Final[tuple[ColumnSpec[DirectoryRow], ...]] = (
    ColumnSpec("ID", lambda r: r.id),
    ColumnSpec("Name", lambda r: r.name, lambda r: r.name),
    ColumnSpec("Type", lambda r: r.type.label),
    ColumnSpec("Country", lambda r: r.country, lambda r: country_name(r.country) or r.country),
    ColumnSpec("City", lambda r: r.city),
    ColumnSpec("Created", _created, _created_tip),
)

REQUEST_COLUMNS: Final[tuple[ColumnSpec[FulfillmentRequest], ...]] = (
    ColumnSpec("ID", lambda r: r.id),
    ColumnSpec("Subscription", lambda r: r.subscription_id),
    ColumnSpec("Product", lambda r: r.product_name, lambda r: r.product_name),
    ColumnSpec("Type", lambda r: enum_text(r.type)),
    ColumnSpec("Status", lambda r: enum_text(r.status)),
    ColumnSpec("Created", _created, _created_tip),
)

SUBSCRIPTION_COLUMNS: Final[tuple[ColumnSpec[Subscription], ...]] = (
    ColumnSpec("ID", lambda s: s.id),
    ColumnSpec("Product", lambda s: s.product_name, lambda s: f"{s.product_name} ({s.product_id})"),
    ColumnSpec("Status", lambda s: enum_text(s.status)),
    ColumnSpec("Customer", lambda s: s.customer_id),
    ColumnSpec("Tier 1", lambda s: _or_none(s.tier1_id)),
    ColumnSpec("Tier 2", lambda s: _or_none(s.tier2_id)),
    ColumnSpec("Marketplace", lambda s: s.marketplace_id),
    ColumnSpec("Created", _created, _created_tip),
)

TIER_CONFIG_REQUEST_COLUMNS: Final[tuple[ColumnSpec[TierConfigRequest], ...]] = (
    ColumnSpec("ID", lambda r: r.id),
    ColumnSpec("Tier config", lambda r: r.config_id),
    ColumnSpec("Product", lambda r: r.product_name, lambda r: r.product_name),
    ColumnSpec("Type", lambda r: enum_text(r.type)),
    ColumnSpec("Status", lambda r: enum_text(r.status)),
    ColumnSpec("Created", _created, _created_tip),
)

TIER_CONFIG_COLUMNS: Final[tuple[ColumnSpec[TierConfig], ...]] = (
    ColumnSpec("ID", lambda c: c.id),
    ColumnSpec("Name", lambda c: c.name, lambda c: c.name),
    ColumnSpec("Product", lambda c: c.product_name, lambda c: f"{c.product_name} ({c.product_id})"),
    ColumnSpec("Tier level", lambda c: str(c.tier_level)),
    ColumnSpec("Status", lambda c: enum_text(c.status)),
    ColumnSpec("Created", _created, _created_tip),
)

# The widest text each column usually shows: widths come from these, never from the rows.
COLUMN_SAMPLES: Final[dict[str, str]] = {
    "ID": "PR-0000-0000-0000-000",
    "Name": "Configuration of TA-0000-0000-0000",
    "Type": "Adjustment",
    "Country": "Country",
    "City": "Frankfurt am Main",
    "Created": "2026-01-01 00:00",
    "Subscription": "AS-0000-0000-0000",
    "Product": "Office Suite Online",
    "Status": "Tiers setup",
    "Customer": "TA-0000-0000-0000",
    "Tier 1": "TA-0000-0000-0000",
    "Tier 2": "TA-0000-0000-0000",
    "Marketplace": "Marketplace",
    "Tier config": "TC-000-000-000",
    "Tier level": "Tier level",
}

"""Query values the services take and the row shapes they return for lists."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from desktop_app.domain.enums import AccountType, RequestStatus


class DirectoryColumn(StrEnum):
    """Columns of the account directory, each sortable."""

    ID = "id"
    NAME = "name"
    TYPE = "type"
    PARENT = "parent"
    EXTERNAL_ID = "external_id"
    COUNTRY = "country"
    CITY = "city"
    HUB = "hub"
    CREATED = "created"


@dataclass(frozen=True)
class DirectoryQuery:
    """Which accounts a directory view shows."""

    search: str = ""
    type: AccountType | None = None
    parent_id: str | None = None
    roots_only: bool = False
    """Only accounts without a parent: the direct resellers at the top of the hierarchy."""
    # the Overview's filters (each bar lists exactly the accounts it counts)
    country: str | None = None
    """Only accounts of this country (ISO alpha-2, upper case)."""
    other_countries: tuple[str, ...] = ()
    """Only accounts of a country not among these (the Overview's "Other")."""
    deleted: bool = False
    """The deleted (decommissioned) accounts instead of the live ones."""
    created_from: datetime | None = None
    """Created at or after this moment."""
    created_before: datetime | None = None
    """Created before this moment."""
    edited_from: datetime | None = None
    """Edited (version 2 or later) last at or after this moment."""
    edited_before: datetime | None = None
    """Edited last before this moment."""
    tree_of: str | None = None
    """Only the accounts under this reseller, at any depth."""

    @property
    def narrowed(self) -> bool:
        """True when an Overview filter (beyond search, type, parent, roots) applies."""
        return bool(
            self.country
            or self.other_countries
            or self.deleted
            or self.created_from
            or self.created_before
            or self.edited_from
            or self.edited_before
            or self.tree_of
        )


@dataclass(frozen=True)
class SortSpec:
    """Sort column and order."""

    column: DirectoryColumn = DirectoryColumn.CREATED
    descending: bool = True


@dataclass(frozen=True)
class DirectoryRow:
    """One line of the directory."""

    id: str
    name: str
    type: AccountType
    parent_id: str | None
    parent_name: str | None
    external_id: str
    country: str
    city: str
    hub_id: str
    hub_name: str
    created_at: datetime


class RequestColumn(StrEnum):
    """Columns of the Requests tab, each sortable through an index of its own."""

    ID = "id"
    STATUS = "status"
    ACCOUNT = "account"
    PRODUCT = "product"
    VENDOR = "vendor"
    CREATED = "created"
    DECIDED_BY = "decided_by"
    DECIDED_AT = "decided_at"


@dataclass(frozen=True)
class RequestSort:
    """Sort column and order of a request list (newest first unless said otherwise)."""

    column: RequestColumn = RequestColumn.CREATED
    descending: bool = True


@dataclass(frozen=True)
class RequestQuery:
    """Which tier account requests a list shows, in which order."""

    status: RequestStatus | None = None
    account_id: str | None = None
    search: str = ""
    product_id: str | None = None
    vendor_id: str | None = None
    created_from: datetime | None = None
    """Created at or after this moment (None: no lower bound)."""
    created_before: datetime | None = None
    """Created before this moment (None: no upper bound)."""
    sort: RequestSort = RequestSort()

    @property
    def filters(self) -> RequestQuery:
        """The same query in the default order: what it selects, whatever the sort."""
        return replace(self, sort=RequestSort())


@dataclass(frozen=True)
class RequestRow:
    """One line of a tier account request list."""

    id: str
    account_id: str
    account_name: str
    product_id: str
    product_name: str
    status: RequestStatus
    created_at: datetime
    vendor_id: str = ""
    vendor_name: str = ""
    decided_by: str | None = None
    """Who accepted or ignored it (a user's name, else the id); None while pending."""
    decided_at: datetime | None = None
    """When it was decided (or, unsupported, raised); None while pending."""

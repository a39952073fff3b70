"""Query values the services take and the row shapes they return for lists."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class RequestQuery:
    """Which tier account requests a list shows."""

    status: RequestStatus | None = None
    account_id: str | None = None
    search: str = ""


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

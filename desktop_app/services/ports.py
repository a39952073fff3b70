"""The repository protocols the services need; the persistence package implements them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from desktop_app.domain.accounts import AccountVersion, Event, TierAccount
    from desktop_app.domain.catalog import (
        FulfillmentRequest,
        Hub,
        OperatorAccount,
        Product,
        Subscription,
        TierConfig,
        TierConfigRequest,
        User,
    )
    from desktop_app.domain.enums import RequestStatus, ResellerAuthorizationLevel
    from desktop_app.domain.requests import TierAccountRequest
    from desktop_app.services.history_rows import VersionRequest
    from desktop_app.services.listing import Anchors, Waiting
    from desktop_app.services.queries import (
        DirectoryQuery,
        DirectoryRow,
        RequestQuery,
        RequestRow,
        SortSpec,
    )


class AccountRepository(Protocol):
    """Tier accounts and their versions."""

    def get(self, account_id: str) -> TierAccount | None: ...
    def get_many(self, account_ids: Sequence[str]) -> dict[str, TierAccount]: ...
    def id_exists(self, account_id: str) -> bool: ...
    def taken_ids(self, account_ids: Collection[str]) -> set[str]: ...
    def id_for_external_uid(self, external_uid: str) -> str | None: ...
    def look_up_external_uids(self, external_uids: Collection[str]) -> None:
        """Inside a bulk write: find these at once; later look-ups answer from that."""
        ...

    def send_held(self) -> None:
        """Inside a bulk write: send the rows held back now (a server writes them behind)."""
        ...

    def insert(self, account: TierAccount) -> None: ...
    def update(self, account: TierAccount, before: TierAccount) -> bool:
        """Save over ``before`` what differs; False when someone saved meanwhile."""
        ...

    def add_version(self, version: AccountVersion) -> None: ...
    def get_version(self, account_id: str, version: int) -> AccountVersion | None: ...
    def versions(self, account_id: str) -> list[AccountVersion]: ...
    def live_children_count(self, account_id: str) -> int: ...
    def live_ids_with_external_id(self, external_id: str) -> list[str]: ...
    def ancestor_ids(self, account_id: str) -> list[str]: ...
    def decommission(self, account_id: str, event: Event) -> None: ...


class RequestRepository(Protocol):
    """Tier account requests."""

    def get(self, request_id: str) -> TierAccountRequest | None: ...
    def insert_many(self, requests: Sequence[TierAccountRequest]) -> None: ...
    def change_status(
        self,
        request_id: str,
        expected: RequestStatus,
        status: RequestStatus,
        reason: str,
        event: Event,
    ) -> bool: ...
    def get_many(self, request_ids: Sequence[str]) -> list[TierAccountRequest]: ...
    def change_status_many(
        self,
        request_ids: Sequence[str],
        expected: RequestStatus,
        status: RequestStatus,
        reason: str,
        event: Event,
    ) -> int: ...
    def pending_count(self, account_id: str) -> int: ...
    def count(self, query: RequestQuery) -> int: ...
    def ids(
        self,
        query: RequestQuery,
        offset: int,
        limit: int,
        total: int | None = None,
        anchors: Anchors | None = None,
    ) -> list[str]: ...
    def rows(
        self,
        query: RequestQuery,
        offset: int,
        limit: int,
        total: int | None = None,
        anchors: Anchors | None = None,
    ) -> Sequence[RequestRow]: ...
    def keyset(self, query: RequestQuery) -> Anchors: ...
    def anchors(
        self, query: RequestQuery, anchors: Anchors, total: int, waiting: Waiting = ...
    ) -> bool: ...


class HistoryRepository(Protocol):
    """What an account's history reads besides its versions."""

    def account_requests(self, account_id: str) -> list[VersionRequest]:
        """Every tier account request of the account, newest version first."""
        ...


class CatalogRepository(Protocol):
    """Hubs, operators, users, products and what links products to accounts."""

    def hub(self, hub_id: str) -> Hub | None: ...
    def hubs(self) -> list[Hub]: ...
    def operator(self, operator_id: str) -> OperatorAccount | None: ...
    def operators(self) -> list[OperatorAccount]: ...
    def add_operator(self, operator: OperatorAccount) -> None: ...
    def user(self, user_id: str) -> User | None: ...
    def add_user(self, user: User) -> None: ...
    def product(self, product_id: str) -> Product | None: ...
    def products(self) -> list[Product]: ...
    def set_product_capabilities(
        self, product_id: str, tier_accounts_sync: bool, level: ResellerAuthorizationLevel
    ) -> None: ...
    def linked_products(self, account_id: str) -> list[tuple[Product, str | None]]: ...


class SettingsRepository(Protocol):
    """Small key/value facts of the workspace (the operator it acts as, its user)."""

    def get(self, key: str) -> str | None: ...
    def put(self, key: str, value: str) -> None: ...


class QueryRepository(Protocol):
    """Paged read-only lists for the directory and the details tabs."""

    def count_accounts(self, query: DirectoryQuery) -> int: ...
    def account_rows(
        self,
        query: DirectoryQuery,
        sort: SortSpec,
        offset: int,
        limit: int,
        total: int | None = None,
        anchors: Anchors | None = None,
    ) -> Sequence[DirectoryRow]: ...
    def account_keyset(self, query: DirectoryQuery, sort: SortSpec) -> Anchors: ...
    def account_anchors(
        self,
        query: DirectoryQuery,
        sort: SortSpec,
        anchors: Anchors,
        total: int,
        waiting: Waiting = ...,
    ) -> bool: ...
    def accounts_in_order(
        self, query: DirectoryQuery, sort: SortSpec, batch: int = 1000
    ) -> Iterator[TierAccount]: ...
    def count_subscriptions(self, account_id: str, product_id: str | None) -> int: ...
    def subscriptions(
        self, account_id: str, product_id: str | None, offset: int, limit: int
    ) -> Sequence[Subscription]: ...
    def count_fulfillment_requests(self, account_id: str) -> int: ...
    def fulfillment_requests(
        self, account_id: str, offset: int, limit: int
    ) -> Sequence[FulfillmentRequest]: ...
    def count_tier_configs(self, account_id: str, product_id: str | None) -> int: ...
    def tier_configs(
        self, account_id: str, product_id: str | None, offset: int, limit: int
    ) -> Sequence[TierConfig]: ...
    def count_tier_config_requests(self, account_id: str) -> int: ...
    def tier_config_requests(
        self, account_id: str, offset: int, limit: int
    ) -> Sequence[TierConfigRequest]: ...


class OverviewReads(Protocol):
    """What the figures are read from (the persistence layer's overview repository)."""

    def tallies(self, name: str) -> Sequence[tuple[str, int]]:
        """Every (key, value) kept under ``name``, zero values left out."""
        ...

    def latest_week(self) -> str | None:
        """The Monday (``YYYY-MM-DD``) of the newest week with a create or an edit."""
        ...

    def top_parents(self, limit: int) -> Sequence[tuple[str, str, int]]:
        """The accounts with the most live children: (id, name, children), most first."""
        ...

    def oldest_pending(self, product_ids: Sequence[str]) -> dict[str, datetime]:
        """The creation time of each product's oldest pending request."""
        ...

    def product_names(self, product_ids: Sequence[str]) -> dict[str, str]:
        """The names of these products."""
        ...

    def deepest_trees(self, limit: int) -> Sequence[tuple[str, str, int, int]]:
        """The live direct resellers whose trees of resellers go deepest.

        (id, name, depth in levels of resellers, resellers in the tree), deepest first, then
        the most resellers.
        """
        ...

    def tree_size(self, root_id: str) -> int:
        """The live accounts under ``root_id``, at any depth."""
        ...


class Store(Protocol):
    """Every repository of one workspace and its write transaction."""

    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def requests(self) -> RequestRepository: ...
    @property
    def catalog(self) -> CatalogRepository: ...
    @property
    def settings(self) -> SettingsRepository: ...
    @property
    def queries(self) -> QueryRepository: ...
    @property
    def history(self) -> HistoryRepository: ...
    @property
    def overview(self) -> OverviewReads: ...

    def write(self) -> AbstractContextManager[None]:
        """One immediate transaction: commits on success, rolls back on any error."""
        ...

    def bulk_write(self, expected_rows: int = 0) -> AbstractContextManager[None]:
        """:meth:`write` for many rows: upkeep that can wait (indexes) runs once, at the end."""
        ...

    def refresh_statistics(self, thorough: bool = False, tables: Sequence[str] = ()) -> None:
        """Bring the planner's statistics up to date after many rows went to ``tables``."""
        ...

    def is_empty(self) -> bool:
        """True when the workspace holds no tier account at all."""
        ...

    def sibling(self) -> Store:
        """The same workspace on a connection of the calling thread, for a job there.

        Same file or server, same settings, same read-only reason; the caller closes it.
        """
        ...

    def close(self) -> None:
        """Close the store's connection."""
        ...

    @property
    def read_only_reason(self) -> str | None:
        """Why the workspace can only be read; None when it can be written."""
        ...

    @property
    def database_user(self) -> str | None:
        """The database role a team workspace is used as; None for a file (one user)."""
        ...

    def granted_operators(self) -> set[str] | None:
        """The operator accounts the database role may act as; None when it may act as all.

        A file (one user) and a server's owner have no restriction; any other role of a team
        workspace acts only as what the owner granted it (perhaps nothing).
        """
        ...

    def integrity_problems(self) -> list[str]:
        """What SQLite's quick check finds wrong with the file (any thread); empty if whole."""
        ...

    def mark_damaged(self, found: list[str]) -> str:
        """Refuse every write from now on because the file is damaged; the reason."""
        ...

    def data_version(self) -> int:
        """A number that changes whenever another program or window commits to the workspace."""
        ...

    def watch_changes(
        self, changed: Callable[[frozenset[str]], None], lost: Callable[[str], None]
    ) -> Callable[[], None] | None:
        """Call ``changed`` (any thread) with the tables others changed, as they commit.

        ``lost`` hears why the watch's connection dropped (it reconnects by itself and then
        calls ``changed`` with no table: anything may have changed). Returns how to stop
        watching; None where the workspace cannot announce changes (a file: look at
        :meth:`data_version` instead).
        """
        ...

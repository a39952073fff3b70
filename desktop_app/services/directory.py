"""Paged lists for the directory and for every tab of the account details."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from desktop_app.services.listing import Listing, counted_listing
from desktop_app.services.queries import DirectoryQuery, DirectoryRow, SortSpec

if TYPE_CHECKING:
    from desktop_app.domain.accounts import TierAccount
    from desktop_app.domain.catalog import (
        FulfillmentRequest,
        Subscription,
        TierConfig,
        TierConfigRequest,
    )
    from desktop_app.services.ports import Store


class DirectoryService:
    """Read-only, paged queries; nothing here loads every row."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def is_empty(self) -> bool:
        """True when the workspace holds no account yet."""
        return self._store.is_empty()

    def accounts(
        self, query: DirectoryQuery, sort: SortSpec | None = None
    ) -> Listing[DirectoryRow]:
        """Live accounts matching ``query`` in ``sort`` order."""
        order = sort or SortSpec()
        queries = self._store.queries
        anchors = queries.account_keyset(query, order)  # read ahead by a reader with time
        return counted_listing(
            lambda: queries.count_accounts(query),
            lambda offset, limit, total: queries.account_rows(
                query, order, offset, limit, total, anchors
            ),
            lambda total, waiting: queries.account_anchors(query, order, anchors, total, waiting),
        )

    def count(self, query: DirectoryQuery) -> int:
        """How many live accounts match ``query``."""
        return self._store.queries.count_accounts(query)

    def stream(self, query: DirectoryQuery, sort: SortSpec | None = None) -> Iterator[TierAccount]:
        """Every live account matching ``query``, whole, in ``sort`` order (for export).

        Read in batches from one consistent snapshot; nothing holds every row at once.
        """
        return self._store.queries.accounts_in_order(query, sort or SortSpec())

    def roots(self, sort: SortSpec | None = None) -> Listing[DirectoryRow]:
        """The live accounts without a parent (direct resellers): the top of the hierarchy."""
        return self.accounts(DirectoryQuery(roots_only=True), sort)

    def children(self, account_id: str, sort: SortSpec | None = None) -> Listing[DirectoryRow]:
        """The live child accounts of ``account_id``."""
        return self.accounts(DirectoryQuery(parent_id=account_id), sort)

    def subscriptions(
        self, account_id: str, product_id: str | None = None
    ) -> Listing[Subscription]:
        """Subscriptions holding the account in any tier slot (optionally of one product)."""
        queries = self._store.queries
        return Listing(
            count=lambda: queries.count_subscriptions(account_id, product_id),
            fetch=lambda offset, limit: queries.subscriptions(
                account_id, product_id, offset, limit
            ),
        )

    def fulfillment_requests(self, account_id: str) -> Listing[FulfillmentRequest]:
        """Fulfillment requests of the account's subscriptions."""
        queries = self._store.queries
        return Listing(
            count=lambda: queries.count_fulfillment_requests(account_id),
            fetch=lambda offset, limit: queries.fulfillment_requests(account_id, offset, limit),
        )

    def tier_configs(self, account_id: str, product_id: str | None = None) -> Listing[TierConfig]:
        """Tier configurations of the account (optionally of one product)."""
        queries = self._store.queries
        return Listing(
            count=lambda: queries.count_tier_configs(account_id, product_id),
            fetch=lambda offset, limit: queries.tier_configs(account_id, product_id, offset, limit),
        )

    def tier_config_requests(self, account_id: str) -> Listing[TierConfigRequest]:
        """Requests on the account's tier configurations."""
        queries = self._store.queries
        return Listing(
            count=lambda: queries.count_tier_config_requests(account_id),
            fetch=lambda offset, limit: queries.tier_config_requests(account_id, offset, limit),
        )

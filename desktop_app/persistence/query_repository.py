"""Paged lists for the directory and the details tabs, through peewee.

Which statement answers a question (a tally, the search index, a walk of a sort index) and
the rows it gives; the statements themselves are in ``directory_statements`` and
``details_statements``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any, Final

from desktop_app.domain.accounts import TierAccount
from desktop_app.domain.catalog import (
    FulfillmentRequest,
    Subscription,
    TierConfig,
    TierConfigRequest,
)
from desktop_app.domain.enums import (
    AccountType,
    FulfillmentStatus,
    FulfillmentType,
    SubscriptionStatus,
    TierConfigRequestStatus,
    TierConfigRequestType,
    TierConfigStatus,
)
from desktop_app.persistence import (
    details_statements,
    directory_statements,
    postgres_search,
    search_index,
    tallies,
)
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.directory_keyset import DirectoryKeyset
from desktop_app.persistence.directory_statements import (
    Search,
    Searcher,
    Shape,
    row_bound,
    shape_of,
)
from desktop_app.persistence.fields import from_db_time
from desktop_app.persistence.kept_matches import KeptMatches
from desktop_app.persistence.keyset import After
from desktop_app.persistence.mapping import account_from_row
from desktop_app.persistence.pending import PendingRows
from desktop_app.persistence.prepared import Prepared, slot
from desktop_app.persistence.repository_base import page_window, read_errors
from desktop_app.services.listing import Anchors
from desktop_app.services.queries import (
    DirectoryColumn,
    DirectoryQuery,
    DirectoryRow,
    SortSpec,
)

COUNTRY_WALK_COST: Final = 4
"""A row walked in a sort index with its country looked up, against a row of a sort."""


def _accounts_of(cursor: Any, batch: int) -> Iterator[TierAccount]:
    """The accounts of ``cursor``'s rows, fetched ``batch`` at a time."""
    while True:
        with read_errors():
            rows = cursor.fetchmany(batch)
        if not rows:
            return
        for row in rows:
            yield account_from_row(row)


class SqlQueryRepository(DirectoryKeyset, KeptMatches):
    """Paged lists for the directory and the details tabs."""

    def __init__(self, db: Any, pending: PendingRows | None = None) -> None:
        super().__init__(db, pending)
        self._searcher: Searcher = postgres_search if is_postgres(db) else search_index
        self._read_lines = partial(directory_statements.lines_query, self._searcher)
        """The lines of a page's keys (one function: its statements are kept compiled)."""

    def count_accounts(self, query: DirectoryQuery) -> int:
        """How many live accounts match."""
        plain = not query.narrowed and not query.roots_only and not query.search.strip()
        if plain and query.parent_id is None:
            # kept by triggers (no scan): the tally's table and statements are tallies.py's
            if query.type is None:
                return int(self._scalar(tallies.LIVE_ACCOUNTS))
            return int(self._scalar(tallies.LIVE_OF_TYPE, (AccountType(query.type).value,)))
        if plain and query.type is None and query.parent_id is not None:
            # an account's live children: the Overview's tally, kept by its triggers (a
            # reseller's 100,000 children are not walked: 5-25 ms at 1M accounts)
            from desktop_app.persistence.overview_repository import SqlOverviewRepository

            overview = SqlOverviewRepository(self._db, self._pending)
            return overview.tally("children", query.parent_id)
        by_country = self._count_by_country(query)
        if by_country is not None:
            return by_country
        return self._kept_count(("count", query), partial(self._count_matching, query))

    def _count_matching(self, query: DirectoryQuery) -> int:
        """How many live accounts match a search or a narrowing no tally holds."""
        searcher = self._searcher
        prefix = None
        if (
            searcher is postgres_search
            and query.parent_id is None
            and not query.roots_only
            and not query.narrowed
        ):
            prefix = postgres_search.tallied_prefix(query.search)
        if prefix is not None:  # up to three letters on a server: their tally (no scan)
            typed = query.type is not None
            statement = self._prepare(
                partial(postgres_search.count_by_prefix, typed), ("count prefix", typed)
            )
            kinds = [AccountType(query.type).value] if query.type is not None else []
            return int(self._scalar(statement, [prefix, *kinds]))
        shaped = shape_of(query, searcher)
        if shaped is None:
            return 0
        shape, params = shaped
        if shape == Shape(False, False, False, Search.SET, len(params)):  # no narrowing either
            # a search alone: counted in the index, which holds the live accounts only
            count = self._prepare(
                lambda: searcher.count_matching([slot(i) for i in range(len(params))]),
                ("count matching", len(params)),
            )
            return self._count_matches(params, count)
        statement = self._prepare(
            partial(directory_statements.count_query, shape, searcher), ("count", shape)
        )
        return int(self._scalar(statement, params))

    def account_rows(
        self,
        query: DirectoryQuery,
        sort: SortSpec,
        offset: int,
        limit: int,
        total: int | None = None,
        anchors: Anchors | None = None,
    ) -> Sequence[DirectoryRow]:
        """A page of the directory; past the middle of ``total`` rows it is read from the end.

        The page's line keys come first (a file's rowids, a server's ids), from the live-only
        index of the sort column (no table look-up per skipped row), then the page's details
        by them. With ``anchors`` read ahead (:meth:`account_anchors`), a page far from both
        ends is read from the key before it.
        """
        prefixed = query.type is not None and not query.search.strip()  # (type, column) index
        window = page_window(offset, limit, total, descending=sort.descending, prefixed=prefixed)
        keys = self._anchored_ids(query, sort, (offset, limit), total, anchors, window[0])
        if keys is None:
            keys = self._plain_ids(query, sort, total, window)
        return self._directory_lines(keys, kept=bool(query.search.strip()))

    def _plain_ids(
        self,
        query: DirectoryQuery,
        sort: SortSpec,
        total: int | None,
        window: tuple[int, int, bool],
    ) -> list[str]:
        """The line keys of a page read with a plain OFFSET (from the nearer end: ``window``)."""
        shaped = shape_of(query, self._searcher, self._search_way(query, total, sum(window[:2])))
        if shaped is None:
            return []
        shape, params = self._given_matches(*shaped)
        if self._walk_country(query, sort, total, window[0] + window[1]):
            shape = shape._replace(narrowing=shape.narrowing._replace(walk_country=True))
        descending = sort.descending != window[2]
        page = self._page_statement(shape, sort.column, descending, After.START)
        return self._page_ids(page, params, window)

    def accounts_in_order(
        self, query: DirectoryQuery, sort: SortSpec, batch: int = 1000
    ) -> Iterator[TierAccount]:
        """Every live account matching ``query`` in ``sort`` order, read ``batch`` at a time.

        One statement: what it yields is one consistent snapshot of the workspace.
        """
        shaped = shape_of(query, self._searcher)
        if shaped is None:
            return
        shape, params = shaped
        statement = self._prepare(
            partial(
                directory_statements.in_order_query,
                shape,
                sort.column,
                sort.descending,
                self._searcher,
            ),
            ("in order", shape, sort.column, sort.descending),
        )
        if is_postgres(self._db):
            yield from self._from_a_server_cursor(statement, params, batch)
            return
        cursor = self._run(statement, params)
        try:
            yield from _accounts_of(cursor, batch)
        finally:
            cursor.close()

    def _from_a_server_cursor(
        self, statement: Prepared, params: Sequence[Any], batch: int
    ) -> Iterator[TierAccount]:
        """The statement's accounts through a cursor of the server's own, ``batch`` at a time.

        psycopg's plain cursor takes every row of the result before giving the first: 1.1 GB
        and 3.7 s before the first of a million accounts. A server's cursor streams inside a
        transaction, which ends (changing nothing) when the caller stops reading.
        """
        if self._pending:
            self._pending.flush(self._db.connection())
        with self._db.atomic():
            with read_errors():
                # psycopg's own server cursor (peewee's cursor() takes no name)
                connection: Any = self._db.connection()  # typed as a file's (sqlite3)
                cursor = connection.cursor(name="accounts_in_order")
                cursor.execute(statement.sql, statement.values(params))
            try:
                yield from _accounts_of(cursor, batch)
            finally:
                cursor.close()

    def _count_by_country(self, query: DirectoryQuery) -> int | None:
        """A country's or "Other"'s count from the Overview's tally; None for other queries.

        The tally holds the accounts by state, type and country; counting "not one of the
        top 15" read the whole country index (126 ms at 1M).
        """
        if not (query.country or query.other_countries) or query.search.strip():
            return None
        if query.parent_id is not None or query.roots_only or query.tree_of is not None:
            return None
        if query.created_from or query.created_before or query.edited_from or query.edited_before:
            return None
        from desktop_app.persistence.overview_repository import SqlOverviewRepository

        state = "deleted" if query.deleted else "live"
        kind = AccountType(query.type).value if query.type is not None else None
        listed = {c.upper() for c in query.other_countries}
        total = 0
        for key, value in SqlOverviewRepository(self._db, self._pending).tallies("accounts"):
            row_state, row_type, country = key.split("|", 2)
            if row_state != state or (kind is not None and row_type != kind):
                continue
            if query.country is not None and country != query.country.upper():
                continue
            if country in listed:
                continue
            total += value
        return total

    def _walk_country(
        self, query: DirectoryQuery, sort: SortSpec, total: int | None, reach: int
    ) -> bool:
        """Whether a country filter's page walks the sort index rather than sorting the country.

        Walking reads about ``reach`` rows for each share the country holds of the live
        accounts; sorting reads every row of the country: the cheaper of the two.
        """
        if not query.country or query.deleted or total is None or total == 0:
            return False
        if sort.column is DirectoryColumn.COUNTRY:
            return False  # the country's own index is in that order already
        live = int(self._scalar(tallies.LIVE_ACCOUNTS))
        return COUNTRY_WALK_COST * reach * live < total * total

    def _search_way(self, query: DirectoryQuery, total: int | None, reach: int) -> Search:
        """How a page ``reach`` rows deep into the ``total`` matches of ``query`` is found."""
        if (
            total is None
            or total == 0
            or not query.search.strip()
            or query.parent_id is not None
            or query.narrowed
        ):
            return Search.SET
        searcher = self._searcher
        rows = int(self._scalar(self._prepare(lambda: row_bound(searcher), "rows")) or 0)
        return search_way(searcher, total, rows, reach)

    def count_subscriptions(self, account_id: str, product_id: str | None) -> int:
        """Subscriptions holding the account in any tier."""
        product = bool(product_id)
        statement = self._prepare(
            partial(details_statements.count_subscriptions, product),
            ("count subscriptions", product),
        )
        return int(self._scalar(statement, [account_id, product_id][: 1 + product]))

    def subscriptions(
        self, account_id: str, product_id: str | None, offset: int, limit: int
    ) -> Sequence[Subscription]:
        """A page of those subscriptions, newest first."""
        product = bool(product_id)
        statement = self._prepare(
            partial(details_statements.subscriptions, product), ("subscriptions", product)
        )
        params = [account_id, product_id][: 1 + product]
        rows = self._all(statement, [*params, limit, offset])
        return [
            Subscription(
                r[0],
                r[1],
                r[2],
                SubscriptionStatus(r[3]),
                r[4],
                r[5],
                r[6],
                from_db_time(r[7]),
                r[8],
            )
            for r in rows
        ]

    def count_fulfillment_requests(self, account_id: str) -> int:
        """Fulfillment requests of those subscriptions."""
        return int(
            self._scalar(
                self._prepare(details_statements.count_fulfillment_requests), (account_id,)
            )
        )

    def fulfillment_requests(
        self, account_id: str, offset: int, limit: int
    ) -> Sequence[FulfillmentRequest]:
        """A page of them, newest first."""
        rows = self._all(
            self._prepare(details_statements.fulfillment_requests), (account_id, limit, offset)
        )
        return [
            FulfillmentRequest(
                r[0], r[1], FulfillmentType(r[2]), FulfillmentStatus(r[3]), from_db_time(r[4]), r[5]
            )
            for r in rows
        ]

    def count_tier_configs(self, account_id: str, product_id: str | None) -> int:
        """Tier configs of the account."""
        product = bool(product_id)
        statement = self._prepare(
            partial(details_statements.count_tier_configs, product), ("count tier configs", product)
        )
        return int(self._scalar(statement, [account_id, product_id][: 1 + product]))

    def tier_configs(
        self, account_id: str, product_id: str | None, offset: int, limit: int
    ) -> Sequence[TierConfig]:
        """A page of them."""
        product = bool(product_id)
        statement = self._prepare(
            partial(details_statements.tier_configs, product), ("tier configs", product)
        )
        params = [account_id, product_id][: 1 + product]
        rows = self._all(statement, [*params, limit, offset])
        return [
            TierConfig(
                r[0], r[1], r[2], r[3], r[4], TierConfigStatus(r[5]), from_db_time(r[6]), r[7]
            )
            for r in rows
        ]

    def count_tier_config_requests(self, account_id: str) -> int:
        """Requests on the account's tier configs."""
        return int(
            self._scalar(
                self._prepare(details_statements.count_tier_config_requests), (account_id,)
            )
        )

    def tier_config_requests(
        self, account_id: str, offset: int, limit: int
    ) -> Sequence[TierConfigRequest]:
        """A page of them, newest first."""
        rows = self._all(
            self._prepare(details_statements.tier_config_requests), (account_id, limit, offset)
        )
        return [
            TierConfigRequest(
                r[0],
                r[1],
                TierConfigRequestType(r[2]),
                TierConfigRequestStatus(r[3]),
                from_db_time(r[4]),
                r[5],
            )
            for r in rows
        ]


def search_way(searcher: Searcher, total: int, rows: int, reach: int) -> Search:
    """The cheapest way to find a page ``reach`` rows deep among ``total`` matches of ``rows``.

    Collecting every match first and sorting them costs in proportion to the matches (a
    narrow search). Walking the sort index reads about ``reach × rows / total`` rows to reach
    the page, each looked up either in the search index (a search matching a large share:
    one or two letters) or in the matches collected once into a set (the many searches in
    between). Costs in units of a match collected and sorted, the searcher's own figures.
    """
    walked = min(rows, reach * rows / max(total, 1))
    costs = {Search.SET: float(total), Search.WALK: float(searcher.WALK_COST) * walked}
    if searcher.SET_WALK_COSTS is not None:
        collect, look_up = searcher.SET_WALK_COSTS
        costs[Search.WALK_SET] = collect * total + look_up * walked
    return min(costs, key=costs.__getitem__)

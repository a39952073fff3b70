"""Paged lists for the directory and the details tabs, through peewee."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from enum import Enum
from functools import partial
from types import ModuleType
from typing import Any, Final, NamedTuple, TypeAlias

from peewee import JOIN, SQL, Expression, ModelSelect, Node, SelectQuery, fn

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
from desktop_app.persistence import models, postgres_search, search_index, tallies
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.fields import from_db_time, to_db_time
from desktop_app.persistence.mapping import account_from_row
from desktop_app.persistence.pending import PendingRows
from desktop_app.persistence.repository_base import Repository, page_window, read_errors, slot
from desktop_app.services.queries import (
    DirectoryColumn,
    DirectoryQuery,
    DirectoryRow,
    SortSpec,
)

_Select: TypeAlias = "ModelSelect[Any]"  # peewee's stubs are generic

_A = models.TierAccount.alias("a")
_S, _F = models.Subscription.alias("s"), models.FulfillmentRequest.alias("f")
_C, _R = models.TierConfig.alias("c"), models.TierConfigRequest.alias("r")
_P, _H = models.Product.alias("p"), models.Hub.alias("h")

_SORT_FIELDS: Final[dict[DirectoryColumn, str]] = {
    DirectoryColumn.ID: "id",
    DirectoryColumn.NAME: "name",
    DirectoryColumn.TYPE: "type",
    DirectoryColumn.PARENT: "parent",
    DirectoryColumn.EXTERNAL_ID: "external_id",
    DirectoryColumn.COUNTRY: "country",
    DirectoryColumn.CITY: "city",
    DirectoryColumn.HUB: "hub",
    DirectoryColumn.CREATED: "created_at",
}
_NOCASE: Final = frozenset({DirectoryColumn.NAME, DirectoryColumn.CITY})


class _Search(Enum):
    """How a directory query looks for its search words."""

    NONE = "none"
    SET = "set"
    """Every match collected from the search index first."""
    WALK = "walk"
    """Each row tested against the search index as the sort index is walked."""


class Narrowing(NamedTuple):
    """Which of the Overview's filters a query uses (each takes parameters in this order)."""

    country: bool = False
    other_countries: int = 0
    deleted: bool = False
    created_from: bool = False
    created_before: bool = False
    edited_from: bool = False
    edited_before: bool = False
    tree: bool = False

    @property
    def params(self) -> int:
        """How many parameters its conditions take."""
        flags = (self.country, self.created_from, self.created_before, self.edited_from)
        return sum(flags) + int(self.edited_before) + int(self.tree) + self.other_countries

    @classmethod
    def of(cls, query: DirectoryQuery) -> tuple[Narrowing, list[Any]]:
        """The narrowing of ``query`` and its parameters in :func:`_narrowed`'s order."""
        narrowing = cls(
            query.country is not None,
            len(query.other_countries),
            query.deleted,
            query.created_from is not None,
            query.created_before is not None,
            query.edited_from is not None,
            query.edited_before is not None,
            query.tree_of is not None,
        )
        params: list[Any] = []
        if query.country is not None:
            params.append(query.country.upper())
        params.extend(c.upper() for c in query.other_countries)
        for moment in (
            query.created_from,
            query.created_before,
            query.edited_from,
            query.edited_before,
        ):
            if moment is not None:
                params.append(to_db_time(moment))
        if query.tree_of is not None:
            params.append(query.tree_of)
        return narrowing, params


def _tree(at: int) -> Any:
    """The ids of every account under account ``slot(at)``, at any depth (deleted ones too)."""
    top = models.TierAccount.alias("t")
    below = models.TierAccount.alias("u")
    base = top.select(top.id).where(top.parent == slot(at)).cte("tree", recursive=True)
    cte = base.union_all(below.select(below.id).join(base, on=(below.parent == base.c.id)))
    return cte.select_from(cte.c.id)


def _narrowed(narrowing: Narrowing, at: int) -> tuple[list[Node], int]:
    """The conditions of ``narrowing``, its parameters from ``slot(at)``; the next slot."""
    conditions: list[Node] = []
    if narrowing.deleted:
        conditions.append(_A.decommissioned_at.is_null(False))
    else:
        conditions.append(_A.decommissioned_at.is_null())
    if narrowing.country:
        conditions.append(_A.country == slot(at))
        at += 1
    if narrowing.other_countries:
        listed = [slot(at + i) for i in range(narrowing.other_countries)]
        conditions.append(_A.country.not_in(listed))
        at += narrowing.other_countries
    for used, field, compare in (
        (narrowing.created_from, _A.created_at, ">="),
        (narrowing.created_before, _A.created_at, "<"),
        (narrowing.edited_from, _A.updated_at, ">="),
        (narrowing.edited_before, _A.updated_at, "<"),
    ):
        if used:
            conditions.append(field >= slot(at) if compare == ">=" else field < slot(at))
            at += 1
    if narrowing.edited_from or narrowing.edited_before:
        conditions.append(_A.version > 1)  # an edit: a version after the first
    if narrowing.tree:
        conditions.append(_A.id.in_(_tree(at)))
        at += 1
    return conditions, at


class _Shape(NamedTuple):
    """What a :class:`DirectoryQuery` filters on: one compiled statement per shape and order."""

    type: bool
    parent: bool
    roots_only: bool
    search: _Search
    search_params: int = 0
    """How many parameters the search takes (on PostgreSQL one a term, on SQLite one)."""
    narrowing: Narrowing = Narrowing()
    """The Overview's filters (country, deleted, weeks, a reseller's tree)."""

    @property
    def filter_params(self) -> int:
        """Parameters of the conditions before the search's."""
        return int(self.type) + int(self.parent) + self.narrowing.params


Searcher: TypeAlias = ModuleType
""":mod:`search_index` (FTS5) or :mod:`postgres_search` (trigrams): the same functions."""


def _count_all() -> Any:
    return fn.COUNT(SQL("*"))


def _live(query: _Select, shape: _Shape, searcher: Searcher) -> _Select:
    """``query`` limited to a shape's live accounts; its parameters in :func:`_shape`'s order."""
    conditions: list[Node] = []
    params = 0
    if shape.type:
        conditions.append(_A.type == slot(params))
        params += 1
    if shape.parent:
        conditions.append(_A.parent == slot(params))
        params += 1
    narrowed, params = _narrowed(shape.narrowing, params)
    conditions.extend(narrowed)
    if shape.roots_only:
        conditions.append(_A.parent.is_null())
    slots = [slot(params + i) for i in range(shape.search_params)]
    if shape.search is _Search.SET:
        conditions.append(searcher.matching(_A, slots))
    elif shape.search is _Search.WALK:
        conditions.append(searcher.matching_row(_A, slots))
    return query.where(*conditions)


def _shape(
    query: DirectoryQuery, searcher: Searcher, walk: bool = False
) -> tuple[_Shape, list[Any]] | None:
    """The shape of ``query`` and its parameters in :func:`_live`'s order.

    None when its search has no word to look for (only punctuation or symbols): nothing
    matches.
    """
    params: list[Any] = []
    if query.type is not None:
        params.append(AccountType(query.type).value)
    if query.parent_id is not None:
        params.append(query.parent_id)
    narrowing, narrowing_params = Narrowing.of(query)
    params.extend(narrowing_params)
    search, found = _Search.NONE, []
    if query.search.strip():
        found = searcher.search_params(query.search)
        if found is None:
            return None
        search = _Search.WALK if walk else _Search.SET
        params.extend(found)
    shape = _Shape(
        query.type is not None,
        query.parent_id is not None,
        query.roots_only,
        search,
        len(found),
        narrowing,
    )
    return shape, params


def _order(column: DirectoryColumn, descending: bool, searcher: Searcher) -> list[Node]:
    """``column`` then the id (the same way round): the order of its live-only sort index.

    Names and cities sort as SQLite's NOCASE does; on PostgreSQL through ``nocase()``.
    """
    field = getattr(_A, _SORT_FIELDS[column])
    if searcher is postgres_search and column in _NOCASE:
        field = fn.nocase(field)
    fields = [field]
    if column is not DirectoryColumn.ID:
        fields.append(_A.id)
    return [f.desc() if descending else f.asc() for f in fields]


def _count(shape: _Shape, searcher: Searcher) -> _Select:
    return _live(_A.select(_count_all()), shape, searcher)


def _ids_of_page(
    shape: _Shape, column: DirectoryColumn, descending: bool, searcher: Searcher
) -> _Select:
    """The ids of a page in the sort index's order; then LIMIT and OFFSET."""
    size = shape.filter_params + shape.search_params
    return (
        _live(_A.select(_A.id), shape, searcher)
        .order_by(*_order(column, descending, searcher))
        .limit(slot(size))
        .offset(slot(size + 1))
    )


def _lines(size: int) -> _Select:
    """A directory line for each of ``size`` ids."""
    parent = models.TierAccount.alias("p")
    return (
        _A.select(
            _A.id,
            _A.name,
            _A.type,
            _A.parent,
            parent.name,
            _A.external_id,
            _A.country,
            _A.city,
            _A.hub,
            _H.name,
            _A.created_at,
        )
        .join(parent, JOIN.LEFT_OUTER, on=(parent.id == _A.parent))
        .join_from(_A, _H, JOIN.LEFT_OUTER, on=(_H.id == _A.hub))
        .where(_A.id.in_([slot(i) for i in range(size)]))
    )


def _in_order(
    shape: _Shape, column: DirectoryColumn, descending: bool, searcher: Searcher
) -> _Select:
    """Every column of the accounts (the model's field order), sorted."""
    return _live(_A.select(), shape, searcher).order_by(*_order(column, descending, searcher))


def _in_any_tier() -> SelectQuery:
    """The ids of the subscriptions holding account ``slot(0)`` in any tier (one index each)."""
    s = models.Subscription
    return (
        s.select(s.id).where(s.customer == slot(0))
        | s.select(s.id).where(s.tier1 == slot(0))
        | s.select(s.id).where(s.tier2 == slot(0))
    )


def _subscriptions_where(query: _Select, product: bool) -> _Select:
    conditions: list[Expression] = [_S.id.in_(_in_any_tier())]
    if product:
        conditions.append(_S.product == slot(1))
    return query.where(*conditions)


def _count_subscriptions(product: bool) -> _Select:
    return _subscriptions_where(_S.select(_count_all()), product)


def _subscriptions(product: bool) -> _Select:
    """Newest first; then LIMIT and OFFSET."""
    columns = (_S.id, _S.product, _S.marketplace, _S.status, _S.customer, _S.tier1, _S.tier2)
    query = _S.select(*columns, _S.created_at, _P.name).join(_P, on=(_P.id == _S.product))
    size = 1 + int(product)
    return (
        _subscriptions_where(query, product)
        .order_by(_S.created_at.desc(), _S.id)
        .limit(slot(size))
        .offset(slot(size + 1))
    )


def _count_fulfillment_requests() -> _Select:
    return _F.select(_count_all()).where(_F.subscription.in_(_in_any_tier()))


def _fulfillment_requests() -> _Select:
    """Newest first; then LIMIT and OFFSET."""
    return (
        _F.select(_F.id, _F.subscription, _F.type, _F.status, _F.created_at, _P.name)
        .join(_S, on=(_S.id == _F.subscription))
        .join(_P, on=(_P.id == _S.product))
        .where(_F.subscription.in_(_in_any_tier()))
        .order_by(_F.created_at.desc(), _F.id)
        .limit(slot(1))
        .offset(slot(2))
    )


def _tier_configs_where(query: _Select, product: bool) -> _Select:
    conditions: list[Expression] = [_C.account == slot(0)]
    if product:
        conditions.append(_C.product == slot(1))
    return query.where(*conditions)


def _count_tier_configs(product: bool) -> _Select:
    return _tier_configs_where(_C.select(_count_all()), product)


def _tier_configs(product: bool) -> _Select:
    """Newest first; then LIMIT and OFFSET."""
    columns = (_C.id, _C.name, _C.account, _C.product, _C.tier_level, _C.status, _C.created_at)
    query = _C.select(*columns, _P.name).join(_P, on=(_P.id == _C.product))
    size = 1 + int(product)
    return (
        _tier_configs_where(query, product)
        .order_by(_C.created_at.desc(), _C.id)
        .limit(slot(size))
        .offset(slot(size + 1))
    )


def _count_tier_config_requests() -> _Select:
    return _R.select(_count_all()).join(_C, on=(_C.id == _R.config)).where(_C.account == slot(0))


def _tier_config_requests() -> _Select:
    """Newest first; then LIMIT and OFFSET."""
    return (
        _R.select(_R.id, _R.config, _R.type, _R.status, _R.created_at, _P.name)
        .join(_C, on=(_C.id == _R.config))
        .join(_P, on=(_P.id == _C.product))
        .where(_C.account == slot(0))
        .order_by(_R.created_at.desc(), _R.id)
        .limit(slot(1))
        .offset(slot(2))
    )


class SqlQueryRepository(Repository):
    """Paged lists for the directory and the details tabs."""

    def __init__(self, db: Any, pending: PendingRows | None = None) -> None:
        super().__init__(db, pending)
        self._searcher: Searcher = postgres_search if is_postgres(db) else search_index

    def count_accounts(self, query: DirectoryQuery) -> int:
        """How many live accounts match."""
        plain = not query.narrowed and not query.roots_only and not query.search.strip()
        if plain and query.parent_id is None:
            # kept by triggers (no scan): the tally's table and statements are tallies.py's
            if query.type is None:
                return int(self._scalar(tallies.LIVE_ACCOUNTS))
            return int(self._scalar(tallies.LIVE_OF_TYPE, (AccountType(query.type).value,)))
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
        shaped = _shape(query, searcher)
        if shaped is None:
            return 0
        shape, params = shaped
        if shape == _Shape(False, False, False, _Search.SET, len(params)):  # no narrowing either
            # a search alone: counted in the index, which holds the live accounts only
            count = self._prepare(
                lambda: searcher.count_matching([slot(i) for i in range(len(params))]),
                ("count matching", len(params)),
            )
            return int(self._scalar(count, params))
        statement = self._prepare(partial(_count, shape, searcher), ("count", shape))
        return int(self._scalar(statement, params))

    def account_rows(
        self,
        query: DirectoryQuery,
        sort: SortSpec,
        offset: int,
        limit: int,
        total: int | None = None,
    ) -> Sequence[DirectoryRow]:
        """A page of the directory; past the middle of ``total`` rows it is read from the end.

        The page's ids come first, from the live-only index of the sort column (no table
        look-up per skipped row), then the page's details.
        """
        prefixed = query.type is not None and not query.search.strip()  # (type, column) index
        window = page_window(offset, limit, total, descending=sort.descending, prefixed=prefixed)
        walk = self._walk_search(query, total, window[0] + window[1])
        shaped = _shape(query, self._searcher, walk)
        if shaped is None:
            return []
        shape, params = shaped
        descending = sort.descending != window[2]
        page = self._prepare(
            partial(_ids_of_page, shape, sort.column, descending, self._searcher),
            ("page", shape, sort.column, descending),
        )
        rows = self._rows_by_id(_lines, self._page_ids(page, params, window))
        return [
            DirectoryRow(
                id=r[0],
                name=r[1],
                type=AccountType(r[2]),
                parent_id=r[3],
                parent_name=r[4],
                external_id=r[5],
                country=r[6],
                city=r[7],
                hub_id=r[8],
                hub_name=r[9] or r[8],
                created_at=from_db_time(r[10]),
            )
            for r in rows
        ]

    def accounts_in_order(
        self, query: DirectoryQuery, sort: SortSpec, batch: int = 1000
    ) -> Iterator[TierAccount]:
        """Every live account matching ``query`` in ``sort`` order, read ``batch`` at a time.

        One statement: what it yields is one consistent snapshot of the workspace.
        """
        shaped = _shape(query, self._searcher)
        if shaped is None:
            return
        shape, params = shaped
        statement = self._prepare(
            partial(_in_order, shape, sort.column, sort.descending, self._searcher),
            ("in order", shape, sort.column, sort.descending),
        )
        cursor = self._run(statement, params)
        try:
            while True:
                with read_errors():
                    rows = cursor.fetchmany(batch)
                if not rows:
                    break
                for row in rows:
                    yield account_from_row(row)
        finally:
            cursor.close()

    def _walk_search(self, query: DirectoryQuery, total: int | None, reach: int) -> bool:
        """Whether to test rows one by one while walking the sort index (the searcher's WALK_COST).

        A search that matches a large share of the accounts (one or two letters) finds a
        page's rows after a short walk, where collecting its matches first reads them all;
        a narrow one is found faster through its matches.
        """
        if (
            total is None
            or not query.search.strip()
            or query.parent_id is not None
            or query.narrowed
        ):
            return False
        searcher = self._searcher
        rows = int(self._scalar(self._prepare(lambda: searcher.row_bound(_A), "rows")) or 0)
        return int(searcher.WALK_COST) * reach * rows < total * total

    def count_subscriptions(self, account_id: str, product_id: str | None) -> int:
        """Subscriptions holding the account in any tier."""
        product = bool(product_id)
        statement = self._prepare(
            partial(_count_subscriptions, product), ("count subscriptions", product)
        )
        return int(self._scalar(statement, [account_id, product_id][: 1 + product]))

    def subscriptions(
        self, account_id: str, product_id: str | None, offset: int, limit: int
    ) -> Sequence[Subscription]:
        """A page of those subscriptions, newest first."""
        product = bool(product_id)
        statement = self._prepare(partial(_subscriptions, product), ("subscriptions", product))
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
        return int(self._scalar(self._prepare(_count_fulfillment_requests), (account_id,)))

    def fulfillment_requests(
        self, account_id: str, offset: int, limit: int
    ) -> Sequence[FulfillmentRequest]:
        """A page of them, newest first."""
        rows = self._all(self._prepare(_fulfillment_requests), (account_id, limit, offset))
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
            partial(_count_tier_configs, product), ("count tier configs", product)
        )
        return int(self._scalar(statement, [account_id, product_id][: 1 + product]))

    def tier_configs(
        self, account_id: str, product_id: str | None, offset: int, limit: int
    ) -> Sequence[TierConfig]:
        """A page of them."""
        product = bool(product_id)
        statement = self._prepare(partial(_tier_configs, product), ("tier configs", product))
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
        return int(self._scalar(self._prepare(_count_tier_config_requests), (account_id,)))

    def tier_config_requests(
        self, account_id: str, offset: int, limit: int
    ) -> Sequence[TierConfigRequest]:
        """A page of them, newest first."""
        rows = self._all(self._prepare(_tier_config_requests), (account_id, limit, offset))
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

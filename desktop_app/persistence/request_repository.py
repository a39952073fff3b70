"""Tier account requests, through peewee: filtered, sorted by an index, searched by prefix."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, Final, NamedTuple, TypeAlias

from peewee import JOIN, SQL, Insert, ModelSelect, Node, Update, fn

from desktop_app.domain.accounts import Event
from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.domain.text import SEARCH_WORDS_MAX
from desktop_app.persistence import models, postgres_search, search_index, tallies
from desktop_app.persistence.connection import Database
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.fields import from_db_time, to_db_time
from desktop_app.persistence.mapping import request_from_row, request_row
from desktop_app.persistence.model_rows import insert_query
from desktop_app.persistence.pending import PendingRows
from desktop_app.persistence.repository_base import CHUNK, Repository, page_window, slot
from desktop_app.services.queries import RequestColumn, RequestQuery, RequestRow

_R, _P = models.TierAccountRequest, models.Product
_A = models.TierAccount.alias("a")
_O, _U = models.OperatorAccount.alias("o"), models.AppUser.alias("u")

_Select: TypeAlias = "ModelSelect[Any]"  # peewee's stubs are generic

ID_PREFIX: Final = "tar-"
"""A search term starting so looks for request ids by prefix; other terms for the account."""
ID_LENGTH_MAX: Final = 28

_SORT_FIELDS: Final[dict[RequestColumn, str]] = {
    RequestColumn.ID: "id",
    RequestColumn.STATUS: "status",
    RequestColumn.ACCOUNT: "account",
    RequestColumn.PRODUCT: "product",
    RequestColumn.VENDOR: "vendor",
    RequestColumn.CREATED: "created_at",
    RequestColumn.DECIDED_BY: "updated_by",
    RequestColumn.DECIDED_AT: "updated_at",
}
"""The column each header sorts by (then the id; the status then the creation): an index each."""


class _Shape(NamedTuple):
    """What a :class:`RequestQuery` filters on: one compiled statement per shape and order."""

    status: bool = False
    vendor: bool = False
    product: bool = False
    account: bool = False
    created_from: bool = False
    created_before: bool = False
    id_terms: int = 0
    """Request id prefixes (two parameters each: from, before)."""
    search_params: int = 0
    """Parameters of the accounts' search (SQLite: one FTS5 query; PostgreSQL: one a term)."""
    walk_status: bool = False
    """The status is checked on the rows the sort index walks, not looked up in an index."""
    walk_vendor: bool = False
    """The same for the vendor."""

    @property
    def size(self) -> int:
        """How many parameters the conditions take."""
        flags = (self.status, self.vendor, self.product, self.account)
        bounds = int(self.created_from) + int(self.created_before)
        return sum(flags) + bounds + 2 * self.id_terms + self.search_params


Searcher: TypeAlias = Any
""":mod:`search_index` (FTS5) or :mod:`postgres_search` (trigrams): the same functions."""


def split_search(search: str) -> tuple[list[str], str]:
    """Request id prefixes (upper case) and the rest of a search box text (for the account)."""
    terms = search.split()[:SEARCH_WORDS_MAX]
    ids = [t[:ID_LENGTH_MAX].upper() for t in terms if t.lower().startswith(ID_PREFIX)]
    rest = " ".join(t for t in terms if not t.lower().startswith(ID_PREFIX))
    return list(dict.fromkeys(ids)), rest


def _after(prefix: str) -> str:
    """The first text past every text starting with ``prefix`` (ids compare by bytes)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


_LEADS: Final[dict[tuple[str, ...], frozenset[RequestColumn]]] = {
    ("status",): frozenset({RequestColumn.CREATED, RequestColumn.STATUS, RequestColumn.PRODUCT}),
    ("vendor",): frozenset({RequestColumn.ID, RequestColumn.VENDOR, RequestColumn.PRODUCT}),
    ("status", "vendor"): frozenset({RequestColumn.CREATED}),
}
"""The sorts an index serves after equalities on these columns (schema 9's indexes)."""


def _walked(status: bool, vendor: bool, column: RequestColumn) -> tuple[bool, bool]:
    """Which of the status and vendor equalities to check on the rows walked, not seek.

    A page sorted by a column the equality's index does not order by would otherwise be read
    through that index and sorted whole (a quarter of the requests are pending).
    """
    leads = ("status",) * status + ("vendor",) * vendor
    if not leads or column in _LEADS[leads]:
        return False, False
    if status and vendor:
        if column in _LEADS[("vendor",)]:
            return True, False
        if column in _LEADS[("status",)]:
            return False, True
    return status, vendor


def _shape(query: RequestQuery, searcher: Searcher) -> tuple[_Shape, list[Any]] | None:
    """The shape of ``query`` and its parameters in :func:`_filtered`'s order.

    None when its search has a term with no word to look for: nothing matches.
    """
    params: list[Any] = []
    for value in (query.status, query.vendor_id, query.product_id, query.account_id):
        if value is not None:
            params.append(value.value if isinstance(value, RequestStatus) else value)
    for moment in (query.created_from, query.created_before):
        if moment is not None:
            params.append(to_db_time(moment))
    ids, rest = split_search(query.search)
    for prefix in ids:
        params.extend((prefix, _after(prefix)))
    found: list[str] = []
    if rest.strip():
        searched = searcher.search_params(rest)
        if searched is None:
            return None
        found = list(searched)
        params.extend(found)
    shape = _Shape(
        query.status is not None,
        query.vendor_id is not None,
        query.product_id is not None,
        query.account_id is not None,
        query.created_from is not None,
        query.created_before is not None,
        len(ids),
        len(found),
        *_walked(query.status is not None, query.vendor_id is not None, query.sort.column),
    )
    return shape, params


def _filtered(query: _Select, shape: _Shape, searcher: Searcher) -> _Select:
    """``query`` limited to a shape's requests; its parameters in :func:`_shape`'s order."""
    conditions: list[Node] = []
    fields: tuple[tuple[bool, Node], ...] = (
        # "|| ''" keeps the planner from seeking the equality in an index (the same value)
        (shape.status, _R.status.concat("") if shape.walk_status else _R.status),
        (shape.vendor, _R.vendor.concat("") if shape.walk_vendor else _R.vendor),
        (shape.product, _R.product),
        (shape.account, _R.account),
    )
    for wanted, field in fields:
        if wanted:
            conditions.append(field == slot(len(conditions)))
    if shape.created_from:
        conditions.append(_R.created_at >= slot(len(conditions)))
    if shape.created_before:
        conditions.append(_R.created_at < slot(len(conditions)))
    at = len(conditions)
    for i in range(shape.id_terms):
        conditions.append((_R.id >= slot(at + 2 * i)) & (_R.id < slot(at + 2 * i + 1)))
    at += 2 * shape.id_terms
    if shape.search_params:
        slots = [slot(at + i) for i in range(shape.search_params)]
        # the accounts' own search index finds the accounts; their requests by account_id
        accounts = _A.select(_A.id).where(
            _A.decommissioned_at.is_null(), searcher.matching(_A, slots)
        )
        conditions.append(_R.account.in_(accounts))
    return query.where(*conditions) if conditions else query


def _order(column: RequestColumn, descending: bool) -> list[Node]:
    """``column`` then the id, the same way round: the order of the column's index."""
    fields = [getattr(_R, _SORT_FIELDS[column])]
    if column is RequestColumn.STATUS:
        fields.append(_R.created_at)  # one index orders both: (status, created_at, id)
    if column is not RequestColumn.ID:
        fields.append(_R.id)
    return [f.desc() if descending else f.asc() for f in fields]


def _count_all() -> Any:
    return fn.COUNT(SQL("*"))


def _count(shape: _Shape, searcher: Searcher) -> _Select:
    return _filtered(_R.select(_count_all()), shape, searcher)


def _page_ids(
    shape: _Shape, column: RequestColumn, descending: bool, searcher: Searcher
) -> _Select:
    """The ids of a page in the sort index's order; then LIMIT and OFFSET."""
    size = shape.size
    return (
        _filtered(_R.select(_R.id), shape, searcher)
        .order_by(*_order(column, descending))
        .limit(slot(size))
        .offset(slot(size + 1))
    )


def _lines(size: int) -> _Select:
    """A list line for each of ``size`` ids: names of the account, product, vendor, decider."""
    return (
        _R.select(
            _R.id,
            _R.account,
            _A.name,
            _R.product,
            _P.name,
            _R.status,
            _R.created_at,
            _R.vendor,
            _O.name,
            _R.updated_by,
            _U.name,
            _R.updated_at,
        )
        .join(_A, on=(_A.id == _R.account))
        .join_from(_R, _P, on=(_P.id == _R.product))
        .join_from(_R, _O, JOIN.LEFT_OUTER, on=(_O.id == _R.vendor))
        .join_from(_R, _U, JOIN.LEFT_OUTER, on=(_U.id == _R.updated_by))
        .where(_R.id.in_([slot(i) for i in range(size)]))
    )


def _line(r: Sequence[Any]) -> RequestRow:
    status = RequestStatus(r[5])
    decided = status is not RequestStatus.PENDING
    return RequestRow(
        id=r[0],
        account_id=r[1],
        account_name=r[2],
        product_id=r[3],
        product_name=r[4],
        status=status,
        created_at=from_db_time(r[6]),
        vendor_id=r[7],
        vendor_name=r[8] or r[7],
        decided_by=(r[10] or r[9]) if decided else None,
        decided_at=from_db_time(r[11]) if decided else None,
    )


def _get() -> _Select:
    return _R.select().where(_R.id == slot(0))


def _by_ids(size: int) -> _Select:
    return _R.select().where(_R.id.in_([slot(i) for i in range(size)]))


def _insert() -> Insert:
    return insert_query(_R)


def _change_status() -> Update:
    return _R.update(
        {_R.status: slot(0), _R.reason: slot(1), _R.updated_at: slot(2), _R.updated_by: slot(3)}
    ).where(_R.id == slot(4), _R.status == slot(5))


def _change_many(size: int) -> Update:
    """Move ``size`` requests (ids from parameter 5 on) from status ``slot(4)``, in one go."""
    return _R.update(
        {_R.status: slot(0), _R.reason: slot(1), _R.updated_at: slot(2), _R.updated_by: slot(3)}
    ).where(_R.status == slot(4), _R.id.in_([slot(5 + i) for i in range(size)]))


def _pending_of_account() -> _Select:
    return _R.select(_count_all()).where(
        _R.account == slot(0), _R.status == RequestStatus.PENDING.value
    )


def _pending_shape(query: RequestQuery) -> bool:
    """The whole workspace's pending requests: counted by the triggers' tally."""
    return query.filters == RequestQuery(status=RequestStatus.PENDING)


class SqlRequestRepository(Repository):
    """Tier account requests."""

    def __init__(self, db: Database, pending: PendingRows | None = None) -> None:
        super().__init__(db, pending)
        self._searcher: Searcher = postgres_search if is_postgres(db) else search_index

    def get(self, request_id: str) -> TierAccountRequest | None:
        """The request or None."""
        row = self._one(self._prepare(_get), (request_id,))
        return None if row is None else request_from_row(row)

    def get_many(self, request_ids: Sequence[str]) -> list[TierAccountRequest]:
        """The requests of ``request_ids`` that exist, in that order."""
        return [request_from_row(r) for r in self._rows_by_id(_by_ids, request_ids)]

    def insert_many(self, requests: Sequence[TierAccountRequest]) -> None:
        """Add requests raised by one edit."""
        if not requests:
            return
        if self._pending:
            self._pending.flush(self._db.connection())
        self._db.cursor().executemany(
            self._prepare(_insert).sql, [request_row(r) for r in requests]
        )

    def change_status(
        self,
        request_id: str,
        expected: RequestStatus,
        status: RequestStatus,
        reason: str,
        event: Event,
    ) -> bool:
        """Move from ``expected`` to ``status``; False when the request was not in ``expected``."""
        cursor = self._run(
            self._prepare(_change_status),
            (status.value, reason, to_db_time(event.at), event.by, request_id, expected.value),
        )
        return bool(cursor.rowcount == 1)

    def change_status_many(
        self,
        request_ids: Sequence[str],
        expected: RequestStatus,
        status: RequestStatus,
        reason: str,
        event: Event,
    ) -> int:
        """Move every request of ``request_ids`` in ``expected`` to ``status``; how many moved.

        One statement per :data:`CHUNK` ids (the caller's transaction holds them together).
        """
        values = (status.value, reason, to_db_time(event.at), event.by, expected.value)
        moved = 0
        unique = list(dict.fromkeys(request_ids))
        for start in range(0, len(unique), CHUNK):
            statement, padded = self._in(_change_many, unique[start : start + CHUNK])
            moved += int(self._run(statement, [*values, *padded]).rowcount)
        return moved

    def pending_count(self, account_id: str) -> int:
        """Pending requests of an account."""
        return int(self._scalar(self._prepare(_pending_of_account), (account_id,)))

    def count(self, query: RequestQuery) -> int:
        """How many requests match."""
        if _pending_shape(query):
            # the tally kept by triggers (no scan): its table and statements are tallies.py's
            return int(self._scalar(tallies.PENDING_REQUESTS))
        shaped = _shape(query, self._searcher)
        if shaped is None:
            return 0
        shape, params = shaped
        statement = self._prepare(partial(_count, shape, self._searcher), ("count", shape))
        return int(self._scalar(statement, params))

    def ids(
        self, query: RequestQuery, offset: int, limit: int, total: int | None = None
    ) -> list[str]:
        """The ids of a page of matching requests, in the query's order (from one index)."""
        shaped = _shape(query, self._searcher)
        if shaped is None:
            return []
        shape, params = shaped
        sort = query.sort
        prefixed = shape.status or shape.vendor or shape.product or shape.account
        window = page_window(offset, limit, total, descending=sort.descending, prefixed=prefixed)
        descending = sort.descending != window[2]
        page = self._prepare(
            partial(_page_ids, shape, sort.column, descending, self._searcher),
            ("page", shape, sort.column, descending),
        )
        return self._page_ids(page, params, window)

    def rows(
        self, query: RequestQuery, offset: int, limit: int, total: int | None = None
    ) -> Sequence[RequestRow]:
        """A page of matching requests in the query's order; past the middle, from the end.

        The page's ids come first, from the sort column's index alone (no join per row
        skipped), then their account, product, vendor and decider names.
        """
        ids = self.ids(query, offset, limit, total)
        return [_line(r) for r in self._rows_by_id(_lines, ids)]

"""Tier account requests, through peewee: filtered, sorted by an index, searched by prefix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from typing import Any, Final, TypeAlias

from peewee import JOIN, SQL, Insert, ModelSelect, Update, fn

from desktop_app.domain.accounts import Event
from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.persistence import keyset, models, postgres_search, search_index
from desktop_app.persistence.connection import Database
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.fields import from_db_time, to_db_time
from desktop_app.persistence.keyset import After
from desktop_app.persistence.keyset_reads import KeysetRepository
from desktop_app.persistence.mapping import request_from_row, request_row
from desktop_app.persistence.model_rows import insert_query
from desktop_app.persistence.pending import PendingRows
from desktop_app.persistence.prepared import Prepared, slot
from desktop_app.persistence.repository_base import CHUNK, page_window
from desktop_app.persistence.request_query import (
    Searcher,
    Shape,
    filtered,
    key_fields,
    keyed,
    order,
    shape_of,
)
from desktop_app.services.listing import Anchors, Waiting, nobody_waits
from desktop_app.services.queries import RequestColumn, RequestQuery, RequestRow

_R, _P = models.TierAccountRequest, models.Product
_T = models.OverviewTally
_A = models.TierAccount.alias("a")
_O, _U = models.OperatorAccount.alias("o"), models.AppUser.alias("u")

_Select: TypeAlias = "ModelSelect[Any]"  # peewee's stubs are generic

BROAD_COST: Final = 4
"""An account matched costs about four requests walked (a table look-up against an index
probe): a search matching more accounts than a quarter of the requests walks the requests."""
BREADTHS_KEPT: Final = 256


def _count_all() -> Any:
    return fn.COUNT(SQL("*"))


def _count(shape: Shape, searcher: Searcher) -> _Select:
    return filtered(_R.select(_count_all()), shape, searcher)


def _page_ids(
    shape: Shape,
    column: RequestColumn,
    descending: bool,
    searcher: Searcher,
    start: After = After.START,
) -> _Select:
    """The ids of a page in the sort index's order; then LIMIT and OFFSET.

    ``start``: the page's rows come after a key (:mod:`keyset`), given before LIMIT, one
    parameter a field of :func:`key_fields`.
    """
    return keyset.page_after(
        filtered(_R.select(_R.id), shape, searcher),
        key_fields(shape, column),
        order(column, descending),
        descending,
        start,
        shape.size,
    )


def _key(
    shape: Shape, column: RequestColumn, descending: bool, searcher: Searcher, start: After
) -> _Select:
    """The key of one request (:func:`key_fields`), after a key when ``start`` says so."""
    fields = key_fields(shape, column)
    return keyset.key_after(
        filtered(_R.select(*fields), shape, searcher),
        fields,
        order(column, descending),
        descending,
        start,
        shape.size,
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


def _tallied(query: RequestQuery) -> tuple[str, tuple[str, ...] | None] | None:
    """The Overview's tally (name, keys; None: every key) counting ``query``'s requests, if any.

    Every request, a vendor's, either of one status, and the pending ones of a product are
    kept by triggers (overview_tallies.py): counting a vendor's 123,261 requests read an index
    each time, 6 ms (every request: 5-13 ms).
    """
    rest = replace(query.filters, status=None, product_id=None, vendor_id=None)
    if rest != RequestQuery():
        return None
    status, vendor = query.status, query.vendor_id
    if query.product_id is not None:
        pending = status is RequestStatus.PENDING and vendor is None
        return ("pending_product", (query.product_id,)) if pending else None
    if vendor is None:
        return "requests", None if status is None else (status.value,)
    statuses = list(RequestStatus) if status is None else [status]
    return "vendor_requests", tuple(f"{vendor}|{s.value}" for s in statuses)


def _tally_sum() -> _Select:
    return _T.select(fn.COALESCE(fn.SUM(_T.value), 0)).where(_T.name == slot(0))


def _tally_keys(size: int) -> _Select:
    keys = [slot(1 + i) for i in range(size)]
    return _T.select(fn.COALESCE(fn.SUM(_T.value), 0)).where(_T.name == slot(0), _T.key.in_(keys))


def _request_bound() -> _Select:
    """At least the number of requests, read without a scan (the largest rowid)."""
    return _R.select(fn.MAX(SQL("rowid")))


class SqlRequestRepository(KeysetRepository):
    """Tier account requests."""

    def __init__(self, db: Database, pending: PendingRows | None = None) -> None:
        super().__init__(db, pending)
        self._searcher: Searcher = postgres_search if is_postgres(db) else search_index
        self._breadth: dict[str, bool] = {}

    def _shaped(self, query: RequestQuery) -> tuple[Shape, list[Any]] | None:
        """:func:`shape_of`, telling a broad search of the accounts from a narrow one."""
        shaped = shape_of(query, self._searcher)
        if shaped is None or not shaped[0].search_params or self._searcher is postgres_search:
            return shaped  # PostgreSQL's planner weighs the trigram matches itself
        shape, params = shaped
        search = params[-1]  # SQLite: the one FTS5 query, the last parameter
        broad = self._breadth.get(search)
        if broad is None:
            counting = self._prepare(lambda: search_index.count_matching([slot(0)]), "matches")
            matches = int(self._scalar(counting, (search,)))
            rows = int(self._scalar(self._prepare(_request_bound), ()) or 0)
            broad = matches * BROAD_COST > rows
            if len(self._breadth) >= BREADTHS_KEPT:
                self._breadth.clear()
            self._breadth[search] = broad
        return shape._replace(broad=broad), params

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
        tally = _tallied(query)
        if tally is not None:
            name, keys = tally
            if keys is None:
                return int(self._scalar(self._prepare(_tally_sum), (name,)))
            statement = self._prepare(partial(_tally_keys, len(keys)), ("tally", len(keys)))
            return int(self._scalar(statement, (name, *keys)))
        shaped = self._shaped(query)
        if shaped is None:
            return 0
        shape, params = shaped
        # a count has no order to keep: every equality is sought in its index, none walked
        # (a walked one scanned the vendor's or the status's whole index: 30-90 ms at 344,455)
        shape = shape._replace(walk_status=False, walk_vendor=False, vendor_products=False)
        statement = self._prepare(partial(_count, shape, self._searcher), ("count", shape))
        return self._kept_count(
            ("count", shape, *params), lambda: int(self._scalar(statement, params))
        )

    def ids(
        self,
        query: RequestQuery,
        offset: int,
        limit: int,
        total: int | None = None,
        anchors: Anchors | None = None,
    ) -> list[str]:
        """The ids of a page of matching requests, in the query's order (from one index).

        With ``anchors`` read ahead (:meth:`anchors`), a page far from both ends is read
        from the key before it.
        """
        shaped = self._shaped(query)
        if shaped is None:
            return []
        shape, params = shaped
        sort = query.sort
        prefixed = shape.status or shape.vendor or shape.product or shape.account
        window = page_window(offset, limit, total, descending=sort.descending, prefixed=prefixed)
        if self._keyed(shape):
            found = self._keyed_ids(
                anchors,
                total,
                (offset, limit),
                window[0],
                lambda start: self._page(shape, sort.column, sort.descending, start),
                params,
            )
            if found is not None:
                return found
        descending = sort.descending != window[2]
        page = self._page(shape, sort.column, descending, After.START)
        return self._page_ids(page, params, window)

    def rows(
        self,
        query: RequestQuery,
        offset: int,
        limit: int,
        total: int | None = None,
        anchors: Anchors | None = None,
    ) -> Sequence[RequestRow]:
        """A page of matching requests in the query's order; past the middle, from the end.

        The page's ids come first, from the sort column's index alone (no join per row
        skipped), then their account, product, vendor and decider names.
        """
        ids = self.ids(query, offset, limit, total, anchors)
        return [_line(r) for r in self._rows_by_id(_lines, ids)]

    def keyset(self, query: RequestQuery) -> Anchors:
        """The anchors of ``query``'s list (kept between listings of the same query)."""
        return self._kept_anchors(("requests", query))

    def anchors(
        self, query: RequestQuery, anchors: Anchors, total: int, waiting: Waiting = nobody_waits
    ) -> bool:
        """Read ``anchors`` of the query's list ahead for one short step; True while more remain.

        Only every request, or one status or vendor of them, has them (:func:`keyed`).
        """
        shaped = self._shaped(query)
        if shaped is None or not self._keyed(shaped[0]):
            anchors.done = True
            return False
        shape, params = shaped
        column = query.sort.column

        def statement(start: After, backwards: bool) -> Prepared:
            descending = query.sort.descending != backwards
            return self._prepare(
                partial(_key, shape, column, descending, self._searcher, start),
                ("key", shape, column, descending, start),
            )

        return self._keys_ahead(anchors, total, statement, params, waiting)

    def _keyed(self, shape: Shape) -> bool:
        """Whether the shape's far pages are read from anchors (:func:`keyed`).

        On a server not where the status or vendor is checked on the rows walked: each row
        walked is looked up in the table there, and a key 2,000 matching rows on took up to
        0.5 s (at 345,000 requests, one vendor's third), a page asked meanwhile waiting on it.
        """
        walked = shape.walk_status or shape.walk_vendor
        return keyed(shape) and not (walked and self._searcher is postgres_search)

    def _page(
        self, shape: Shape, column: RequestColumn, descending: bool, start: After
    ) -> Prepared:
        return self._prepare(
            partial(_page_ids, shape, column, descending, self._searcher, start),
            ("page", shape, column, descending, start),
        )

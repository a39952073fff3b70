"""Tier account requests, through peewee."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, TypeAlias

from peewee import OP, SQL, Expression, Insert, ModelSelect, Node, NodeList, Update, Value, fn

from desktop_app.domain.accounts import Event
from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.persistence import models, tallies
from desktop_app.persistence.fields import from_db_time, to_db_time
from desktop_app.persistence.mapping import request_from_row, request_row
from desktop_app.persistence.model_rows import insert_query
from desktop_app.persistence.repository_base import (
    Repository,
    like_pattern,
    page_window,
    search_words,
    slot,
)
from desktop_app.services.queries import RequestQuery, RequestRow

_R, _A, _P = models.TierAccountRequest, models.TierAccount, models.Product

_Select: TypeAlias = "ModelSelect[models.TierAccountRequest]"  # peewee's stubs are generic
_Shape = tuple[bool, bool, int]
"""What a :class:`RequestQuery` filters on: a status, an account, how many search words."""


def _get() -> _Select:
    return _R.select().where(_R.id == slot(0))


def _insert() -> Insert:
    return insert_query(_R)


def _change_status() -> Update:
    return _R.update(
        {_R.status: slot(0), _R.reason: slot(1), _R.updated_at: slot(2), _R.updated_by: slot(3)}
    ).where(_R.id == slot(4), _R.status == slot(5))


def _count_all() -> Any:
    return fn.COUNT(SQL("*"))


def _pending_of_account() -> _Select:
    return _R.select(_count_all()).where(
        _R.account == slot(0), _R.status == RequestStatus.PENDING.value
    )


def _like(text: Node, pattern: Node) -> Expression:
    """``text LIKE pattern ESCAPE '\\'`` (as peewee's own ``contains`` writes it)."""
    return Expression(text, OP.ILIKE, NodeList((pattern, SQL("ESCAPE"), Value("\\", False))))


def _filtered(query: _Select, shape: _Shape) -> _Select:
    """``query`` limited to a shape's requests; its parameters in :func:`_shape`'s order."""
    status, account, words = shape
    if words:
        query = (
            query.join(_A, on=(_A.id == _R.account)).switch(_R).join(_P, on=(_P.id == _R.product))
        )
    conditions: list[Expression] = []
    if status:
        conditions.append(_R.status == slot(len(conditions)))
    if account:
        conditions.append(_R.account == slot(len(conditions)))
    first = len(conditions)
    for i in range(first, first + words):
        conditions.append(
            _like(fn.lower(_R.id), slot(i))
            | _like(_A.search_text, slot(i))
            | _like(fn.lower(_P.name), slot(i))
        )
    return query.where(*conditions) if conditions else query


def _shape(query: RequestQuery) -> tuple[_Shape, list[Any]]:
    """The shape of ``query`` and its parameters in :func:`_filtered`'s order."""
    words = search_words(query.search)
    params: list[Any] = []
    if query.status is not None:
        params.append(query.status.value)
    if query.account_id is not None:
        params.append(query.account_id)
    params.extend(like_pattern(w) for w in words)
    return (query.status is not None, query.account_id is not None, len(words)), params


def _count(shape: _Shape) -> _Select:
    return _filtered(_R.select(_count_all()), shape)


def _page_ids(shape: _Shape, backwards: bool) -> _Select:
    """The ids of a page, newest first (oldest first ``backwards``); then LIMIT and OFFSET."""
    order = (
        (_R.created_at.asc(), _R.id.asc()) if backwards else (_R.created_at.desc(), _R.id.desc())
    )
    size = int(shape[0]) + int(shape[1]) + shape[2]
    return (
        _filtered(_R.select(_R.id), shape).order_by(*order).limit(slot(size)).offset(slot(size + 1))
    )


def _rows_by_id(count: int) -> _Select:
    return (
        _R.select(_R.id, _R.account, _A.name, _R.product, _P.name, _R.status, _R.created_at)
        .join(_A, on=(_A.id == _R.account))
        .switch(_R)
        .join(_P, on=(_P.id == _R.product))
        .where(_R.id.in_([slot(i) for i in range(count)]))
    )


class SqlRequestRepository(Repository):
    """Tier account requests."""

    def get(self, request_id: str) -> TierAccountRequest | None:
        """The request or None."""
        row = self._one(self._prepare(_get), (request_id,))
        return None if row is None else request_from_row(row)

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

    def pending_count(self, account_id: str) -> int:
        """Pending requests of an account."""
        return int(self._scalar(self._prepare(_pending_of_account), (account_id,)))

    def count(self, query: RequestQuery) -> int:
        """How many requests match."""
        if query == RequestQuery(status=RequestStatus.PENDING):
            # the tally kept by triggers (no scan): its table and statements are tallies.py's
            return int(self._scalar(tallies.PENDING_REQUESTS))
        shape, params = _shape(query)
        return int(self._scalar(self._prepare(partial(_count, shape), ("count", shape)), params))

    def rows(
        self, query: RequestQuery, offset: int, limit: int, total: int | None = None
    ) -> Sequence[RequestRow]:
        """A page of matching requests, newest first; past the middle of ``total``, from the end.

        The page's ids come first, from the index in creation order alone (no join per row
        skipped), then their account and product names.
        """
        shape, params = _shape(query)
        prefixed = query.status is not None or query.account_id is not None
        offset, limit, backwards = page_window(
            offset, limit, total, descending=True, prefixed=prefixed
        )
        page = self._prepare(partial(_page_ids, shape, backwards), ("page", shape, backwards))
        ids = [str(r[0]) for r in self._all(page, [*params, limit, offset])]
        if backwards:
            ids.reverse()
        if not ids:
            return []
        names = self._prepare(partial(_rows_by_id, len(ids)), ("rows", len(ids)))
        found = {r[0]: r for r in self._all(names, ids)}
        return [
            RequestRow(r[0], r[1], r[2], r[3], r[4], RequestStatus(r[5]), from_db_time(r[6]))
            for r in (found[i] for i in ids if i in found)
        ]

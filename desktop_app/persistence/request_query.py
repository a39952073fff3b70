"""A request list's query as peewee says it: filters, the account search, the sort's order.

One compiled statement per shape (what the query filters on) and order; the repository
(:mod:`request_repository`) runs them.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple, TypeAlias

from peewee import ModelSelect, Node

from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.text import SEARCH_WORDS_MAX
from desktop_app.persistence import models
from desktop_app.persistence.fields import to_db_time
from desktop_app.persistence.prepared import slot
from desktop_app.services.queries import RequestColumn, RequestQuery

_R, _P = models.TierAccountRequest, models.Product
_A = models.TierAccount.alias("a")

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


class Shape(NamedTuple):
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
    vendor_products: bool = False
    """The vendor is asked as its products (one status by product: that status's index, each
    of the vendor's products in turn, the order kept)."""
    broad: bool = False
    """The search matches many accounts: each request's account is looked up in the matches
    (a join driven by the requests) instead of every match's requests (SQLite)."""

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
    ("vendor",): frozenset(
        {RequestColumn.ID, RequestColumn.VENDOR, RequestColumn.PRODUCT, RequestColumn.STATUS}
    ),
    ("status", "vendor"): frozenset(
        {RequestColumn.CREATED, RequestColumn.PRODUCT, RequestColumn.STATUS}
    ),
}
"""The sorts an index serves after equalities on these columns (schema 9's indexes): the
status sorts as ``(status, created_at, id)``, which ``(vendor, status, created_at, id)`` holds
after the vendor (a vendor's requests by status from the middle: 167 ms walked, 2.5 sought)."""


def walked(status: bool, vendor: bool, column: RequestColumn) -> tuple[bool, bool]:
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


def shape_of(query: RequestQuery, searcher: Searcher) -> tuple[Shape, list[Any]] | None:
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
    shape = Shape(
        query.status is not None,
        query.vendor_id is not None,
        query.product_id is not None,
        query.account_id is not None,
        query.created_from is not None,
        query.created_before is not None,
        len(ids),
        len(found),
        *walked(query.status is not None, query.vendor_id is not None, query.sort.column),
        query.status is not None
        and query.vendor_id is not None
        and query.sort.column is RequestColumn.PRODUCT,
    )
    return shape, params


def filtered(query: _Select, shape: Shape, searcher: Searcher) -> _Select:
    """``query`` limited to a shape's requests; its parameters in :func:`_shape`'s order."""
    conditions: list[Node] = []
    hinted = bool(searcher.WALK_HINT)
    fields: tuple[tuple[bool, Node], ...] = (
        # "|| ''" keeps SQLite's planner from seeking the equality in an index (the same
        # value); PostgreSQL's weighs it, and the hint only hid the vendor in the index walked
        (shape.status, _R.status.concat("") if shape.walk_status and hinted else _R.status),
        (shape.vendor, _R.vendor.concat("") if shape.walk_vendor and hinted else _R.vendor),
        (shape.product, _R.product),
        (shape.account, _R.account),
    )
    for wanted, field in fields:
        if not wanted:
            continue
        if field is _R.vendor and shape.vendor_products:
            products = _P.select(_P.id).where(_P.vendor == slot(len(conditions)))
            conditions.append(_R.product.in_(products))
        else:
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
        if shape.broad:
            # the requests outside ("|| ''": never sought by account): an account's rowid
            # comes from the id's own index, and only live accounts are in the search index
            query = query.join(_A, on=(_A.id == _R.account.concat("")))
            conditions.append(searcher.matching(_A, slots))
        else:
            # the accounts' own search index finds the accounts; their requests by account_id
            accounts = _A.select(_A.id).where(
                _A.decommissioned_at.is_null(), searcher.matching(_A, slots)
            )
            conditions.append(_R.account.in_(accounts))
    return query.where(*conditions) if conditions else query


def sort_fields(column: RequestColumn) -> list[Any]:
    """``column`` then the id: the order of the column's index (no direction)."""
    fields = [getattr(_R, _SORT_FIELDS[column])]
    if column is RequestColumn.STATUS:
        fields.append(_R.created_at)  # one index orders both: (status, created_at, id)
    if column is not RequestColumn.ID:
        fields.append(_R.id)
    return fields


def order(column: RequestColumn, descending: bool) -> list[Node]:
    """``column`` then the id, the same way round: the order of the column's index."""
    return [f.desc() if descending else f.asc() for f in sort_fields(column)]


def keyed(shape: Shape) -> bool:
    """Whether the shape's far pages are read from keyset anchors (:mod:`keyset`).

    Every request, or one status or vendor (or both): their pages walk one index in order.
    Other filters and searches sort what they find, which anchors would not make cheaper.
    """
    plain = Shape(shape.status, shape.vendor, walk_status=shape.walk_status)
    return shape == plain._replace(walk_vendor=shape.walk_vendor)


def key_fields(shape: Shape, column: RequestColumn) -> list[Any]:
    """The sort fields a page's rows are compared on after a key.

    A status or vendor the shape asks for is the same in every row: as the first field of a
    row value it would keep the index from being sought past it.
    """
    fields = sort_fields(column)
    fixed = (column is RequestColumn.STATUS and shape.status) or (
        column is RequestColumn.VENDOR and shape.vendor
    )
    return fields[1:] if fixed else fields

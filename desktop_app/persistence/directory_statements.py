"""The directory's statements over the accounts: filters, search, sort order and pages.

Apart from :class:`~desktop_app.persistence.query_repository.SqlQueryRepository`, which
decides which statement answers a question and runs it: here a :class:`DirectoryQuery`
becomes a shape (one compiled statement per shape and order) and its parameters, in the
order the statements' slots take them, on SQLite (FTS5) and PostgreSQL (trigrams) alike.
"""

from __future__ import annotations

from enum import Enum
from types import ModuleType
from typing import Any, Final, NamedTuple, TypeAlias

from peewee import JOIN, SQL, Cast, ModelSelect, Node, fn

from desktop_app.domain.enums import AccountType
from desktop_app.persistence import keyset, models, postgres_search
from desktop_app.persistence.fields import to_db_time
from desktop_app.persistence.keyset import After
from desktop_app.persistence.prepared import slot
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery

_Select: TypeAlias = "ModelSelect[Any]"  # peewee's stubs are generic

_A = models.TierAccount.alias("a")
_H = models.Hub.alias("h")

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


class Search(Enum):
    """How a directory query looks for its search words."""

    NONE = "none"
    SET = "set"
    """Every match collected from the search index first."""
    WALK = "walk"
    """Each row tested against the search index as the sort index is walked."""
    WALK_SET = "walk set"
    """The matches collected once into a set, each row the sort index walks looked up in it."""
    GIVEN = "given"
    """:attr:`SET` from the matches read when the search was counted, a list (a file only)."""
    WALK_GIVEN = "walk given"
    """:attr:`WALK_SET` from the matches read when the search was counted (a file only)."""


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
    walk_country: bool = False
    """The country is checked on the rows the sort index walks (a large share), not sought."""

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
        # trim() (the stored country is trimmed already) keeps the planner off the country's
        # index: a page of a country holding 20 % of the accounts sorted them all (200 ms)
        country = fn.TRIM(_A.country) if narrowing.walk_country else _A.country
        conditions.append(country == slot(at))
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


class Shape(NamedTuple):
    """What a :class:`DirectoryQuery` filters on: one compiled statement per shape and order."""

    type: bool
    parent: bool
    roots_only: bool
    search: Search
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


def _live(query: _Select, shape: Shape, searcher: Searcher) -> _Select:
    """``query`` limited to a shape's live accounts; its parameters in :func:`shape_of`'s order."""
    conditions: list[Node] = []
    params = 0
    if shape.type:
        # deleted accounts have no index by type and sort column (a few per cent of them,
        # sorted by each column with the type last): on SQLite "|| ''" keeps the planner
        # from taking the type's index and sorting all of them (26,399 deleted customers)
        walked = shape.narrowing.deleted and searcher.WALK_HINT
        conditions.append((_A.type.concat("") if walked else _A.type) == slot(params))
        params += 1
    if shape.parent:
        conditions.append(_A.parent == slot(params))
        params += 1
    narrowed, params = _narrowed(shape.narrowing, params)
    conditions.extend(narrowed)
    if shape.roots_only:
        conditions.append(_A.parent.is_null())
    slots = [slot(params + i) for i in range(shape.search_params)]
    if shape.search is Search.SET:
        conditions.append(searcher.matching(_A, slots))
    elif shape.search is Search.WALK:
        conditions.append(searcher.matching_row(_A, slots))
    elif shape.search is Search.WALK_SET:
        conditions.append(searcher.matching_walked(_A, slots))
    elif shape.search is Search.GIVEN:
        conditions.append(searcher.matching_given(_A, slots))
    elif shape.search is Search.WALK_GIVEN:
        conditions.append(searcher.matching_given(_A, slots, walked=True))
    return query.where(*conditions)


def shape_of(
    query: DirectoryQuery, searcher: Searcher, way: Search = Search.SET
) -> tuple[Shape, list[Any]] | None:
    """The shape of ``query`` and its parameters in :func:`_live`'s order.

    ``way``: how its search words are looked for, when it has any. None when its search has
    no word to look for (only punctuation or symbols): nothing matches.
    """
    params: list[Any] = []
    if query.type is not None:
        params.append(AccountType(query.type).value)
    if query.parent_id is not None:
        params.append(query.parent_id)
    narrowing, narrowing_params = Narrowing.of(query)
    params.extend(narrowing_params)
    search, found = Search.NONE, []
    if query.search.strip():
        found = searcher.search_params(query.search)
        if found is None:
            return None
        search = way
        params.extend(found)
    shape = Shape(
        query.type is not None,
        query.parent_id is not None,
        query.roots_only,
        search,
        len(found),
        narrowing,
    )
    return shape, params


def sort_fields(column: DirectoryColumn, searcher: Searcher) -> list[Any]:
    """``column`` then the id: the order of its live-only sort index (no direction).

    Names and cities sort as SQLite's NOCASE does; on PostgreSQL through ``nocase()``.
    """
    field = getattr(_A, _SORT_FIELDS[column])
    if searcher is postgres_search and column in _NOCASE:
        field = fn.nocase(field)
    return [field] if column is DirectoryColumn.ID else [field, _A.id]


def key_fields(shape: Shape, column: DirectoryColumn, searcher: Searcher) -> list[Any]:
    """The sort fields a page's rows are compared on after a key (:mod:`keyset`).

    The type is left out where the shape asks for one type: the same in every row, as a
    field of a row value it kept SQLite from seeking the id (every step read from the start).
    """
    fields = sort_fields(column, searcher)
    return fields[1:] if shape.type and column is DirectoryColumn.TYPE else fields


def _order(column: DirectoryColumn, descending: bool, searcher: Searcher) -> list[Node]:
    """``column`` then the id, the same way round."""
    fields = sort_fields(column, searcher)
    return [f.desc() if descending else f.asc() for f in fields]


def count_query(shape: Shape, searcher: Searcher) -> _Select:
    return _live(_A.select(_count_all()), shape, searcher)


def page_ids_query(
    shape: Shape,
    column: DirectoryColumn,
    descending: bool,
    searcher: Searcher,
    start: After = After.START,
) -> _Select:
    """The line keys of a page in the sort index's order; then LIMIT and OFFSET.

    ``start``: the page's rows come after a key (:mod:`keyset`), given before LIMIT, one
    parameter a sort field. A line key (the searcher's ``line_key``) is what
    :func:`lines_query` reads the page's lines by.
    """
    return keyset.page_after(
        _live(_A.select(searcher.line_key(_A)), shape, searcher),
        key_fields(shape, column, searcher),
        _order(column, descending, searcher),
        descending,
        start,
        shape.filter_params + shape.search_params,
    )


def key_query(
    shape: Shape, column: DirectoryColumn, descending: bool, searcher: Searcher, start: After
) -> _Select:
    """The key of one row (:func:`key_fields`), after a key when ``start`` says so; then OFFSET."""
    fields = key_fields(shape, column, searcher)
    return keyset.key_after(
        _live(_A.select(*fields), shape, searcher),
        fields,
        _order(column, descending, searcher),
        descending,
        start,
        shape.filter_params + shape.search_params,
    )


def lines_query(searcher: Searcher, size: int) -> _Select:
    """A directory line for each of ``size`` line keys (:func:`page_ids_query`), its key first.

    The key is given back as text, as a page's keys are.
    """
    parent = models.TierAccount.alias("p")
    key = searcher.line_key(_A)
    return (
        _A.select(
            Cast(key, "TEXT"),
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
        .where(key.in_([slot(i) for i in range(size)]))
    )


def in_order_query(
    shape: Shape, column: DirectoryColumn, descending: bool, searcher: Searcher
) -> _Select:
    """Every column of the accounts (the model's field order), sorted."""
    return _live(_A.select(), shape, searcher).order_by(*_order(column, descending, searcher))


def row_bound(searcher: Searcher) -> Any:
    """The searcher's bound on the accounts' rows (what a walk of the sort index weighs)."""
    return searcher.row_bound(_A)

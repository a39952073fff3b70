"""The hierarchy's columns and nodes, and the text each cell of a node shows.

Apart from :class:`~desktop_app.ui.hierarchy.account_tree_model.AccountTreeModel`, which
keeps the nodes by key and fetches them in batches: a node is plain data (the account's
directory row, its children so far, their count) and its cells are worded from it alone.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Final

from desktop_app.domain.countries import country_name
from desktop_app.domain.enums import AccountType
from desktop_app.services.listing import Listing
from desktop_app.services.queries import DirectoryRow

ROOT_KEY: Final = 0
"""The invisible root's key: an invalid index's ``internalId()`` is 0 too."""


class Column(IntEnum):
    """The columns of the hierarchy, in display order (the tree hangs in the first)."""

    NAME = 0
    ID = 1
    TYPE = 2
    COUNTRY = 3
    CITY = 4
    CHILDREN = 5

    @property
    def label(self) -> str:
        """The header text."""
        return _LABELS[self]


COLUMN_COUNT: Final = len(Column)

_LABELS: Final[dict[Column, str]] = {
    Column.NAME: "Name",
    Column.ID: "ID",
    Column.TYPE: "Type",
    Column.COUNTRY: "Country",
    Column.CITY: "City",
    Column.CHILDREN: "Children",
}


class Node:
    """One account of the tree (or the invisible root), with the children fetched so far."""

    __slots__ = (
        "child_count",
        "children",
        "fetched",
        "key",
        "listing",
        "may_have_children",
        "parent_key",
        "position",
        "row",
    )

    def __init__(self, key: int, row: DirectoryRow | None, parent_key: int, position: int) -> None:
        self.key = key
        self.row = row
        self.parent_key = parent_key
        self.position = position
        self.children: list[Node] = []
        self.may_have_children = row is None or row.type is AccountType.RESELLER
        self.child_count: int | None = None
        """The number of live children, counted when the node is first fetched."""
        self.fetched = False
        """True once the first batch of children was asked for."""
        self.listing: Listing[DirectoryRow] | None = None

    @property
    def has_more(self) -> bool:
        """True while children are not fetched yet, or fewer than counted."""
        if not self.may_have_children:
            return False
        return not self.fetched or len(self.children) < (self.child_count or 0)


def children_text(count: int | None) -> str:
    """``1,234``; blank while the children are not counted yet."""
    return "" if count is None else f"{count:,}"


def display_text(node: Node, row: DirectoryRow, column: Column) -> str:
    match column:
        case Column.NAME:
            return row.name
        case Column.ID:
            return row.id
        case Column.TYPE:
            return row.type.label
        case Column.COUNTRY:
            return row.country
        case Column.CITY:
            return row.city
        case Column.CHILDREN:
            return children_text(node.child_count) if node.may_have_children else ""


def tooltip_text(node: Node, row: DirectoryRow, column: Column) -> str | None:
    match column:
        case Column.NAME:
            return f"{row.name} ({row.id})"
        case Column.COUNTRY:
            return country_name(row.country)
        case Column.CHILDREN:
            if not node.may_have_children:
                return None
            if node.child_count is None:
                return "Expand to count the child accounts"
            shown = len(node.children)
            if shown < node.child_count:
                return f"{shown:,} of {node.child_count:,} child accounts shown; scroll for more"
            return f"{node.child_count:,} child account{'' if node.child_count == 1 else 's'}"
        case _:
            return None

"""The hierarchy tree model: direct resellers on top, child accounts fetched in batches.

The Qt side: indexes, fetching and resets. What a node holds and what its cells show are
in :mod:`~desktop_app.ui.hierarchy.tree_nodes`.
"""

from __future__ import annotations

from typing import Any, Final, Protocol, overload

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, Signal

from desktop_app.domain.errors import DomainError
from desktop_app.services.listing import Listing
from desktop_app.services.queries import DirectoryRow, SortSpec
from desktop_app.ui.hierarchy.tree_nodes import (
    COLUMN_COUNT,
    ROOT_KEY,
    Column,
    Node,
    display_text,
    tooltip_text,
)
from desktop_app.ui.models.listing_table_model import NO_ROWS, IdRole, ModelIndex, RowRole

__all__ = ["AccountTreeModel", "HierarchySource", "IdRole", "RowRole"]

BATCH_SIZE: Final = 200
SORT: Final = SortSpec()
"""Newest first, the directory's default: the order the database indexes children in.

Sorting a reseller's children by name reads and sorts every child for each batch (over a
second per batch at 100,000 children); the creation order is read straight from the index.
"""
_ROW_FLAGS: Final = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LEAF_FLAGS: Final = _ROW_FLAGS | Qt.ItemFlag.ItemNeverHasChildren


class HierarchySource(Protocol):
    """What the model needs of :class:`~desktop_app.services.directory.DirectoryService`."""

    def roots(self, sort: SortSpec | None = None) -> Listing[DirectoryRow]: ...

    def children(self, account_id: str, sort: SortSpec | None = None) -> Listing[DirectoryRow]: ...


class AccountTreeModel(QAbstractItemModel):
    """Direct resellers and, below each, its live child accounts; nothing read before it is shown.

    Indexes carry an integer key (``internalId``) into a dictionary of nodes the model owns, so
    no Python object's lifetime depends on Qt. Keys are never reused, not even after a reset,
    so a stale index finds nothing instead of another account.
    """

    load_failed = Signal(object)
    """A :class:`DomainError` raised while counting or fetching rows (once per reset)."""

    def __init__(
        self,
        source: HierarchySource,
        parent: QObject | None = None,
        *,
        batch_size: int = BATCH_SIZE,
        sort: SortSpec = SORT,
    ) -> None:
        super().__init__(parent)
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self._source = source
        self._batch_size = batch_size
        self._sort = sort
        self._next_key = ROOT_KEY + 1
        self._root = Node(ROOT_KEY, None, ROOT_KEY, 0)
        self._nodes: dict[int, Node] = {ROOT_KEY: self._root}
        self._by_account: dict[str, Node] = {}
        self._fetched: dict[str, None] = {}
        """Accounts whose children were fetched, parents before children (an ordered set)."""
        self._failed = False
        self._released = False

    # state

    @property
    def batch_size(self) -> int:
        """How many child accounts one fetch reads."""
        return self._batch_size

    @property
    def released(self) -> bool:
        """True once the model let go of its workspace (it then shows no rows, for good)."""
        return self._released

    def release_workspace(self) -> None:
        """Hold no rows and read nothing from now on: the workspace is being closed."""
        if not self._released:
            self._released = True
            self.refresh()

    def set_source(self, source: HierarchySource) -> None:
        """Read from another workspace's directory from now on."""
        self._source = source
        self.refresh()

    def refresh(self) -> None:
        """Forget every fetched node; the top level is read again when next shown."""
        self.beginResetModel()
        self._root = Node(ROOT_KEY, None, ROOT_KEY, 0)
        self._nodes = {ROOT_KEY: self._root}
        self._by_account = {}
        self._fetched = {}
        self._failed = False
        self.endResetModel()

    def top_level_count(self) -> int:
        """How many accounts the top level holds (counted once per reset, no row read)."""
        return self._count(self._root)

    def account_id(self, index: ModelIndex) -> str | None:
        """The id of the account at ``index``, None for an invalid index."""
        row = self.row_at(index)
        return None if row is None else row.id

    def row_at(self, index: ModelIndex) -> DirectoryRow | None:
        """The directory row of the account at ``index``."""
        node = self._node(index)
        return None if node is None else node.row

    def child_count(self, index: ModelIndex) -> int | None:
        """The live children of the account at ``index``; None until they are fetched."""
        node = self._node(index)
        return None if node is None else node.child_count

    def index_of(self, account_id: str, column: int = Column.NAME) -> QModelIndex:
        """The index of ``account_id`` when it is fetched already; an invalid index otherwise."""
        node = self._by_account.get(account_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.position, column, node.key)

    def fetched_account_ids(self) -> list[str]:
        """Accounts whose children were fetched, each after its parent."""
        return list(self._fetched)

    # Qt overrides

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of a fetched child of ``parent``."""
        node = self._parent_node(parent)
        if node is None or not 0 <= column < COLUMN_COUNT or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row].key)

    @overload
    def parent(self) -> QObject | None: ...

    @overload
    def parent(self, child: ModelIndex) -> QModelIndex: ...

    def parent(self, child: ModelIndex | None = None) -> QObject | QModelIndex | None:
        """The parent account's index (or, with no argument, the owning QObject)."""
        if child is None:
            return super().parent()
        node = self._node(child)
        if node is None or node.parent_key == ROOT_KEY:
            return QModelIndex()
        above = self._nodes[node.parent_key]
        return self.createIndex(above.position, Column.NAME, above.key)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """The children fetched so far: 0 for a node not expanded yet."""
        node = self._parent_node(parent)
        return 0 if node is None else len(node.children)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One column per :class:`Column` on every level."""
        return COLUMN_COUNT

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        """Resellers say yes until fetched, without asking the database; then their count does."""
        node = self._parent_node(parent)
        if node is None or not node.may_have_children:
            return False
        if node.child_count is None:
            return True
        return node.child_count > 0 or bool(node.children)

    def canFetchMore(self, parent: ModelIndex) -> bool:
        """True only before the first batch of ``parent``'s children is fetched.

        QTreeView fetches more of every expanded node that can, on each layout, visible or
        not: any insertion would read another batch of each. Later batches are asked for
        with :meth:`fetchMore` when :meth:`has_more` (the view does when the last one shows).
        """
        node = self._parent_node(parent)
        return node is not None and node.may_have_children and not node.fetched

    def has_more(self, parent: ModelIndex) -> bool:
        """True while some children of ``parent`` are not fetched yet (or not counted)."""
        node = self._parent_node(parent)
        return node is not None and node.has_more

    def fetchMore(self, parent: ModelIndex) -> None:
        """Count the children on the first call, then append the next batch of them."""
        node = self._parent_node(parent)
        if node is None or not node.has_more:
            return
        first_fetch = not node.fetched
        node.fetched = True
        total = self._count(node)
        loaded = len(node.children)
        wanted = min(self._batch_size, total - loaded)
        read, rows = self._fetch(node, loaded, wanted)
        if read < wanted or (read and not rows):
            node.child_count = loaded + len(rows)  # rows went away since the count: stop here
        if rows:
            self.beginInsertRows(parent, loaded, loaded + len(rows) - 1)
            for position, row in enumerate(rows, loaded):
                self._add(node, row, position)
            self.endInsertRows()
        if first_fetch and node.row is not None:
            self._fetched[node.row.id] = None
            # The Children cell shows the count now, and the branch arrow goes when it is 0.
            self.dataChanged.emit(
                self.createIndex(node.position, Column.NAME, node.key),
                self.createIndex(node.position, Column.CHILDREN, node.key),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltip, id or the whole directory row of one cell."""
        node = self._node(index)
        if node is None or node.row is None:
            return None
        row = node.row
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(node, row, Column(index.column()))
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_text(node, row, Column(index.column()))
        if role == IdRole:
            return row.id
        if role == RowRole:
            return row
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column labels."""
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(Column)
        ):
            return Column(section).label
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows are selectable, never editable; customers never have children."""
        # Asked twice per row on every layout of the tree: kept to a lookup.
        node = self._nodes.get(index.internalId()) if index.isValid() else None
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS if node.may_have_children else _LEAF_FLAGS

    # nodes

    def _parent_node(self, parent: ModelIndex) -> Node | None:
        if parent.column() > 0:  # children hang off the first column (an invalid index's is -1)
            return None
        return self._nodes.get(parent.internalId())

    def _node(self, index: ModelIndex) -> Node | None:
        """The node of ``index``; the root for an invalid index (whose ``internalId`` is 0)."""
        return self._nodes.get(index.internalId())

    def _add(self, parent: Node, row: DirectoryRow, position: int) -> None:
        node = Node(self._next_key, row, parent.key, position)
        self._next_key += 1
        self._nodes[node.key] = node
        self._by_account[row.id] = node
        parent.children.append(node)

    def _listing(self, node: Node) -> Listing[DirectoryRow]:
        if self._released:
            return NO_ROWS
        if node.listing is None:
            if node.row is None:
                node.listing = self._source.roots(self._sort)
            else:
                node.listing = self._source.children(node.row.id, self._sort)
        return node.listing

    def _count(self, node: Node) -> int:
        if node.child_count is None:
            try:
                node.child_count = self._listing(node).count()
            except DomainError as error:
                self._report(error)
                node.child_count = len(node.children)
        return node.child_count

    def _fetch(self, node: Node, offset: int, limit: int) -> tuple[int, list[DirectoryRow]]:
        """How many rows the listing gave, and those not in the tree already."""
        if limit <= 0:
            return 0, []
        try:
            rows = self._listing(node).fetch(offset, limit)
        except DomainError as error:
            self._report(error)
            return 0, []
        # A write since the last batch shifts the rows: an account seen already is left out.
        return len(rows), [row for row in rows if row.id not in self._by_account]

    def _report(self, error: DomainError) -> None:
        if not self._failed:
            self._failed = True
            self.load_failed.emit(error)

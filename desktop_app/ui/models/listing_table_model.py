"""A read-only table over any service Listing: a cached count and pages fetched on demand."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop_app.domain.errors import DomainError
from desktop_app.services.listing import Listing

T = TypeVar("T")

IdRole: Final = Qt.ItemDataRole.UserRole + 1
RowRole: Final = Qt.ItemDataRole.UserRole + 2

PAGE_SIZE: Final = 100
CACHED_PAGES: Final = 8

ModelIndex = QModelIndex | QPersistentModelIndex
NO_ROWS: Final[Listing[Any]] = Listing(count=lambda: 0, fetch=lambda _offset, _limit: ())
"""What a model that let go of its workspace shows."""


@dataclass(frozen=True)
class ColumnSpec(Generic[T]):
    """One column: its header label, the text of a cell and optionally its tooltip."""

    label: str
    value: Callable[[T], str]
    tooltip: Callable[[T], str | None] | None = None


class ListingTableModel(QAbstractTableModel, Generic[T]):
    """Rows of one listing in the listing's order; never holds more than a few pages."""

    load_failed = Signal(object)
    """A :class:`DomainError` raised while counting or fetching rows (once per reset)."""

    def __init__(
        self,
        listing: Listing[T],
        columns: Sequence[ColumnSpec[T]],
        id_of: Callable[[T], str],
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        cached_pages: int = CACHED_PAGES,
    ) -> None:
        super().__init__(parent)
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, not {page_size}")
        self._listing = listing
        self._columns = tuple(columns)
        self._id_of = id_of
        self._page_size = page_size
        self._cached_pages = max(1, cached_pages)
        self._count: int | None = None
        self._pages: OrderedDict[int, Sequence[T]] = OrderedDict()
        self._texts: dict[int, tuple[str, ...]] = {}
        """The cell texts of each row shown, by row; dropped with the row's page."""
        self._failed = False
        self._released = False

    # state

    @property
    def listing(self) -> Listing[T]:
        """The listing whose rows are shown."""
        return self._listing

    @property
    def columns(self) -> tuple[ColumnSpec[T], ...]:
        """The columns, in display order."""
        return self._columns

    @property
    def released(self) -> bool:
        """True once the model let go of its workspace (it then shows no rows, for good)."""
        return self._released

    def set_listing(self, listing: Listing[T]) -> None:
        """Show the rows of ``listing`` instead (counted again on the next look)."""
        if self._released:
            return
        self._listing = listing
        self._reset()

    def release_workspace(self) -> None:
        """Hold no rows and read nothing from now on: the workspace is being closed."""
        if self._released:
            return
        self._released = True
        self._listing = NO_ROWS
        self._reset()

    def refresh(self) -> None:
        """Count and fetch again, e.g. after the workspace changed."""
        self._reset()

    def item(self, row: int) -> T | None:
        """The object on ``row`` (fetching its page when needed), None outside the rows."""
        if not 0 <= row < self.rowCount():
            return None
        page, offset = divmod(row, self._page_size)
        rows = self._page(page)
        return rows[offset] if offset < len(rows) else None

    def item_id(self, row: int) -> str | None:
        """The id of the object on ``row``, None outside the rows."""
        found = self.item(row)
        return None if found is None else self._id_of(found)

    # Qt overrides

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """The cached count of the listing."""
        if parent.isValid():
            return 0
        if self._count is None:
            self._count = self._load_count()
        return self._count

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One column per :class:`ColumnSpec`."""
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltip, id or the whole object of one cell.

        A row's texts are formatted once, the first time it is shown, and answered from
        there at every paint; the roles a painted cell asks besides (font, colours,
        alignment…) are answered None first of all.
        """
        if role == _DISPLAY:
            row = index.row()
            texts = self._texts.get(row)
            if texts is None:
                texts = self._format(row)
            else:
                self._pages.move_to_end(row // self._page_size)
            at = index.column()
            return texts[at] if texts is not None and 0 <= at < len(texts) else None
        if role not in _ROLES or not index.isValid():
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        found = self.item(index.row())
        if found is None:
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(found) if column.tooltip is not None else None
        if role == RowRole:
            return found
        return self._id_of(found)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column labels; row numbers on the vertical header."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._columns):
                return self._columns[section].label
            return None
        return f"{section + 1:,}"

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows are selectable, never editable."""
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    # paging

    def _reset(self) -> None:
        self.beginResetModel()
        self._count = None
        self._pages.clear()
        self._texts.clear()
        self._failed = False
        self.endResetModel()

    def _format(self, row: int) -> tuple[str, ...] | None:
        found = self.item(row)
        if found is None:
            return None
        texts = self._texts[row] = tuple(column.value(found) for column in self._columns)
        return texts

    def _load_count(self) -> int:
        try:
            return self._listing.count()
        except DomainError as error:
            self._report(error)
            return 0

    def _page(self, page: int) -> Sequence[T]:
        rows = self._pages.get(page)
        if rows is not None:
            self._pages.move_to_end(page)
            return rows
        try:
            rows = self._listing.fetch(page * self._page_size, self._page_size)
        except DomainError as error:
            self._report(error)
            rows = ()
        self._pages[page] = rows
        while len(self._pages) > self._cached_pages:
            dropped, _rows = self._pages.popitem(last=False)
            first = dropped * self._page_size
            for row in range(first, first + self._page_size):
                self._texts.pop(row, None)
        return rows

    def _report(self, error: DomainError) -> None:
        if not self._failed:
            self._failed = True
            self.load_failed.emit(error)


_DISPLAY: Final = int(Qt.ItemDataRole.DisplayRole.value)
_ROLES: Final = frozenset(
    int(role) for role in (Qt.ItemDataRole.ToolTipRole.value, IdRole, RowRole)
)
_ROW_FLAGS: Final = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)

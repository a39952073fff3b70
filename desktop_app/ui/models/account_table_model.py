"""The directory's table model: a cached count and pages of rows fetched on demand."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from enum import IntEnum
from typing import Any, Final, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop_app.domain.errors import DomainError
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.domain.validation import country_name
from desktop_app.services.listing import Listing
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, DirectoryRow, SortSpec

IdRole: Final = Qt.ItemDataRole.UserRole + 1
RowRole: Final = Qt.ItemDataRole.UserRole + 2

PAGE_SIZE: Final = 200
CACHED_PAGES: Final = 8
NONE_TEXT: Final = "—"
CREATED_FORMAT: Final = "%Y-%m-%d %H:%M"

ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The columns of the directory table, in display order."""

    ID = 0
    NAME = 1
    TYPE = 2
    PARENT = 3
    EXTERNAL_ID = 4
    COUNTRY = 5
    CITY = 6
    HUB = 7
    CREATED = 8

    @property
    def label(self) -> str:
        """The header text."""
        return _LABELS[self]

    @property
    def directory_column(self) -> DirectoryColumn:
        """The query column that sorts by this one."""
        return DirectoryColumn[self.name]

    @classmethod
    def of(cls, column: DirectoryColumn) -> Column:
        """The table column showing the query column ``column``."""
        return cls[column.name]


_LABELS: Final[dict[Column, str]] = {
    Column.ID: "ID",
    Column.NAME: "Name",
    Column.TYPE: "Type",
    Column.PARENT: "Parent",
    Column.EXTERNAL_ID: "External ID",
    Column.COUNTRY: "Country",
    Column.CITY: "City",
    Column.HUB: "Hub",
    Column.CREATED: "Created",
}


class AccountSource(Protocol):
    """What the model needs of :class:`~desktop_app.services.directory.DirectoryService`."""

    def accounts(
        self, query: DirectoryQuery, sort: SortSpec | None = None
    ) -> Listing[DirectoryRow]: ...


def parent_text(row: DirectoryRow) -> str:
    """``Name (TA-…)`` of the parent account, a dash for a direct reseller."""
    if row.parent_id is None:
        return NONE_TEXT
    return f"{row.parent_name or row.parent_id} ({row.parent_id})"


def hub_text(row: DirectoryRow) -> str:
    """The hub's name, a dash when the account is on no hub."""
    if row.hub_id == NO_HUB_ID:  # the placeholder hub row stands for none
        return NONE_TEXT
    return row.hub_name


def created_text(row: DirectoryRow) -> str:
    """The creation time in the computer's time zone, to the minute."""
    return row.created_at.astimezone().strftime(CREATED_FORMAT)


def _display(row: DirectoryRow, column: Column) -> str:
    match column:
        case Column.ID:
            return row.id
        case Column.NAME:
            return row.name
        case Column.TYPE:
            return row.type.label
        case Column.PARENT:
            return parent_text(row)
        case Column.EXTERNAL_ID:
            return row.external_id
        case Column.COUNTRY:
            return row.country
        case Column.CITY:
            return row.city
        case Column.HUB:
            return hub_text(row)
        case Column.CREATED:
            return created_text(row)


def _tooltip(row: DirectoryRow, column: Column) -> str | None:
    match column:
        case Column.PARENT:
            if row.parent_id is None:
                return "Direct reseller: no parent account"
            return f"Parent account: {parent_text(row)}"
        case Column.COUNTRY:
            return country_name(row.country)
        case Column.HUB:
            return "No hub" if row.hub_id == NO_HUB_ID else f"{row.hub_name} ({row.hub_id})"
        case Column.CREATED:
            return row.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
        case _:
            return None


class AccountTableModel(QAbstractTableModel):
    """Accounts of one directory query; never holds more than a few pages of rows."""

    load_failed = Signal(object)
    """A :class:`DomainError` raised while counting or fetching rows (once per reset)."""

    def __init__(
        self,
        source: AccountSource,
        query: DirectoryQuery | None = None,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        cached_pages: int = CACHED_PAGES,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._query = query or DirectoryQuery()
        self._sort = SortSpec()
        self._page_size = page_size
        self._cached_pages = max(1, cached_pages)
        self._listing = source.accounts(self._query, self._sort)
        self._count: int | None = None
        self._pages: OrderedDict[int, Sequence[DirectoryRow]] = OrderedDict()
        self._failed = False

    # state

    @property
    def query(self) -> DirectoryQuery:
        """The query whose accounts are shown."""
        return self._query

    @property
    def sort_spec(self) -> SortSpec:
        """The order the accounts are shown in."""
        return self._sort

    def set_query(self, query: DirectoryQuery) -> None:
        """Show the accounts of ``query`` (search text, type, parent)."""
        if query == self._query:
            return
        self._query = query
        self._requery()

    def set_sort(self, sort: SortSpec) -> None:
        """Order the accounts by ``sort`` (the query sorts; no proxy)."""
        if sort == self._sort:
            return
        self._sort = sort
        self._requery()

    def set_source(self, source: AccountSource) -> None:
        """Read from another workspace's directory from now on."""
        self._source = source
        self.refresh()

    def refresh(self) -> None:
        """Count and fetch again, e.g. after the workspace changed."""
        self._requery()

    def account_id(self, row: int) -> str | None:
        """The id of the account on ``row``, None outside the rows."""
        found = self.row_at(row)
        return found.id if found is not None else None

    def row_at(self, row: int) -> DirectoryRow | None:
        """The directory row on ``row`` (fetching its page when needed)."""
        if not 0 <= row < self.rowCount():
            return None
        page, offset = divmod(row, self._page_size)
        rows = self._page(page)
        return rows[offset] if offset < len(rows) else None

    # Qt overrides

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """The cached count of matching accounts."""
        if parent.isValid():
            return 0
        if self._count is None:
            self._count = self._load_count()
        return self._count

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One column per :class:`Column`."""
        return 0 if parent.isValid() else len(Column)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltip, id or whole row of one cell."""
        if not index.isValid() or role not in _ROLES:
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        if role == IdRole:
            return row.id
        return row

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
            return Column(section).label if 0 <= section < len(Column) else None
        return f"{section + 1:,}"

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows are selectable, never editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` in the query; a column outside the table means the default order."""
        if 0 <= column < len(Column):
            sort = SortSpec(
                Column(column).directory_column,
                descending=order == Qt.SortOrder.DescendingOrder,
            )
        else:
            sort = SortSpec()
        self.set_sort(sort)

    # paging

    def _requery(self) -> None:
        self.beginResetModel()
        self._listing = self._source.accounts(self._query, self._sort)
        self._count = None
        self._pages.clear()
        self._failed = False
        self.endResetModel()

    def _load_count(self) -> int:
        try:
            return self._listing.count()
        except DomainError as error:
            self._report(error)
            return 0

    def _page(self, page: int) -> Sequence[DirectoryRow]:
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
            self._pages.popitem(last=False)
        return rows

    def _report(self, error: DomainError) -> None:
        if not self._failed:
            self._failed = True
            self.load_failed.emit(error)


_ROLES: Final = frozenset(
    {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, IdRole, RowRole}
)

"""The directory's table model: a cached count and pages of rows fetched on demand."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Final, Protocol

from PySide6.QtCore import (
    QObject,
    Qt,
)

from desktop_app.domain.countries import country_name
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.services.container import Services
from desktop_app.services.listing import Listing
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, DirectoryRow, SortSpec
from desktop_app.ui.models.background_reads import NEW_ROWS_WAIT
from desktop_app.ui.models.listing_jobs import UNTIL_ANSWERED, Recipe
from desktop_app.ui.models.listing_table_model import (
    CACHED_PAGES,
    PAGE_SIZE,
    ColumnSpec,
    IdRole,
    ListingTableModel,
    ModelIndex,
    RowRole,
)

__all__ = [
    "PAGE_SIZE",
    "AccountSource",
    "AccountTableModel",
    "Column",
    "IdRole",
    "ModelIndex",
    "RowRole",
]


NONE_TEXT: Final = "—"
CREATED_FORMAT: Final = "%Y-%m-%d %H:%M"


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


def _row_id(row: DirectoryRow) -> str:
    return row.id


def _column_spec(column: Column) -> ColumnSpec[DirectoryRow]:
    def value(row: DirectoryRow) -> str:
        return _display(row, column)

    def tooltip(row: DirectoryRow) -> str | None:
        return _tooltip(row, column)

    return ColumnSpec(column.label, value, tooltip)


COLUMN_SPECS: Final = tuple(_column_spec(column) for column in Column)


def _recipe(query: DirectoryQuery, sort: SortSpec) -> Recipe[DirectoryRow]:
    """The listing of ``query`` in ``sort``'s order over the reading thread's services."""

    def recipe(services: Services) -> Listing[DirectoryRow]:
        return services.directory.accounts(query, sort)

    return recipe


if TYPE_CHECKING:
    _RowModel = ListingTableModel[DirectoryRow]
else:  # subclassing a subscripted Qt generic upsets PySide's reference counts at exit
    _RowModel = ListingTableModel


class AccountTableModel(_RowModel):
    """Accounts of one directory query, sorted by the query; never holds more than a few pages."""

    def __init__(
        self,
        source: AccountSource,
        query: DirectoryQuery | None = None,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        cached_pages: int = CACHED_PAGES,
    ) -> None:
        self._source = source
        self._query = query or DirectoryQuery()
        self._sort = SortSpec()
        super().__init__(
            source.accounts(self._query, self._sort),
            COLUMN_SPECS,
            _row_id,
            parent,
            page_size=page_size,
            cached_pages=cached_pages,
            recipe=_recipe(self._query, self._sort),
        )

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
        if query != self._query:
            self._query = query
            self._show(NEW_ROWS_WAIT)

    def set_sort(self, sort: SortSpec) -> None:
        """Order the accounts by ``sort`` (the query sorts; no proxy)."""
        if sort != self._sort:
            self._sort = sort
            self._show(NEW_ROWS_WAIT)

    def set_source(self, source: AccountSource) -> None:
        """Read from another workspace's directory from now on."""
        self._source = source
        self.refresh()

    def refresh(self) -> None:
        """Ask the source again for the query in the current order, counted afresh."""
        self._show(UNTIL_ANSWERED)

    def _show(self, wait: float | None) -> None:
        """Read the query's rows, on the reader's thread when there is one."""
        if self.released:
            return
        query, sort = self._query, self._sort
        self.set_listing(self._source.accounts(query, sort), _recipe(query, sort), wait=wait)

    def account_id(self, row: int) -> str | None:
        """The id of the account on ``row``, None outside the rows."""
        return self.item_id(row)

    def row_at(self, row: int) -> DirectoryRow | None:
        """The directory row on ``row`` (fetching its page when needed)."""
        return self.item(row)

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

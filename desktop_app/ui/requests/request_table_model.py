"""The Requests tab's table model: eight columns, each sorted by the query (an index each)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import IntEnum
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Qt

from desktop_app.services.container import Services
from desktop_app.services.listing import Listing
from desktop_app.services.queries import RequestColumn, RequestQuery, RequestRow, RequestSort
from desktop_app.ui.local_times import full_local_time, local_time
from desktop_app.ui.models.background_reads import NEW_ROWS_WAIT
from desktop_app.ui.models.listing_jobs import UNTIL_ANSWERED, Recipe
from desktop_app.ui.models.listing_table_model import (
    ColumnSpec,
    ListingTableModel,
)

NONE_TEXT: Final = "—"
DEFAULT_SORT: Final = RequestSort(RequestColumn.CREATED, descending=False)
"""Oldest first: the queue a vendor works through."""


class Column(IntEnum):
    """The columns of the Requests tab, in display order."""

    ID = 0
    STATUS = 1
    ACCOUNT = 2
    PRODUCT = 3
    VENDOR = 4
    CREATED = 5
    DECIDED_BY = 6
    DECIDED_AT = 7

    @property
    def request_column(self) -> RequestColumn:
        """The query column that sorts by this one."""
        return RequestColumn[self.name]

    @classmethod
    def of(cls, column: RequestColumn) -> Column:
        """The table column showing the query column ``column``."""
        return cls[column.name]


def _labelled(object_id: str, name: str) -> str:
    # the id first: the column sorts by it (an index), and the names follow their ids
    return f"{object_id} · {name}" if name and name != object_id else object_id


def _decided_at(row: RequestRow) -> str:
    return local_time(row.decided_at) if row.decided_at is not None else NONE_TEXT


def _decided_at_tip(row: RequestRow) -> str | None:
    return full_local_time(row.decided_at) if row.decided_at is not None else None


COLUMN_SPECS: Final[dict[Column, ColumnSpec[RequestRow]]] = {
    Column.ID: ColumnSpec("Request ID", lambda r: r.id),
    Column.STATUS: ColumnSpec("Status", lambda r: r.status.label),
    Column.ACCOUNT: ColumnSpec(
        "Account", lambda r: _labelled(r.account_id, r.account_name), lambda r: r.account_name
    ),
    Column.PRODUCT: ColumnSpec(
        "Product", lambda r: _labelled(r.product_id, r.product_name), lambda r: r.product_name
    ),
    Column.VENDOR: ColumnSpec(
        "Vendor", lambda r: _labelled(r.vendor_id, r.vendor_name), lambda r: r.vendor_name
    ),
    Column.CREATED: ColumnSpec(
        "Created", lambda r: local_time(r.created_at), lambda r: full_local_time(r.created_at)
    ),
    Column.DECIDED_BY: ColumnSpec("Decided by", lambda r: r.decided_by or NONE_TEXT),
    Column.DECIDED_AT: ColumnSpec("Decided at", _decided_at, _decided_at_tip),
}
HEADER_TIPS: Final[dict[Column, str]] = {
    Column.ACCOUNT: "Sorts by account ID",
    Column.PRODUCT: "Sorts by product ID",
    Column.VENDOR: "Sorts by vendor ID",
    Column.DECIDED_BY: "Who accepted or ignored the request; sorts by the last change's author",
    Column.DECIDED_AT: "When it was decided; sorts by the last change (a pending one's creation)",
}


def _row_id(row: RequestRow) -> str:
    return row.id


RequestSource = Callable[[RequestQuery], Listing[RequestRow]]
"""``RequestService.listing``: the rows of a query, paged."""


def _recipe(query: RequestQuery) -> Recipe[RequestRow]:
    """The rows of ``query`` over the reading thread's services."""

    def recipe(services: Services) -> Listing[RequestRow]:
        return services.requests.listing(query)

    return recipe


if TYPE_CHECKING:
    _RowModel = ListingTableModel[RequestRow]
else:  # subclassing a subscripted Qt generic upsets PySide's reference counts at exit
    _RowModel = ListingTableModel


class RequestTableModel(_RowModel):
    """Requests of one query in the query's order; never holds more than a few pages."""

    def __init__(
        self, source: RequestSource, query: RequestQuery, parent: QObject | None = None
    ) -> None:
        self._source = source
        self._query = query
        super().__init__(
            source(query), tuple(COLUMN_SPECS.values()), _row_id, parent, recipe=_recipe(query)
        )

    @property
    def query(self) -> RequestQuery:
        """What the rows are, in which order."""
        return self._query

    def set_source(self, source: RequestSource) -> None:
        """Read another workspace's requests from now on."""
        self._source = source

    def set_query(self, query: RequestQuery, *, wait: float | None = NEW_ROWS_WAIT) -> None:
        """Show ``query``'s rows (counted again); a slow answer arrives after ``wait``."""
        self._query = query
        self._show(wait)

    def refresh(self) -> None:
        """Ask the source again for the query, counted afresh."""
        self._show(UNTIL_ANSWERED)

    def _show(self, wait: float | None) -> None:
        """Read the query's rows, on the reader's thread when there is one."""
        if self.released:
            return
        self.set_listing(self._source(self._query), _recipe(self._query), wait=wait)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` in the query; a column outside the table means the default."""
        if 0 <= column < len(Column):
            sort = RequestSort(Column(column).request_column, order == Qt.SortOrder.DescendingOrder)
        else:
            sort = DEFAULT_SORT
        if sort != self._query.sort:
            self.set_query(replace(self._query, sort=sort))

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        """Labels, and what a header sorts by in its tooltip."""
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(Column)
        ):
            return HEADER_TIPS.get(Column(section))
        return super().headerData(section, orientation, role)

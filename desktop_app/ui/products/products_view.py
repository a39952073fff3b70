"""The Products tab: every product with its vendor and capabilities, searchable by id or name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Final

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.catalog import OperatorAccount, Product
from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services
from desktop_app.services.listing import Listing
from desktop_app.ui.dialogs.error_dialog import show_error
from desktop_app.ui.documents import PRODUCTS_KEY
from desktop_app.ui.models.listing_table_model import ColumnSpec, IdRole, ListingTableModel
from desktop_app.ui.products.texts import level_text, status_text, sync_text, vendor_text
from desktop_app.ui.row_tables import configure_row_table, search_timer, show_model

PRODUCTS_TITLE: Final = "Products"
SEARCH_PLACEHOLDER: Final = "Search by product ID, name or vendor…"
EMPTY_TEXT: Final = "This workspace has no products."
COLUMN_PADDING: Final = 24


@dataclass(frozen=True)
class ProductRow:
    """A product with its vendor's name, as one row of the list."""

    product: Product
    vendor: OperatorAccount | None

    @property
    def id(self) -> str:
        """The product's id."""
        return self.product.id

    @property
    def vendor_text(self) -> str:
        """``Acme Software (VA-111-111)``; the id alone when the vendor is unknown here."""
        return vendor_text(self.product, self.vendor)

    def matches(self, search: str) -> bool:
        """True when ``search`` (case-folded) is in the id, the name or the vendor."""
        texts = (self.product.id, self.product.name, self.vendor_text)
        return any(search in text.casefold() for text in texts)


PRODUCT_COLUMNS: Final[tuple[ColumnSpec[ProductRow], ...]] = (
    ColumnSpec("ID", lambda r: r.id),
    ColumnSpec("Name", lambda r: r.product.name, lambda r: r.product.name),
    ColumnSpec("Vendor", lambda r: r.vendor_text, lambda r: r.vendor_text),
    ColumnSpec("Status", lambda r: status_text(r.product.status)),
    ColumnSpec("Tier Accounts Sync", lambda r: sync_text(r.product.tier_accounts_sync)),
    ColumnSpec(
        "Reseller authorization", lambda r: level_text(r.product.reseller_authorization_level)
    ),
)

# The widest text each column usually shows: widths come from these, never from the rows.
COLUMN_SAMPLES: Final[dict[str, str]] = {
    "ID": "PRD-000-000-000",
    "Name": "Office Suite Online Business",
    "Vendor": "Acme Software Vendor (VA-000-000)",
    "Status": "End of sale",
    "Tier Accounts Sync": "Off",
    "Reseller authorization": "Level 2",
}


def products_text(shown: int, total: int) -> str:
    """``3 products``, ``1 of 3 products``."""
    noun = "product" if total == 1 else "products"
    return f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"


def rows_listing(rows: Sequence[ProductRow]) -> Listing[ProductRow]:
    """A listing over rows already in memory."""
    kept = tuple(rows)
    return Listing(
        count=partial(len, kept), fetch=lambda offset, limit: kept[offset : offset + limit]
    )


class ProductsView(QWidget):
    """Every product of the workspace; opening one shows its profile."""

    product_requested = Signal(str)
    """The id of the product the user opened (double-click or Enter on a row)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("products_view")
        self._services = services
        self._rows: tuple[ProductRow, ...] = ()

        self._search_timer = search_timer(self, "products_search_timer")
        self._search_timer.timeout.connect(self._on_search_timer_timeout)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("products_search_edit")
        self.search_edit.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance(SEARCH_PLACEHOLDER))
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)

        self.count_label = QLabel()
        self.count_label.setObjectName("products_count_label")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.model: ListingTableModel[ProductRow] = ListingTableModel(
            rows_listing(()), PRODUCT_COLUMNS, lambda row: row.id, self
        )
        self.table = QTableView()
        self.table.setObjectName("products_table")
        show_model(self.table, self.model)
        self._set_up_table()
        self.table.activated.connect(self._on_table_activated)

        self.placeholder_label = QLabel()
        self.placeholder_label.setObjectName("products_placeholder")
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder_label.setWordWrap(True)
        self.placeholder_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.stack = QStackedWidget()
        self.stack.setObjectName("products_stack")
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.placeholder_label)

        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.refresh()

    # public

    @property
    def key(self) -> str:
        """Its key among the open documents: there is one list of products."""
        return PRODUCTS_KEY

    def current_account_id(self) -> str | None:
        """None: Edit and Delete do not apply to a list of products."""
        return None

    def as_widget(self) -> QWidget:
        """The view itself, for its tab."""
        return self

    def title(self) -> str:
        """The tab title."""
        return PRODUCTS_TITLE

    def apply_changes(self, changes: Changes) -> None:
        """Read again when a product changed."""
        if changes.everything or changes.products:
            self.refresh()

    def refresh(self) -> None:
        """Read every product and its vendor again, keeping the search."""
        try:
            products = self._services.products.products()
            rows = [ProductRow(p, self._services.products.vendor_of(p)) for p in products]
        except DomainError as error:
            # Also reached from the constructor: shown from the event loop, once built.
            QTimer.singleShot(0, self, partial(show_error, self, error))
            rows = []
        self._rows = tuple(rows)
        self._apply_search()

    def search_text(self) -> str:
        """The text in the search box."""
        return self.search_edit.text()

    def set_search_text(self, text: str) -> None:
        """Put ``text`` in the search box and filter at once."""
        self.search_edit.setText(text)
        self._apply_search()

    def shown_ids(self) -> list[str]:
        """The ids of the products the table shows, in order."""
        return [row.id for row in self.model.listing.all()]

    def current_product_id(self) -> str | None:
        """The id on the current row, None when there is none."""
        index = self.table.currentIndex()
        return self.model.item_id(index.row()) if index.isValid() else None

    # building

    def _set_up_table(self) -> None:
        table = self.table
        configure_row_table(table)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = table.fontMetrics()
        for section, column in enumerate(PRODUCT_COLUMNS):
            sample = COLUMN_SAMPLES[column.label]
            widest = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(column.label))
            header.resizeSection(section, widest + COLUMN_PADDING)

    # filtering

    def _apply_search(self) -> None:
        self._search_timer.stop()
        search = self.search_text().strip().casefold()
        shown = [row for row in self._rows if row.matches(search)] if search else self._rows
        self.model.set_listing(rows_listing(shown))
        total = len(self._rows)
        self.count_label.setText(products_text(len(shown), total))
        if not total:
            self.placeholder_label.setText(EMPTY_TEXT)
        elif not shown:
            self.placeholder_label.setText(f"No product matches “{self.search_text().strip()}”.")
        self.stack.setCurrentWidget(self.table if shown else self.placeholder_label)

    # slots

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _on_search_edit_return_pressed(self) -> None:
        self._apply_search()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self._apply_search()

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        product_id = index.data(IdRole)
        if product_id:
            self.product_requested.emit(product_id)

"""The Requests tab: every tier account request, filtered by status and account, searchable."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.errors import DomainError
from desktop_app.services.container import Services
from desktop_app.services.queries import RequestQuery, RequestRow
from desktop_app.ui.dialogs.error_dialog import show_error
from desktop_app.ui.labels import full_local_time, local_time
from desktop_app.ui.models.listing_table_model import ColumnSpec, IdRole, ListingTableModel
from desktop_app.ui.row_tables import SEARCH_TOOLTIP, configure_row_table, search_timer

ALL_STATUSES: Final = "All statuses"
SEARCH_PLACEHOLDER: Final = "Search by request ID, account, product…"


def requests_tab_title(pending: int) -> str:
    """``Requests (3 pending)``; just ``Requests`` when none is pending."""
    return f"Requests ({pending:,} pending)" if pending else "Requests"


def _request_id(row: RequestRow) -> str:
    return row.id


def _account(row: RequestRow) -> str:
    return f"{row.account_name} ({row.account_id})"


def _product(row: RequestRow) -> str:
    return f"{row.product_name} ({row.product_id})"


def _status(row: RequestRow) -> str:
    return row.status.label


def _created(row: RequestRow) -> str:
    return local_time(row.created_at)


def _created_tip(row: RequestRow) -> str:
    return full_local_time(row.created_at)


REQUEST_COLUMNS: Final = (
    ColumnSpec[RequestRow]("ID", _request_id),
    ColumnSpec[RequestRow]("Account", _account),
    ColumnSpec[RequestRow]("Product", _product),
    ColumnSpec[RequestRow]("Status", _status),
    ColumnSpec[RequestRow]("Created", _created, _created_tip),
)
COLUMN_WIDTHS: Final = (230, 330, 300, 110)


class RequestsView(QWidget):
    """The list of tier account requests; pending ones first by default."""

    request_requested = Signal(str)
    """The id of the request the user opened (double-click or Enter)."""
    pending_count_changed = Signal(int)
    """How many requests of the workspace are pending, after every refresh."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requests_view")
        self._services = services
        self._account_id: str | None = None

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("requests_search_edit")
        self.search_edit.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_edit.setToolTip(SEARCH_TOOLTIP)
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = search_timer(self, "requests_search_timer")
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_timer_timeout)

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status_filter_combo")
        for status in RequestStatus:
            self.status_combo.addItem(status.label, status.value)
        self.status_combo.addItem(ALL_STATUSES, "")
        self.status_combo.currentIndexChanged.connect(self._on_status_combo_current_index_changed)

        self.account_label = QLabel()
        self.account_label.setObjectName("account_filter_label")
        self.clear_account_button = QPushButton("Show all accounts")
        self.clear_account_button.setObjectName("clear_account_filter_button")
        self.clear_account_button.clicked.connect(self._on_clear_account_button_clicked)

        self.count_label = QLabel()
        self.count_label.setObjectName("requests_count_label")
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.model = ListingTableModel(
            self._services.requests.listing(self.query()), REQUEST_COLUMNS, _request_id, self
        )
        self.model.load_failed.connect(self._on_model_load_failed)
        self.table = QTableView()
        self.table.setObjectName("requests_table")
        self.table.setModel(self.model)
        configure_row_table(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._on_table_activated)

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.count_label)
        account_bar = QHBoxLayout()
        account_bar.addWidget(self.account_label)
        account_bar.addWidget(self.clear_account_button)
        account_bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(account_bar)
        layout.addWidget(self.table, 1)
        self._show_account_filter()
        self._update_count()

    # public

    def query(self) -> RequestQuery:
        """What the list shows now."""
        value = self.status_combo.currentData()
        return RequestQuery(
            status=RequestStatus(value) if value else None,
            account_id=self._account_id,
            search=self.search_edit.text(),
        )

    def set_services(self, services: Services) -> None:
        """Show another workspace's requests."""
        self._services = services
        self._account_id = None
        self._show_account_filter()
        self.refresh()

    def show_account(self, account_id: str, status: RequestStatus | None) -> None:
        """Only the requests of ``account_id``, of ``status`` (None: every status)."""
        self._account_id = account_id
        self.status_combo.blockSignals(True)
        self.set_status(status)
        self.status_combo.blockSignals(False)
        self._show_account_filter()
        self.refresh()

    def set_status(self, status: RequestStatus | None) -> None:
        """Filter by status (None: every status)."""
        value = status.value if status is not None else ""
        self.status_combo.setCurrentIndex(self.status_combo.findData(value))

    def pending_count(self) -> int:
        """Pending requests of the whole workspace (0 when it cannot be read)."""
        if self.model.released:  # the workspace is being closed: read nothing more
            return 0
        try:
            return self._services.requests.pending_count()
        except DomainError:
            return 0

    def refresh(self) -> None:
        """Ask the workspace again."""
        if self.model.released:
            return
        self.model.set_listing(self._services.requests.listing(self.query()))
        self._update_count()
        self.pending_count_changed.emit(self.pending_count())

    # state

    def _show_account_filter(self) -> None:
        filtered = self._account_id is not None
        self.account_label.setVisible(filtered)
        self.clear_account_button.setVisible(filtered)
        if self._account_id is None:
            return
        try:
            account = self._services.accounts.get(self._account_id)
            self.account_label.setText(f"Account: {account.name} ({account.id})")
        except DomainError:
            self.account_label.setText(f"Account: {self._account_id}")

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(f"{count:,} request{'s' * (count != 1)}")

    # slots

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self._search_timer.stop()
        self.refresh()

    @Slot(int)
    def _on_status_combo_current_index_changed(self, _index: int) -> None:
        self.refresh()

    @Slot()
    def _on_clear_account_button_clicked(self) -> None:
        self._account_id = None
        self._show_account_filter()
        self.refresh()

    @Slot(object)
    def _on_model_load_failed(self, error: DomainError) -> None:
        show_error(self, error)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        request_id = self.model.data(index, IdRole)
        if request_id:
            self.request_requested.emit(str(request_id))

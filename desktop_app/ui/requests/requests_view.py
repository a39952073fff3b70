"""The Requests tab: what the operator can decide first, filtered, sorted, decided in bulk."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import (
    QByteArray,
    QModelIndex,
    QSettings,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.errors import DomainError
from desktop_app.services.container import Services
from desktop_app.services.queries import RequestQuery, RequestSort
from desktop_app.ui.dialogs.error_dialog import show_error
from desktop_app.ui.models.background_reads import NEW_ROWS_WAIT, BackgroundReader
from desktop_app.ui.models.listing_jobs import UNTIL_ANSWERED
from desktop_app.ui.models.listing_table_model import IdRole
from desktop_app.ui.requests import kept_selection
from desktop_app.ui.requests.bulk_decisions import BulkDecisions, BulkResult
from desktop_app.ui.requests.request_filters import ALL_STATUSES, RequestFilters
from desktop_app.ui.requests.request_table_model import DEFAULT_SORT, Column, RequestTableModel
from desktop_app.ui.row_tables import (
    SEARCH_TOOLTIP,
    WIDEST_COUNT,
    CountLabel,
    configure_row_table,
    search_timer,
    show_model,
)

__all__ = ["ALL_STATUSES", "RequestsView", "requests_tab_title"]

SEARCH_PLACEHOLDER: Final = "Search by account (name, ID, email, city…) or TAR- request ID"
SEARCH_MIN_WIDTH: Final = 120
LABEL_MIN_WIDTH: Final = 60
COLUMN_WIDTHS: Final = (205, 80, 270, 210, 190, 125, 120)
HEADER_STATE_VERSION: Final = len(Column)
KEY_HEADER_STATE: Final = "requests/header_state"
KEY_HEADER_VERSION: Final = "requests/header_version"


def requests_tab_title(pending: int) -> str:
    """``Requests (3 pending)``; just ``Requests`` when none is pending."""
    return f"Requests ({pending:,} pending)" if pending else "Requests"


def count_text(count: int, for_you: bool) -> str:
    """``12 pending for you`` on the operator's queue, else ``1,234 requests``."""
    if for_you:
        return f"{count:,} pending for you"
    return f"{count:,} request{'s' * (count != 1)}"


class RequestsView(QWidget):
    """Tier account requests; by default the pending ones the operator decides, oldest first."""

    request_requested = Signal(str)
    """The id of the request the user opened (double-click or Enter)."""
    pending_count_changed = Signal(int)
    """How many requests of the workspace are pending, after every refresh."""
    requests_decided = Signal(list)
    """The ids of the requests a bulk decision accepted or ignored (the window refreshes)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requests_view")
        self._services = services
        self._account_id: str | None = None
        self._bulk = BulkDecisions(self, lambda: self._services.requests, lambda: self._services)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("requests_search_edit")
        self.search_edit.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_edit.setToolTip(
            f"{SEARCH_TOOLTIP} Words find the account by word start, as in the Directory; "
            "a term starting with TAR- finds requests by ID."
        )
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = search_timer(self, "requests_search_timer")
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_timer_timeout)

        self.filters = RequestFilters(self)
        self.filters.setObjectName("request_filters")
        self.status_combo = self.filters.status_combo
        self.filters.changed.connect(self._on_filters_changed)
        self._catalog_read = False
        """The vendor and product filters list the workspace's catalog (read when first shown)."""

        self.count_label = CountLabel()
        self.count_label.reserve(count_text(WIDEST_COUNT, for_you=True))
        self.count_label.setObjectName("requests_count_label")
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.accept_all_button = QPushButton("Accept all")
        self.accept_all_button.setObjectName("accept_all_button")
        self.accept_all_button.setToolTip("Accept the selected requests you may decide")
        self.accept_all_button.clicked.connect(self._on_accept_all_button_clicked)
        self.ignore_all_button = QPushButton("Ignore all")
        self.ignore_all_button.setObjectName("ignore_all_button")
        self.ignore_all_button.setToolTip(
            "Ignore the selected requests you may decide, with one reason"
        )
        self.ignore_all_button.clicked.connect(self._on_ignore_all_button_clicked)
        self.result_label = QLabel()
        self.result_label.setObjectName("bulk_result_label")
        self.account_label = QLabel()
        self.account_label.setObjectName("account_filter_label")
        for label in (self.result_label, self.account_label):  # never widen the window
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(LABEL_MIN_WIDTH)

        self.clear_account_button = QPushButton("Show all accounts")
        self.clear_account_button.setObjectName("clear_account_filter_button")
        self.clear_account_button.clicked.connect(self._on_clear_account_button_clicked)

        self.model = RequestTableModel(
            self._services.requests.listing, self._query(DEFAULT_SORT), self
        )
        self.model.load_failed.connect(self._on_model_load_failed)
        self.model.rows_arrived.connect(self._on_model_rows_arrived)
        self._kept_place: kept_selection.Place | None = None
        """Where the list was when a slow answer was asked for: kept once it arrives."""
        self._same_list = True
        """The list last asked for is the one shown before (a refresh): its scroll stays."""
        self._sorted_anew = False
        """A header sorted the list again: its first rows are shown once they come."""
        self.table = QTableView()
        self.table.setObjectName("requests_table")
        show_model(self.table, self.model)
        configure_row_table(self.table)
        # Shift/Ctrl-click and Ctrl+A select many rows for Accept all / Ignore all
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        header.setSortIndicator(Column.of(DEFAULT_SORT.column), Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # each header sorts in the query (an index each)
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.search_edit.setMinimumWidth(SEARCH_MIN_WIDTH)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        for combo in (self.status_combo, self.filters.vendor_combo, self.filters.product_combo):
            filters.addWidget(combo)
        actions = QHBoxLayout()
        actions.addWidget(self.filters.dates)
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        actions.addWidget(self.accept_all_button)
        actions.addWidget(self.ignore_all_button)
        notes = QHBoxLayout()
        notes.addWidget(self.account_label, 1)
        notes.addWidget(self.clear_account_button)
        notes.addWidget(self.result_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addLayout(notes)
        layout.addWidget(self.table, 1)
        self.result_label.setVisible(False)  # until a bulk decision says what it did
        self._show_account_filter()
        self._update_count()
        self._update_buttons()

    # public

    def query(self) -> RequestQuery:
        """What the list shows now, in its order."""
        return self.model.query

    def use_reader(self, reader: BackgroundReader | None) -> None:
        """Count and fetch the requests on ``reader``'s thread (None: on this one)."""
        self.model.use_reader(reader)
        self._update_count()

    def set_services(self, services: Services) -> None:
        """Show another workspace's requests."""
        self._services = services
        self._account_id = None
        self.model.set_source(services.requests.listing)
        self._catalog_read = False
        if self.isVisible():
            self._show_catalog()
        self._show_account_filter()
        self.refresh()

    def show_account(self, account_id: str, status: RequestStatus | None) -> None:
        """Only the requests of ``account_id`` (every vendor's), of ``status`` (None: all)."""
        self._account_id = account_id
        self.filters.set_status(status)
        self.filters.show_every_request()
        self._show_account_filter()
        self._show_query(NEW_ROWS_WAIT)

    def show_filtered(self, status: RequestStatus | None, product_id: str | None) -> None:
        """Every request of ``status`` (and of ``product_id``): every vendor, account, day."""
        self._account_id = None
        self.search_edit.clear()
        self.filters.set_status(status)
        self.filters.show_every_request()
        self.filters.set_product(product_id)
        self._show_account_filter()
        self._show_query(NEW_ROWS_WAIT)
        self._search_timer.stop()  # the search was cleared: nothing more to wait for

    def set_status(self, status: RequestStatus | None) -> None:
        """Filter by status (None: every status)."""
        self.filters.set_status(status)
        self._show_query(NEW_ROWS_WAIT)

    def pending_count(self) -> int:
        """Pending requests of the whole workspace (0 when it cannot be read)."""
        if self.model.released:  # the workspace is being closed: read nothing more
            return 0
        try:
            return self._services.requests.pending_count()
        except DomainError:
            return 0

    def selected_ids(self) -> list[str]:
        """The ids of the selected rows, in list order (Ctrl+A: every row of the filter)."""
        ids: list[str] = []
        query = self.model.query
        selection = self.table.selectionModel().selection()
        ranges = sorted((selection.at(i) for i in range(selection.count())), key=lambda r: r.top())
        for selected in ranges:
            ids.extend(self._services.requests.ids(query, selected.top(), selected.height()))
        return list(dict.fromkeys(ids))

    def refresh(self) -> None:
        """Ask the workspace again; the selection (by id), scroll and sort stay."""
        self._show_query(UNTIL_ANSWERED)

    def _show_query(self, wait: float | None) -> None:
        """Show what the filters and the search ask for; the selection and scroll stay.

        An answer slower than ``wait`` arrives later: the place is kept once it is in.
        """
        if self.model.released:
            return
        place = kept_selection.remember(self.table, self.model.item_id)
        query = self._query(self.model.query.sort)
        self._same_list = query == self.model.query
        self.model.set_query(query, wait=wait)
        if self.model.loading:
            self._kept_place = place
        else:
            self._kept_place = None
            id_at = self.model.item_id if wait is UNTIL_ANSWERED else self._loaded_id
            kept_selection.restore(self.table, place, id_at, same_list=self._same_list)
        self._update_count()
        self._update_buttons()
        if self._same_list:  # read again; a new filter, search or sort leaves the count as it was
            self.pending_count_changed.emit(self.pending_count())

    def decide_selected(self, status: RequestStatus) -> None:
        """Accept or ignore the selected requests the operator may decide (after asking)."""
        ids = self.selected_ids()
        if not ids:
            return
        self._bulk.decide(ids, status, lambda result: self._show_decided(ids, status, result))

    def _show_decided(self, ids: list[str], status: RequestStatus, result: BulkResult) -> None:
        """Say what a bulk decision did (at once, or when its job ended) and read again."""
        self.result_label.setText(result.summary(status))
        self.result_label.setToolTip(result.summary(status))
        self.result_label.setVisible(True)
        self.refresh()
        self.requests_decided.emit(ids)

    def save_settings(self, settings: QSettings) -> None:
        """Keep the filters, the column layout and the sort for the next start."""
        self.filters.save_settings(settings)
        settings.setValue(KEY_HEADER_STATE, self.table.horizontalHeader().saveState())
        settings.setValue(KEY_HEADER_VERSION, HEADER_STATE_VERSION)

    def restore_settings(self, settings: QSettings) -> None:
        """Bring back what :meth:`save_settings` kept."""
        state = settings.value(KEY_HEADER_STATE)
        version = settings.value(KEY_HEADER_VERSION, 0, type=int)
        header = self.table.horizontalHeader()
        if isinstance(state, QByteArray) and version == HEADER_STATE_VERSION:
            header.restoreState(state)  # the sort indicator sorts the model again
        self.filters.restore_settings(settings)

    # state

    def _query(self, sort: RequestSort) -> RequestQuery:
        """The query the search box, the filters and the account describe."""
        try:
            operator_id = self._services.workspace.operator().id
        except DomainError:
            operator_id = ""  # no account to act as: nothing is "yours"
        return RequestQuery(
            status=self.filters.status(),
            account_id=self._account_id,
            search=self.search_edit.text().strip(),
            product_id=self.filters.product_id(),
            vendor_id=self.filters.vendor_id(operator_id),
            created_from=self.filters.created_from(),
            created_before=self.filters.created_before(),
            sort=sort,
        )

    def showEvent(self, event: QShowEvent) -> None:
        """The filters' vendors and products are read the first time the tab is shown.

        Not before the window's first paint: the Directory is the first tab.
        """
        if not self._catalog_read:
            self._show_catalog()
        super().showEvent(event)

    def _show_catalog(self) -> None:
        self._catalog_read = True
        try:
            products = self._services.products.products()
            vendors = {o.id: o for o in self._services.workspace.operators()}
        except DomainError:
            products, vendors = [], {}
        owners = dict.fromkeys(p.vendor_id for p in products)
        self.filters.set_catalog([vendors[v] for v in owners if v in vendors], products)

    def _show_account_filter(self) -> None:
        filtered = self._account_id is not None
        self.account_label.setVisible(filtered)
        self.clear_account_button.setVisible(filtered)
        if self._account_id is None:
            return
        try:
            account = self._services.accounts.get(self._account_id)
            text = f"Account: {account.name} ({account.id})"
        except DomainError:
            text = f"Account: {self._account_id}"
        self.account_label.setText(text)
        self.account_label.setToolTip(text)

    def _update_count(self) -> None:
        query = self.model.query
        for_you = self.filters.for_you() and query.status is RequestStatus.PENDING
        self.count_label.setText(count_text(self.model.rowCount(), for_you))

    def _loaded_id(self, row: int) -> str | None:
        """The id on ``row`` when its page is in (None otherwise: nothing is read for it)."""
        return self.model.item_id(row) if self.model.is_loaded(row) else None

    def _update_buttons(self) -> None:
        chosen = self.table.selectionModel().hasSelection()
        for button in (self.accept_all_button, self.ignore_all_button):
            button.setEnabled(chosen)

    # slots

    @Slot(int, Qt.SortOrder)
    def _on_header_sort_indicator_changed(self, _column: int, _order: Qt.SortOrder) -> None:
        # the table asked the model to sort before this slot: a new order shows its first rows
        if self.model.loading:
            self._sorted_anew = True
        else:
            self.table.scrollToTop()

    @Slot()
    def _on_model_rows_arrived(self) -> None:
        place, self._kept_place = self._kept_place, None
        sorted_anew, self._sorted_anew = self._sorted_anew, False
        if place is not None and not self.model.loading:
            # a filter's new rows: the kept one is looked for among the rows read so far,
            # never by reading page after page on the window's thread
            kept_selection.restore(self.table, place, self._loaded_id, same_list=self._same_list)
        elif sorted_anew and not self.model.loading:
            self.table.scrollToTop()
        self._update_count()

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self._search_timer.stop()
        self._show_query(NEW_ROWS_WAIT)

    @Slot()
    def _on_filters_changed(self) -> None:
        # restored settings say "changed" too: the same query (a new user's) is not asked again
        if self._query(self.model.query.sort) != self.model.query:
            self._show_query(NEW_ROWS_WAIT)

    @Slot()
    def _on_clear_account_button_clicked(self) -> None:
        self._account_id = None
        self._show_account_filter()
        self.refresh()

    @Slot()
    def _on_accept_all_button_clicked(self) -> None:
        self.decide_selected(RequestStatus.ACCEPTED)

    @Slot()
    def _on_ignore_all_button_clicked(self) -> None:
        self.decide_selected(RequestStatus.IGNORED)

    @Slot()
    def _on_selection_changed(self) -> None:
        self._update_buttons()

    @Slot(object)
    def _on_model_load_failed(self, error: DomainError) -> None:
        show_error(self, error)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        request_id = self.model.data(index, IdRole)
        if request_id:
            self.request_requested.emit(str(request_id))

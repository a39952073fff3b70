"""The Directory tab: search box, type filter, account count and the lazily paged table."""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import partial
from typing import Final, Protocol

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMenu,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.services.queries import DirectoryQuery
from desktop_app.ui.directory.directory_table import set_up_directory_table
from desktop_app.ui.directory.empty_workspace_page import EmptyWorkspacePage
from desktop_app.ui.directory.narrowing_bar import NarrowingBar
from desktop_app.ui.models.account_table_model import (
    AccountSource,
    AccountTableModel,
    Column,
    IdRole,
)
from desktop_app.ui.models.background_reads import BackgroundReader
from desktop_app.ui.row_tables import (
    SEARCH_TOOLTIP,
    WIDEST_COUNT,
    CountLabel,
    search_pause_ms,
    search_timer,
    show_model,
)
from desktop_app.ui.search_box import SearchBox
from desktop_app.ui.table_place import remember, restore

SEARCH_PLACEHOLDER: Final = "Search by ID, name, external ID, email, city…"
TYPE_CHOICES: Final[tuple[tuple[str, AccountType | None], ...]] = (
    ("All types", None),
    ("Customers", AccountType.CUSTOMER),
    ("Resellers", AccountType.RESELLER),
)
HEADER_STATE_VERSION: Final = len(Column)

KEY_HEADER_STATE: Final = "directory/header_state"
KEY_HEADER_VERSION: Final = "directory/header_version"
KEY_SEARCH: Final = "directory/search"
KEY_TYPE: Final = "directory/type"


class DirectorySource(AccountSource, Protocol):
    """What the Directory tab needs of :class:`~desktop_app.services.directory.DirectoryService`."""

    def is_empty(self) -> bool: ...


def accounts_text(count: int) -> str:
    """``1,234 accounts``, ``1 account``."""
    return f"{count:,} account{'' if count == 1 else 's'}"


class DirectoryView(QWidget):
    """Every live tier account, searchable, filterable by type and sortable by any column."""

    account_activated = Signal(str)
    """The id of the account the user opened (double-click or Enter on a row)."""
    current_account_changed = Signal(object)
    """The id of the account on the current row, None when there is none."""
    load_demo_requested = Signal()
    """The user asked for demo data in the empty workspace."""
    error_occurred = Signal(object)
    """A :class:`DomainError` from the services, for the window to show."""

    def __init__(
        self,
        directory: DirectorySource,
        *,
        offer_demo_data: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("directory_view")
        self._directory = directory
        self._keeping_place = False
        self._last_search_seconds: float | None = None
        """How long the last new query took to count (None: none ran yet)."""
        self.model = AccountTableModel(directory, parent=self)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.model.modelReset.connect(self._on_model_model_reset)
        self.model.rows_arrived.connect(self._on_model_rows_arrived)
        self._current_coming = False
        """The current row's page is still coming: its account is announced when it is in."""

        self._search_timer = search_timer(self, "search_timer")
        self._search_timer.timeout.connect(self._on_search_timer_timeout)

        self.search_edit = SearchBox()
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_edit.setToolTip(SEARCH_TOOLTIP)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance(SEARCH_PLACEHOLDER))
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.search_requested.connect(self._on_search_edit_search_requested)

        self.type_combo = QComboBox()
        self.type_combo.setObjectName("type_filter_combo")
        self.type_combo.setToolTip("Show only customers or only resellers")
        for text, account_type in TYPE_CHOICES:
            self.type_combo.addItem(text, account_type.value if account_type else "")
        self.type_combo.currentIndexChanged.connect(self._on_type_combo_current_index_changed)

        self.count_label = CountLabel()
        self.count_label.reserve(accounts_text(WIDEST_COUNT))
        self.count_label.setObjectName("count_label")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.table = QTableView()
        self.table.setObjectName("directory_table")
        show_model(self.table, self.model)
        set_up_directory_table(self.table)
        self.search_edit.set_results(self.table)
        self.table.activated.connect(self._on_table_activated)
        self._row_actions: list[QAction | None] = []
        self.row_menu = QMenu(self)  # one, reused: an action may open a modal question
        self.row_menu.setObjectName("directory_row_menu")
        self.row_menu.setToolTipsVisible(True)  # why Edit or Delete is closed
        self.table.customContextMenuRequested.connect(self._on_table_custom_context_menu_requested)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._on_selection_current_row_changed)

        self.filter_bar = QHBoxLayout()
        self.filter_bar.addWidget(self.search_edit, 1)
        self.filter_bar.addWidget(self.type_combo)
        self.filter_bar.addWidget(self.count_label)
        self.narrowing_bar = NarrowingBar()  # an Overview bar's filter, named; ✕ clears it
        self.narrowing_bar.cleared.connect(self._apply_filters)

        table_page = QWidget()
        table_page.setObjectName("table_page")
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(self.filter_bar)
        table_layout.addWidget(self.narrowing_bar)
        table_layout.addWidget(self.table, 1)

        empty_page = EmptyWorkspacePage(offer_demo_data)
        self.load_demo_button = empty_page.load_demo_button
        if self.load_demo_button is not None:
            self.load_demo_button.clicked.connect(self._on_load_demo_button_clicked)

        self.stack = QStackedWidget()
        self.stack.setObjectName("directory_stack")
        self.table_page = table_page
        self.empty_page = empty_page
        self.stack.addWidget(table_page)
        self.stack.addWidget(empty_page)

        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._show_state()
        self._update_count()

    # building

    # public

    def use_reader(self, reader: BackgroundReader | None) -> None:
        """Count and fetch the accounts on ``reader``'s thread (None: on this one)."""
        self.model.use_reader(reader)
        self._update_count()

    def set_directory(self, directory: DirectorySource) -> None:
        """Show another workspace's accounts (after Open database… or New database…)."""
        self._directory = directory
        self.model.set_source(directory)
        self._show_state()

    def refresh(self) -> None:
        """Read the workspace again: empty state or table, count and visible rows.

        The current row (by id), the scroll position and the sort stay.
        """
        self._show_state()
        place = remember(self.table, self.model.account_id)
        self._keeping_place = True
        try:
            self.model.refresh()
            restore(self.table, place, self.model.account_id)
        finally:
            self._keeping_place = False
        self._update_count()
        self.current_account_changed.emit(self.current_account_id())

    def apply_changes(self, changes: Changes) -> None:
        """Read again when an account was created, edited or deleted; requests are not shown."""
        if changes.touches_accounts:
            self.refresh()

    def set_row_actions(self, actions: Sequence[QAction | None]) -> None:
        """What a right-click on a row offers (None: a separator); the row becomes current."""
        self._row_actions = list(actions)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def is_showing_empty_state(self) -> bool:
        """True while the empty-workspace message is shown instead of the table."""
        return self.stack.currentWidget() is self.empty_page

    def search_text(self) -> str:
        """The text in the search box."""
        return self.search_edit.text()

    def set_search_text(self, text: str) -> None:
        """Put ``text`` in the search box and filter at once."""
        self.search_edit.setText(text)
        self._apply_filters()

    def type_filter(self) -> AccountType | None:
        """The account type shown, None for all."""
        value = self.type_combo.currentData()
        return AccountType(value) if value else None

    def set_type_filter(self, account_type: AccountType | None) -> None:
        """Show only ``account_type`` (None: every type)."""
        index = self.type_combo.findData(account_type.value if account_type else "")
        self.type_combo.setCurrentIndex(max(index, 0))

    def query(self) -> DirectoryQuery:
        """The query the search box, the type filter and an Overview bar's filter describe."""
        query = DirectoryQuery(search=self.search_text().strip(), type=self.type_filter())
        return self.narrowing_bar.narrow(query)

    def show_narrowed(self, query: DirectoryQuery, label: str) -> None:
        """Exactly the accounts ``query`` selects (an Overview bar's), its filter named."""
        self.narrowing_bar.set_narrowing(query, label)
        self.search_edit.clear()
        self.type_combo.blockSignals(True)
        self.set_type_filter(query.type)
        self.type_combo.blockSignals(False)
        self._apply_filters()

    def current_account_id(self) -> str | None:
        """The id of the account on the current row."""
        index = self.table.currentIndex()
        return self.model.account_id(index.row()) if index.isValid() else None

    def save_settings(self, settings: QSettings) -> None:
        """Keep the column layout, sort order, last search and type filter."""
        settings.setValue(KEY_HEADER_STATE, self.table.horizontalHeader().saveState())
        settings.setValue(KEY_HEADER_VERSION, HEADER_STATE_VERSION)
        settings.setValue(KEY_SEARCH, self.search_text())
        account_type = self.type_filter()
        settings.setValue(KEY_TYPE, account_type.value if account_type else "")

    def restore_settings(self, settings: QSettings) -> None:
        """Bring back what :meth:`save_settings` kept."""
        state = settings.value(KEY_HEADER_STATE)
        version = settings.value(KEY_HEADER_VERSION, 0, type=int)
        header = self.table.horizontalHeader()
        if isinstance(state, QByteArray) and version == HEADER_STATE_VERSION:
            header.restoreState(state)
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        type_value = str(settings.value(KEY_TYPE, "", type=str))
        known = {t.value: t for t in AccountType}
        self.set_type_filter(known.get(type_value))
        self.set_search_text(str(settings.value(KEY_SEARCH, "", type=str)))

    # slots

    def _show_state(self) -> None:
        if self.model.released:  # the workspace is being closed: read nothing more
            return
        try:
            empty = self._directory.is_empty()
        except DomainError as error:
            self._report(error)
            empty = False
        self.stack.setCurrentWidget(self.empty_page if empty else self.table_page)

    def _apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.query()
        started = time.perf_counter()
        changed = query != self.model.query
        self.model.set_query(query)
        self._update_count()
        if changed:
            self._last_search_seconds = time.perf_counter() - started

    def _update_count(self) -> None:
        self.count_label.setText(accounts_text(self.model.rowCount()))

    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        self._search_timer.setInterval(search_pause_ms(text, self._last_search_seconds))
        self._search_timer.start()

    @Slot()
    def _on_search_edit_search_requested(self) -> None:
        self._apply_filters()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self._apply_filters()

    @Slot(int)
    def _on_type_combo_current_index_changed(self, _index: int) -> None:
        self._apply_filters()

    @Slot()
    def _on_model_model_reset(self) -> None:
        if self._keeping_place:  # refresh() says where the current row went, once
            return
        # a new search, filter or sort shows its first rows (the scroll stayed where the last
        # list was: Ctrl+End, then "Customers" showed the last of 953,721 customers, and
        # their page was read only once the first one had come)
        self.table.scrollToTop()
        self._update_count()
        # A reset (a search, a filter, a refresh) drops the current row without a signal of
        # the selection's: say so, or Edit and Delete stay open over a list showing nothing.
        self.current_account_changed.emit(self.current_account_id())

    @Slot(object)
    def _on_model_load_failed(self, error: DomainError) -> None:
        self._report(error)

    def _report(self, error: DomainError) -> None:
        # Emitted from the event loop: never inside painting or a model reset, and not lost
        # when it happens while the owner is still connecting to this view.
        QTimer.singleShot(0, self, partial(self.error_occurred.emit, error))

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        account_id = self.model.data(index, IdRole)
        if account_id:
            self.account_activated.emit(account_id)

    @Slot(QModelIndex, QModelIndex)
    def _on_selection_current_row_changed(
        self, current: QModelIndex, _previous: QModelIndex
    ) -> None:
        if current.isValid() and not self.model.is_loaded(current.row()):
            self._current_coming = True  # Ctrl+End: said once its page is in, never waited for
            return
        self._current_coming = False
        self.current_account_changed.emit(
            self.model.account_id(current.row()) if current.isValid() else None
        )

    @Slot()
    def _on_model_rows_arrived(self) -> None:
        current = self.table.currentIndex()
        if self._current_coming and current.isValid() and self.model.is_loaded(current.row()):
            self._current_coming = False
            self.current_account_changed.emit(self.model.account_id(current.row()))

    @Slot(QPoint)
    def _on_table_custom_context_menu_requested(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid() or not self._row_actions:
            return
        self.table.setCurrentIndex(index)  # the window's actions apply to the current row
        menu = self.row_menu
        menu.clear()
        for action in self._row_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(position))

    @Slot()
    def _on_load_demo_button_clicked(self) -> None:
        self.load_demo_requested.emit()

"""Step 2 of the wizard: the parent reseller, searched in a paged list, or none."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import DomainError
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from desktop_app.ui.elided_label import ElidedLabel
from desktop_app.ui.models.account_table_model import PAGE_SIZE, AccountSource, Column
from desktop_app.ui.models.background_reads import BackgroundReader
from desktop_app.ui.row_tables import configure_row_table, search_timer, show_model
from desktop_app.ui.search_box import SearchBox
from desktop_app.ui.wizard.field_errors import FieldErrorLabel
from desktop_app.ui.wizard.parent_model import ParentTableModel, Unavailable

TITLE: Final = "Parent account"
SUBTITLE: Final = "Specify the parent account. Only a reseller can be a parent account."
SEARCH_PLACEHOLDER: Final = "Search resellers by ID, name, external ID, city…"
NONE_TEXT: Final = "None — direct reseller"
NONE_MNEMONIC_TEXT: Final = "None — &direct reseller"
"""Alt+D: Alt+N is the wizard's Next."""
CUSTOMER_HINT: Final = "A customer needs a parent reseller: choose one from the list."
RESELLER_HINT: Final = (
    "Choose the reseller this account sells under, or None for a direct reseller."
)
NOT_CHOSEN_TEXT: Final = "Parent: not chosen yet"
SELF_REASON: Final = Unavailable(
    "this account", "This is the account you are editing; it cannot be its own parent."
)
DESCENDANT_REASON: Final = Unavailable(
    "under this account",
    "This reseller is under the account you are editing; an account cannot become its "
    "descendant's child.",
)
# Reseller descendants looked up to grey out; deeper trees are still refused by the service.
DESCENDANT_LIMIT: Final = 2_000
HIDDEN_COLUMNS: Final = (Column.TYPE, Column.EXTERNAL_ID, Column.HUB, Column.CREATED)
COLUMN_SAMPLES: Final[dict[Column, str]] = {
    Column.ID: "TA-0000-0000-0000",
    Column.PARENT: "Northwind Trading (TA-0000-0000-0000)",
    Column.COUNTRY: "Country",
    Column.CITY: "Frankfurt am Main",
}
COLUMN_PADDING: Final = 24
MINIMUM_VISIBLE_ROWS: Final = 6


def resellers_text(count: int, search: str) -> str:
    """``120 resellers``, ``1 reseller``, or that none matches the search."""
    if count == 0 and search:
        return f"No reseller matches “{search}”."
    return f"{count:,} reseller{'' if count == 1 else 's'}"


def parent_choice_text(parent_id: str | None, name: str | None, *, none_chosen: bool) -> str:
    """``Parent: Name (TA-…)``, ``Parent: None — direct reseller`` or not chosen yet."""
    if none_chosen:
        return f"Parent: {NONE_TEXT}"
    if parent_id is None:
        return NOT_CHOSEN_TEXT
    return f"Parent: {name or parent_id} ({parent_id})"


class ParentPage(QWizardPage):
    """Reseller accounts only, searched as you type; None is offered to resellers only."""

    parent_changed = Signal()
    """The chosen parent (or None) changed."""

    def __init__(
        self,
        directory: AccountSource,
        *,
        editing_id: str | None = None,
        reader: BackgroundReader | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("parent_page")
        self.setTitle(TITLE)
        self.setSubTitle(SUBTITLE)
        self._directory = directory
        self._editing_id = editing_id
        self._account_type: AccountType | None = None
        self._parent_id: str | None = None
        self._parent_name: str | None = None
        self._none_chosen = False

        self.hint_label = QLabel()
        self.hint_label.setObjectName("parent_hint_label")
        self.hint_label.setWordWrap(True)

        self.none_radio = QRadioButton(NONE_MNEMONIC_TEXT)
        self.none_radio.setObjectName("none_radio")
        self.none_radio.setToolTip("Create a direct reseller, with no parent account")
        self.list_radio = QRadioButton("A parent reseller &from the list:")
        self.list_radio.setObjectName("choose_parent_radio")
        self._group = QButtonGroup(self)
        self._group.addButton(self.none_radio)
        self._group.addButton(self.list_radio)
        self._group.buttonToggled.connect(self._on_group_button_toggled)

        self._search_timer = search_timer(self, "parent_search_timer")
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._search_pending = False
        """A search typed while (or just before) the page was hidden, run when it is shown."""

        self.search_edit = SearchBox()
        self.search_edit.setObjectName("parent_search_edit")
        self.search_edit.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.search_requested.connect(self._on_search_edit_search_requested)

        self.count_label = QLabel()
        self.count_label.setObjectName("parent_count_label")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.model = ParentTableModel(
            directory, DirectoryQuery(type=AccountType.RESELLER), parent=self
        )
        self.model.set_sort(SortSpec(DirectoryColumn.NAME, descending=False))
        self.model.use_reader(reader)  # searches read apart, as the Directory's do
        self.model.modelReset.connect(self._on_model_model_reset)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.table = QTableView()
        self.table.setObjectName("parent_table")
        show_model(self.table, self.model)
        self._set_up_table()
        self.search_edit.set_results(self.table)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        self.parent_label = ElidedLabel(NOT_CHOSEN_TEXT)  # a long name never widens the wizard
        self.parent_label.setObjectName("parent_label")
        self.parent_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.parent_label.font())
        font.setBold(True)
        self.parent_label.setFont(font)
        self.parent_error = FieldErrorLabel("parent_id")
        self.parent_error.setObjectName("parent_error")

        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.none_radio)
        layout.addWidget(self.list_radio)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.parent_label)
        layout.addWidget(self.parent_error)

        if editing_id is not None:
            self.model.set_unavailable(self._unavailable_ids(editing_id))
        self.set_account_type(None)
        self._update_count()

    # building

    def _set_up_table(self) -> None:
        table = self.table
        configure_row_table(table)
        table.setTabKeyNavigation(False)
        rows = table.verticalHeader()
        header = table.horizontalHeader()
        for column in HIDDEN_COLUMNS:
            table.setColumnHidden(column, True)
        metrics = table.fontMetrics()
        for column, sample in COLUMN_SAMPLES.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + COLUMN_PADDING)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("Name") + COLUMN_PADDING)
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.setMinimumHeight(
            header.sizeHint().height() + rows.defaultSectionSize() * MINIMUM_VISIBLE_ROWS + 4
        )

    def _unavailable_ids(self, account_id: str) -> dict[str, Unavailable]:
        """The edited account and its reseller descendants, as far as the limit reaches."""
        reasons = {account_id: SELF_REASON}
        pending = [account_id]
        try:
            while pending and len(reasons) < DESCENDANT_LIMIT:
                query = DirectoryQuery(type=AccountType.RESELLER, parent_id=pending.pop())
                rows = self._directory.accounts(query).fetch(0, DESCENDANT_LIMIT - len(reasons))
                for row in rows:
                    if row.id not in reasons:
                        reasons[row.id] = DESCENDANT_REASON
                        pending.append(row.id)
        except DomainError:
            pass  # the service refuses a cycle anyway; greying out is a courtesy
        return reasons

    # public

    def account_type(self) -> AccountType | None:
        """The type the Type page chose (None before)."""
        return self._account_type

    def set_account_type(self, account_type: AccountType | None) -> None:
        """Offer None to resellers only; a customer that had None chosen has no parent now."""
        self._account_type = account_type
        reseller = account_type is AccountType.RESELLER
        self.none_radio.setVisible(reseller)
        self.list_radio.setVisible(reseller)
        self.hint_label.setText(RESELLER_HINT if reseller else CUSTOMER_HINT)
        if not reseller and self._none_chosen:
            self._none_chosen = False
            self._set_radios(none=False, listed=False)
        elif reseller:
            self._set_radios(none=self._none_chosen, listed=self._parent_id is not None)
        self._choice_changed()

    def parent_id(self) -> str | None:
        """The chosen parent's id; None for none (direct reseller) or nothing chosen."""
        return None if self._none_chosen else self._parent_id

    def parent_name(self) -> str | None:
        """The chosen parent's name, None without a parent."""
        return None if self._none_chosen else self._parent_name

    def none_chosen(self) -> bool:
        """True when None (a direct reseller) is chosen."""
        return self._none_chosen

    def choice_text(self) -> str:
        """What the page shows about the choice: ``Parent: Name (TA-…)``."""
        return parent_choice_text(self._parent_id, self._parent_name, none_chosen=self._none_chosen)

    def set_parent(self, parent_id: str, name: str | None) -> None:
        """Choose ``parent_id`` (prefilling when editing)."""
        self._parent_id = parent_id
        self._parent_name = name
        self._none_chosen = False
        self._set_radios(none=False, listed=True)
        self._select_chosen_row()
        self._choice_changed()

    def choose_none(self) -> None:
        """Choose None: a direct reseller (only offered to resellers)."""
        self._none_chosen = True
        self._set_radios(none=True, listed=False)
        self.table.clearSelection()
        self._choice_changed()

    def search_text(self) -> str:
        """The text in the search box."""
        return self.search_edit.text()

    def apply_search(self) -> None:
        """Filter the list by the search box at once."""
        self._search_timer.stop()
        self._search_pending = False
        self.model.set_query(
            DirectoryQuery(search=self.search_edit.text().strip(), type=AccountType.RESELLER)
        )
        self._update_count()

    def show_error(self, message: str) -> None:
        """Show why the parent cannot be saved (empty clears)."""
        self.parent_error.show_message(message)

    def set_read_only(self, read_only: bool) -> None:
        """Keep the choice but forbid changing it."""
        for widget in (self.none_radio, self.list_radio, self.search_edit, self.table):
            widget.setEnabled(not read_only)

    # Qt overrides

    def hideEvent(self, event: QHideEvent) -> None:
        """A page left or a wizard closed reads nothing; a search typed just before waits."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._search_pending = True
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        """Back on the page: run the search typed just before it was left."""
        super().showEvent(event)
        if self._search_pending:
            self.apply_search()

    def isComplete(self) -> bool:
        """A customer needs a parent; a reseller needs a parent or None."""
        if self._account_type is None:
            return False
        if self._none_chosen:
            return self._account_type is AccountType.RESELLER
        return self._parent_id is not None

    # state

    def _set_radios(self, *, none: bool, listed: bool) -> None:
        blocked = self._group.blockSignals(True)
        self._group.setExclusive(False)
        self.none_radio.setChecked(none)
        self.list_radio.setChecked(listed)
        self._group.setExclusive(True)
        self._group.blockSignals(blocked)

    def _choice_changed(self) -> None:
        self.parent_label.setText(self.choice_text())
        self.parent_label.setEnabled(self._none_chosen or self._parent_id is not None)
        self.parent_error.clear_issue()
        self.completeChanged.emit()
        self.parent_changed.emit()

    def _update_count(self) -> None:
        self.count_label.setText(resellers_text(self.model.rowCount(), self.search_text().strip()))

    def _select_chosen_row(self) -> None:
        """Select the chosen parent's row when it is on the first page (never reads more)."""
        if self._parent_id is None or self._none_chosen:
            return
        for row in range(min(self.model.rowCount(), PAGE_SIZE)):
            if self.model.account_id(row) == self._parent_id:
                blocked = self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(blocked)
                self.table.scrollTo(self.model.index(row, Column.NAME))
                return

    # slots

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _on_search_edit_search_requested(self) -> None:
        self.apply_search()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        if self.isVisible():
            self.apply_search()
        else:  # typed into a hidden page: searched when it is shown
            self._search_pending = True

    @Slot()
    def _on_model_model_reset(self) -> None:
        self._update_count()
        self._select_chosen_row()

    @Slot(object)
    def _on_model_load_failed(self, error: DomainError) -> None:
        self.parent_error.show_message(f"The reseller list could not be read: {error.message}")

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_selection_changed(
        self, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = self.model.row_at(rows[0].row())
        if row is None or not self.model.is_available(rows[0].row()):
            return
        self._parent_id = row.id
        self._parent_name = row.name
        self._none_chosen = False
        self._set_radios(none=False, listed=self._account_type is AccountType.RESELLER)
        self._choice_changed()

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        wizard = self.wizard()
        if index.isValid() and self.isComplete() and wizard is not None:
            wizard.next()

    @Slot(QAbstractButton, bool)
    def _on_group_button_toggled(self, button: QAbstractButton, checked: bool) -> None:
        if not checked:
            return
        if button is self.none_radio:
            self.choose_none()
        else:
            self._none_chosen = False
            self._select_chosen_row()
            self._choice_changed()

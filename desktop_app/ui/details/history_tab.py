"""The History tab of an account: every version with who and when, its requests, and a diff."""

from __future__ import annotations

from functools import partial
from typing import Final

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.accounts import FIELD_LABELS
from desktop_app.domain.errors import DomainError
from desktop_app.services.container import Services
from desktop_app.services.history import AccountHistory, VersionEntry
from desktop_app.ui.details import history_texts as texts
from desktop_app.ui.labels import full_local_time, local_time, user_text
from desktop_app.ui.models.background_reads import QUICK_WAIT, BackgroundReader
from desktop_app.ui.models.field_diff_model import CHANGED_MARK, Column, FieldDiffModel
from desktop_app.ui.row_tables import configure_row_table

VersionRole: Final = Qt.ItemDataRole.UserRole + 1
"""On a version's item: its number."""
RequestRole: Final = Qt.ItemDataRole.UserRole + 2
"""On a request's item: its id."""

TREE_HEADERS: Final = ("Version", "Saved", "Saved by", "Acting as", "Changes", "Requests")
COLUMN_PADDING: Final = 24
COLUMN_WIDTH_MAX: Final = 320
ONLY_CHANGED_TEXT: Final = "&Only fields that differ"


def _history_of(account_id: str, services: Services) -> AccountHistory:
    """The account's history, read over ``services`` (the reading thread's)."""
    return services.history.history(account_id)


class HistoryTab(QWidget):
    """Versions newest first, each with the requests it raised; two versions side by side."""

    request_activated = Signal(str)
    """The id of a request the user opened (double-click or Enter on its line)."""

    def __init__(
        self,
        services: Services,
        account_id: str,
        parent: QWidget | None = None,
        *,
        reader: BackgroundReader | None = None,
    ) -> None:
        """With the window's ``reader`` the history is read on its thread.

        The versions shown stay until the new ones are in; an answer to a read that a newer
        one superseded is dropped.
        """
        super().__init__(parent)
        self.setObjectName("history_page")
        self._services = services
        self._account_id = account_id
        self._reader = reader
        self._history: AccountHistory | None = None
        self._loaded = False
        self._released = False
        self._names: dict[str, str] = {}
        self._users: dict[str, str] = {}

        self.summary_label = QLabel()
        self.summary_label.setObjectName("history_summary_label")
        self.summary_label.setWordWrap(True)
        self.summary_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.versions_tree = QTreeWidget()
        self.versions_tree.setObjectName("versions_tree")
        self.versions_tree.setHeaderLabels(TREE_HEADERS)
        self.versions_tree.setUniformRowHeights(True)
        self.versions_tree.setAlternatingRowColors(True)
        self.versions_tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.versions_tree.setAllColumnsShowFocus(True)
        self.versions_tree.currentItemChanged.connect(self._on_versions_tree_current_item_changed)
        self.versions_tree.itemActivated.connect(self._on_versions_tree_item_activated)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("history_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.versions_tree)
        splitter.addWidget(self._build_compare())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)

    # public

    @property
    def is_loaded(self) -> bool:
        """True once the history was read."""
        return self._loaded

    @property
    def history(self) -> AccountHistory | None:
        """What was read last; None before the first load or when it could not be read."""
        return self._history

    def load(self) -> None:
        """Read the history on the first call (when the tab is first shown)."""
        if self._loaded or self._released:
            return
        self._loaded = True
        self._read()

    def refresh(self) -> None:
        """Read again when the tab was shown; the chosen versions stay chosen."""
        if self._loaded and not self._released:
            self._read()

    def release_workspace(self) -> None:
        """Read nothing from now on: the workspace is being closed."""
        self._released = True

    def compare(self, before: int, after: int) -> None:
        """Show versions ``before`` and ``after`` side by side."""
        for combo, version in ((self.before_combo, before), (self.after_combo, after)):
            index = combo.findData(version)
            if index >= 0:
                combo.setCurrentIndex(index)
        self._show_comparison()

    def version_item(self, version: int) -> QTreeWidgetItem | None:
        """The tree's line of ``version``."""
        tree = self.versions_tree
        for row in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(row)
            if item is not None and item.data(0, VersionRole) == version:
                return item
        return None

    # building

    def _build_compare(self) -> QWidget:
        self.before_combo = QComboBox()
        self.before_combo.setObjectName("before_combo")
        self.before_combo.setToolTip("The older side of the comparison")
        self.after_combo = QComboBox()
        self.after_combo.setObjectName("after_combo")
        self.after_combo.setToolTip("The newer side of the comparison")
        for combo in (self.before_combo, self.after_combo):
            combo.activated.connect(self._on_combo_activated)
        compare_label = QLabel("&Compare")
        compare_label.setBuddy(self.before_combo)
        self.comparison_label = QLabel()
        self.comparison_label.setObjectName("comparison_label")
        self.comparison_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        controls = QHBoxLayout()
        controls.addWidget(compare_label)
        controls.addWidget(self.before_combo)
        controls.addWidget(QLabel("with"))
        controls.addWidget(self.after_combo)
        controls.addSpacing(12)
        controls.addWidget(self.comparison_label, 1)
        self.only_changed_check = QCheckBox(ONLY_CHANGED_TEXT)
        self.only_changed_check.setObjectName("only_changed_check")
        self.only_changed_check.setToolTip("Hide the fields both versions hold alike")
        self.only_changed_check.toggled.connect(self._on_only_changed_check_toggled)
        controls.addWidget(self.only_changed_check)

        self.diff_model = FieldDiffModel(
            ("Field", "Before", "After"), "differs between the two versions", self
        )
        self.diff_table = QTableView()
        self.diff_table.setObjectName("diff_table")
        configure_row_table(self.diff_table)
        self.diff_table.setModel(self.diff_model)
        header = self.diff_table.horizontalHeader()
        widest = max(
            self.diff_table.fontMetrics().horizontalAdvance(f"{CHANGED_MARK} {label}")
            for label in FIELD_LABELS.values()
        )
        header.resizeSection(Column.FIELD, widest + COLUMN_PADDING)
        header.setSectionResizeMode(Column.BEFORE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.AFTER, QHeaderView.ResizeMode.Stretch)

        page = QWidget()
        page.setObjectName("compare_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.diff_table, 1)
        return page

    # reading

    def _read(self) -> None:
        reader, account_id = self._reader, self._account_id
        if reader is not None and not reader.closed:
            job = partial(_history_of, account_id)  # holds neither this tab nor its services
            ticket = reader.ask(self, job, self._show_history, self._show_error)
            reader.wait(ticket, QUICK_WAIT)  # shown when it comes, the old versions meanwhile
            return
        try:
            history = self._services.history.history(account_id)
        except DomainError as error:
            self._show_error(error)
            return
        self._show_history(history)

    def _show_error(self, error: DomainError) -> None:
        self._history = None
        self.versions_tree.clear()
        self.diff_model.set_rows(())
        self.summary_label.setText(f"The history cannot be shown.\n\n{error.message}")

    def _show_history(self, history: AccountHistory) -> None:
        if self._released:
            return
        chosen = (self.before_combo.currentData(), self.after_combo.currentData())
        current = self.versions_tree.currentItem()
        selected = current.data(0, VersionRole) if current is not None else None
        self._history = history
        self._names.clear()
        self._users.clear()
        self._fill_tree(history)
        self._fill_combos(history)
        self.summary_label.setText(self._summary(history))
        newest = history.entries[0].version
        keep = selected if isinstance(selected, int) and history.entry(selected) else newest
        item = self.version_item(keep)
        if item is not None:
            self.versions_tree.setCurrentItem(item)
        if all(history.entry(v or 0) is not None for v in chosen):
            self.compare(*chosen)

    def _summary(self, history: AccountHistory) -> str:
        count = len(history.entries)
        newest = history.entries[0]
        return (
            f"{count} version{'s' * (count != 1)}; the latest, version {newest.version}, "
            f"saved {local_time(newest.saved.at)} by {newest.author}. Select a version to see "
            "what it changed, or choose any two below."
        )

    def _fill_tree(self, history: AccountHistory) -> None:
        tree = self.versions_tree
        tree.setUpdatesEnabled(False)
        tree.clear()
        tree.headerItem().setText(2, texts.author_header(history))
        for entry in history.entries:
            item = self._version_item(entry)
            tree.addTopLevelItem(item)
            for request in entry.requests:
                line = texts.request_text(request, self._user)
                child = QTreeWidgetItem(item, [line])
                child.setData(0, RequestRole, request.id)
                child.setToolTip(0, f"{line}\n{texts.request_tooltip(request)}")
                child.setFirstColumnSpanned(True)
            item.setExpanded(True)
        for column in range(len(TREE_HEADERS) - 1):
            tree.resizeColumnToContents(column)  # long names are elided, not given the room
            width = min(tree.columnWidth(column) + COLUMN_PADDING // 2, COLUMN_WIDTH_MAX)
            tree.setColumnWidth(column, width)
        tree.setUpdatesEnabled(True)

    def _version_item(self, entry: VersionEntry) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [
                texts.version_title(entry.version),
                local_time(entry.saved.at),
                entry.author,
                entry.operator or "Not recorded",
                texts.changes_text(entry),
                texts.requests_summary(entry),
            ]
        )
        item.setData(0, VersionRole, entry.version)
        item.setToolTip(1, full_local_time(entry.saved.at))
        item.setToolTip(2, entry.author)
        item.setToolTip(
            3,
            entry.operator or "This version was saved before the app recorded the acting account.",
        )
        item.setToolTip(4, texts.changes_tooltip(entry))
        return item

    def _fill_combos(self, history: AccountHistory) -> None:
        for combo in (self.before_combo, self.after_combo):
            combo.blockSignals(True)
            combo.clear()
            for entry in reversed(history.entries):
                combo.addItem(texts.version_title(entry.version), entry.version)
            combo.blockSignals(False)

    def _show_comparison(self) -> None:
        before, after = self.before_combo.currentData(), self.after_combo.currentData()
        if before is None or after is None:
            return
        try:
            comparison = self._services.history.compare(self._account_id, before, after)
        except DomainError as error:
            self.diff_model.set_rows(())
            self.comparison_label.setText(error.message)
            return
        self.diff_model.set_headers(texts.version_title(before), texts.version_title(after))
        rows = texts.comparison_rows(comparison, self._account_text)
        if self.only_changed_check.isChecked():
            rows = [row for row in rows if row.changed]
        self.diff_model.set_rows(rows)
        self.comparison_label.setText(texts.comparison_summary(comparison))

    def _account_text(self, account_id: str) -> str:
        if account_id not in self._names:
            try:
                name = self._services.accounts.get(account_id).name
            except DomainError:
                name = ""
            self._names[account_id] = f"{name} ({account_id})" if name else account_id
        return self._names[account_id]

    def _user(self, user_id: str) -> str:
        if user_id not in self._users:
            self._users[user_id] = user_text(self._services.workspace, user_id)
        return self._users[user_id]

    # slots

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_versions_tree_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if current is None:
            return
        owner = current.parent() or current
        version = owner.data(0, VersionRole)
        if isinstance(version, int):
            self.compare(max(1, version - 1), version)

    @Slot(QTreeWidgetItem, int)
    def _on_versions_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        request_id = item.data(0, RequestRole)
        if request_id:
            self.request_activated.emit(str(request_id))

    @Slot(int)
    def _on_combo_activated(self, _index: int) -> None:
        self._show_comparison()

    @Slot(bool)
    def _on_only_changed_check_toggled(self, _checked: bool) -> None:
        self._show_comparison()

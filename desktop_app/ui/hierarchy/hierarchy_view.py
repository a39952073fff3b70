"""The Hierarchy tab: direct resellers and their child accounts as a lazily expanding tree."""

from __future__ import annotations

from functools import partial
from typing import Final

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.ui.documents import HIERARCHY_KEY
from desktop_app.ui.hierarchy.account_tree_model import AccountTreeModel, HierarchySource, IdRole
from desktop_app.ui.hierarchy.tree_nodes import Column

# Widest text a column usually shows; widths come from these, never from reading every row.
COLUMN_SAMPLES: Final[dict[Column, str]] = {
    Column.NAME: "Müller Handels GmbH & Co. KG",
    Column.ID: "TA-0000-0000-0000",
    Column.TYPE: "Customer",
    Column.COUNTRY: "Country",
    Column.CITY: "Frankfurt am Main",
    Column.CHILDREN: "100,000",
}
HIERARCHY_TITLE: Final = "Hierarchy"
COLUMN_PADDING: Final = 24
NAME_LEVELS: Final = 4
"""Indentation the Name column leaves room for: three reseller levels and their customers."""
ROW_PADDING: Final = 10
"""Added to the font height, as the directory's table rows are."""


def resellers_text(count: int) -> str:
    """``1,234 direct resellers``, ``1 direct reseller``."""
    return f"{count:,} direct reseller{'' if count == 1 else 's'}"


class _RowDelegate(QStyledItemDelegate):
    """The default look, with rows as tall as the directory table's."""

    def __init__(self, height: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._height = height

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """The text's size, at least one row high."""
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), self._height))


class HierarchyView(QWidget):
    """Direct resellers on top; expanding one reads its first child accounts, scrolling the rest."""

    account_activated = Signal(str)
    """The id of the account the user opened (double-click or Enter on a row)."""
    current_account_changed = Signal(object)
    """The id of the account on the current row, None when there is none."""
    error_occurred = Signal(object)
    """A :class:`DomainError` from the services, for the window to show."""

    def __init__(self, directory: HierarchySource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hierarchy_view")
        self.model = AccountTreeModel(directory, parent=self)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.model.modelReset.connect(self._on_model_model_reset)
        self.model.rowsInserted.connect(self._on_model_rows_inserted)

        # Qt fetches only the first batch of a node (see AccountTreeModel.canFetchMore); this
        # timer fetches the next batch of a node whose last fetched child came on screen,
        # once per burst of scrolling, resizing or inserting.
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setObjectName("fetch_timer")
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(0)
        self._fetch_timer.timeout.connect(self._on_fetch_timer_timeout)

        self.count_label = QLabel()
        self.count_label.setObjectName("hierarchy_count_label")

        self.tree = QTreeView()
        self.tree.setObjectName("hierarchy_tree")
        self.tree.setModel(self.model)
        self._set_up_tree()
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.expanded.connect(self._on_tree_expanded)
        scroll_bar = self.tree.verticalScrollBar()
        scroll_bar.valueChanged.connect(self._on_scroll_bar_value_changed)
        scroll_bar.rangeChanged.connect(self._on_scroll_bar_range_changed)  # e.g. a taller window
        selection = self.tree.selectionModel()
        selection.currentRowChanged.connect(self._on_selection_current_row_changed)

        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        self._update_count()

    def _set_up_tree(self) -> None:
        tree = self.tree
        tree.setUniformRowHeights(True)  # no row is measured: the view stays fast at any size
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setExpandsOnDoubleClick(False)  # a double-click opens the account
        tree.setAlternatingRowColors(True)
        tree.setWordWrap(False)
        tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        tree.setAllColumnsShowFocus(True)
        tree.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        metrics = tree.fontMetrics()
        tree.setItemDelegate(_RowDelegate(metrics.height() + ROW_PADDING, tree))
        header = tree.header()
        header.setObjectName("hierarchy_header")
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, sample in COLUMN_SAMPLES.items():
            widest = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(column.label))
            if column is Column.NAME:
                widest += tree.indentation() * NAME_LEVELS
            header.resizeSection(column, widest + COLUMN_PADDING)

    # public

    @property
    def key(self) -> str:
        """Its key among the open documents: there is one tree."""
        return HIERARCHY_KEY

    def title(self) -> str:
        """The tab title."""
        return HIERARCHY_TITLE

    def as_widget(self) -> QWidget:
        """The view itself, for its tab."""
        return self

    def set_directory(self, directory: HierarchySource) -> None:
        """Show another workspace's accounts (after Open database… or New database…)."""
        self.model.set_source(directory)

    def apply_changes(self, changes: Changes) -> None:
        """Read again when an account was created, edited or deleted."""
        if changes.touches_accounts:
            self.refresh()

    def refresh(self) -> None:
        """Read the workspace again, keeping the expanded resellers and the current account."""
        expanded = [
            account_id
            for account_id in self.model.fetched_account_ids()
            if self.tree.isExpanded(self.model.index_of(account_id))
        ]
        current = self.current_account_id()
        self.model.refresh()
        self._fetch_first(QModelIndex())
        for account_id in expanded:  # parents come first, so each is fetched by now
            index = self.model.index_of(account_id)
            if index.isValid():
                self._fetch_first(index)
                self.tree.expand(index)
        if current is not None:
            index = self.model.index_of(current)
            if index.isValid():
                self.tree.setCurrentIndex(index)

    def current_account_id(self) -> str | None:
        """The id of the account on the current row."""
        return self.model.account_id(self.tree.currentIndex())

    def select_account(self, account_id: str) -> bool:
        """Make ``account_id`` current when it is fetched already; False when it is not."""
        index = self.model.index_of(account_id)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    # lazy fetching

    def _fetch_first(self, index: QModelIndex) -> None:
        if self.model.rowCount(index) == 0 and self.model.canFetchMore(index):
            self.model.fetchMore(index)

    def _fetch_visible(self) -> None:
        """Fetch the next batch of a node whose last fetched child is on screen (one a pass)."""
        tree = self.tree
        viewport = tree.viewport().rect()
        index = tree.indexAt(QPoint(0, 0))
        while index.isValid() and tree.visualRect(index).top() <= viewport.bottom():
            parent = index.parent()
            if index.row() == self.model.rowCount(parent) - 1 and self.model.has_more(parent):
                self.model.fetchMore(parent)
                return  # the rows moved: look again once they are laid out
            index = tree.indexBelow(index)

    def _update_count(self) -> None:
        self.count_label.setText(resellers_text(self.model.top_level_count()))

    def _report(self, error: DomainError) -> None:
        # Emitted from the event loop: never inside painting or a model reset.
        QTimer.singleShot(0, self, partial(self.error_occurred.emit, error))

    # slots

    @Slot()
    def _on_model_model_reset(self) -> None:
        self._update_count()

    @Slot(QModelIndex, int, int)
    def _on_model_rows_inserted(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        self._fetch_timer.start()

    @Slot(object)
    def _on_model_load_failed(self, error: DomainError) -> None:
        self._report(error)

    @Slot(QModelIndex)
    def _on_tree_expanded(self, _index: QModelIndex) -> None:
        self._fetch_timer.start()

    @Slot(int)
    def _on_scroll_bar_value_changed(self, _value: int) -> None:
        self._fetch_timer.start()

    @Slot(int, int)
    def _on_scroll_bar_range_changed(self, _minimum: int, _maximum: int) -> None:
        self._fetch_timer.start()

    @Slot()
    def _on_fetch_timer_timeout(self) -> None:
        self._fetch_visible()

    @Slot(QModelIndex)
    def _on_tree_activated(self, index: QModelIndex) -> None:
        account_id = self.model.data(index, IdRole)
        if account_id:
            self.account_activated.emit(account_id)

    @Slot(QModelIndex, QModelIndex)
    def _on_selection_current_row_changed(
        self, current: QModelIndex, _previous: QModelIndex
    ) -> None:
        self.current_account_changed.emit(self.model.account_id(current))

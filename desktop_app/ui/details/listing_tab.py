"""One list tab of the details screen: a table that asks for its rows only once it is shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Final, Generic, TypeVar

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DomainError
from desktop_app.services.listing import Listing
from desktop_app.ui.details.columns import COLUMN_SAMPLES
from desktop_app.ui.dialogs.error_dialog import show_error
from desktop_app.ui.models.listing_table_model import ColumnSpec, IdRole, ListingTableModel
from desktop_app.ui.row_tables import configure_row_table
from desktop_app.ui.table_place import remember, restore

T = TypeVar("T")

COLUMN_PADDING: Final = 24
FALLBACK_SAMPLE: Final = "0000-00-00 00:00"


class ListingTab(QWidget, Generic[T]):
    """A table over a listing made on the first :meth:`load`, or a placeholder when empty."""

    item_activated = Signal(str)
    """The id of the row the user opened (double-click or Enter)."""

    def __init__(
        self,
        table_name: str,
        make_listing: Callable[[], Listing[T]],
        columns: Sequence[ColumnSpec[T]],
        id_of: Callable[[T], str],
        noun: tuple[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{table_name}_page")
        self._make_listing = make_listing
        self._columns = tuple(columns)
        self._id_of = id_of
        self._noun = noun
        self._released = False
        self.model: ListingTableModel[T] | None = None

        self.count_label = QLabel()
        self.count_label.setObjectName(f"{table_name}_count_label")
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.table = QTableView()
        self.table.setObjectName(table_name)
        self._set_up_table()
        self.table.activated.connect(self._on_table_activated)

        self.placeholder_label = QLabel(f"No {noun[1]}.")
        self.placeholder_label.setObjectName(f"{table_name}_placeholder")
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.placeholder_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(self.stack, 1)

    @property
    def is_loaded(self) -> bool:
        """True once the listing was asked for its rows."""
        return self.model is not None

    @property
    def placeholder_text(self) -> str:
        """What the tab says when the listing is empty."""
        return self.placeholder_label.text()

    def is_showing_placeholder(self) -> bool:
        """True while the placeholder is shown instead of the table."""
        return self.stack.currentWidget() is self.placeholder_label

    def load(self) -> None:
        """Make the model on the first call (this counts the rows); later calls do nothing."""
        if self.model is not None or self._released:
            return
        model = ListingTableModel(self._make_listing(), self._columns, self._id_of, self)
        model.load_failed.connect(self._on_model_load_failed)
        model.modelReset.connect(self._on_model_model_reset)
        self.model = model
        self.table.setModel(model)
        self._size_columns()
        self._update_state()

    def refresh(self) -> None:
        """Ask the listing again when it was loaded, keeping the current row and the scroll.

        An unloaded tab stays unloaded.
        """
        if self.model is not None:
            place = remember(self.table, self.model.item_id)
            self.model.set_listing(self._make_listing())
            restore(self.table, place, self.model.item_id)

    def release_workspace(self) -> None:
        """Never load from now on, and show no rows: the workspace is being closed."""
        self._released = True
        if self.model is not None:
            self.model.release_workspace()

    # building

    def _set_up_table(self) -> None:
        table = self.table
        configure_row_table(table)
        table.horizontalHeader().setStretchLastSection(True)

    def _size_columns(self) -> None:
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        for section, column in enumerate(self._columns):
            sample = COLUMN_SAMPLES.get(column.label, FALLBACK_SAMPLE)
            widest = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(column.label))
            header.resizeSection(section, widest + COLUMN_PADDING)

    # state

    def _update_state(self) -> None:
        count = self.model.rowCount() if self.model is not None else 0
        singular, plural = self._noun
        self.count_label.setText(f"{count:,} {singular if count == 1 else plural}")
        self.count_label.setVisible(count > 0)
        self.stack.setCurrentWidget(self.table if count else self.placeholder_label)

    @Slot()
    def _on_model_model_reset(self) -> None:
        self._update_state()

    @Slot(object)
    def _on_model_load_failed(self, error: DomainError) -> None:
        # Raised while painting or counting: shown from the event loop, never from inside them.
        QTimer.singleShot(0, self, partial(show_error, self, error))

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        item_id = index.data(IdRole)
        if item_id:
            self.item_activated.emit(item_id)

"""One list tab of the details screen: a table that asks for its rows only once it is shown.

Given the window's reading thread and a recipe of its listing, the tab counts and reads there:
the window stays live while a long list (a reseller's 100,000 children) is counted, and a
refresh shows the old rows until the new ones are in.
"""

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
from desktop_app.ui.models.background_reads import QUICK_WAIT, BackgroundReader
from desktop_app.ui.models.listing_jobs import Recipe
from desktop_app.ui.models.listing_table_model import (
    NO_ROWS,
    ColumnSpec,
    IdRole,
    ListingTableModel,
)
from desktop_app.ui.row_tables import configure_row_table, show_model
from desktop_app.ui.table_place import TablePlace, remember, restore

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
        *,
        recipe: Recipe[T] | None = None,
        reader: BackgroundReader | None = None,
    ) -> None:
        """With ``reader`` and ``recipe`` the rows are read on that reading thread.

        ``recipe`` makes the same listing as ``make_listing``, over the thread's services.
        """
        super().__init__(parent)
        self.setObjectName(f"{table_name}_page")
        self._make_listing = make_listing
        self._recipe = recipe
        self._reader = reader
        self._place: TablePlace | None = None
        """Where the table was when a refresh asked the reading thread (restored on arrival)."""
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
        """Make the model on the first call (this counts the rows); later calls do nothing.

        Read apart, the count and first page are asked of the reading thread and waited for
        a few milliseconds; an empty table shows until they come.
        """
        if self.model is not None or self._released:
            return
        apart = self._reads_apart()
        listing = self._make_listing()
        model = ListingTableModel(NO_ROWS if apart else listing, self._columns, self._id_of, self)
        model.load_failed.connect(self._on_model_load_failed)
        model.modelReset.connect(self._on_model_model_reset)
        model.rows_arrived.connect(self._on_model_rows_arrived)
        self.model = model
        if apart:
            model.use_reader(self._reader)
            model.set_listing(listing, self._recipe, wait=QUICK_WAIT)
        show_model(self.table, model)
        self._size_columns()
        self._update_state()

    def refresh(self) -> None:
        """Ask the listing again when it was loaded, keeping the current row and the scroll.

        An unloaded tab stays unloaded. Read apart, the rows shown stay until the new ones
        are in; the current row is looked for among those then.
        """
        model = self.model
        if model is None:
            return
        place = remember(self.table, model.item_id)
        if self._reads_apart():
            self._place = place
            model.set_listing(self._make_listing(), self._recipe)
            if model.loading:
                return  # kept until the rows arrive
            self._place = None
        else:
            model.set_listing(self._make_listing())
        restore(self.table, place, model.item_id)

    def release_workspace(self) -> None:
        """Never load from now on, and show no rows: the workspace is being closed."""
        self._released = True
        if self.model is not None:
            self.model.release_workspace()

    def _reads_apart(self) -> bool:
        reader = self._reader
        return reader is not None and not reader.closed and self._recipe is not None

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
        model = self.model
        if model is not None and model.loading and not model.rowCount():
            # the first rows are still coming: an empty table meanwhile, not "No …"
            self.count_label.setVisible(False)
            self.stack.setCurrentWidget(self.table)
            return
        count = model.rowCount() if model is not None else 0
        singular, plural = self._noun
        self.count_label.setText(f"{count:,} {singular if count == 1 else plural}")
        self.count_label.setVisible(count > 0)
        self.stack.setCurrentWidget(self.table if count else self.placeholder_label)

    @Slot()
    def _on_model_model_reset(self) -> None:
        self._update_state()

    @Slot()
    def _on_model_rows_arrived(self) -> None:
        place, self._place = self._place, None
        if place is not None and self.model is not None:
            restore(self.table, place, self.model.item_id)

    @Slot(object)
    def _on_model_load_failed(self, error: DomainError) -> None:
        # Raised while painting or counting: shown from the event loop, never from inside them.
        QTimer.singleShot(0, self, partial(show_error, self, error))

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        item_id = index.data(IdRole)
        if item_id:
            self.item_activated.emit(item_id)

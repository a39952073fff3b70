"""The look every read-only list of rows shares, and the search box's typing pause."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

from desktop_app.domain.text import SEARCH_WORDS_MAX

SEARCH_DELAY_MS: Final = 150
QUICK_SEARCH_DELAY_MS: Final = 50
"""The pause before a text of 3 characters or more once the last search was cheap."""
QUICK_SEARCH_LENGTH: Final = 3
CHEAP_SEARCH_SECONDS: Final = 0.016
"""A search counted within one frame: the next one may follow a shorter pause."""
SEARCH_TOOLTIP: Final = (
    f"Every word must match; the first {SEARCH_WORDS_MAX} words are looked for, the rest "
    "are left out."
)


WIDEST_COUNT: Final = 999_999
"""A count label keeps room for a count of six digits from the start (:class:`CountLabel`): a
larger one widens it once. Seven made the Requests tab 649 pixels wide at least, six 638."""
CELL_PADDING: Final = 8
"""What a cell's frame and margins take of its width, besides the text."""


class FullTextTips(QStyledItemDelegate):
    """A cell whose text is elided shows the whole text in its tooltip (when it has no other)."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """The whole text of an elided cell, else the model's tooltip."""
        if (
            event is not None
            and event.type() == QEvent.Type.ToolTip
            and index.isValid()
            and index.data(Qt.ItemDataRole.ToolTipRole) is None
        ):
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if isinstance(text, str) and text:
                needed = option.fontMetrics.horizontalAdvance(text) + CELL_PADDING
                if needed > option.rect.width():
                    QToolTip.showText(event.globalPos(), text, view)
                    return True
        return super().helpEvent(event, view, option, index)


def configure_row_table(table: QTableView) -> None:
    """One selectable, never-editable row per item, fixed row height, left-aligned headers.

    Long texts are elided in their cells, whole in the tooltip.
    """
    table.setItemDelegate(FullTextTips(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setCornerButtonEnabled(False)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    rows = table.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no row is measured
    rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class RowsInView(QObject):
    """Tells a table's model how many rows its viewport shows, at each resize.

    A model that reads its rows elsewhere (``show_rows``) then reads as many at once as a
    new search, sort or filter shows: no more (a header click at a million accounts painted
    in 16.5 ms with 200 rows read and formatted, 11.7 with 50), and no fewer (no second read
    for the bottom of a tall window).
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Pass the new height on; the event goes on as usual."""
        if event.type() == QEvent.Type.Resize:
            self.tell()
        return False

    def tell(self) -> None:
        """Tell the model the rows in view (a model without ``show_rows`` is not told)."""
        show_rows = getattr(self._table.model(), "show_rows", None)
        if show_rows is not None:
            row_height = max(1, self._table.verticalHeader().defaultSectionSize())
            show_rows(self._table.viewport().height() // row_height + 1)


HOLD_PAINT_MS: Final = 40
"""How long a table's paint waits for the rows it would show before it shows blank cells."""


class PaintWhenReady(QObject):
    """Holds a table's paint while the rows it would show are still being read.

    A jump far down used to wait 3 ms for its page on the window's thread, paint blank cells
    when the page took longer (7-8 ms at a million accounts) and paint again when it came;
    now nothing waits: the paint is left out, the page is asked for, and its arrival paints
    the rows, once. Past :data:`HOLD_PAINT_MS` the blank cells are painted after all. A
    model without ``rows_ready`` is painted as usual.
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self._gave_up = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(HOLD_PAINT_MS)
        self._timer.timeout.connect(self._give_up)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leave a paint out while its rows are coming (True), else let it through."""
        if event.type() != QEvent.Type.Paint:
            return False
        rows_ready = getattr(self._table.model(), "rows_ready", None)
        top = self._table.rowAt(0)
        if rows_ready is None or top < 0:
            return False
        bottom = self._table.rowAt(self._table.viewport().height() - 1)
        if bottom < 0:
            bottom = self._table.model().rowCount() - 1
        if self._gave_up or rows_ready(top, bottom):
            self._gave_up = False
            self._timer.stop()
            return False
        if not self._timer.isActive():
            self._timer.start()
        return True

    def _give_up(self) -> None:
        self._gave_up = True
        self._table.viewport().update()


def show_model(table: QTableView, model: QAbstractItemModel) -> None:
    """Show ``model`` in ``table``, laid out at once after each reset of its rows.

    Left to itself the table lays out a reset during its next paint, and the scroll range
    that changes there asks for a second whole paint: at a million accounts each new search,
    sort or filter painted the table twice (8-20 ms each). The model is told how many rows
    the table shows (:class:`RowsInView`).
    """
    table.setModel(model)
    model.modelReset.connect(table.doItemsLayout)
    rows_in_view = table.findChild(RowsInView)
    (rows_in_view or RowsInView(table)).tell()
    if table.findChild(PaintWhenReady) is None:
        PaintWhenReady(table)


class CountLabel(QLabel):
    """A list's count: as wide as its widest text so far, so a new count seldom moves anything.

    A label sized to its text asks its layout to place everything again at each new text: at
    every search the Directory's count did, and the whole window was painted a second time
    after the table (about 2.5 ms of a search's 16 ms at a million accounts); the Requests
    tab's count laid out the main window's tabs. It is as wide as its :meth:`reserve` text
    from the start, widens when a longer count comes, never narrows.
    """

    def reserve(self, widest: str) -> None:
        """Be as wide as ``widest`` already (about the longest count it will show).

        Widening at the first long count laid the Requests tab out again (its first "30,555
        pending for you" after "123,284 requests": 1.3 ms of painting every filter and field).
        """
        shown = self.text()
        super().setText(widest)
        self.setFixedSize(self.sizeHint())
        super().setText(shown)

    def setText(self, text: str) -> None:  # Qt's name
        """Show ``text``; wider than the label's width so far, the label widens."""
        super().setText(text)
        hint = self.sizeHint()
        if hint.width() > self.maximumWidth() or self.minimumWidth() != self.maximumWidth():
            self.setFixedSize(max(hint.width(), self.minimumWidth()), hint.height())


def search_timer(parent: QObject, name: str) -> QTimer:
    """A single-shot timer that waits for a pause in typing before searching."""
    timer = QTimer(parent)
    timer.setObjectName(name)
    timer.setSingleShot(True)
    timer.setInterval(SEARCH_DELAY_MS)
    return timer


def search_pause_ms(text: str, last_search_seconds: float | None) -> int:
    """The typing pause before ``text`` is searched: shorter while searches are cheap.

    One or two characters always wait the whole pause (in a large workspace they match a
    large share of the rows and are the dearest to count); a longer text waits less once
    the last search (None: none yet) took no more than a frame.
    """
    cheap = last_search_seconds is not None and last_search_seconds <= CHEAP_SEARCH_SECONDS
    if cheap and len(text.strip()) >= QUICK_SEARCH_LENGTH:
        return QUICK_SEARCH_DELAY_MS
    return SEARCH_DELAY_MS

"""A search box over a table: Return searches now, Down moves into the results, Esc clears."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QTableView, QWidget


class SearchBox(QLineEdit):
    """A line edit that searches a table of results and hands the keyboard over to it.

    Return and Enter search at once and are not passed on (in a wizard they would press
    Next); Down focuses the results on their current row (the first when none is); Esc
    clears the search, and when the box is already empty is left to the window (a dialog
    closes).
    """

    search_requested = Signal()
    """Return or Enter: search now instead of after the typing pause."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._results: QTableView | None = None

    def set_results(self, results: QTableView) -> None:
        """The view Down moves into; its Up on the first row comes back here."""
        self._results = results
        results.installEventFilter(self)

    def focus_results(self) -> bool:
        """Focus the results on their current row (the first when none); False when empty."""
        results = self._results
        if results is None:
            return False
        model = results.model()
        if model is None or model.rowCount() == 0:
            return False
        if not results.currentIndex().isValid():
            header = results.horizontalHeader()
            visible = (header.logicalIndex(v) for v in range(header.count()))
            column = next((c for c in visible if not header.isSectionHidden(c)), 0)
            results.setCurrentIndex(model.index(0, column))
        results.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Return searches, Down goes into the results, Esc clears; the rest edits."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.search_requested.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Down and self.focus_results():
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.search_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up on the first row of the results brings the keyboard back to the search box."""
        if (
            self._results is not None
            and watched is self._results
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Up
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self._results.currentIndex().row() <= 0
        ):
            self.setFocus(Qt.FocusReason.BacktabFocusReason)
            return True
        return super().eventFilter(watched, event)

"""The Directory's "Filtered: … ✕" bar: an Overview bar's filter, named above the table.

A click on a bar of the Overview narrows the Directory to exactly the accounts it counts
(a country, the deleted ones, a week, a reseller's children or tree); this bar says so and its
✕ goes back to every live account.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from desktop_app.services.queries import DirectoryQuery

CLEAR_TEXT: Final = "✕"
CLEAR_TIP: Final = "Clear this filter: show every live account again"


class NarrowingBar(QFrame):
    """Hidden until a filter is set; ✕ clears it and emits :attr:`cleared`."""

    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("narrowing_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._narrowing: DirectoryQuery | None = None
        self.label = QLabel()
        self.label.setObjectName("narrowing_label")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("clear_narrowing_button")
        self.clear_button.setText(CLEAR_TEXT)
        self.clear_button.setToolTip(CLEAR_TIP)
        self.clear_button.setAccessibleName("Clear filter")
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 2, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.clear_button)
        self.setVisible(False)

    def narrowing(self) -> DirectoryQuery | None:
        """The filter shown, None when there is none."""
        return self._narrowing

    def set_narrowing(self, query: DirectoryQuery | None, label: str = "") -> None:
        """Show ``query``'s filter as ``label`` (None: no filter, the bar hides)."""
        self._narrowing = query
        text = f"Filtered: {label}" if query is not None else ""
        self.label.setText(text)
        self.label.setToolTip(text)
        self.setVisible(query is not None)

    def narrow(self, query: DirectoryQuery) -> DirectoryQuery:
        """``query`` (search and type) within the filter shown."""
        n = self._narrowing
        if n is None:
            return query
        return replace(
            query,
            parent_id=n.parent_id,
            roots_only=n.roots_only,
            country=n.country,
            other_countries=n.other_countries,
            deleted=n.deleted,
            created_from=n.created_from,
            created_before=n.created_before,
            edited_from=n.edited_from,
            edited_before=n.edited_before,
            tree_of=n.tree_of,
        )

    @Slot()
    def _on_clear_button_clicked(self) -> None:
        self.set_narrowing(None)
        self.cleared.emit()

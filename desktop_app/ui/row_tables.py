"""The look every read-only list of rows shares, and the search box's typing pause."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

from desktop_app.domain.text import SEARCH_WORDS_MAX

SEARCH_DELAY_MS: Final = 150
SEARCH_TOOLTIP: Final = (
    f"Every word must match; the first {SEARCH_WORDS_MAX} words are looked for, the rest "
    "are left out."
)


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


def search_timer(parent: QObject, name: str) -> QTimer:
    """A single-shot timer that waits for a pause in typing before searching."""
    timer = QTimer(parent)
    timer.setObjectName(name)
    timer.setSingleShot(True)
    timer.setInterval(SEARCH_DELAY_MS)
    return timer

"""The look every read-only list of rows shares, and the search box's typing pause."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop_app.domain.text import SEARCH_WORDS_MAX

SEARCH_DELAY_MS: Final = 150
SEARCH_TOOLTIP: Final = (
    f"Every word must match; the first {SEARCH_WORDS_MAX} words are looked for, the rest "
    "are left out."
)


def configure_row_table(table: QTableView) -> None:
    """One selectable, never-editable row per item, fixed row height, left-aligned headers."""
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

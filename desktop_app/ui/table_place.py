"""A table's place (current row by id, scroll position) kept across a re-read of its rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView

NEARBY_ROWS: Final = 400
"""How far from its old row a kept row is looked for (two pages: never a scan of the list)."""


@dataclass(frozen=True)
class TablePlace:
    """Where a table was: the id on its current row, that row and column, its scroll values."""

    current_id: str | None
    row: int
    column: int
    vertical: int
    horizontal: int


def remember(table: QTableView, id_at: Callable[[int], str | None]) -> TablePlace:
    """Where ``table`` is now; ``id_at`` names the item on a row."""
    current = table.currentIndex()
    return TablePlace(
        current_id=id_at(current.row()) if current.isValid() else None,
        row=current.row() if current.isValid() else -1,
        column=current.column() if current.isValid() else 0,
        vertical=table.verticalScrollBar().value(),
        horizontal=table.horizontalScrollBar().value(),
    )


def _nearby(row: int, count: int) -> list[int]:
    """Rows around ``row`` within reach, nearest first."""
    rows = [row] if 0 <= row < count else []
    for distance in range(1, NEARBY_ROWS + 1):
        for candidate in (row - distance, row + distance):
            if 0 <= candidate < count:
                rows.append(candidate)
    return rows


def restore(table: QTableView, place: TablePlace, id_at: Callable[[int], str | None]) -> bool:
    """Scroll back and make the row of ``place``'s id current again; True when it was found.

    The id is looked for on its old row first, then on the rows around it: an edit that moved
    it (sorted by name, renamed) or rows added above it. Far away, it is left unselected.
    """
    model = table.model()
    table.doItemsLayout()  # the scroll ranges of the new row count, before scrolling back
    table.verticalScrollBar().setValue(place.vertical)
    table.horizontalScrollBar().setValue(place.horizontal)
    if model is None or place.current_id is None:
        return False
    count = model.rowCount()
    for row in _nearby(place.row, count):
        if id_at(row) == place.current_id:
            index = model.index(row, place.column)
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            table.selectionModel().setCurrentIndex(index, flags)
            if row != place.row:
                table.scrollTo(index)
            return True
    return False

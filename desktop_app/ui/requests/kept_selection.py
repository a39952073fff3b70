"""A table's selection kept by id across a re-read, with its current row and scroll."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QTableView

KEEP_SELECTED_MAX: Final = 2000
"""A selection up to this many rows is kept, by id, across a refresh."""
NEARBY_ROWS: Final = 400
"""How far from their old rows kept rows are looked for (never a scan of the list)."""
LOOKED_AT_MAX: Final = 6000
"""At most this many rows are read looking for them (about fifteen pages), the current first."""

IdAt = Callable[[int], str | None]
"""The id of the item on a row (None outside the rows)."""


@dataclass(frozen=True)
class Place:
    """Where the table was: selected ids and their rows, the current one, the scroll."""

    selected: dict[str, int]
    current_id: str | None
    current_row: int
    scroll: int


def remember(table: QTableView, id_at: IdAt) -> Place:
    """The selected ids (up to :data:`KEEP_SELECTED_MAX` rows), the current one, the scroll."""
    selection = table.selectionModel().selection()
    parts = [selection.at(i) for i in range(selection.count())]
    selected: dict[str, int] = {}
    if sum(r.height() for r in parts) <= KEEP_SELECTED_MAX:
        for part in parts:
            for row in range(part.top(), part.bottom() + 1):
                item_id = id_at(row)
                if item_id is not None:
                    selected[item_id] = row
    current = table.currentIndex()
    return Place(
        selected,
        id_at(current.row()) if current.isValid() else None,
        current.row() if current.isValid() else -1,
        table.verticalScrollBar().value(),
    )


def restore(table: QTableView, place: Place, id_at: IdAt, *, same_list: bool = True) -> None:
    """Select the kept ids again where they are now, make the current one current, scroll back.

    Not ``same_list`` (other filters, another search): no scroll back to where the last list
    was, but to the kept current row, else to the top (the new list's first rows).
    """
    table.doItemsLayout()  # the scroll range of the new count, before scrolling back
    rows = [*place.selected.values(), place.current_row]
    rows = [r for r in rows if r >= 0]
    if rows:
        _reselect(table, place, rows, id_at)
    if same_list:
        table.verticalScrollBar().setValue(place.scroll)  # last: a current row scrolls
    elif table.currentIndex().isValid():
        table.scrollTo(table.currentIndex())
    else:
        table.scrollToTop()


def _windows(rows: list[int], count: int) -> list[range]:
    """The rows near each of ``rows`` (the first one's first), overlapping ones merged."""
    spans: list[range] = []
    for row in rows:
        low, high = max(0, row - NEARBY_ROWS), min(count, row + NEARBY_ROWS + 1)
        if low >= high or any(low >= s.start and high <= s.stop for s in spans):
            continue
        spans.append(range(low, high))
    first, rest = spans[:1], sorted(spans[1:], key=lambda s: s.start)
    merged: list[range] = []
    for span in rest:
        if merged and span.start <= merged[-1].stop:
            merged[-1] = range(merged[-1].start, max(merged[-1].stop, span.stop))
        else:
            merged.append(span)
    return first + merged


def _reselect(table: QTableView, place: Place, rows: list[int], id_at: IdAt) -> None:
    """Select the rows of the kept ids again, looking near where they were.

    Near each kept row only, never across the rows between two far apart (a selection at
    the top and a current row 100,000 rows down would read every page between them).
    """
    model = table.model()
    count = model.rowCount()
    wanted = set(place.selected)
    selection = QItemSelection()
    current: QModelIndex | None = None
    last = model.columnCount() - 1
    budget = LOOKED_AT_MAX
    seen: set[int] = set()
    order = [place.current_row, *place.selected.values()] if place.current_row >= 0 else rows
    for window in _windows(order, count):
        for row in window:
            if budget <= 0:
                break
            if row in seen:
                continue
            seen.add(row)
            budget -= 1
            item_id = id_at(row)
            if item_id in wanted:
                selection.select(model.index(row, 0), model.index(row, last))
            if item_id is not None and item_id == place.current_id:
                current = model.index(row, 0)
    selected = table.selectionModel()
    flag = QItemSelectionModel.SelectionFlag
    if current is not None:
        selected.setCurrentIndex(current, flag.NoUpdate)
    selected.select(selection, flag.ClearAndSelect | flag.Rows)

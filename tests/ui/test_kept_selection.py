"""A kept selection is looked for near its rows only: a far current row reads no pages between."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
)
from PySide6.QtWidgets import QTableView

from desktop_app.ui.requests import kept_selection

ROWS = 200_000


class _Rows(QAbstractTableModel):
    """Ids ``R-<row>``, shifted by ``offset`` rows (as after a request above was decided)."""

    def __init__(self) -> None:
        super().__init__()
        self.offset = 0

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else ROWS

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        return None


def _table(qtbot) -> tuple[QTableView, _Rows, list[int]]:
    model = _Rows()
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    asked: list[int] = []

    def id_at(row: int) -> str | None:
        asked.append(row)
        return f"R-{row - model.offset}" if 0 <= row < ROWS else None

    table.id_at = id_at  # type: ignore[attr-defined]
    return table, model, asked


def test_a_selection_at_the_top_and_a_current_row_far_down_are_found_nearby(qtbot):
    table, model, asked = _table(qtbot)
    flag = QItemSelectionModel.SelectionFlag
    chosen = table.selectionModel()
    for row in (3, 4, 5):
        chosen.select(model.index(row, 0), flag.Select | flag.Rows)
    chosen.setCurrentIndex(model.index(150_000, 0), flag.NoUpdate)
    place = kept_selection.remember(table, table.id_at)  # type: ignore[attr-defined]
    model.offset = 2  # two rows above each of them went away
    asked.clear()
    kept_selection.restore(table, place, table.id_at)  # type: ignore[attr-defined]
    assert len(asked) <= 4 * kept_selection.NEARBY_ROWS + 4
    assert all(r < 1_000 or abs(r - 150_000) <= kept_selection.NEARBY_ROWS for r in asked)
    rows = sorted(i.row() for i in table.selectionModel().selectedRows())
    assert rows == [5, 6, 7]
    assert table.currentIndex().row() == 150_002

"""The toolkit's floor for the window benchmark: a bare table over a Python model, same moves.

A ``QTableView`` of the Directory's size over a ``QAbstractTableModel`` that answers every
cell from one page of real rows held in a list (no application code, no query): what any
PySide6 table pays to repaint after a reset, a Page Down, a jump and Ctrl+End on this machine
at this moment. Measured in the same run as the window, so that a busy machine shows in both.
"""

from __future__ import annotations

from typing import Any, Final

from desktop_app.persistence.opening import Store
from tests.benchmarks.window_probe import Probe, Timing

COLUMNS: Final = (
    "id",
    "name",
    "type",
    "parent_id",
    "external_id",
    "country",
    "city",
    "hub_id",
    "created_at",
)


def page_of_rows(store: Store) -> list[tuple[Any, ...]]:
    """A page of live accounts' raw columns, the floor's only data."""
    return list(
        store.db.execute_sql(
            f"SELECT {', '.join(COLUMNS)} FROM tier_account WHERE decommissioned_at IS NULL"
            " LIMIT 200"
        ).fetchall()
    )


def measure(
    rows: list[tuple[Any, ...]], count: int, size: tuple[int, int]
) -> dict[str, list[Timing]]:
    """Reset (a keystroke's or a header click's new rows), Page Down, middle, Ctrl+End; 9 each."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMainWindow, QTableView

    class Model(QAbstractTableModel):
        def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
            return count

        def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
            return len(COLUMNS)

        def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(rows[index.row() % len(rows)][index.column()])
            return None

        def reset(self) -> None:
            self.beginResetModel()
            self.endResetModel()

    window = QMainWindow()
    table = QTableView()
    model = Model()
    table.setModel(model)
    table.verticalHeader().setVisible(False)
    window.setCentralWidget(table)
    window.resize(*size)
    window.show()
    QTest.qWaitForWindowExposed(window)
    probe = Probe()
    probe.watch(table.viewport())
    probe.settle(200)
    found: dict[str, list[Timing]] = {}
    bar = table.verticalScrollBar()
    try:
        for turn in range(9):
            label = f"turn {turn}"
            found.setdefault("reset", []).append(probe.run(label, model.reset))
            table.setFocus()
            table.setCurrentIndex(model.index(0, 0))
            probe.settle()
            found.setdefault("Page Down", []).append(
                probe.run(label, lambda: QTest.keyClick(table, Qt.Key.Key_PageDown))
            )
            found.setdefault("jump to the middle row", []).append(
                probe.run(label, lambda: bar.setValue(bar.maximum() // 2))
            )
            found.setdefault("Ctrl+End", []).append(
                probe.run(
                    label,
                    lambda: QTest.keyClick(
                        table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier
                    ),
                )
            )
    finally:
        probe.close()
        window.close()
        window.deleteLater()
    return found

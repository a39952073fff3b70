"""Two states of an account field by field, changed rows marked (a request's, two versions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

ChangedRole: Final = Qt.ItemDataRole.UserRole + 1
FieldRole: Final = Qt.ItemDataRole.UserRole + 2

CHANGED_MARK: Final = "●"
CHANGED_BACKGROUND: Final = QColor("#fff4d6")
CHANGED_FOREGROUND: Final = QColor("#3d2b00")

ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The columns of the table, in display order: the field, its value before and after."""

    FIELD = 0
    BEFORE = 1
    AFTER = 2


@dataclass(frozen=True)
class FieldRow:
    """One field of the account as texts for people."""

    field: str
    label: str
    before: str
    after: str
    changed: bool


class FieldDiffModel(QAbstractTableModel):
    """Field, before, after; changed rows bold on a highlighted background with a ●."""

    def __init__(
        self,
        headers: tuple[str, str, str],
        changed_tip: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = headers
        self._changed_tip = changed_tip
        """Ends the tooltip of a changed field's name: ``Email: changed by this request``."""
        self._rows: tuple[FieldRow, ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[FieldRow]) -> None:
        """Show ``rows`` instead."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def set_headers(self, before: str, after: str) -> None:
        """Name the two value columns anew (``Version 2``, ``Version 5``)."""
        self._headers = (self._headers[0], before, after)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, Column.BEFORE, Column.AFTER)

    def row(self, row: int) -> FieldRow | None:
        """The field on ``row``, None outside the rows."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def changed_fields(self) -> list[str]:
        """The names of the fields marked as changed, in table order."""
        return [r.field for r in self._rows if r.changed]

    # Qt overrides

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per field."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Field, before, after."""
        return 0 if parent.isValid() else len(Column)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, and for changed rows the bold font, the background and the mark."""
        if not index.isValid() or not 0 <= index.column() < len(Column):
            return None
        found = self.row(index.row())
        if found is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(found, column)
        if role == ChangedRole:
            return found.changed
        if role == FieldRole:
            return found.field
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(found, column, self._changed_tip)
        if not found.changed:
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(CHANGED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(CHANGED_FOREGROUND)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column labels; row numbers on the vertical header."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(Column) else None
        return str(section + 1)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Cells are selectable (to copy a value), never editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


def _text(row: FieldRow, column: Column) -> str:
    if column is Column.FIELD:
        # The mark keeps the change visible without colour (printouts, colour blindness).
        return f"{CHANGED_MARK} {row.label}" if row.changed else row.label
    return row.before if column is Column.BEFORE else row.after


def _tooltip(row: FieldRow, column: Column, changed_tip: str) -> str | None:
    if column is Column.FIELD:
        return f"{row.label}: {changed_tip}" if row.changed else None
    return _text(row, column)

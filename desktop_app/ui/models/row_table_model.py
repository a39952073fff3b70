"""A read-only table of rows: columns described once, each row's texts, ids and tooltips.

What every list of the window shares, whatever reads its rows (``ListingTableModel``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop_app.domain.errors import DomainError

T = TypeVar("T")

IdRole: Final = Qt.ItemDataRole.UserRole + 1
RowRole: Final = Qt.ItemDataRole.UserRole + 2

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ColumnSpec(Generic[T]):
    """One column: its header label, the text of a cell and optionally its tooltip."""

    label: str
    value: Callable[[T], str]
    tooltip: Callable[[T], str | None] | None = None


class RowTableModel(QAbstractTableModel):
    """Columns, headers and flags of a list of rows; where the rows come from is the subclass's."""

    load_failed = Signal(object)
    """A :class:`DomainError` raised while counting or fetching rows (once per reset)."""

    def __init__(
        self,
        columns: Sequence[ColumnSpec[Any]],
        id_of: Callable[[Any], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._id_of = id_of
        self._failed = False

    @property
    def columns(self) -> tuple[ColumnSpec[Any], ...]:
        """The columns, in display order."""
        return self._columns

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One column per :class:`ColumnSpec`."""
        return 0 if parent.isValid() else len(self._columns)

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
            if 0 <= section < len(self._columns):
                return self._columns[section].label
            return None
        return f"{section + 1:,}"

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows are selectable, never editable."""
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def _texts_of(self, found: Any) -> tuple[str, ...]:
        return tuple(column.value(found) for column in self._columns)

    def _other_role(self, found: Any, column: int, role: int) -> Any:
        """The tooltip, id or whole object of a row's cell (``role`` one of :data:`ROLES`)."""
        if not 0 <= column < len(self._columns):
            return None
        spec = self._columns[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return spec.tooltip(found) if spec.tooltip is not None else None
        if role == RowRole:
            return found
        return self._id_of(found)

    def _report(self, error: DomainError) -> None:
        if not self._failed:
            self._failed = True
            self.load_failed.emit(error)


DISPLAY: Final = int(Qt.ItemDataRole.DisplayRole.value)
FONT: Final = int(Qt.ItemDataRole.FontRole.value)
ROLES: Final = frozenset(int(role) for role in (Qt.ItemDataRole.ToolTipRole.value, IdRole, RowRole))
"""The roles besides the text that a row answers (the view asks many more at each paint)."""
ROW_FLAGS: Final = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)

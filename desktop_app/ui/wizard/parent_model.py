"""The Parent account page's reseller list: the directory model with rows not to choose."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt

from desktop_app.services.queries import DirectoryQuery
from desktop_app.ui.models.account_table_model import (
    AccountSource,
    AccountTableModel,
    Column,
    ModelIndex,
)


@dataclass(frozen=True)
class Unavailable:
    """Why an account cannot be the parent: a few words after its name and a tooltip."""

    label: str
    reason: str


class ParentTableModel(AccountTableModel):
    """Reseller accounts, paged; the edited account and its descendants are greyed out."""

    def __init__(
        self,
        source: AccountSource,
        query: DirectoryQuery | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(source, query, parent)
        self._unavailable: dict[str, Unavailable] = {}

    def set_unavailable(self, reasons: Mapping[str, Unavailable]) -> None:
        """Accounts (id → why) shown greyed out and not selectable."""
        self._unavailable = dict(reasons)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def unavailable_reason(self, account_id: str) -> Unavailable | None:
        """Why ``account_id`` cannot be the parent, None when it can."""
        return self._unavailable.get(account_id)

    def is_available(self, row: int) -> bool:
        """True when the account on ``row`` may be chosen as the parent."""
        account_id = self.account_id(row)
        return account_id is not None and self.unavailable_reason(account_id) is None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The directory's cell data; unavailable rows say why in the name and tooltip."""
        value = super().data(index, role)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return value
        account_id = self.account_id(index.row()) if index.isValid() else None
        reason = self.unavailable_reason(account_id) if account_id else None
        if reason is None:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return reason.reason
        if index.column() == Column.NAME:
            return f"{value} ({reason.label})"
        return value

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows are selectable unless the account cannot be the parent."""
        flags = super().flags(index)
        if index.isValid() and not self.is_available(index.row()):
            return Qt.ItemFlag.ItemNeverHasChildren
        return flags

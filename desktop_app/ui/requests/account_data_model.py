"""The Account Data table of a request: each field before and as requested, changes marked."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject

from desktop_app.ui.models.field_diff_model import (
    CHANGED_BACKGROUND,
    CHANGED_FOREGROUND,
    CHANGED_MARK,
    ChangedRole,
    FieldDiffModel,
    FieldRole,
    FieldRow,
)

__all__ = [
    "CHANGED_BACKGROUND",
    "CHANGED_FOREGROUND",
    "CHANGED_MARK",
    "AccountDataModel",
    "ChangedRole",
    "Column",
    "FieldRole",
    "FieldRow",
]


class Column(IntEnum):
    """The columns of the table, in display order."""

    FIELD = 0
    PREVIOUS = 1
    REQUESTED = 2

    @property
    def label(self) -> str:
        """The header text."""
        return self.name.capitalize()


class AccountDataModel(FieldDiffModel):
    """Field, Previous, Requested; changed rows bold on a highlighted background with a ●."""

    def __init__(self, parent: QObject | None = None) -> None:
        headers = (Column.FIELD.label, Column.PREVIOUS.label, Column.REQUESTED.label)
        super().__init__(headers, "changed by this request", parent)

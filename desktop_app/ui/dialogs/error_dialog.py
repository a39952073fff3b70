"""Show a service's refusal (a DomainError) to the user in a message box, never a traceback."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.domain.errors import (
    ConflictError,
    ConnectionLostError,
    DomainError,
    ExchangeFileError,
    NotFoundError,
    PermissionDeniedError,
    RuleViolationError,
    StorageError,
    ValidationError,
)

ERROR_BOX_NAME: Final = "error_message_box"

_TITLES: Final[tuple[tuple[type[DomainError], str], ...]] = (
    (ValidationError, "Invalid input"),
    (PermissionDeniedError, "Not allowed"),
    (NotFoundError, "Not found"),
    (RuleViolationError, "Not possible"),
    (ConflictError, "Changed elsewhere"),
    (ConnectionLostError, "Connection lost"),
    (StorageError, "Workspace problem"),
    (ExchangeFileError, "File problem"),
)


def error_title(error: DomainError) -> str:
    """A short window title that names the kind of refusal."""
    for kind, title in _TITLES:
        if isinstance(error, kind):
            return title
    return "Something went wrong"


def show_error(parent: QWidget | None, error: DomainError) -> QMessageBox:
    """Open a window-modal message box with the error's message; returns at once."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        error_title(error),
        error.message,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName(ERROR_BOX_NAME)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box

"""The body of a screen about one object: its content, or a message once the object is gone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from desktop_app.domain.errors import DomainError, NotFoundError

T = TypeVar("T")


class ObjectStack(QStackedWidget):
    """Header and body of an account, request or product screen, or why it cannot be shown."""

    def __init__(self, header: QWidget, body: QWidget, *, name: str, prefix: str = "") -> None:
        super().__init__()
        self.setObjectName(name)
        self.content_page = QWidget()
        self.content_page.setObjectName(f"{prefix}content_page")
        content = QVBoxLayout(self.content_page)
        content.setContentsMargins(0, 0, 0, 0)
        content.addWidget(header)
        content.addWidget(body, 1)

        self.missing_label = QLabel()
        self.missing_label.setObjectName(f"{prefix}missing_label")
        self.missing_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.addWidget(self.content_page)
        self.addWidget(self.missing_label)

    def show_content(self) -> None:
        """Show the object (after a successful read)."""
        self.setCurrentWidget(self.content_page)

    def show_missing(self, text: str) -> None:
        """Replace the object by ``text`` (it vanished or could not be read)."""
        self.missing_label.setText(text)
        self.setCurrentWidget(self.missing_label)

    def read(self, what: str, read: Callable[[], T]) -> T | None:
        """What ``read`` returns; None, and the reason shown instead, when it refuses.

        ``what`` names the object in the message: "tier account TA-…".
        """
        try:
            return read()
        except NotFoundError:
            self.show_missing(f"The {what} no longer exists.")
        except DomainError as error:
            self.show_missing(f"The {what} cannot be shown.\n\n{error.message}")
        return None

    def is_showing_missing(self) -> bool:
        """True while the message replaces the object."""
        return self.currentWidget() is self.missing_label

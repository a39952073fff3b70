"""The password a team workspace's server asks for: typed in, used, never stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, TypeVar

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import PasswordRequiredError

PASSWORD_TITLE: Final = "Password"
ERROR_STYLE: Final = "color: #b3261e;"
WRONG_PASSWORD: Final = "The server refused the password. Type it again."

_Opened = TypeVar("_Opened")


def password_intro(who: str) -> str:
    """What the dialog says above the password."""
    return f"The server asks for the password of {who}."


class PasswordDialog(QDialog):
    """Asks for one password (shown as dots); OK once something is typed."""

    def __init__(self, parent: QWidget | None, who: str, wrong: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("password_dialog")
        self.setWindowTitle(PASSWORD_TITLE)

        self.intro_label = QLabel(password_intro(who))
        self.intro_label.setObjectName("intro_label")
        self.intro_label.setWordWrap(True)
        self.intro_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("Password")
        self.password_edit.setPlaceholderText("Password")
        self.error_label = QLabel(WRONG_PASSWORD if wrong else "")
        self.error_label.setObjectName("error_label")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setVisible(wrong)
        self.note_label = QLabel("Used for this connection only; never saved.")
        self.note_label.setObjectName("note_label")
        self.note_label.setEnabled(False)

        buttons = QDialogButtonBox()
        self.ok_button: QPushButton = buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        self.cancel_button: QPushButton = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancel_button")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.note_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

        self.password_edit.textChanged.connect(self._on_password_edit_text_changed)
        self.password_edit.setFocus()
        self._on_password_edit_text_changed("")

    def password(self) -> str:
        """What was typed."""
        return self.password_edit.text()

    def accept(self) -> None:
        """Close with OK, but only with a password."""
        if self.password():
            super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, who: str, wrong: bool = False) -> str | None:
        """Show the dialog modally; the password, None when cancelled. The only ``exec()``."""
        dialog = cls(parent, who, wrong)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.password()
            return None
        finally:
            dialog.password_edit.clear()
            dialog.deleteLater()

    @Slot(str)
    def _on_password_edit_text_changed(self, text: str) -> None:
        self.ok_button.setEnabled(bool(text))


def open_asking_password(
    parent: QWidget | None,
    attempt: Callable[[str | None], _Opened],
    password: str | None = None,
) -> _Opened | None:
    """``attempt(password)``, asking for the password while the server wants one or refuses it.

    None when the user cancels the question. Any other refusal (a DomainError) is raised.
    """
    while True:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return attempt(password)
        except PasswordRequiredError as refused:
            error = refused
        finally:
            QGuiApplication.restoreOverrideCursor()
        password = PasswordDialog.ask(parent, error.who, wrong=error.wrong)
        if password is None:
            return None

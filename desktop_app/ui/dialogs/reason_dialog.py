"""The reject reason asked before a tier account request is ignored."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.requests import REASON_MAX_LENGTH, clean_reason
from desktop_app.domain.text import normalize_text

REASON_TITLE: Final = "Ignore request"
REASON_LABEL: Final = "Reject reason"
ERROR_STYLE: Final = "color: #b3261e;"


def reason_intro(request_id: str) -> str:
    """What the dialog says above the reason."""
    return (
        f"Ignore tier account request {request_id}? The account keeps its changes; "
        "the reason tells why the request was flagged."
    )


class ReasonDialog(QDialog):
    """Asks why a request is ignored; OK only while the reason is 1–255 characters."""

    def __init__(self, parent: QWidget | None, request_id: str) -> None:
        super().__init__(parent)
        self.setObjectName("reason_dialog")
        self.setWindowTitle(REASON_TITLE)
        self._reason = ""

        self.intro_label = QLabel(reason_intro(request_id))
        self.intro_label.setObjectName("intro_label")
        self.intro_label.setWordWrap(True)

        self.reason_label = QLabel(REASON_LABEL)
        self.reason_label.setObjectName("reason_label")
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("reason_edit")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText("Why is this change a problem?")
        self.reason_label.setBuddy(self.reason_edit)

        self.hint_label = QLabel()
        self.hint_label.setObjectName("hint_label")
        self.hint_label.setWordWrap(True)
        self.reason_counter = QLabel()
        self.reason_counter.setObjectName("reason_counter")
        self.reason_counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

        buttons = QDialogButtonBox()
        self.ok_button: QPushButton = buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setToolTip("Ignore the request with this reason (Ctrl+Enter)")
        self.cancel_button: QPushButton = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancel_button")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        # Enter starts a new line in the reason, so Ctrl+Enter submits.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self._on_submit_shortcut_activated)

        below = QHBoxLayout()
        below.addWidget(self.hint_label, 1)
        below.addWidget(self.reason_counter)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addSpacing(6)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason_edit, 1)
        layout.addLayout(below)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.resize(520, 320)

        self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)
        self._check()

    def reason(self) -> str:
        """The reason as the service stores it (normalised); empty while it is invalid."""
        return self._reason

    def accept(self) -> None:
        """Close with OK, but only with a valid reason."""
        if self._reason:
            super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, request_id: str) -> str | None:
        """Show the dialog modally; the cleaned reason, None when cancelled. The only ``exec()``."""
        dialog = cls(parent, request_id)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.reason()
            return None
        finally:
            dialog.deleteLater()

    # checking

    def _check(self) -> None:
        text = self.reason_edit.toPlainText()
        length = len(normalize_text(text, multiline=True))
        try:
            self._reason = clean_reason(text)
        except ValidationError as error:
            self._reason = ""
            message = error.message_for("reason") or error.message
        else:
            message = ""
        self.ok_button.setEnabled(bool(self._reason))
        self.reason_counter.setText(f"{length:,} / {REASON_MAX_LENGTH}")
        too_long = length > REASON_MAX_LENGTH
        self.reason_counter.setStyleSheet(ERROR_STYLE if too_long else "")
        self.hint_label.setText(message)
        # Nothing typed yet is a hint, not an error.
        if length == 0:
            self.hint_label.setStyleSheet("")
            self.hint_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        else:
            self.hint_label.setForegroundRole(QPalette.ColorRole.WindowText)
            self.hint_label.setStyleSheet(ERROR_STYLE)

    # slots

    @Slot()
    def _on_reason_edit_text_changed(self) -> None:
        self._check()

    @Slot()
    def _on_submit_shortcut_activated(self) -> None:
        self.accept()

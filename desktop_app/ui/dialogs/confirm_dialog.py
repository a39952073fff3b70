"""A yes/no confirmation whose confirming button names the action (Delete, OK…)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.dialogs.safe_buttons import guard_destructive, mnemonic, with_free_mnemonic


class ConfirmDialog(QDialog):
    """Asks before an action.

    A ``destructive`` question leaves Enter, Return and Space on Cancel, which has the focus;
    its confirming button takes no focus and answers only a click or its mnemonic (Alt+D for
    ``&Delete``), which the dialog adds when the text has none or Cancel's.
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        confirm_text: str = "OK",
        *,
        destructive: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirm_dialog")
        self.setWindowTitle(title)
        self.message_label = QLabel(text)
        self.message_label.setObjectName("message_label")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.confirm_button: QPushButton = buttons.addButton(
            confirm_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setObjectName("confirm_button")
        self.cancel_button: QPushButton = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancel_button")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
        if destructive:
            cancel_letter = mnemonic(self.cancel_button.text())
            taken = [cancel_letter] if cancel_letter else []
            self.confirm_button.setText(with_free_mnemonic(confirm_text, taken))
            guard_destructive(self.cancel_button, [self.confirm_button])
        else:
            self.confirm_button.setDefault(True)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        text: str,
        confirm_text: str = "OK",
        *,
        destructive: bool = False,
    ) -> bool:
        """Show the dialog modally; True when the user confirmed. The only ``exec()``."""
        dialog = cls(parent, title, text, confirm_text, destructive=destructive)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

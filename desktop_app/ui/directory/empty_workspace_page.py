"""What the Directory shows instead of its table while the workspace has no tier account."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

EMPTY_MESSAGE: Final = "This workspace has no tier accounts yet."
LOAD_DEMO_TEXT: Final = "Load demo data"
DEMO_HINT: Final = "Fill it with realistic sample accounts to try the application."


class EmptyWorkspacePage(QWidget):
    """A large message, and (when demo data can be loaded) a hint and its button."""

    def __init__(self, offer_demo_data: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty_page")
        message = QLabel(EMPTY_MESSAGE)
        message.setObjectName("empty_label")
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        message.setWordWrap(True)
        font = QFont(message.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        message.setFont(font)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(message)
        self.load_demo_button: QPushButton | None = None
        """Load demo data; None when the workspace cannot take it (read-only)."""
        if offer_demo_data:
            hint = QLabel(DEMO_HINT)
            hint.setObjectName("empty_hint_label")
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            hint.setWordWrap(True)
            button = QPushButton(LOAD_DEMO_TEXT)
            button.setObjectName("load_demo_button")
            metrics = button.fontMetrics()
            button.setMinimumSize(
                metrics.horizontalAdvance(LOAD_DEMO_TEXT) + 48, metrics.height() * 2 + 4
            )
            self.load_demo_button = button
            layout.addSpacing(4)
            layout.addWidget(hint)
            layout.addSpacing(12)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

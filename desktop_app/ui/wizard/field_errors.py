"""The small message shown under a form field: red for an error, amber for a warning."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.domain.errors import FieldIssue, Severity

ERROR_COLOR: Final = "#c62828"
WARNING_COLOR: Final = "#8a5a00"
FONT_SCALE: Final = 0.92


def mute(label: QLabel) -> QLabel:
    """Show ``label`` in the palette's placeholder colour: secondary, still readable."""
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)
    return label


def issue_for(field: str, issues: Iterable[FieldIssue]) -> FieldIssue | None:
    """The issue to show for ``field``: its first error, else its first warning."""
    found = [i for i in issues if i.field == field]
    errors = [i for i in found if i.severity is Severity.ERROR]
    if errors:
        return errors[0]
    return found[0] if found else None


class FieldErrorLabel(QLabel):
    """Hidden while there is nothing to say about its field; wraps long messages."""

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"{field}_error")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * FONT_SCALE)
        self.setFont(font)
        self._severity: Severity | None = None
        self.setVisible(False)

    @property
    def severity(self) -> Severity | None:
        """The severity of the message shown, None when the label is empty."""
        return self._severity

    def is_error(self) -> bool:
        """True while an error (not a warning) is shown."""
        return self._severity is Severity.ERROR

    def show_issue(self, issue: FieldIssue | None) -> None:
        """Show ``issue``'s message in its severity's colour; None hides the label."""
        if issue is None:
            self.clear_issue()
            return
        self._severity = issue.severity
        color = ERROR_COLOR if issue.severity is Severity.ERROR else WARNING_COLOR
        self.setStyleSheet(f"color: {color};")
        self.setText(issue.message)
        self.setVisible(True)

    def show_message(self, message: str, severity: Severity = Severity.ERROR) -> None:
        """Show ``message`` (an empty one hides the label)."""
        self.show_issue(FieldIssue(self.field, message, severity) if message else None)

    def clear_issue(self) -> None:
        """Hide the label."""
        self._severity = None
        self.clear()
        self.setVisible(False)

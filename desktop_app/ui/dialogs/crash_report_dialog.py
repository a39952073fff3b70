"""The report of an unexpected error: what happened, the traceback to copy, and carry on."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app.config import APP_NAME

CRASH_DIALOG_NAME: Final = "crash_report_dialog"
CRASH_TITLE: Final = f"Unexpected error — {APP_NAME}"
COPY_TEXT: Final = "Copy Report"
COPIED_TEXT: Final = "Copied"
REPORT_SEPARATOR: Final = "\n\n" + "-" * 72 + "\n\n"
MAX_REPORTS: Final = 20


def intro_text(log_file: Path | None) -> str:
    """What the dialog says above the report."""
    where = (
        f"The report was also written to {log_file}."
        if log_file is not None
        else "The report could not be written to a log file."
    )
    return (
        f"<b>{APP_NAME} ran into an unexpected error.</b><br>"
        "The application keeps running, but the last action may not have finished: check "
        "that what you just did was saved. Please send this report to whoever looks after "
        f"the application.<br><br>{where}"
    )


class CrashReportDialog(QDialog):
    """Shows one or more error reports in a read-only text box with a Copy button."""

    def __init__(self, parent: QWidget | None, report: str, log_file: Path | None) -> None:
        super().__init__(parent)
        self.setObjectName(CRASH_DIALOG_NAME)
        self.setWindowTitle(CRASH_TITLE)
        self._reports: list[str] = []

        icon_label = QLabel()
        icon_label.setObjectName("icon_label")
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon_label.setPixmap(icon.pixmap(size, size))
        icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.intro_label = QLabel(intro_text(log_file))
        self.intro_label.setObjectName("intro_label")
        self.intro_label.setTextFormat(Qt.TextFormat.RichText)
        self.intro_label.setWordWrap(True)
        self.intro_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")

        self.report_edit = QPlainTextEdit()
        self.report_edit.setObjectName("report_edit")
        self.report_edit.setReadOnly(True)
        self.report_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report_edit.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )

        buttons = QDialogButtonBox()
        self.copy_button: QPushButton = buttons.addButton(
            COPY_TEXT, QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setObjectName("copy_button")
        self.copy_button.setToolTip("Copy the whole report to the clipboard")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.close_button: QPushButton = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("close_button")
        self.close_button.setDefault(True)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(icon_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.intro_label, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.report_edit, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.resize(720, 460)
        self.add_report(report)

    def reports(self) -> list[str]:
        """Every report shown, oldest first."""
        return list(self._reports)

    def report_text(self) -> str:
        """The text the Copy button puts on the clipboard."""
        return self.report_edit.toPlainText()

    def add_report(self, report: str) -> None:
        """Show another error in the same dialog (errors often come in bursts)."""
        if len(self._reports) >= MAX_REPORTS:
            return
        self._reports.append(report.rstrip())
        self.report_edit.setPlainText(REPORT_SEPARATOR.join(self._reports))
        count = len(self._reports)
        self.count_label.setVisible(count > 1)
        self.count_label.setText(f"{count} errors, oldest first:")
        self.copy_button.setText(COPY_TEXT)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())
        self.copy_button.setText(COPIED_TEXT)

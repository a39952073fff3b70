"""Help → About: the version, and where the workspace, the data and the log file are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.labels import caption, heading, value_label

TITLE: Final = "About Tier Accounts"


@dataclass(frozen=True)
class AboutFacts:
    """What the About box tells, as texts."""

    name: str
    version: str
    workspace: str
    data_folder: str
    log_file: str
    runtime: str
    """``Python 3.11.9, Qt 6.7.2 (PySide6 6.7.2)``."""

    def rows(self) -> tuple[tuple[str, str, str], ...]:
        """``(object name, caption, value)`` in display order."""
        return (
            ("version_value", "Version", self.version),
            ("workspace_value", "Workspace", self.workspace),
            ("data_folder_value", "Data folder", self.data_folder),
            ("log_file_value", "Log file", self.log_file),
            ("runtime_value", "Runs on", self.runtime),
        )

    def as_text(self) -> str:
        """Every fact on its own line, for a bug report."""
        return "\n".join([self.name, *(f"{label}: {value}" for _, label, value in self.rows())])


class AboutDialog(QDialog):
    """The facts as selectable text, Copy (all of them) and Close."""

    def __init__(self, parent: QWidget | None, facts: AboutFacts) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(TITLE)
        self.facts = facts

        title = heading("about_title", facts.name, scale=1.4)
        blurb = QLabel(
            "Keeps the customers and resellers of CloudBlue Connect (tier accounts) and the "
            "requests their edits raise, offline, in one workspace."
        )
        blurb.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.values: dict[str, QLabel] = {}
        for name, label, value in facts.rows():
            shown = value_label(name)
            shown.setText(value)
            shown.setToolTip(value)
            self.values[name] = shown
            form.addRow(caption(label), shown)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("about_buttons")
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setObjectName("copy_button")
        self.copy_button.setToolTip("Copy these facts, for a bug report")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.facts.as_text())

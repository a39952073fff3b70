"""What an import would do, row by row, before anything is written; the user decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.interop.importer import ImportMode, ImportReport, RowIssue, RowOutcome
from desktop_app.interop.writeback import ResultsTarget, results_copy_path
from desktop_app.ui.dialogs.safe_buttons import guard_destructive

PREVIEW_TITLE: Final = "Import Preview"
_ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ImportChoice:
    """What the user chose in the preview: which rows to write and where the results go."""

    mode: ImportMode
    results: ResultsTarget


class IssueTableModel(QAbstractTableModel):
    """Row, column and message of every error (a plain list: reading it costs nothing)."""

    HEADERS: Final = ("Row", "Column", "Error")

    def __init__(self, issues: list[RowIssue], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._issues = issues

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One line per error."""
        return 0 if parent.isValid() else len(self._issues)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Row, Column, Error."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The error's row number, column header (— for the whole row) and message."""
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        issue = self._issues[index.row()]
        if index.column() == 0:
            return str(issue.row)
        if index.column() == 1:
            return issue.column or "—"
        return issue.message

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Row, Column, Error."""
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


def preview_summary(report: ImportReport) -> list[tuple[str, str]]:
    """The counts the preview shows, as (label, value)."""
    return [
        ("Rows read", f"{report.rows:,}"),
        ("To create", f"{report.count(RowOutcome.CREATED):,}"),
        ("To update", f"{report.count(RowOutcome.UPDATED):,}"),
        ("Unchanged", f"{report.count(RowOutcome.UNCHANGED):,}"),
        ("Skipped (action -)", f"{report.skipped:,}"),
        ("Rows with errors", f"{report.error_rows:,}"),
    ]


def _plain(text: str) -> str:
    """``text`` shown as it is on a button: an ``&`` in a file name is no mnemonic."""
    return text.replace("&", "&&")


class ImportPreviewDialog(QDialog):
    """Counts, every error, where the results go, and Import / Import Valid Rows / Cancel.

    Importing writes into the workspace: Enter and Space answer Cancel; only a click or the
    mnemonic (Alt+I, Alt+V) imports.
    """

    def __init__(self, parent: QWidget | None, report: ImportReport) -> None:
        super().__init__(parent)
        self.setObjectName("import_preview_dialog")
        self.setWindowTitle(f"{PREVIEW_TITLE} — {report.path.name}")
        self.resize(760, 520)
        self._report = report
        self._choice: ImportChoice | None = None

        intro = QLabel(self._intro_text())
        intro.setObjectName("intro_label")
        intro.setWordWrap(True)

        counts = QFormLayout()
        counts.setObjectName("counts_layout")
        self.count_labels: dict[str, QLabel] = {}
        for label, value in preview_summary(report):
            shown = QLabel(value)
            shown.setObjectName("count_" + label.split()[0].lower() + "_label")
            self.count_labels[label] = shown
            counts.addRow(label + ":", shown)

        self.issue_model = IssueTableModel(report.issues, self)
        self.issue_table = QTableView()
        self.issue_table.setObjectName("issue_table")
        self.issue_table.setModel(self.issue_model)
        self.issue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.issue_table.verticalHeader().setVisible(False)
        self.issue_table.setWordWrap(False)
        header = self.issue_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 200)
        header.setStretchLastSection(True)
        self.issue_table.setVisible(bool(report.issues))

        results = QGroupBox("Write the new IDs and external UIDs back")
        results.setObjectName("results_group")
        results_layout = QVBoxLayout(results)
        copy_name = results_copy_path(report.path).name
        self.copy_radio = QRadioButton(_plain(f"Into a copy: {copy_name}"))
        self.copy_radio.setObjectName("copy_radio")
        self.file_radio = QRadioButton(
            _plain(f"Into {report.path.name} itself (as connect-cli does)")
        )
        self.file_radio.setObjectName("file_radio")
        self.none_radio = QRadioButton("Nowhere")
        self.none_radio.setObjectName("none_radio")
        self._targets = QButtonGroup(self)
        for radio, target in (
            (self.copy_radio, ResultsTarget.COPY),
            (self.file_radio, ResultsTarget.FILE),
            (self.none_radio, ResultsTarget.NONE),
        ):
            self._targets.addButton(radio)
            radio.setProperty("target", target.value)
            results_layout.addWidget(radio)
        self.copy_radio.setChecked(True)
        results.setEnabled(report.count(RowOutcome.CREATED) + report.count(RowOutcome.UPDATED) > 0)

        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton("&Import")
        self.import_button.setObjectName("import_button")
        self.valid_button = QPushButton(f"Import {report.written:,} &Valid Rows")
        self.valid_button.setObjectName("import_valid_button")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancel_button")
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.valid_button, QDialogButtonBox.ButtonRole.AcceptRole)
        has_work = report.written > 0
        self.import_button.setVisible(not report.issues)
        self.import_button.setEnabled(has_work)
        self.valid_button.setVisible(bool(report.issues))
        self.valid_button.setEnabled(has_work)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.valid_button.clicked.connect(self._on_valid_button_clicked)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(counts)
        layout.addWidget(self.issue_table, 1)
        if not report.issues:
            layout.addStretch(1)
        layout.addWidget(results)
        layout.addWidget(self.buttons)
        guard_destructive(self.cancel_button, [self.import_button, self.valid_button])

    def _intro_text(self) -> str:
        report = self._report
        if report.issues:
            return (
                f"{report.error_rows:,} row{'s' * (report.error_rows != 1)} of "
                f"{report.path.name} cannot be imported; they are listed below. Nothing is "
                "written while any row has an error: correct the file and import it again, or "
                "import the valid rows only (the others are left as they are)."
            )
        if report.written == 0:
            return (
                f"{report.path.name} has nothing to import: every row is skipped (action -) "
                "or already matches the workspace."
            )
        return (
            f"Every row of {report.path.name} can be imported. Nothing has been written yet; "
            "Import writes all of it in one go."
        )

    def choice(self) -> ImportChoice | None:
        """What the user chose; None when cancelled."""
        return self._choice

    def _target(self) -> ResultsTarget:
        checked = self._targets.checkedButton()
        return ResultsTarget(str(checked.property("target"))) if checked else ResultsTarget.NONE

    @Slot()
    def _on_import_button_clicked(self) -> None:
        self._choice = ImportChoice(ImportMode.ALL_OR_NOTHING, self._target())
        self.accept()

    @Slot()
    def _on_valid_button_clicked(self) -> None:
        self._choice = ImportChoice(ImportMode.VALID_ROWS, self._target())
        self.accept()

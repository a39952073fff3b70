"""The dialogs of File → Export… and File → Import…: the file to use and how it went."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.file_dialogs import ask_file

EXCHANGE_FILTER: Final = "Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"
IMPORT_FILTER: Final = "Customer files (*.xlsx *.csv);;Excel workbook (*.xlsx);;CSV (*.csv)"
RESULT_BOX_NAME: Final = "import_result_box"


def suggested_export_name() -> str:
    """``customers-2026-11-26.xlsx``."""
    return f"customers-{date.today():%Y-%m-%d}.xlsx"


def ask_export_path(parent: QWidget, start: Path | None) -> Path | None:
    """The save dialog of File → Export…; the chosen filter decides a missing suffix."""
    where = str((start or Path.home()) / suggested_export_name())
    path, chosen = ask_file(parent, "Export Accounts", where, EXCHANGE_FILTER, save=True)
    if path is None:
        return None
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
    return path


def ask_import_path(parent: QWidget, start: Path | None) -> Path | None:
    """The open dialog of File → Import…."""
    where = str(start or Path.home())
    return ask_file(parent, "Import Accounts", where, IMPORT_FILTER, save=False)[0]


def show_result(parent: QWidget, title: str, text: str) -> QMessageBox:
    """An information box over ``parent`` that deletes itself when dismissed."""
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName(RESULT_BOX_NAME)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box

"""File → Export… and File → Import…: ask for the file, show progress, preview, write."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.domain.errors import DomainError, StorageError
from desktop_app.ui.file_dialogs import ask_file

if TYPE_CHECKING:
    from desktop_app.interop.export import ExportReport
    from desktop_app.interop.importer import ImportMode, ImportReport
    from desktop_app.ui.main_window import MainWindow

EXCHANGE_FILTER: Final = "Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"
IMPORT_FILTER: Final = "Customer files (*.xlsx *.csv);;Excel workbook (*.xlsx);;CSV (*.csv)"
RESULT_BOX_NAME: Final = "import_result_box"
CANCELLED: Final = "Import cancelled; nothing was written"


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


def export_directory(window: MainWindow, target: Path) -> ExportReport | None:
    """Export what the Directory shows (its search and type filter, in its order)."""
    from desktop_app.interop.export import export_accounts
    from desktop_app.interop.progress import Cancelled

    view = window.directory_view
    query, sort = view.query(), view.model.sort_spec
    directory = window.services.directory
    progress = window.job_progress("Export", f"Exporting accounts to {target.name}…")
    try:
        report = export_accounts(
            directory.stream(query, sort), directory.count(query), target, None, progress.report
        )
    except Cancelled:
        window.statusBar().showMessage("Export cancelled; no file was written", 10_000)
        return None
    except DomainError as error:
        window.show_error(error)
        return None
    finally:
        progress.close()
    accounts = f"{report.accounts:,} account{'s' * (report.accounts != 1)}"
    window.statusBar().showMessage(f"Exported {accounts} to {report.path}", 15_000)
    return report


def import_into_workspace(window: MainWindow, source: Path) -> ImportReport | None:
    """Preview ``source``, let the user choose, import, write the results back."""
    from desktop_app.interop.importer import ImportMode

    reason = window.read_only_reason
    if reason is not None:
        window.show_error(
            StorageError(f"This workspace is read-only: {reason}. Nothing was imported.")
        )
        return None
    preview = _run_import(window, source, ImportMode.PREVIEW, f"Checking {source.name}…")
    if preview is None:
        return None
    choice = window.review_import(preview)
    if choice is None:
        window.statusBar().showMessage(CANCELLED, 10_000)
        return None
    report = _run_import(window, source, choice.mode, f"Importing {source.name}…")
    if report is None:
        return None
    window.refresh()
    if not report.committed:
        _show_result(window, "Nothing was imported", _changed_meanwhile(report))
        return report
    written = _write_back(window, source, report, choice.results.path_for(source))
    _show_result(window, "Import finished", _result_text(report, written))
    window.statusBar().showMessage(f"{source.name}: {report.summary()}", 15_000)
    return report


def _run_import(
    window: MainWindow, source: Path, mode: ImportMode, label: str
) -> ImportReport | None:
    """One pass over ``source`` under the progress dialog; None when cancelled or refused."""
    from desktop_app.interop.importer import import_file
    from desktop_app.interop.progress import Cancelled

    progress = window.job_progress("Import", label)
    try:
        return import_file(window.services, source, mode, progress.report)
    except Cancelled:
        window.statusBar().showMessage(CANCELLED, 10_000)
    except DomainError as error:
        window.show_error(error)
    finally:
        progress.close()
    return None


def _write_back(window: MainWindow, source: Path, report: ImportReport, target: Path | None) -> str:
    from desktop_app.interop.writeback import write_results

    if target is None or not report.results:
        return ""
    outcome: list[BaseException | None] = []

    def write() -> None:  # files only, no workspace: safe beside the window's thread
        try:
            write_results(source, target, report.results)
        except BaseException as exc:  # handed to the window's thread below
            outcome.append(exc)
        else:
            outcome.append(None)

    progress = window.job_progress("Import", f"Writing the new IDs to {target.name}…")
    progress.dialog.setCancelButton(None)  # the accounts are saved; the file is written whole
    worker = threading.Thread(target=write, name="write-results", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            progress.report(0, 0)
            worker.join(0.05)
    finally:
        progress.close()
    error = outcome[0] if outcome else None
    if isinstance(error, DomainError):
        window.show_error(error)
        return ""
    if error is not None:
        raise error
    return f"\n\nThe new IDs and external UIDs are written to {target}."


def _result_text(report: ImportReport, written: str) -> str:
    return f"{report.summary()}{written}"


def _changed_meanwhile(report: ImportReport) -> str:
    return (
        f"{report.summary()}\n\nThe workspace changed since the preview and "
        f"{report.error_rows:,} row{'s' * (report.error_rows != 1)} now have errors; "
        "import the file again to see them."
    )


def _show_result(window: MainWindow, title: str, text: str) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, window
    )
    box.setObjectName(RESULT_BOX_NAME)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box

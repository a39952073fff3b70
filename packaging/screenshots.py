"""Take the README's screenshots from real windows (run it under Xvfb)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWizard

from desktop_app import cli
from desktop_app.app import create_main_window
from desktop_app.domain.enums import RequestStatus
from desktop_app.services.queries import RequestQuery
from desktop_app.ui.details.account_details_view import Tab
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.wizard.account_wizard import AccountWizard

OUT = Path(__file__).resolve().parent.parent / "resources" / "screenshots"


def settle(app: QApplication) -> None:
    """Let layouts, timers and paints run."""
    for _ in range(20):
        app.processEvents()
        QTest.qWait(20)


def save(widget: object, name: str, app: QApplication) -> None:
    """Grab a widget into ``resources/screenshots/<name>.png``."""
    settle(app)
    widget.grab().save(str(OUT / f"{name}.png"))  # type: ignore[attr-defined]
    print(f"wrote {OUT / name}.png")


def main() -> int:
    """Seed a workspace, then walk through the Directory, the wizard and the details."""
    app = QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    db = folder / "demo.sqlite"
    cli.run(["seed", "--db", str(db), "--accounts", "400", "--random-seed", "7"])
    window = create_main_window(db, settings_path=folder / "settings.ini")
    window.resize(1280, 760)
    window.show()
    window.pinned.show_directory()  # the window opens on the Overview (its own screenshots)
    save(window, "directory", app)

    wizard = window.add_customer()
    assert isinstance(wizard, AccountWizard)
    wizard.resize(940, 700)
    save(wizard, "wizard-1-type", app)
    radio = wizard.type_page.customer_radio
    QTest.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    wizard.next()
    wizard.parent_page.table.selectRow(0)
    save(wizard, "wizard-2-parent", app)
    wizard.next()
    wizard.data_page.form.country_combo.set_code("DE")
    wizard.findChild(QPushButton, "randomize_button").click()
    save(wizard, "wizard-3-account-data", app)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    save(wizard, "wizard-4-summary", app)
    account_id = wizard.result_of_save.account.id if wizard.result_of_save else None
    wizard.button(QWizard.WizardButton.FinishButton).click()

    if account_id:
        view = window.open_account(account_id)
        save(window, "details", app)
        parent_id = view.summary.account.parent_id if view.summary else None
        if parent_id:
            parent = window.open_account(parent_id)
            parent.show_tab(Tab.CHILD_ACCOUNTS)
            save(window, "details-parent", app)
    pending = window.services.requests.listing(RequestQuery(status=RequestStatus.PENDING))
    unsupported = window.services.requests.listing(RequestQuery(status=RequestStatus.UNSUPPORTED))
    window.show_requests()
    save(window, "requests", app)
    if pending.count():
        request = pending.fetch(0, 1)[0]
        window.open_request(request.id)
        save(window, "request-pending", app)
        save_history(window, request.account_id, app)
    if unsupported.count():
        view = window.open_request(unsupported.fetch(0, 1)[0].id)
        save(window, "request-unsupported", app)
        window.open_product(view.details.product.id).show_capabilities() if view.details else None
        save(window, "product-capabilities", app)
    save_exchange(window, folder, app)
    window.close()
    return 0


def save_history(window: MainWindow, account_id: str, app: QApplication) -> None:
    """The History tab of an edited account: its versions, their requests, two compared."""
    view = window.open_account(account_id)
    view.show_tab(Tab.HISTORY)
    save(window, "details-history", app)


def save_exchange(window: MainWindow, folder: Path, app: QApplication) -> None:
    """The import preview of an exported workbook a user edited, and the progress dialog."""
    import openpyxl

    from desktop_app.interop.export import export_accounts
    from desktop_app.interop.importer import ImportMode, import_file
    from desktop_app.services.queries import DirectoryQuery
    from desktop_app.ui.exchange.import_preview_dialog import ImportPreviewDialog
    from desktop_app.ui.exchange.job_progress import JobProgress

    directory = window.services.directory
    book_path = folder / "customers.xlsx"
    everyone = DirectoryQuery()
    export_accounts(directory.stream(everyone), directory.count(everyone), book_path)
    book = openpyxl.load_workbook(book_path)
    sheet = book["Customers"]
    for index in range(2, 40):
        sheet.cell(index, 4).value = "update"
    for index in range(20, 32):
        sheet.cell(index, 13).value = "Hamburg"
    sheet.cell(5, 19).value = "anna.example.com"
    sheet.cell(9, 16).value = "Germany"
    sheet.cell(12, 4).value = "delete"
    sheet.cell(17, 13).value = None
    book.save(book_path)
    report = import_file(window.services, book_path, ImportMode.PREVIEW)
    dialog = ImportPreviewDialog(window, report)
    dialog.show()
    save(dialog, "import-preview", app)
    dialog.close()
    progress = JobProgress(window, "Import", "Importing customers.xlsx…")
    progress.dialog.show()
    progress.report(61_500, 100_000)
    save(progress.dialog, "import-progress", app)
    progress.close()


if __name__ == "__main__":
    sys.exit(main())

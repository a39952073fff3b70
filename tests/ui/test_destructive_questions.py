"""Every destructive question of the window: Enter and Space keep the data; real keys pressed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox

from desktop_app.interop.importer import ImportMode, import_file
from desktop_app.persistence.store import SqliteStore
from desktop_app.ui.exchange.exchange_flow import EXCHANGE_FILTER
from desktop_app.ui.exchange.import_preview_dialog import ImportPreviewDialog
from desktop_app.ui.file_dialogs import file_dialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.wizard.account_wizard import AccountWizard
from tests.interop.sheets import row, workbook
from tests.support.modal import LEFT_OPEN, answering, focused, press
from tests.support.prompts import ScriptedPrompts
from tests.support.windows import action, exchanged, names_in, window_over
from tests.support.world import draft, dump, open_world

ACCEPTED = QDialog.DialogCode.Accepted.value
REJECTED = QDialog.DialogCode.Rejected.value
ALT = Qt.KeyboardModifier.AltModifier
SAFE_KEYS = [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space]


def key_id(answer) -> str:
    return getattr(answer, "name", str(answer))


def activated(qtbot, widget):
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def click_row(qtbot, window: MainWindow, name: str) -> str:
    """Click the Directory row of ``name``, as a user would; its account id."""
    view = window.directory_view
    rows = [r for r in range(view.model.rowCount()) if view.model.index(r, 1).data() == name]
    assert len(rows) == 1, name
    table = view.table
    rect = table.visualRect(view.model.index(rows[0], 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    account_id = view.current_account_id()
    assert account_id is not None and table.hasFocus()
    return account_id


def tab_then(key):
    def answer(dialog):
        QTest.keyClick(focused(dialog), Qt.Key.Key_Tab)
        QTest.keyClick(focused(dialog), key)

    return answer


# delete


@pytest.mark.parametrize("answer", [*SAFE_KEYS, "tab+space"], ids=key_id)
def test_del_then_enter_or_space_in_the_directory_deletes_nothing(qtbot, tmp_path, answer):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller", "Beta Reseller"])
    activated(qtbot, window)
    account_id = click_row(qtbot, window, "Beta Reseller")
    key_answer = tab_then(Qt.Key.Key_Space) if answer == "tab+space" else press(answer)

    with answering(key_answer, only="confirm_dialog") as answered:
        qtbot.keyClick(window.directory_view.table, Qt.Key.Key_Delete)

    assert answered.dialogs == ["confirm_dialog"]
    assert answered.result in (REJECTED, LEFT_OPEN)
    assert not window.services.accounts.get(account_id).is_decommissioned
    window.close()
    assert names_in(tmp_path / "workspace.sqlite") == ["Alpha Reseller", "Beta Reseller"]


def test_del_then_the_mnemonic_deletes(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller", "Beta Reseller"])
    activated(qtbot, window)
    account_id = click_row(qtbot, window, "Beta Reseller")

    with answering(press(Qt.Key.Key_D, ALT), only="confirm_dialog") as answered:
        qtbot.keyClick(window.directory_view.table, Qt.Key.Key_Delete)

    assert answered.result == ACCEPTED
    assert window.services.accounts.get(account_id).is_decommissioned
    window.close()
    assert names_in(tmp_path / "workspace.sqlite") == ["Alpha Reseller"]


def test_delete_from_the_details_screen_keeps_enter_on_cancel(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    activated(qtbot, window)
    account_id = click_row(qtbot, window, "Alpha Reseller")
    view = window.open_account(account_id)

    with answering(press(Qt.Key.Key_Return), only="confirm_dialog") as answered:
        view.delete_action.trigger()  # ⋮ → Delete

    assert answered.result == REJECTED
    assert not window.services.accounts.get(account_id).is_decommissioned
    window.close()


# discard typed data


def test_escape_then_enter_keeps_what_was_typed_in_the_wizard(qtbot, world):
    wizard = AccountWizard(world.services)  # the real discard question
    qtbot.addWidget(wizard)
    wizard.show()
    activated(qtbot, wizard)
    qtbot.mouseClick(wizard.type_page.reseller_radio, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    qtbot.keyClicks(wizard.data_page.form.edits["name"], "Quokka")

    for key in SAFE_KEYS:
        with answering(press(key), only="confirm_dialog") as answered:
            qtbot.keyClick(wizard.type_page.reseller_radio, Qt.Key.Key_Escape)
        assert answered.result == REJECTED
        assert wizard.isVisible() and wizard.data_page.form.edits["name"].text() == "Quokka"

    with answering(press(Qt.Key.Key_D, ALT), only="confirm_dialog") as answered:
        qtbot.keyClick(wizard.type_page.reseller_radio, Qt.Key.Key_Escape)
    assert answered.result == ACCEPTED
    assert not wizard.isVisible()


# restore over the workspace


def test_restore_then_enter_keeps_the_workspace(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    activated(qtbot, window)
    backup = tmp_path / "backup.sqlite"
    window.prompts = ScriptedPrompts(window, path=backup)
    action(window, "action_back_up").trigger()
    window.services.accounts.create(draft(name="Kept Reseller", external_id="Kept"))
    window.refresh()

    for key in SAFE_KEYS:
        with answering(press(key), only="confirm_dialog") as answered:
            action(window, "action_restore").trigger()
        assert answered.result == REJECTED
    assert window.directory_view.model.rowCount() == 2

    with answering(press(Qt.Key.Key_R, ALT), only="confirm_dialog") as answered:
        action(window, "action_restore").trigger()
    assert answered.result == ACCEPTED
    assert window.directory_view.model.rowCount() == 1
    window.close()
    assert names_in(tmp_path / "workspace.sqlite") == ["Alpha Reseller"]


# import into the workspace


def preview_answers():
    return [*(press(key) for key in SAFE_KEYS), tab_then(Qt.Key.Key_Space)]


@pytest.mark.parametrize(
    "answer", range(len(SAFE_KEYS) + 1), ids=[*(k.name for k in SAFE_KEYS), "tab+space"]
)
def test_the_import_preview_imports_nothing_on_enter_or_space(qtbot, tmp_path, answer):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    activated(qtbot, window)
    source = workbook(tmp_path / "in.xlsx", [row(External_ID="NEW", Company_Name="Imported")])
    window.prompts = ScriptedPrompts(window, path=source)
    store = SqliteStore.open(tmp_path / "workspace.sqlite")
    before = dump(store)

    with answering(preview_answers()[answer], only="import_preview_dialog") as answered:
        exchanged(qtbot, window, "action_import")

    assert answered.result in (REJECTED, LEFT_OPEN)
    assert dump(store) == before
    store.close()
    window.close()


def test_the_import_preview_imports_on_its_mnemonic(qtbot, tmp_path):
    window = window_over(qtbot, tmp_path, ["Alpha Reseller"])
    activated(qtbot, window)
    source = workbook(tmp_path / "in.xlsx", [row(External_ID="NEW", Company_Name="Imported")])
    window.prompts = ScriptedPrompts(window, path=source)

    with answering(press(Qt.Key.Key_I, ALT), only="import_preview_dialog") as answered:
        exchanged(qtbot, window, "action_import")

    assert answered.result == ACCEPTED
    qtbot.waitUntil(lambda: window.directory_view.model.rowCount() == 2)
    box = window.findChild(QMessageBox)
    if box is not None:
        box.close()
    window.close()
    assert names_in(tmp_path / "workspace.sqlite") == ["Alpha Reseller", "Imported"]


def test_valid_rows_of_a_file_with_errors_need_their_mnemonic_too(qtbot, tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    source = workbook(tmp_path / "in.xlsx", [row(), row(City="")])
    report = import_file(world.services, source, ImportMode.PREVIEW)
    world.store.close()
    dialog = ImportPreviewDialog(None, report)
    qtbot.addWidget(dialog)
    dialog.show()
    activated(qtbot, dialog)
    assert focused(dialog) is dialog.cancel_button
    for key in SAFE_KEYS:
        qtbot.keyClick(focused(dialog), key)
        assert dialog.choice() is None and not dialog.isVisible()
        dialog.show()
        activated(qtbot, dialog)
    qtbot.keyClick(focused(dialog), Qt.Key.Key_V, ALT)
    qtbot.waitUntil(lambda: dialog.choice() is not None)
    assert dialog.choice().mode is ImportMode.VALID_ROWS


def test_an_ampersand_in_the_file_name_is_no_mnemonic(qtbot, tmp_path):
    world = open_world(tmp_path / "w.sqlite")
    source = workbook(tmp_path / "R&D.xlsx", [row()])
    report = import_file(world.services, source, ImportMode.PREVIEW)
    world.store.close()
    dialog = ImportPreviewDialog(None, report)
    qtbot.addWidget(dialog)
    assert dialog.file_radio.text() == "Into R&&D.xlsx itself (as connect-cli does)"
    assert dialog.copy_radio.text().startswith("Into a copy: R&&D")


# overwriting a file


def test_the_overwrite_question_keeps_enter_and_space_on_no(qtbot, tmp_path):
    """The app's save dialogs (Qt's own widgets on Linux) ask before replacing; No first."""
    existing = tmp_path / "customers.xlsx"
    existing.write_bytes(b"keep me")

    def choose_existing(dialog):
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.setText(existing.name)
        qtbot.keyClick(name, Qt.Key.Key_Return)

    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space):
        dialog = file_dialog(None, "Export Accounts", tmp_path, EXCHANGE_FILTER, save=True)
        with answering(choose_existing, press(key)) as answered:
            dialog.exec()
        dialog.deleteLater()
        assert answered.results == [QMessageBox.StandardButton.No.value, LEFT_OPEN]
    assert existing.read_bytes() == b"keep me"


def test_a_name_without_its_suffix_still_asks_before_replacing_the_file(qtbot, tmp_path):
    """``customers`` with the workbook filter is customers.xlsx, with CSV customers.csv."""
    for suffix, name_filter in (("xlsx", "Excel workbook (*.xlsx)"), ("csv", "CSV, UTF-8 (*.csv)")):
        existing = tmp_path / f"customers.{suffix}"
        existing.write_bytes(b"keep me")

        def choose_without_suffix(dialog, name_filter=name_filter):
            dialog.selectNameFilter(name_filter)
            dialog.filterSelected.emit(name_filter)
            name = dialog.findChild(QLineEdit, "fileNameEdit")
            name.setText("customers")
            qtbot.keyClick(name, Qt.Key.Key_Return)

        dialog = file_dialog(None, "Export Accounts", tmp_path, EXCHANGE_FILTER, save=True)
        with answering(choose_without_suffix, press(Qt.Key.Key_Return)) as answered:
            dialog.exec()
        dialog.deleteLater()
        assert answered.results == [QMessageBox.StandardButton.No.value, LEFT_OPEN], suffix
        assert existing.read_bytes() == b"keep me"

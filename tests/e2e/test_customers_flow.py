"""The Customers flow of the interface text through the real main window, then reopened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox, QWizard

from desktop_app.app import create_main_window
from desktop_app.domain.enums import AccountType
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryQuery
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.wizard.account_wizard import AccountWizard
from desktop_app.ui.wizard.page_ids import PageId
from tests.support.wizard import (
    button,
    click,
    click_back,
    click_commit,
    click_next,
    edit,
    fill,
    go_to_data_page,
    select_parent,
    summary_text,
)

RESELLER = {
    "name": "Northwind Resale GmbH",
    "country": "DE",
    "state": "Berlin",
    "city": "Berlin",
    "postal_code": "10117",
    "address_line1": "Friedrichstraße 10",
    "first_name": "Anna",
    "last_name": "Müller",
    "email": "anna@northwind.example",
    "phone": "+49 30 1234567",
}


def open_wizard(qtbot, window: MainWindow, action_name: str) -> AccountWizard:
    window.findChild(QAction, action_name).trigger()
    wizard = window.findChild(AccountWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.confirm_discard = lambda: True
    return wizard


def create_account(qtbot, window, values, parent_id=None) -> str:
    wizard = open_wizard(qtbot, window, "action_add_customer")
    go_to_data_page(qtbot, wizard, parent_id)
    fill(wizard, values)
    click_commit(qtbot, wizard)
    shown_errors = [
        label.text()
        for label in wizard.findChildren(QLabel)
        if label.objectName().endswith("_error") and label.isVisibleTo(wizard)
    ]
    assert wizard.currentId() == PageId.SUMMARY, shown_errors
    account_id = wizard.result_of_save.account.id
    assert summary_text(wizard, "summary_id_label") == account_id
    click(qtbot, button(wizard, QWizard.WizardButton.FinishButton))  # "Close"
    qtbot.waitUntil(lambda: window.findChild(AccountWizard) is None)
    return account_id


def test_create_edit_delete_and_reopen(qtbot, tmp_path):
    path = tmp_path / "customers.sqlite"
    window = create_main_window(path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.directory_view.is_showing_empty_state()

    # a direct reseller, a second reseller, and a customer under the first
    reseller = create_account(qtbot, window, RESELLER)
    other = create_account(
        qtbot, window, {**RESELLER, "name": "Contoso Channel", "email": "c@contoso.example"}
    )
    customer = create_account(
        qtbot,
        window,
        {**RESELLER, "name": "Kunde AG", "email": "it@kunde.example", "city": "Potsdam"},
        parent_id=reseller,
    )
    assert not window.directory_view.is_showing_empty_state()
    assert window.directory_view.model.rowCount() == 3

    # open its details from the directory (Enter on its row)
    window.directory_view.set_search_text("Kunde")
    window.directory_view.table.selectRow(0)
    window.directory_view.table.setFocus()
    qtbot.keyClick(window.directory_view.table, Qt.Key.Key_Return)
    details = window.account_view(customer)
    assert details is not None and window.tabs.currentWidget() is details
    assert details.findChild(QLabel, "name_label").text() == "Kunde AG"
    assert reseller in details.findChild(QLabel, "parent_link").text()

    # edit: city on Account data, then Back to Parent account to move it under the other reseller
    click(qtbot, details.edit_button)
    wizard = window.findChild(AccountWizard)
    wizard.confirm_discard = lambda: True
    assert wizard.currentId() == PageId.ACCOUNT_DATA
    assert edit(wizard, "name").text() == "Kunde AG"
    edit(wizard, "city").setText("Hamburg")
    click_back(qtbot, wizard)
    assert wizard.currentId() == PageId.PARENT
    select_parent(wizard, other)
    click_next(qtbot, wizard)
    assert edit(wizard, "city").text() == "Hamburg"  # Back kept what was typed
    assert wizard.data_page.buttonText(QWizard.WizardButton.CommitButton) == "&Save"
    click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.SUMMARY
    assert "no product is linked" in summary_text(wizard, "summary_requests_label").lower()
    click(qtbot, button(wizard, QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: window.findChild(AccountWizard) is None)
    assert other in details.findChild(QLabel, "parent_link").text()
    assert details.findChild(QLabel, "city_value").text() == "Hamburg"

    # deleting the customer's parent is refused, and it stays
    parent_view = window.open_account(other)
    parent_view.confirm_delete = lambda question: True
    parent_view.findChild(QAction, "delete_action").trigger()
    box = parent_view.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and "child account" in box.text()
    box.close()
    assert window.account_view(other) is not None

    # deleting the customer closes its tab and removes it from the Directory
    details = window.open_account(customer)
    details.confirm_delete = lambda question: True
    details.findChild(QAction, "delete_action").trigger()
    assert window.account_view(customer) is None
    window.directory_view.set_search_text("")
    assert window.directory_view.model.rowCount() == 2
    window.close()

    # reopen the file: what was saved is there
    store = SqliteStore.open(path, create=False)
    try:
        services = Services.over(store)
        saved = services.accounts.get(customer)
        assert saved.is_decommissioned
        assert (saved.version, saved.data.city, saved.parent_id) == (2, "Hamburg", other)
        assert saved.type is AccountType.CUSTOMER
        assert [v.data.city for v in services.accounts.versions(customer)] == ["Potsdam", "Hamburg"]
        assert services.accounts.get(reseller).parent_id is None
        live = services.directory.accounts(DirectoryQuery()).all()
        assert sorted(r.id for r in live) == sorted([reseller, other])
    finally:
        store.close()

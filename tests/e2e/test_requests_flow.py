"""Tier account requests end to end: raised by edits, accepted, unsupported, ignored, refused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox, QWizard

from desktop_app.app import create_main_window
from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from desktop_app.ui.details.account_details_view import Tab
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.wizard.account_wizard import AccountWizard
from desktop_app.ui.wizard.page_ids import PageId
from tests.support.wizard import button, click, click_commit, edit
from tests.support.world import NOSYNC_PRODUCT, PROVIDER, SYNC_PRODUCT, draft, open_world


def prepared_file(tmp_path):
    """A workspace with a customer linked to a product with sync on and one with it off."""
    world = open_world(tmp_path / "requests.sqlite")
    reseller = world.services.accounts.create(draft(name="Northwind Resale")).account
    customer = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde AG")
    ).account
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, customer.id, reseller.id)
    world.subscribe("AS-0000-0000-0002", NOSYNC_PRODUCT, customer.id, reseller.id)
    world.store.close()
    return world.path, customer.id


def edit_city(qtbot, window: MainWindow, account_id: str, city: str) -> list:
    details = window.open_account(account_id)
    click(qtbot, details.edit_button)
    wizard = window.findChild(AccountWizard)
    wizard.confirm_discard = lambda: True
    edit(wizard, "city").setText(city)
    click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.SUMMARY
    requests = list(wizard.result_of_save.requests)
    rows = wizard.summary_page.request_rows()
    assert [row[0] for row in rows] == [r.id for r in requests]
    click(qtbot, button(wizard, QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: window.findChild(AccountWizard) is None)
    return requests


def test_requests_from_edit_to_decision_and_reopen(qtbot, tmp_path):
    path, customer = prepared_file(tmp_path)
    window = create_main_window(path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.services.workspace.switch_operator("VA-111-111")
    window.refresh()

    # one edit: a pending request (sync on) and an unsupported one (sync off)
    pending, unsupported = edit_city(qtbot, window, customer, "Bonn")
    assert (pending.product_id, pending.status) == (SYNC_PRODUCT.id, RequestStatus.PENDING)
    assert (unsupported.product_id, unsupported.status) == (
        NOSYNC_PRODUCT.id,
        RequestStatus.UNSUPPORTED,
    )
    assert window.tabs.tabText(window.tabs.indexOf(window.requests_view)) == "Requests (1 pending)"

    # accept the pending one from the Requests tab, after OK
    window.show_requests()
    view = window.requests_view
    assert [view.model.item_id(r) for r in range(view.model.rowCount())] == [pending.id]
    view.table.selectRow(0)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    request_view = window.tabs.currentWidget()
    assert request_view.request_id == pending.id
    asked = []
    request_view.confirm_accept = lambda request_id: asked.append(request_id) or True
    click(qtbot, request_view.accept_button)
    assert asked == [pending.id]
    assert request_view.status_label.text() == "Accepted"
    assert not request_view.accept_button.isEnabled()
    assert window.tabs.tabText(window.tabs.indexOf(window.requests_view)) == "Requests"

    # the unsupported one explains itself and leads to the product's Capabilities
    unsupported_view = window.open_request(unsupported.id)
    assert unsupported_view.unsupported_notice.isVisible()
    assert not unsupported_view.accept_button.isEnabled()
    click(qtbot, unsupported_view.open_product_button)
    product_view = window.tabs.currentWidget()
    assert product_view.product_id == NOSYNC_PRODUCT.id
    assert product_view.product_tabs.currentWidget().isAncestorOf(
        product_view.tier_accounts_sync_switch
    )
    assert not product_view.tier_accounts_sync_switch.isChecked()
    click(qtbot, product_view.tier_accounts_sync_switch)
    assert window.services.products.get(NOSYNC_PRODUCT.id).tier_accounts_sync
    assert window.services.requests.get(unsupported.id).status is RequestStatus.UNSUPPORTED

    # the product is also reachable from the account's subscriptions
    details = window.open_account(customer)
    details.show_tab(Tab.SUBSCRIPTIONS)
    details.subscriptions_table.selectRow(0)
    index = details.subscriptions_table.currentIndex()
    details.subscriptions_table.activated.emit(index)
    assert window.tabs.currentWidget().product_id in {SYNC_PRODUCT.id, NOSYNC_PRODUCT.id}

    # edit again: now both products sync; ignore the new request of the switched product
    second = edit_city(qtbot, window, customer, "Köln")
    assert [r.status for r in second] == [RequestStatus.PENDING, RequestStatus.PENDING]
    switched = next(r for r in second if r.product_id == NOSYNC_PRODUCT.id)
    other = next(r for r in second if r.product_id == SYNC_PRODUCT.id)
    ignore_view = window.open_request(switched.id)
    ignore_view.ask_reason = lambda request_id: "The city is misspelt"
    click(qtbot, ignore_view.ignore_button)
    assert ignore_view.status_label.text() == "Ignored"
    assert ignore_view.reason_value.text() == "The city is misspelt"

    # as a provider, accepting is unavailable and the service refuses it too
    combo = window.findChild(QComboBox, "operator_combo")
    index = combo.findData(PROVIDER.id)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    provider_view = window.open_request(other.id)
    assert not provider_view.accept_button.isEnabled()
    assert "provider" in provider_view.decision_label.text()
    provider_view.confirm_accept = lambda request_id: True
    provider_view.accept_button.setEnabled(True)  # forced: the service itself must refuse
    click(qtbot, provider_view.accept_button)
    box = provider_view.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and "vendor" in box.text().lower()
    window.close()

    # reopen: every status and reason as decided
    store = SqliteStore.open(path, create=False)
    try:
        services = Services.over(store)
        get = services.requests.get
        assert get(pending.id).status is RequestStatus.ACCEPTED
        assert get(unsupported.id).status is RequestStatus.UNSUPPORTED
        assert get(switched.id).status is RequestStatus.IGNORED
        assert get(switched.id).reason == "The city is misspelt"
        assert get(other.id).status is RequestStatus.PENDING
        assert services.products.get(NOSYNC_PRODUCT.id).tier_accounts_sync
        assert services.accounts.get(customer).version == 3
    finally:
        store.close()

"""Tier Account Details lists the account's tier account requests; one click on an ID opens one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.ui.details.account_details_view import AccountDetailsView, Tab
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.requests.request_details_view import RequestDetailsView
from tests.support.world import draft


def edited_twice(world):
    """A customer edited twice: two Cloud Mail requests (one accepted) and two unsupported."""
    reseller, kid = world.subscribed_customer()
    requests = []
    for city in ("Bonn", "Köln"):
        changed = draft(
            type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde AG", city=city
        )
        requests.extend(world.services.accounts.update(kid.id, changed).requests)
    world.services.requests.accept(requests[0].id)
    return kid, requests


def click_tab(qtbot, view: AccountDetailsView, tab: Tab) -> None:
    bar = view.details_tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())


def test_every_request_of_the_account_in_every_status(qtbot, world):
    kid, requests = edited_twice(world)
    view = AccountDetailsView(world.services, kid.id)
    qtbot.addWidget(view)
    view.show()
    assert view.details_tabs.tabText(Tab.TIER_ACCOUNT_REQUESTS) == "Tier Account Requests"
    assert view.details_tabs.tabText(Tab.REQUESTS) == "Requests"  # fulfillment requests beside
    tab = view.tier_account_requests_tab
    assert not tab.is_loaded  # read when first shown
    click_tab(qtbot, view, Tab.TIER_ACCOUNT_REQUESTS)
    assert tab.is_loaded
    model = tab.model
    shown = [model.item_id(row) for row in range(model.rowCount())]
    assert shown == [r.id for r in reversed(requests)]  # newest first, every status
    statuses = {model.index(row, 1).data() for row in range(model.rowCount())}
    assert statuses == {s.label for s in (RequestStatus.PENDING, RequestStatus.ACCEPTED)} | {
        RequestStatus.UNSUPPORTED.label
    }
    assert tab.count_label.text() == "4 tier account requests"


def test_one_click_on_a_request_id_opens_it_in_the_window(qtbot, world):
    kid, requests = edited_twice(world)
    window = MainWindow(world.services, workspace_path=world.path)
    qtbot.addWidget(window)
    window.show()
    view = window.open_account(kid.id)
    click_tab(qtbot, view, Tab.TIER_ACCOUNT_REQUESTS)
    table = view.tier_account_requests_tab.table
    product = table.visualRect(table.model().index(0, 2)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=product)
    assert window.tabs.currentWidget() is view  # a click elsewhere on the row only selects
    cell = table.visualRect(table.model().index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    opened = window.tabs.currentWidget()
    assert isinstance(opened, RequestDetailsView)
    assert opened.key.endswith(requests[-1].id)

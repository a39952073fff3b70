"""The Requests tab: status and account filters, search, counts, opening a request."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.requests.requests_view import RequestsView, requests_tab_title
from tests.support.world import NOSYNC_PRODUCT, SYNC_PRODUCT, draft


@pytest.fixture
def raised(world):
    """Two accounts edited once each: two pending and two unsupported requests."""
    reseller = world.services.accounts.create(draft(name="Reseller One")).account
    kid = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde Zwei")
    ).account
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, kid.id, reseller.id)
    world.subscribe("AS-0000-0000-0002", NOSYNC_PRODUCT, kid.id, reseller.id)
    first = world.services.accounts.update(reseller.id, draft(name="Reseller One", city="Bonn"))
    second = world.services.accounts.update(
        kid.id,
        draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde Zwei", city="Köln"),
    )
    return reseller, kid, first.requests, second.requests


def ids(view: RequestsView) -> list[str]:
    return [view.model.item_id(row) for row in range(view.model.rowCount())]


def make_view(qtbot, world) -> RequestsView:
    view = RequestsView(world.services)
    qtbot.addWidget(view)
    return view


def test_pending_by_default_newest_first(qtbot, world, raised):
    _, _, first, second = raised
    view = make_view(qtbot, world)
    assert view.status_combo.currentText() == "Pending"
    assert ids(view) == [second[0].id, first[0].id]
    assert view.count_label.text() == "2 requests"
    row = [view.model.index(0, c).data() for c in range(4)]
    assert row == [
        second[0].id,
        f"Kunde Zwei ({second[0].account_id})",
        f"Cloud Mail ({SYNC_PRODUCT.id})",
        "Pending",
    ]


def test_status_filter_and_search(qtbot, world, raised):
    _, _, first, second = raised
    view = make_view(qtbot, world)
    view.set_status(RequestStatus.UNSUPPORTED)
    assert ids(view) == [second[1].id, first[1].id]
    view.set_status(None)
    assert len(ids(view)) == 4
    view.search_edit.setText("kunde")
    qtbot.waitUntil(lambda: len(ids(view)) == 2)
    assert set(ids(view)) == {r.id for r in second}


def test_account_filter_and_clearing_it(qtbot, world, raised):
    reseller, _, first, _ = raised
    view = make_view(qtbot, world)
    view.show()
    view.show_account(reseller.id, None)
    assert set(ids(view)) == {r.id for r in first}
    assert view.account_label.isVisible()
    assert reseller.id in view.account_label.text()
    view.clear_account_button.click()
    assert not view.account_label.isVisible()
    assert len(ids(view)) == 4  # every status, every account


def test_enter_opens_a_request_and_counts_follow_decisions(qtbot, world, raised):
    _, _, first, _ = raised
    view = make_view(qtbot, world)
    counts = []
    view.pending_count_changed.connect(counts.append)
    view.table.selectRow(1)
    with qtbot.waitSignal(view.request_requested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [first[0].id]
    world.services.requests.accept(first[0].id)
    view.refresh()
    assert counts[-1] == 1
    assert len(ids(view)) == 1


def test_main_window_tab_title_and_sync_link(qtbot, world, raised):
    _, kid, _, second = raised
    window = MainWindow(world.services, workspace_path=world.path)
    qtbot.addWidget(window)
    assert window.tabs.tabText(1) == requests_tab_title(2) == "Requests (2 pending)"
    details = window.open_account(kid.id)
    details.requests_requested.emit(kid.id)
    assert window.tabs.currentWidget() is window.requests_view
    assert ids(window.requests_view) == [second[0].id]
    world.services.requests.accept(second[0].id)
    window.refresh()
    assert window.tabs.tabText(1) == "Requests (1 pending)"

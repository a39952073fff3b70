"""The Requests tab: pending for you first, filters, sorting by header, search, opening one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, QSettings, Qt

from desktop_app.domain.enums import AccountType
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.requests.request_table_model import Column
from desktop_app.ui.requests.requests_view import RequestsView, requests_tab_title
from tests.support.world import NOSYNC_PRODUCT, OTHER_PRODUCT, OTHER_VENDOR, SYNC_PRODUCT, draft


@pytest.fixture
def raised(world):
    """A reseller and its customer edited once each: per account a pending and an
    unsupported request of the vendor's products, and a pending one of the other vendor's."""
    reseller = world.services.accounts.create(draft(name="Reseller One")).account
    kid = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde Zwei")
    ).account
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, kid.id, reseller.id)
    world.subscribe("AS-0000-0000-0002", NOSYNC_PRODUCT, kid.id, reseller.id)
    world.subscribe("AS-0000-0000-0003", OTHER_PRODUCT, kid.id, reseller.id)
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
    view.resize(1400, 600)
    view.show()
    return view


def of(requests, product):
    return [r.id for r in requests if r.product_id == product.id]


def test_opens_on_what_you_can_decide_oldest_first(qtbot, world, raised):
    _, _, first, second = raised
    view = make_view(qtbot, world)
    assert view.status_combo.currentText() == "Pending"
    assert view.filters.vendor_combo.currentText() == "Your products"
    assert ids(view) == [*of(first, SYNC_PRODUCT), *of(second, SYNC_PRODUCT)]
    assert view.count_label.text() == "2 pending for you"
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == [
        "Request ID",
        "Status",
        "Account",
        "Product",
        "Vendor",
        "Created",
        "Decided by",
        "Decided at",
    ]
    row = [view.model.index(1, c).data() for c in Column]
    assert row[:5] == [
        of(second, SYNC_PRODUCT)[0],
        "Pending",
        f"{second[0].account_id} · Kunde Zwei",
        f"{SYNC_PRODUCT.id} · Cloud Mail",
        "VA-111-111 · Acme Software",
    ]
    assert row[6:] == ["—", "—"]


def test_filters_by_vendor_status_product_and_dates(qtbot, world, raised):
    _, _, first, second = raised
    view = make_view(qtbot, world)
    view.filters.vendor_combo.setCurrentIndex(view.filters.vendor_combo.findData(""))
    assert set(ids(view)) == {
        *of(first, SYNC_PRODUCT),
        *of(second, SYNC_PRODUCT),
        *of(first, OTHER_PRODUCT),
        *of(second, OTHER_PRODUCT),
    }
    assert view.count_label.text() == "4 requests"
    view.filters.vendor_combo.setCurrentIndex(view.filters.vendor_combo.findData(OTHER_VENDOR.id))
    assert ids(view) == [*of(first, OTHER_PRODUCT), *of(second, OTHER_PRODUCT)]
    view.filters.vendor_combo.setCurrentIndex(view.filters.vendor_combo.findData(""))
    qtbot.keyClick(view.status_combo, Qt.Key.Key_End)  # All statuses
    assert view.status_combo.currentText() == "All statuses"
    assert len(ids(view)) == 6
    view.filters.product_combo.setCurrentIndex(
        view.filters.product_combo.findData(NOSYNC_PRODUCT.id)
    )
    assert ids(view) == [*of(first, NOSYNC_PRODUCT), *of(second, NOSYNC_PRODUCT)]
    view.filters.product_combo.setCurrentIndex(0)
    created = world.services.requests.get(first[0].id).created_at.astimezone()
    day = QDate(created.year, created.month, created.day)
    view.filters.to_edit.setDate(day.addDays(-1))
    assert ids(view) == []
    view.filters.from_edit.setDate(day)
    view.filters.to_edit.setDate(day)
    assert len(ids(view)) == 6


def test_every_header_sorts_both_ways(qtbot, world, raised):
    view = make_view(qtbot, world)
    qtbot.keyClick(view.status_combo, Qt.Key.Key_End)
    view.filters.vendor_combo.setCurrentIndex(view.filters.vendor_combo.findData(""))
    header = view.table.horizontalHeader()
    for column in Column:
        where = QPoint(header.sectionViewportPosition(column) + 5, header.height() // 2)
        orders = []
        for _click in range(2):
            qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
            sort = view.model.query.sort
            assert sort.column is column.request_column
            descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            assert sort.descending is descending
            expected = world.services.requests.listing(view.model.query).all()
            assert ids(view) == [r.id for r in expected]
            orders.append(sort.descending)
        assert orders[0] != orders[1]


def test_search_types_into_the_accounts_index_and_request_ids(qtbot, world, raised):
    _, _, first, second = raised
    view = make_view(qtbot, world)
    qtbot.keyClick(view.status_combo, Qt.Key.Key_End)
    view.filters.vendor_combo.setCurrentIndex(view.filters.vendor_combo.findData(""))
    qtbot.keyClicks(view.search_edit, "kun zw")
    qtbot.waitUntil(lambda: set(ids(view)) == {r.id for r in second})
    view.search_edit.clear()
    qtbot.keyClicks(view.search_edit, first[0].id.lower())
    qtbot.waitUntil(lambda: ids(view) == [first[0].id])
    view.search_edit.clear()
    qtbot.keyClicks(view.search_edit, "unde")  # the middle of a word: not a word start
    qtbot.waitUntil(lambda: ids(view) == [])


def test_account_filter_and_clearing_it(qtbot, world, raised):
    reseller, _, first, _ = raised
    view = make_view(qtbot, world)
    view.show_account(reseller.id, None)
    assert set(ids(view)) == {r.id for r in first}
    assert view.account_label.isVisible()
    assert reseller.id in view.account_label.text()
    view.clear_account_button.click()
    assert not view.account_label.isVisible()
    assert len(ids(view)) == 6  # every status, every account, every vendor


def test_enter_opens_a_request_and_counts_follow_decisions(qtbot, world, raised):
    _, _, first, second = raised
    view = make_view(qtbot, world)
    counts = []
    view.pending_count_changed.connect(counts.append)
    view.table.selectRow(0)
    with qtbot.waitSignal(view.request_requested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == of(first, SYNC_PRODUCT)
    world.services.requests.accept(of(first, SYNC_PRODUCT)[0])
    view.refresh()
    assert counts[-1] == 3  # one of yours, two of the other vendor's
    assert ids(view) == of(second, SYNC_PRODUCT)
    assert view.count_label.text() == "1 pending for you"


def test_the_filters_and_sort_are_remembered(qtbot, world, raised, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    view = make_view(qtbot, world)
    qtbot.keyClick(view.status_combo, Qt.Key.Key_End)
    view.filters.product_combo.setCurrentIndex(view.filters.product_combo.findData(SYNC_PRODUCT.id))
    view.table.sortByColumn(Column.ACCOUNT, Qt.SortOrder.DescendingOrder)
    view.save_settings(settings)
    again = make_view(qtbot, world)
    again.restore_settings(settings)
    assert again.status_combo.currentText() == "All statuses"
    assert again.filters.product_id() == SYNC_PRODUCT.id
    assert again.model.query.sort == view.model.query.sort
    assert ids(again) == ids(view)


def test_main_window_tab_title_and_sync_link(qtbot, world, raised):
    _, kid, _, second = raised
    window = MainWindow(world.services, workspace_path=world.path)
    qtbot.addWidget(window)
    index = window.tabs.indexOf(window.requests_view)
    assert window.tabs.tabText(index) == requests_tab_title(4) == "Requests (4 pending)"
    details = window.open_account(kid.id)
    details.requests_requested.emit(kid.id)
    assert window.tabs.currentWidget() is window.requests_view
    assert set(ids(window.requests_view)) == set(
        of(second, SYNC_PRODUCT) + of(second, OTHER_PRODUCT)
    )
    world.services.requests.accept(of(second, SYNC_PRODUCT)[0])
    window.refresh()
    assert window.tabs.tabText(index) == "Requests (3 pending)"


def test_the_window_remembers_the_requests_filters(qtbot, world, raised, tmp_path):
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(world.services, workspace_path=world.path, settings=settings)
    qtbot.addWidget(window)
    view = window.requests_view
    qtbot.keyClick(view.status_combo, Qt.Key.Key_End)
    view.table.sortByColumn(Column.VENDOR, Qt.SortOrder.DescendingOrder)
    window.save_settings()
    again = MainWindow(world.services, workspace_path=world.path, settings=settings)
    qtbot.addWidget(again)
    assert again.requests_view.status_combo.currentText() == "All statuses"
    assert again.requests_view.model.query.sort == view.model.query.sort
    assert ids(again.requests_view) == ids(view)


def test_restoring_the_filters_shown_already_asks_the_workspace_nothing(
    qtbot, world, raised, tmp_path, monkeypatch
):
    """At a new user's start the restored filters are the defaults: no second read."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    hidden = RequestsView(world.services)  # as the second tab: not shown yet
    qtbot.addWidget(hidden)
    asked = []
    monkeypatch.setattr(hidden.model, "set_query", lambda *args, **kwargs: asked.append(args))
    hidden.restore_settings(settings)
    assert asked == []
    settings.setValue("requests/status", "")  # all statuses
    hidden.restore_settings(settings)
    assert [query.status for (query,) in asked] == [None]


def test_a_remembered_product_filters_before_the_tab_is_first_shown(qtbot, world, raised, tmp_path):
    """The catalog is read when the tab is first shown; a restored choice filters meanwhile."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    view = make_view(qtbot, world)
    qtbot.keyClick(view.status_combo, Qt.Key.Key_End)
    view.filters.product_combo.setCurrentIndex(view.filters.product_combo.findData(SYNC_PRODUCT.id))
    view.save_settings(settings)
    hidden = RequestsView(world.services)  # as the second tab: not shown yet
    qtbot.addWidget(hidden)
    hidden.restore_settings(settings)
    assert hidden.filters.product_combo.findData(SYNC_PRODUCT.id) == -1  # not read yet
    assert hidden.filters.product_id() == SYNC_PRODUCT.id
    assert sorted(ids(hidden)) == sorted(ids(view))
    settings.remove("requests/product")
    hidden.save_settings(settings)  # kept as chosen, though never listed
    assert settings.value("requests/product") == SYNC_PRODUCT.id
    hidden.show()
    assert hidden.filters.product_combo.currentData() == SYNC_PRODUCT.id
    assert sorted(ids(hidden)) == sorted(ids(view))


def test_a_new_filter_search_or_sort_does_not_count_the_pending_requests_again(
    qtbot, world, raised, monkeypatch
):
    """The tab's title counts the workspace's pending requests: a new list leaves them as they
    were (on a server the count was a round trip on the window's thread at each filter)."""
    view = make_view(qtbot, world)
    counted = []
    pending_count = world.services.requests.pending_count
    monkeypatch.setattr(
        world.services.requests,
        "pending_count",
        lambda *args: counted.append(args) or pending_count(*args),
    )
    view.set_status(None)
    view.search_edit.setText("Kunde")
    qtbot.waitUntil(lambda: view.model.query.search == "Kunde")
    view.table.horizontalHeader().sectionClicked.emit(Column.ACCOUNT)
    assert counted == []
    titles = []
    view.pending_count_changed.connect(titles.append)
    view.refresh()  # the workspace read again: its count too
    assert counted == [()] and titles == [4]

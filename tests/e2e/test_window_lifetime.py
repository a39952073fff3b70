"""Windows closed and opened again over one file: nothing outlives its window or its workspace."""

from __future__ import annotations

import time

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication

from desktop_app.app import create_main_window
from desktop_app.domain.enums import AccountType
from desktop_app.ui.details.account_details_view import AccountDetailsView, Tab
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.account_table_model import Column
from desktop_app.ui.requests.request_details_view import RequestDetailsView
from tests.support.world import NOSYNC_PRODUCT, SYNC_PRODUCT, draft, open_world

CYCLES = 30
BUDGET_S = 60  # about 10 s on two busy cores; a hang or a crash is what this looks for


def prepared_file(tmp_path):
    """Resellers with customers, linked to products, edited: accounts and requests to open."""
    world = open_world(tmp_path / "lifetime.sqlite")
    for number in range(3):
        reseller = world.services.accounts.create(
            draft(name=f"Reseller {number}", external_id=f"R-{number}")
        ).account
        customer = world.services.accounts.create(
            draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name=f"Kunde {number}")
        ).account
        world.subscribe(f"AS-0000-0000-{number}001", SYNC_PRODUCT, customer.id, reseller.id)
        world.subscribe(f"AS-0000-0000-{number}002", NOSYNC_PRODUCT, customer.id, reseller.id)
        moved = draft(
            type=AccountType.CUSTOMER, parent_id=reseller.id, name=f"Kunde {number}", city="Bonn"
        )
        world.services.accounts.update(customer.id, moved)  # raises its requests
    world.store.close()
    return world.path


def double_click(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def touch_every_widget() -> int:
    """Ask every widget of the application something, as a test walking them does."""
    widgets = QApplication.allWidgets()
    for widget in widgets:
        widget.isVisible()
        widget.objectName()
        widget.window()
    return len(widgets)


def open_accounts_and_requests(qtbot, window: MainWindow) -> None:
    """Double-click an account and a request, show their lists, type in the searches."""
    table = window.directory_view.table
    double_click(qtbot, table, table.model().index(0, Column.NAME))
    details = window.tabs.currentWidget()
    assert isinstance(details, AccountDetailsView)
    details.show_tab(Tab.REQUESTS)
    details.show_tab(Tab.CHILD_ACCOUNTS)

    requests = window.show_requests()
    assert requests.model.rowCount() > 0
    double_click(qtbot, requests.table, requests.model.index(0, 0))
    assert isinstance(window.tabs.currentWidget(), RequestDetailsView)
    for tab in range(window.tabs.currentWidget().request_tabs.count()):
        window.tabs.currentWidget().request_tabs.setCurrentIndex(tab)

    window.show_hierarchy()
    window.show_products()
    window.directory_view.search_edit.setText("Kunde")  # searches still waiting at close
    requests.search_edit.setText("TAR")


def test_closing_and_reopening_windows_over_one_file_many_times(qtbot, tmp_path):
    path = prepared_file(tmp_path)
    started = time.monotonic()
    previous: MainWindow | None = None
    for _cycle in range(CYCLES):
        window = create_main_window(path, settings_path=tmp_path / "settings.ini")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        if previous is not None:
            previous.deleteLater()  # the closed window goes while this one is in use
        open_accounts_and_requests(qtbot, window)
        touch_every_widget()

        window.close()
        assert [t.objectName() for t in window.findChildren(QTimer) if t.isActive()] == []
        touch_every_widget()
        qtbot.wait(1)
        touch_every_widget()
        previous = window
        assert time.monotonic() - started < BUDGET_S, "closing and opening windows slowed down"
    QApplication.sendPostedEvents()
    touch_every_widget()

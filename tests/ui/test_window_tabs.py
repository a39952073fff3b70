"""Tabs: Directory and Requests pinned and in sight, Ctrl+Shift+W, tabs back after a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QTabBar

from desktop_app.app import create_main_window
from desktop_app.domain.enums import AccountType
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.account_table_model import Column
from tests.support.modal import answering, press
from tests.support.windows import on_directory
from tests.support.world import draft, open_world

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def shown(qtbot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def make_window(qtbot, world) -> MainWindow:
    return on_directory(shown(qtbot, MainWindow(world.services, workspace_path=world.path)))


def titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_many_open_accounts_never_hide_the_pinned_tabs_nor_widen_the_window(qtbot, world):
    ids = [
        world.services.accounts.create(draft(name=f"Reseller number {n:02d} GmbH")).account.id
        for n in range(40)
    ]
    window = make_window(qtbot, world)
    width = window.width()
    for account_id in ids:
        window.open_account(account_id)
    bar = window.tabs.tabBar()
    assert titles(window)[:3] == ["Overview", "Directory", "Requests"]
    assert window.tabs.currentWidget() is window.account_view(ids[-1])
    for pinned in (0, 1, 2):  # Overview, Directory, Requests
        rect = bar.tabRect(pinned)
        assert rect.left() >= 0 and rect.right() <= bar.width(), rect
        assert bar.tabButton(pinned, QTabBar.ButtonPosition.RightSide) is None  # not closable
    assert window.width() == width
    assert window.minimumSizeHint().width() < width
    assert bar.tabToolTip(3) == f"Reseller number 00 GmbH ({ids[0]})"
    last = window.tabs.count() - 1  # crowded: the current tab stays readable
    assert bar.tabRect(last).width() > 3 * bar.tabRect(3).width()
    assert bar.tabButton(last, QTabBar.ButtonPosition.RightSide).isVisible()
    assert not bar.tabButton(3, QTabBar.ButtonPosition.RightSide).isVisible()  # a sliver

    menu = window.tabs.open_tabs_menu  # every tab, also those past the right edge
    menu.aboutToShow.emit()
    assert len(menu.actions()) == 43
    menu.actions()[1].trigger()
    assert window.tabs.currentWidget() is window.directory_view


def test_a_document_dragged_before_the_directory_goes_back_behind_it(qtbot, world):
    account = world.services.accounts.create(draft(name="Dragged")).account
    window = make_window(qtbot, world)
    window.open_account(account.id)
    bar = window.tabs.tabBar()
    start = bar.tabRect(3).center()
    QTest.mousePress(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for x in range(start.x(), 0, -10):
        QTest.mouseMove(bar, QPoint(x, start.y()))
    QTest.mouseRelease(
        bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(2, start.y())
    )
    qtbot.wait(50)
    assert titles(window) == ["Overview", "Directory", "Requests", "Dragged"]

    start = bar.tabRect(0).center()  # a pinned tab is not dragged at all
    QTest.mousePress(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for x in range(start.x(), bar.tabRect(3).right(), 10):
        QTest.mouseMove(bar, QPoint(x, start.y()))
    QTest.mouseRelease(
        bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.tabRect(3).center()
    )
    assert titles(window) == ["Overview", "Directory", "Requests", "Dragged"]


def test_opening_an_open_account_switches_and_ctrl_shift_w_closes_the_others(qtbot, world):
    ids = [world.services.accounts.create(draft(name=f"Tab {n}")).account.id for n in range(3)]
    window = make_window(qtbot, world)
    for account_id in ids:
        window.open_account(account_id)
    window.open_account(ids[1])
    assert window.tabs.count() == 6
    assert window.tabs.currentWidget() is window.account_view(ids[1])

    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_W, CTRL_SHIFT)
    assert titles(window) == ["Overview", "Directory", "Requests", "Tab 1"]
    assert window.tabs.currentWidget() is window.account_view(ids[1])
    assert not window.app_actions.close_other_tabs.isEnabled()


def test_the_open_tabs_come_back_after_a_restart(qtbot, tmp_path):
    path = tmp_path / "tabs.sqlite"
    settings = tmp_path / "settings.ini"
    world = open_world(path)
    top = world.services.accounts.create(draft(name="Back Again")).account
    kid = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=top.id, name="Kid Again")
    ).account
    world.store.close()

    first = shown(qtbot, create_main_window(path, settings_path=settings))
    first.open_account(top.id)
    first.open_request("TAR-0000-0000-0000-000-000")  # unknown: it will not come back
    first.show_products()
    first.open_account(kid.id)
    first.open_account(top.id)  # the current tab
    expected = titles(first)
    unknown = expected[4]
    first.close()

    second = shown(qtbot, create_main_window(path, settings_path=settings))
    assert titles(second) == [t for t in expected if t != unknown]
    assert len(titles(second)) == 6
    assert second.tabs.currentWidget() is second.account_view(top.id)
    second.close()

    moved = tmp_path / "another.sqlite"  # another workspace does not get these tabs
    open_world(moved).store.close()
    third = shown(qtbot, create_main_window(moved, settings_path=settings))
    assert titles(third) == ["Overview", "Directory", "Requests"]
    third.close()


def right_click_row(qtbot, window: MainWindow, row: int) -> QMenu:
    table = window.directory_view.table
    rect = table.visualRect(table.model().index(row, Column.NAME))
    table.customContextMenuRequested.emit(rect.center())  # what a right-click asks for
    menu = window.directory_view.findChild(QMenu, "directory_row_menu")
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    return menu


def choose(qtbot, menu: QMenu, text: str) -> None:
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    assert action.isEnabled(), text
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


# A popup menu on the offscreen platform: what it cannot do for menus is no fault here.
@pytest.mark.qt_log_ignore(
    "This plugin does not support raise.*", "This plugin does not support grabbing.*"
)
def test_row_context_menu_opens_copies_shows_requests_and_asks_before_deleting(qtbot, world):
    first = world.services.accounts.create(draft(name="Menu One")).account
    second = world.services.accounts.create(draft(name="Menu Two")).account
    window = make_window(qtbot, world)
    view = window.directory_view
    row_of = {view.model.account_id(r): r for r in range(view.model.rowCount())}

    menu = right_click_row(qtbot, window, row_of[first.id])
    assert [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()] == [
        "Open",
        "Edit…",
        "Delete…",
        "Copy ID",
        "Show Requests",
    ]
    assert view.current_account_id() == first.id
    choose(qtbot, menu, "Copy ID")
    assert QApplication.clipboard().text() == first.id

    choose(qtbot, right_click_row(qtbot, window, row_of[second.id]), "Open")
    assert window.tabs.currentWidget() is window.account_view(second.id)

    window.tabs.setCurrentWidget(view)
    choose(qtbot, right_click_row(qtbot, window, row_of[first.id]), "Show Requests")
    assert window.tabs.currentWidget() is window.requests_view

    window.tabs.setCurrentWidget(view)
    menu = right_click_row(qtbot, window, row_of[first.id])
    with answering(press(Qt.Key.Key_Return)) as answered:  # Enter is Cancel
        choose(qtbot, menu, "Delete…")
    assert len(answered.dialogs) == 1
    assert not world.services.accounts.get(first.id).is_decommissioned
    assert view.current_account_id() == first.id

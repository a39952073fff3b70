"""Edit and Delete are open only over an account that can change here, and say why not."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.wizard.account_wizard import AccountWizard
from tests.support.modal import answering, press
from tests.support.windows import window_over

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def open_everywhere(window: MainWindow) -> dict[str, bool]:
    """Whether Edit and Delete are open in the toolbar, the Accounts menu and as actions."""
    toolbar = window.findChild(QToolBar, "main_toolbar")
    menu = window.findChild(QMenu, "accounts_menu")
    states = {}
    for name in ("action_edit", "action_delete"):
        found = action(window, name)
        assert found in menu.actions()
        states[name] = found.isEnabled()
        assert toolbar.widgetForAction(found).isEnabled() == found.isEnabled()
    return states


def closed(window: MainWindow) -> bool:
    return open_everywhere(window) == {"action_edit": False, "action_delete": False}


def activated(qtbot, window: MainWindow) -> MainWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def click_row(qtbot, window: MainWindow, name: str) -> str:
    view = window.directory_view
    rows = [r for r in range(view.model.rowCount()) if view.model.index(r, 1).data() == name]
    assert len(rows) == 1, name
    rect = view.table.visualRect(view.model.index(rows[0], 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    account_id = view.current_account_id()
    assert account_id is not None
    return account_id


def press_edit_and_delete(qtbot, window: MainWindow, widget) -> list[str]:
    """Press Ctrl+E and Del on ``widget``; the dialogs they brought up."""
    with answering(press(Qt.Key.Key_Escape)) as answered:
        qtbot.keyClick(widget, Qt.Key.Key_E, CTRL)
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
        qtbot.wait(50)
    wizards = [w for w in window.findChildren(AccountWizard) if w.isVisible()]
    return answered.dialogs + [w.objectName() for w in wizards]


# no rows


def test_a_search_that_shows_no_rows_closes_edit_and_delete(qtbot, tmp_path):
    window = activated(qtbot, window_over(qtbot, tmp_path, ["Alpha Reseller", "Beta Reseller"]))
    click_row(qtbot, window, "Alpha Reseller")
    assert open_everywhere(window) == {"action_edit": True, "action_delete": True}

    search = window.directory_view.search_edit
    qtbot.keyClicks(search, "nothing matches this")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.directory_view.model.rowCount() == 0
    assert closed(window)
    assert press_edit_and_delete(qtbot, window, window.directory_view.table) == []

    search.clear()
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.directory_view.model.rowCount() == 2
    assert closed(window), "no row is current after the list was read again"
    click_row(qtbot, window, "Beta Reseller")
    assert not closed(window)
    window.close()


def test_an_empty_workspace_leaves_them_closed(qtbot, tmp_path):
    window = activated(qtbot, window_over(qtbot, tmp_path, []))
    assert window.directory_view.is_showing_empty_state()
    assert closed(window)
    assert press_edit_and_delete(qtbot, window, window.directory_view) == []
    window.close()


def test_deleting_the_last_account_leaves_them_closed(qtbot, tmp_path):
    window = activated(qtbot, window_over(qtbot, tmp_path, ["Alpha Reseller"]))
    click_row(qtbot, window, "Alpha Reseller")
    with answering(press(Qt.Key.Key_D, ALT), only="confirm_dialog"):
        qtbot.keyClick(window.directory_view.table, Qt.Key.Key_Delete)
    assert window.directory_view.model.rowCount() == 0
    assert closed(window)
    window.close()

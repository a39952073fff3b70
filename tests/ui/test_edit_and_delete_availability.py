"""Edit and Delete are open only over an account that can change here, and say why not."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar

from desktop_app.app import create_main_window
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.wizard.account_wizard import AccountWizard
from tests.support.modal import answering, press
from tests.support.prompts import ScriptedPrompts
from tests.support.windows import on_directory, window_over
from tests.support.world import OA_HUB, draft, open_world

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
OA_REASON = "is on the CloudBlue Commerce hub Commerce hub (HB-8765-4321)"


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


def window_with_an_oa_account(qtbot, tmp_path) -> tuple[MainWindow, str]:
    world = open_world(tmp_path / "workspace.sqlite")
    world.services.accounts.create(draft(name="Alpha Reseller", external_id="ALPHA"))
    on_oa = world.services.accounts.create(draft(name="Commerce Reseller", external_id="OA"))
    with world.store.write():
        world.store.db.execute_sql(
            "UPDATE tier_account SET hub_id = ? WHERE id = ?", (OA_HUB.id, on_oa.account.id)
        )
    world.store.close()
    window = create_main_window(world.path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return activated(qtbot, on_directory(window)), on_oa.account.id


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


# accounts on a CloudBlue Commerce (OA) hub


def test_an_oa_account_in_the_directory_cannot_be_edited_or_deleted_and_says_why(qtbot, tmp_path):
    window, oa_id = window_with_an_oa_account(qtbot, tmp_path)
    click_row(qtbot, window, "Commerce Reseller")

    assert closed(window)
    for name in ("action_edit", "action_delete"):
        tip = action(window, name).toolTip()
        assert tip.startswith("Not available: ") and OA_REASON in tip, tip
        assert action(window, name).statusTip() == tip
    assert press_edit_and_delete(qtbot, window, window.directory_view.table) == []
    assert not window.services.accounts.get(oa_id).is_decommissioned

    click_row(qtbot, window, "Alpha Reseller")
    assert not closed(window)
    assert action(window, "action_edit").toolTip().startswith("Edit the selected account")
    assert action(window, "action_delete").statusTip().startswith("Delete the selected account")
    window.close()


def test_an_oa_account_s_details_close_edit_delete_and_the_more_menu(qtbot, tmp_path):
    window, oa_id = window_with_an_oa_account(qtbot, tmp_path)
    click_row(qtbot, window, "Commerce Reseller")
    qtbot.keyClick(window.directory_view.table, Qt.Key.Key_Return)
    view = window.account_view(oa_id)
    assert window.tabs.currentWidget() is view

    assert closed(window)
    assert not view.edit_button.isEnabled() and OA_REASON in view.edit_button.toolTip()
    assert not view.delete_action.isEnabled() and OA_REASON in view.delete_action.toolTip()
    assert view.more_button.menu().actions() == [view.delete_action]
    assert press_edit_and_delete(qtbot, window, view) == []
    window.close()


def test_an_oa_account_is_refused_before_any_wizard_or_question(qtbot, tmp_path):
    window, oa_id = window_with_an_oa_account(qtbot, tmp_path)
    asked = []
    window.prompts = ScriptedPrompts(
        window, confirm=lambda question: asked.append(question) or True
    )

    assert not window.delete_account(oa_id)
    assert asked == [], "no question whose answer is then refused"
    box = window.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and OA_REASON in box.text()
    box.close()

    assert window.edit_account(oa_id) is None
    assert [w for w in window.findChildren(AccountWizard) if w.isVisible()] == []
    assert not window.services.accounts.get(oa_id).is_decommissioned
    window.close()


def test_an_oa_reseller_in_the_hierarchy_closes_them_too(qtbot, tmp_path):
    window, oa_id = window_with_an_oa_account(qtbot, tmp_path)
    hierarchy = window.show_hierarchy()
    qtbot.waitUntil(lambda: hierarchy.select_account(oa_id))
    assert closed(window)
    window.close()

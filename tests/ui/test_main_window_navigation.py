"""Main window: account tabs, Edit/Delete on the selection, operator switch, other workspaces."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QMessageBox

from desktop_app.app import open_workspace
from desktop_app.domain.enums import AccountType
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.main_window import MainWindow
from tests.support.prompts import ScriptedPrompts
from tests.support.windows import on_directory
from tests.support.world import PROVIDER, draft


def make_window(qtbot, world, **kwargs) -> MainWindow:
    window = MainWindow(world.services, workspace_path=world.path, **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return on_directory(window)


def action(window, name) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None
    return found


def tab_titles(window) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def select_row_of(window, account_id):
    view = window.directory_view
    view.set_search_text(account_id)
    qtbot_rows = view.model.rowCount()
    assert qtbot_rows == 1
    view.table.selectRow(0)
    assert view.current_account_id() == account_id


def test_opening_accounts_reuses_their_tabs_and_closing_returns_to_directory(qtbot, world):
    top = world.services.accounts.create(draft(name="Top Reseller")).account
    kid = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=top.id, name="Kid Customer")
    ).account
    window = make_window(qtbot, world)
    assert not action(window, "action_close_tab").isEnabled()
    window.open_account(kid.id)
    window.open_account(top.id)
    window.open_account(kid.id)
    assert [t.split(" (")[0] for t in tab_titles(window)] == [
        "Overview",
        "Directory",
        "Requests",
        "Kid Customer",
        "Top Reseller",
    ]
    assert window.current_account_id() == kid.id
    assert action(window, "action_edit").isEnabled()
    action(window, "action_close_tab").trigger()
    assert window.account_view(kid.id) is None
    action(window, "action_show_directory").trigger()
    assert window.tabs.currentWidget() is window.directory_view


def test_enter_on_a_directory_row_opens_the_account(qtbot, world):
    account = world.services.accounts.create(draft(name="Enter Me")).account
    window = make_window(qtbot, world)
    select_row_of(window, account.id)
    window.directory_view.table.setFocus()
    qtbot.keyClick(window.directory_view.table, Qt.Key.Key_Return)
    assert window.current_account_id() == account.id
    assert window.tabs.currentWidget() is window.account_view(account.id)


def test_delete_action_on_the_selection_asks_first(qtbot, world):
    top = world.services.accounts.create(draft(name="Top")).account
    kid = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=top.id, name="Kid")
    ).account
    window = make_window(qtbot, world)
    asked = []
    window.prompts = ScriptedPrompts(
        window, confirm=lambda question: asked.append(question) or False
    )
    select_row_of(window, kid.id)
    action(window, "action_delete").trigger()
    assert len(asked) == 1 and kid.id in asked[0]
    assert not world.services.accounts.get(kid.id).is_decommissioned

    window.prompts = ScriptedPrompts(window, confirm=lambda question: True)
    window.open_account(kid.id)
    action(window, "action_delete").trigger()
    assert world.services.accounts.get(kid.id).is_decommissioned
    assert window.account_view(kid.id) is None
    assert window.directory_view.model.rowCount() == 0  # the search still names the kid
    window.directory_view.set_search_text("")
    assert window.directory_view.model.rowCount() == 1
    assert window.delete_account(top.id)  # its only child is gone now
    assert window.directory_view.model.rowCount() == 0


def test_delete_of_a_parent_is_refused_with_a_message(qtbot, world):
    top = world.services.accounts.create(draft(name="Top")).account
    world.services.accounts.create(draft(type=AccountType.CUSTOMER, parent_id=top.id, name="Kid"))
    window = make_window(qtbot, world)
    window.prompts = ScriptedPrompts(window, confirm=lambda question: True)
    assert not window.delete_account(top.id)
    box = window.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and "Delete the child accounts first" in box.text()
    assert not world.services.accounts.get(top.id).is_decommissioned


def test_operator_can_be_switched_from_the_toolbar(qtbot, world):
    window = make_window(qtbot, world)
    combo = window.findChild(QComboBox, "operator_combo")
    assert combo.count() == 3 and combo.isEnabled()
    assert combo.currentData() == world.services.workspace.operator().id
    index = combo.findData(PROVIDER.id)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert world.services.workspace.operator() == PROVIDER
    assert "Big Distributor (PA-333-333, provider)" in window.operator_label.text()


def test_new_and_open_database_switch_the_window(qtbot, world, tmp_path):
    world.services.accounts.create(draft(name="In the first file"))
    closed = []
    window = make_window(
        qtbot,
        world,
        open_workspace=open_workspace,
        close_workspace=lambda: closed.append("first"),
    )
    second = tmp_path / "second.sqlite"
    window.prompts = ScriptedPrompts(window, path=second)
    action(window, "action_new_database").trigger()
    assert closed == ["first"]
    assert window.windowTitle().startswith("second.sqlite")
    assert window.directory_view.is_showing_empty_state()

    window.prompts = ScriptedPrompts(window, path=world.path)
    action(window, "action_new_database").trigger()  # exists: refused, nothing changes
    box = window.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and "already exists" in box.text()
    assert window.windowTitle().startswith("second.sqlite")
    box.close()

    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"garbage")
    window.prompts = ScriptedPrompts(window, path=bad)
    action(window, "action_open_database").trigger()
    assert window.windowTitle().startswith("second.sqlite")
    assert bad.read_bytes() == b"garbage"

    world.store.close()
    window.prompts = ScriptedPrompts(window, path=world.path)
    action(window, "action_open_database").trigger()
    assert window.windowTitle().startswith("workspace.sqlite")
    assert window.directory_view.model.rowCount() == 1
    window.close()


def test_ampersands_in_names_show_in_tab_titles(qtbot, world):
    account = world.services.accounts.create(draft(name="Söding GmbH & Co. KG")).account
    window = make_window(qtbot, world)
    window.open_account(account.id)
    index = window.tabs.indexOf(window.account_view(account.id))
    assert window.tabs.tabText(index) == "Söding GmbH && Co. KG"


def test_hierarchy_tab_opens_accounts_and_drives_edit_and_delete(qtbot, world):
    top = world.services.accounts.create(draft(name="Top Reseller")).account
    kid = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=top.id, name="Kid Customer")
    ).account
    window = make_window(qtbot, world)
    action(window, "action_show_hierarchy").trigger()
    view = window.tabs.currentWidget()
    assert view.objectName() == "hierarchy_view"
    assert window.show_hierarchy() is view  # one tab, reused
    tree = view.tree
    top_index = view.model.index(0, 0)
    assert view.model.account_id(top_index) == top.id
    tree.expand(top_index)
    qtbot.waitUntil(lambda: view.model.rowCount(top_index) == 1)
    kid_index = view.model.index(0, 0, top_index)
    tree.setCurrentIndex(kid_index)
    assert window.current_account_id() == kid.id
    assert action(window, "action_delete").isEnabled()
    with qtbot.waitSignal(view.account_activated):
        tree.activated.emit(kid_index)
    assert window.tabs.currentWidget() is window.account_view(kid.id)

"""After a save, a decision, F5 or another program's save the views keep their place."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from desktop_app.domain.enums import RequestStatus
from desktop_app.services.changes import Changes
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.account_table_model import Column
from desktop_app.ui.wizard.account_wizard import AccountWizard
from desktop_app.ui.wizard.page_ids import PageId
from tests.support.windows import on_directory
from tests.support.wizard import button, click, click_commit, edit
from tests.support.world import draft, open_world

CTRL = Qt.KeyboardModifier.ControlModifier


def make_window(qtbot, world) -> MainWindow:
    window = MainWindow(world.services, workspace_path=world.path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return on_directory(window)


def click_header(qtbot, table, column: Column) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, Column.NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def scrolled_to_the_middle(qtbot, window: MainWindow) -> int:
    """Sort by city, scroll down, click a row in view: the row clicked."""
    table = window.directory_view.table
    click_header(qtbot, table, Column.CITY)
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum() // 2)
    row = table.rowAt(table.viewport().height() // 2)
    assert row > 100
    click_row(qtbot, table, row)
    return row


def edit_with_ctrl_e(qtbot, window: MainWindow, phone: str) -> None:
    assert window.app_actions.edit.isEnabled()
    qtbot.keyClick(window.directory_view.table, Qt.Key.Key_E, CTRL)
    wizard = window.findChild(AccountWizard)
    assert wizard is not None and wizard.currentId() == PageId.ACCOUNT_DATA
    edit(wizard, "email").setText(phone)
    click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.SUMMARY
    click(qtbot, button(wizard, QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: window.findChild(AccountWizard) is None)
    window.activateWindow()  # what the window manager does when the wizard closes
    qtbot.waitUntil(window.isActiveWindow)


def saved_email(world, account_id: str) -> str:
    """The email as another program reads it from the file."""
    other = open_world(world.path, seed_catalog=False)
    try:
        return other.services.accounts.get(account_id).data.email
    finally:
        other.store.close()


def test_a_save_keeps_the_directory_row_scroll_and_sort_and_ctrl_e_works_again(
    qtbot, world, accounts
):
    window = make_window(qtbot, world)
    view = window.directory_view
    table = view.table
    row = scrolled_to_the_middle(qtbot, window)
    chosen = view.current_account_id()
    scroll = table.verticalScrollBar().value()
    assert chosen is not None

    edit_with_ctrl_e(qtbot, window, "first.change@example.com")
    assert saved_email(world, chosen) == "first.change@example.com"

    assert view.current_account_id() == chosen
    assert table.currentIndex().row() == row
    assert table.verticalScrollBar().value() == scroll
    header = table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        Column.CITY,
        Qt.SortOrder.AscendingOrder,
    )
    assert window.app_actions.edit.isEnabled()

    edit_with_ctrl_e(qtbot, window, "second.change@example.com")  # right after the save
    assert saved_email(world, chosen) == "second.change@example.com"
    assert view.current_account_id() == chosen


def test_f5_and_a_save_elsewhere_keep_the_place(qtbot, world, accounts):
    window = make_window(qtbot, world)
    view = window.directory_view
    table = view.table
    row = scrolled_to_the_middle(qtbot, window)
    chosen = view.current_account_id()
    scroll = table.verticalScrollBar().value()

    qtbot.keyClick(table, Qt.Key.Key_F5)
    assert (view.current_account_id(), table.verticalScrollBar().value()) == (chosen, scroll)

    other = open_world(world.path, seed_catalog=False)  # another program adds one at the top
    other.services.accounts.create(draft(name="Aaa Added Elsewhere", city="Aachen"))
    other.store.close()
    assert window.refresh_if_changed()
    assert view.model.rowCount() == len(accounts) + 1
    assert view.current_account_id() == chosen  # one row further down, still current
    assert table.currentIndex().row() == row + 1


def test_a_decision_or_a_product_change_reads_no_account_listing(qtbot, world, accounts):
    window = make_window(qtbot, world)
    view = window.directory_view
    scrolled_to_the_middle(qtbot, window)
    chosen = view.current_account_id()
    resets: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(1))

    window.apply_changes(Changes.decided(()))
    window.apply_changes(Changes.product("PRD-100-100-100"))
    assert resets == []
    window.apply_changes(Changes.saved(world.services.accounts.get(chosen), created=False))
    assert resets == [1]
    assert view.current_account_id() == chosen


def test_an_open_account_keeps_its_child_row_when_a_child_is_saved(qtbot, world):
    top = world.services.accounts.create(draft(name="Top Reseller")).account
    children = [
        world.services.accounts.create(
            draft(type=draft().type.CUSTOMER, parent_id=top.id, name=f"Child {n:02d}")
        ).account
        for n in range(30)
    ]
    window = make_window(qtbot, world)
    details = window.open_account(top.id)
    details.show_tab(details.details_tabs.indexOf(details.children_tab))
    table = details.children_tab.table
    qtbot.waitUntil(lambda: details.children_tab.model is not None)
    click_row(qtbot, table, 3)
    chosen = details.children_tab.model.item_id(3)
    resets: list[int] = []
    details.children_tab.model.modelReset.connect(lambda: resets.append(1))

    saved = world.services.accounts.update(
        children[5].id, draft(type=draft().type.CUSTOMER, parent_id=top.id, name="Child 05 b")
    )
    window.apply_changes(Changes.saved(saved.account, created=False))
    assert resets == [1]  # the parent's tab followed its child's save
    assert details.children_tab.model.item_id(table.currentIndex().row()) == chosen

    unrelated = world.services.accounts.create(draft(name="Unrelated Reseller")).account
    window.apply_changes(Changes.saved(unrelated, created=True))
    assert resets == [1]  # nothing it shows changed: not read again


def test_decisions_in_the_requests_tab_update_the_account_but_not_the_directory(qtbot, world):
    _reseller, kid = world.subscribed_customer()
    saved = world.services.accounts.update(
        kid.id, draft(type=kid.type, parent_id=kid.parent_id, name="Kunde AG renamed")
    )
    assert saved.requests
    window = make_window(qtbot, world)
    details = window.open_account(kid.id)
    assert "pending" in details.sync_label.text()
    resets: list[int] = []
    window.directory_view.model.modelReset.connect(lambda: resets.append(1))

    pending = [r for r in saved.requests if r.status is RequestStatus.PENDING]
    for request in pending:
        world.services.requests.accept(request.id)
    window.requests_view.requests_decided.emit([r.id for r in pending])
    assert "pending" not in details.sync_label.text()  # the open account followed
    assert resets == []  # the Directory shows no requests: not read again

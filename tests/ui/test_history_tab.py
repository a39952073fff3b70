"""The History tab of Tier Account Details: versions, who and when, their requests, a diff."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar, QTreeWidgetItem

from desktop_app.domain.catalog import OperatorAccount
from desktop_app.domain.enums import AccountType, OperatorRole
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.ui.details.account_details_view import AccountDetailsView, Tab
from desktop_app.ui.details.history_tab import COLUMN_WIDTH_MAX, RequestRole, VersionRole
from desktop_app.ui.labels import full_local_time, local_time
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.field_diff_model import ChangedRole, Column, FieldRole
from desktop_app.ui.requests.request_details_view import RequestDetailsView
from tests.support.world import NOSYNC_PRODUCT, PROVIDER, SYNC_PRODUCT, VENDOR, World, draft


def edited(world: World) -> str:
    """A customer at version 3: its city changed as the vendor, its name as the provider."""
    _reseller, kid = world.subscribed_customer()
    same = {"type": AccountType.CUSTOMER, "parent_id": kid.parent_id, "city": "Hamburg"}
    world.services.accounts.update(kid.id, draft(**same, name="Kunde AG"))
    world.act_as(PROVIDER)
    world.services.accounts.update(kid.id, draft(**same, name="Kunde GmbH"))
    world.act_as(VENDOR)
    return kid.id


def make_view(qtbot, world: World, account_id: str) -> AccountDetailsView:
    view = AccountDetailsView(world.services, account_id)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def open_history(qtbot, view: AccountDetailsView) -> None:
    """Click the History tab's title."""
    bar = view.details_tabs.findChild(QTabBar)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(Tab.HISTORY).center())
    assert view.details_tabs.currentIndex() == Tab.HISTORY


def click_item(
    qtbot, view: AccountDetailsView, item: QTreeWidgetItem, double: bool = False
) -> None:
    tree = view.history_tab.versions_tree
    tree.scrollToItem(item)
    pos = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:  # a double-click follows a click (the view opens only what was pressed)
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def diff_rows(view: AccountDetailsView) -> dict[str, tuple[str, str, bool]]:
    model = view.history_tab.diff_model
    rows = {}
    for row in range(model.rowCount()):
        field = model.index(row, Column.FIELD).data(FieldRole)
        rows[field] = (
            model.index(row, Column.BEFORE).data(),
            model.index(row, Column.AFTER).data(),
            model.index(row, Column.FIELD).data(ChangedRole),
        )
    return rows


def changed(view: AccountDetailsView) -> set[str]:
    return {field for field, (_, _, mark) in diff_rows(view).items() if mark}


def headers(view: AccountDetailsView) -> list[str]:
    model = view.history_tab.diff_model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]


def test_the_tab_reads_nothing_until_shown_then_lists_versions_newest_first(qtbot, world):
    account_id = edited(world)
    view = make_view(qtbot, world, account_id)
    assert not view.history_tab.is_loaded

    open_history(qtbot, view)

    tree = view.history_tab.versions_tree
    assert view.history_tab.is_loaded
    versions = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [i.data(0, VersionRole) for i in versions] == [3, 2, 1]
    newest, middle, first = versions
    history = world.services.history.history(account_id)
    assert newest.text(0) == "Version 3"
    assert newest.text(1) == local_time(history.entry(3).saved.at)
    assert newest.toolTip(1) == full_local_time(history.entry(3).saved.at)
    user = world.services.workspace.ensure_user()
    assert {i.text(2) for i in versions} == {f"{user.name} ({user.id})"}
    assert tree.headerItem().text(2) == "Saved by"  # a file: its user, not a database role
    assert newest.text(3) == f"{PROVIDER.name} ({PROVIDER.id})"
    assert middle.text(3) == first.text(3) == f"{VENDOR.name} ({VENDOR.id})"
    assert (newest.text(4), middle.text(4), first.text(4)) == (
        "Organization name",
        "City",
        "Created",
    )
    assert "3 versions" in view.history_tab.summary_label.text()


def test_each_version_shows_the_requests_it_raised_with_their_status(qtbot, world):
    account_id = edited(world)
    raised = world.services.history.history(account_id).entry(2).requests
    accepted = next(r.id for r in raised if r.product_id == SYNC_PRODUCT.id)
    world.services.requests.accept(accepted)
    view = make_view(qtbot, world, account_id)
    open_history(qtbot, view)

    middle = view.history_tab.version_item(2)
    lines = {middle.child(i).data(0, RequestRole): middle.child(i).text(0) for i in range(2)}
    assert middle.text(5) == "2 requests"
    assert accepted in lines
    assert f"{SYNC_PRODUCT.name} ({SYNC_PRODUCT.id}) · Accepted " in lines[accepted]
    user = world.services.workspace.ensure_user()
    assert lines[accepted].endswith(f"by {user.name} ({user.id})")
    unsupported = next(line for i, line in lines.items() if i != accepted)
    assert f"{NOSYNC_PRODUCT.name} ({NOSYNC_PRODUCT.id}) · Unsupported" in unsupported
    newest = view.history_tab.version_item(3)
    assert any("Pending" in newest.child(i).text(0) for i in range(newest.childCount()))
    assert view.history_tab.version_item(1).childCount() == 0


def test_clicking_a_version_compares_it_with_the_one_before(qtbot, world):
    account_id = edited(world)
    view = make_view(qtbot, world, account_id)
    open_history(qtbot, view)
    assert headers(view) == ["Field", "Version 2", "Version 3"]  # the newest, from the start
    assert changed(view) == {"name"}

    click_item(qtbot, view, view.history_tab.version_item(2))

    assert headers(view) == ["Field", "Version 1", "Version 2"]
    assert changed(view) == {"city"}
    assert diff_rows(view)["city"] == ("Berlin", "Hamburg", True)
    assert diff_rows(view)["country"][0] == "Germany (DE)"
    assert view.history_tab.comparison_label.text() == (
        "1 field differs between version 1 and version 2."
    )


def test_any_two_versions_are_compared_by_choosing_them_with_the_keyboard(qtbot, world):
    account_id = edited(world)
    view = make_view(qtbot, world, account_id)
    open_history(qtbot, view)
    tab = view.history_tab

    tab.versions_tree.setFocus()
    qtbot.keyClick(tab.versions_tree, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # &Compare
    assert tab.before_combo.hasFocus()
    qtbot.keyClick(tab.before_combo, Qt.Key.Key_Home)  # Version 1
    qtbot.keyClick(tab.before_combo, Qt.Key.Key_Tab)
    assert tab.after_combo.hasFocus()
    qtbot.keyClick(tab.after_combo, Qt.Key.Key_End)  # Version 3

    assert headers(view) == ["Field", "Version 1", "Version 3"]
    assert changed(view) == {"name", "city"}
    assert diff_rows(view)["name"] == ("Kunde AG", "Kunde GmbH", True)
    assert diff_rows(view)["parent_id"][2] is False


def test_a_request_opens_from_its_line_with_enter_or_a_double_click(qtbot, world):
    account_id = edited(world)
    view = make_view(qtbot, world, account_id)
    open_history(qtbot, view)
    tree = view.history_tab.versions_tree
    line = view.history_tab.version_item(3).child(0)
    request_id = line.data(0, RequestRole)

    with qtbot.waitSignal(view.request_requested) as opened:
        click_item(qtbot, view, line, double=True)
    assert opened.args == [request_id]

    tree.setFocus()
    tree.setCurrentItem(view.history_tab.version_item(2).child(1))
    with qtbot.waitSignal(view.request_requested) as opened:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened.args == [view.history_tab.version_item(2).child(1).data(0, RequestRole)]

    with qtbot.assertNotEmitted(view.request_requested):
        qtbot.keyClick(tree, Qt.Key.Key_Up)  # onto version 2's first request, then its line
        qtbot.keyClick(tree, Qt.Key.Key_Up)
        assert tree.currentItem() is view.history_tab.version_item(2)
        qtbot.keyClick(tree, Qt.Key.Key_Return)  # a version's line opens nothing


def test_a_refresh_after_an_edit_shows_the_new_version_and_keeps_the_chosen_one(qtbot, world):
    account_id = edited(world)
    view = make_view(qtbot, world, account_id)
    open_history(qtbot, view)
    click_item(qtbot, view, view.history_tab.version_item(2))

    same = {"type": AccountType.CUSTOMER, "name": "Kunde GmbH", "city": "Hamburg"}
    parent_id = world.services.accounts.get(account_id).parent_id
    world.services.accounts.update(
        account_id, draft(**same, parent_id=parent_id, email="info@kunde.de")
    )
    view.refresh()

    tree = view.history_tab.versions_tree
    assert tree.topLevelItem(0).data(0, VersionRole) == 4
    assert tree.topLevelItem(0).text(4) == "Email"
    assert tree.currentItem().data(0, VersionRole) == 2
    assert headers(view) == ["Field", "Version 1", "Version 2"]


def test_a_history_that_cannot_be_read_says_so_instead_of_failing(qtbot, world):
    account_id = edited(world)
    view = make_view(qtbot, world, account_id)
    with world.store.write():
        world.store.db.execute_sql(
            "DELETE FROM tier_account_version WHERE account_id = ?", (account_id,)
        )

    open_history(qtbot, view)

    assert view.history_tab.versions_tree.topLevelItemCount() == 0
    assert view.history_tab.summary_label.text().startswith("The history cannot be shown.")
    assert view.history_tab.diff_model.rowCount() == 0


def test_only_the_differing_fields_are_listed_when_asked_with_alt_o(qtbot, world):
    account_id = edited(world)
    view = make_view(qtbot, world, account_id)
    open_history(qtbot, view)
    tab = view.history_tab
    tab.compare(1, 3)
    assert len(diff_rows(view)) == 16

    tab.versions_tree.setFocus()
    qtbot.keyClick(tab.versions_tree, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)

    qtbot.waitUntil(tab.only_changed_check.isChecked)  # a mnemonic clicks after a short flash
    assert set(diff_rows(view)) == {"name", "city"}
    click_item(qtbot, view, tab.version_item(2))
    assert set(diff_rows(view)) == {"city"}
    qtbot.mouseClick(tab.only_changed_check, Qt.MouseButton.LeftButton)
    assert len(diff_rows(view)) == 16


def test_a_long_operator_name_is_elided_and_never_widens_the_tab(qtbot, world):
    long_name = "Wide Vendor " + "x" * 243
    wide = OperatorAccount("VA-444-444", long_name, OperatorRole.VENDOR)
    with world.store.write():
        BulkWriter(world.store.db).operators([wide])
    account_id = edited(world)
    world.act_as(wide)
    same = {"type": AccountType.CUSTOMER, "name": "Kunde GmbH", "city": "Köln"}
    parent_id = world.services.accounts.get(account_id).parent_id
    world.services.accounts.update(account_id, draft(**same, parent_id=parent_id))
    view = make_view(qtbot, world, account_id)
    open_history(qtbot, view)

    tree = view.history_tab.versions_tree
    newest = tree.topLevelItem(0)
    assert newest.text(3) == f"{long_name} (VA-444-444)"
    assert newest.toolTip(3) == newest.text(3)
    assert tree.columnWidth(3) <= COLUMN_WIDTH_MAX
    assert view.history_tab.minimumSizeHint().width() < 800


@pytest.mark.both_backends
def test_on_a_team_workspace_the_author_is_the_database_user(qtbot, world, backend):
    account_id = edited(world)
    view = make_view(qtbot, world, account_id)
    open_history(qtbot, view)

    header = view.history_tab.versions_tree.headerItem().text(2)
    assert header == ("Database user" if backend == "postgresql" else "Saved by")
    user = world.services.workspace.ensure_user()
    if backend == "postgresql":
        assert user.name == world.store.database_user
    assert view.history_tab.version_item(1).text(2) == f"{user.name} ({user.id})"


def test_in_the_window_a_request_opens_in_its_tab_from_the_history(qtbot, world):
    account_id = edited(world)
    window = MainWindow(world.services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = window.open_account(account_id)
    open_history(qtbot, view)
    line = view.history_tab.version_item(2).child(0)

    click_item(qtbot, view, line, double=True)

    opened = window.documents.current()
    assert isinstance(opened, RequestDetailsView)
    assert opened.request_id == line.data(0, RequestRole)

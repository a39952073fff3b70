"""The Directory tab: lazy table, sorting by header click, search, type filter, empty state."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableView

from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import StorageError
from desktop_app.services.queries import DirectoryColumn, SortSpec
from desktop_app.ui.directory.directory_view import (
    SEARCH_PLACEHOLDER,
    DirectoryView,
    accounts_text,
)
from desktop_app.ui.directory.empty_workspace_page import EMPTY_MESSAGE
from desktop_app.ui.models.account_table_model import PAGE_SIZE, Column
from tests.support.world import draft
from tests.ui.conftest import ACCOUNT_COUNT, CountingDirectory


def make_view(qtbot, directory, **kwargs) -> DirectoryView:
    view = DirectoryView(directory, **kwargs)
    qtbot.addWidget(view)
    view.resize(1100, 600)
    return view


def visible_names(view: DirectoryView, count: int = 10) -> list[str]:
    return [view.model.index(row, Column.NAME).data() for row in range(count)]


def click_header(qtbot, view: DirectoryView, column: Column) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_accounts_text_has_thousands_separators():
    assert accounts_text(0) == "0 accounts"
    assert accounts_text(1) == "1 account"
    assert accounts_text(1234567) == "1,234,567 accounts"


def test_table_shows_every_account_but_reads_only_the_visible_page(qtbot, world, accounts):
    directory = CountingDirectory(world.services.directory)
    view = make_view(qtbot, directory)
    view.show()
    qtbot.waitExposed(view)

    table = view.findChild(QTableView, "directory_table")
    assert table is view.table
    assert table.model().rowCount() == ACCOUNT_COUNT
    assert view.count_label.text() == "600 accounts"
    assert not view.is_showing_empty_state()
    qtbot.waitUntil(lambda: directory.fetches != [])  # painting the visible rows
    view.table.viewport().repaint()
    assert directory.fetches == [(0, PAGE_SIZE, PAGE_SIZE)]
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert table.isSortingEnabled()
    header = table.horizontalHeader()
    assert all(
        header.sectionResizeMode(c) != QHeaderView.ResizeMode.ResizeToContents for c in Column
    )
    assert header.sectionSize(Column.ID) >= table.fontMetrics().horizontalAdvance("TA-0000-0000")


def test_search_box_has_the_placeholder(qtbot, world):
    view = make_view(qtbot, world.services.directory)
    assert view.search_edit.placeholderText() == SEARCH_PLACEHOLDER


def test_clicking_the_name_header_sorts_ascending_then_descending(qtbot, world, accounts):
    view = make_view(qtbot, world.services.directory)
    view.show()
    qtbot.waitExposed(view)
    names = sorted(account.name for account in accounts)

    with qtbot.waitSignal(view.model.modelReset):
        click_header(qtbot, view, Column.NAME)
    assert view.model.sort_spec == SortSpec(DirectoryColumn.NAME, descending=False)
    assert visible_names(view) == names[:10]

    with qtbot.waitSignal(view.model.modelReset):
        click_header(qtbot, view, Column.NAME)
    assert view.model.sort_spec == SortSpec(DirectoryColumn.NAME, descending=True)
    assert visible_names(view) == names[::-1][:10]
    assert view.count_label.text() == "600 accounts"


def test_typing_in_the_search_box_filters_after_a_short_pause(qtbot, world, accounts):
    quokka = world.services.accounts.create(draft(name="Quokka Labs", external_id="QK-1")).account
    view = make_view(qtbot, world.services.directory)
    assert view.count_label.text() == "601 accounts"

    qtbot.keyClicks(view.search_edit, "quokka")
    qtbot.waitUntil(lambda: view.count_label.text() == "1 account")
    assert view.model.account_id(0) == quokka.id

    view.search_edit.clear()
    qtbot.waitUntil(lambda: view.count_label.text() == "601 accounts")


def test_search_by_city_ignores_accents_and_case(qtbot, world, accounts):
    view = make_view(qtbot, world.services.directory)
    expected = sum(1 for a in accounts if a.data.city == "München")

    qtbot.keyClicks(view.search_edit, "MUNCHEN")
    qtbot.waitUntil(lambda: view.count_label.text() == accounts_text(expected))


def test_return_in_the_search_box_filters_at_once(qtbot, world, accounts):
    view = make_view(qtbot, world.services.directory)
    view.search_edit.setText("EXT-00042")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert view.count_label.text() == "1 account"
    assert view.model.index(0, Column.EXTERNAL_ID).data() == "EXT-00042"


def test_search_matching_nothing_shows_zero_not_the_empty_state(qtbot, world, accounts):
    view = make_view(qtbot, world.services.directory)
    view.set_search_text("no such account anywhere")
    assert view.count_label.text() == "0 accounts"
    assert not view.is_showing_empty_state()


def test_type_filter(qtbot, world, accounts):
    view = make_view(qtbot, world.services.directory)
    combo = view.type_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All types",
        "Customers",
        "Resellers",
    ]

    combo.setCurrentIndex(1)
    customers = sum(1 for a in accounts if a.type is AccountType.CUSTOMER)
    assert view.count_label.text() == accounts_text(customers)
    assert view.type_filter() is AccountType.CUSTOMER
    assert {view.model.index(r, Column.TYPE).data() for r in range(20)} == {"Customer"}

    combo.setCurrentIndex(2)
    assert view.count_label.text() == accounts_text(ACCOUNT_COUNT // 5)

    view.set_type_filter(None)
    assert view.count_label.text() == "600 accounts"


def test_enter_on_a_row_activates_the_account(qtbot, world, accounts):
    view = make_view(qtbot, world.services.directory)
    view.show()
    qtbot.waitExposed(view)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(2, Column.NAME))
    assert view.current_account_id() == view.model.account_id(2)

    with qtbot.waitSignal(view.account_activated) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [view.model.account_id(2)]


def test_double_click_on_a_row_activates_the_account(qtbot, world, accounts):
    view = make_view(qtbot, world.services.directory)
    view.show()
    qtbot.waitExposed(view)
    index = view.model.index(3, Column.CITY)
    center = view.table.visualRect(index).center()

    with qtbot.waitSignal(view.account_activated) as blocker:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert blocker.args == [view.model.account_id(3)]


def test_current_row_change_names_the_account(qtbot, world, accounts):
    view = make_view(qtbot, world.services.directory)
    with qtbot.waitSignal(view.current_account_changed) as blocker:
        view.table.setCurrentIndex(view.model.index(4, 0))
    assert blocker.args == [view.model.account_id(4)]


def test_empty_workspace_shows_the_message_and_the_demo_button(qtbot, world):
    view = make_view(qtbot, world.services.directory, offer_demo_data=True)
    view.show()
    qtbot.waitExposed(view)

    assert view.is_showing_empty_state()
    assert view.findChild(type(view.empty_page), "empty_page").isVisible()
    assert EMPTY_MESSAGE == "This workspace has no tier accounts yet."
    assert not view.table.isVisible()
    button = view.findChild(QPushButton, "load_demo_button")
    assert button is not None and button.isVisible()
    assert button.text() == "Load demo data"

    with qtbot.waitSignal(view.load_demo_requested):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    world.services.accounts.create(draft())
    view.refresh()
    assert not view.is_showing_empty_state()
    assert view.table.isVisible()
    assert view.count_label.text() == "1 account"


def test_no_demo_button_without_a_loader(qtbot, world):
    view = make_view(qtbot, world.services.directory)
    assert view.is_showing_empty_state()
    assert view.findChild(QPushButton, "load_demo_button") is None


def test_settings_round_trip(qtbot, world, accounts, settings):
    view = make_view(qtbot, world.services.directory)
    view.table.sortByColumn(Column.CITY, Qt.SortOrder.AscendingOrder)
    view.table.horizontalHeader().resizeSection(Column.NAME, 333)
    view.set_type_filter(AccountType.RESELLER)
    view.set_search_text("berlin")
    view.save_settings(settings)
    settings.sync()

    again = make_view(
        qtbot,
        world.services.directory,
    )
    again.restore_settings(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert again.search_text() == "berlin"
    assert again.type_filter() is AccountType.RESELLER
    assert again.model.query == view.model.query
    assert again.model.sort_spec == SortSpec(DirectoryColumn.CITY, descending=False)
    assert again.table.horizontalHeader().sectionSize(Column.NAME) == 333
    assert again.count_label.text() == view.count_label.text()


def test_an_error_while_reading_is_passed_on(qtbot, world, accounts):
    error = StorageError("The workspace is busy.")

    class Busy:
        def is_empty(self) -> bool:
            raise error

        def accounts(self, query, sort=None):
            return world.services.directory.accounts(query, sort)

    view = make_view(qtbot, Busy())
    with qtbot.waitSignal(view.error_occurred) as blocker:
        pass  # reported from the event loop, so that the owner can connect first
    assert blocker.args == [error]
    assert not view.is_showing_empty_state()
    assert view.count_label.text() == "600 accounts"

"""The keyboard from a search box: Down into the results, Enter opens, Esc clears, Up back."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWizard

from desktop_app.domain.enums import AccountType
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.wizard.account_wizard import AccountWizard
from desktop_app.ui.wizard.page_ids import PageId
from tests.support.wizard import click, click_next
from tests.support.world import draft


def make_window(qtbot, world) -> MainWindow:
    window = MainWindow(world.services, workspace_path=world.path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def type_search(qtbot, box, text: str) -> None:
    box.setFocus()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_directory_down_moves_into_the_results_and_enter_opens_the_row(qtbot, world):
    first = world.services.accounts.create(draft(name="Keyboard Alpha")).account
    world.services.accounts.create(draft(name="Other Company"))
    window = make_window(qtbot, world)
    view = window.directory_view
    type_search(qtbot, view.search_edit, "keyboard")
    assert view.model.rowCount() == 1

    qtbot.keyClick(view.search_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.table
    assert view.current_account_id() == first.id
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.account_view(first.id)


def test_directory_up_on_the_first_row_goes_back_to_the_search_box(qtbot, world):
    world.services.accounts.create(draft(name="Row One"))
    window = make_window(qtbot, world)
    view = window.directory_view
    view.search_edit.setFocus()
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.table
    qtbot.keyClick(view.table, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is view.search_edit


def test_directory_escape_clears_the_search_and_shows_every_account(qtbot, world):
    for name in ("Escape One", "Escape Two", "Different"):
        world.services.accounts.create(draft(name=name))
    window = make_window(qtbot, world)
    view = window.directory_view
    type_search(qtbot, view.search_edit, "escape")
    assert view.model.rowCount() == 2
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Escape)
    assert view.search_text() == ""
    assert view.model.rowCount() == 3


def test_down_in_an_empty_result_stays_in_the_search_box(qtbot, world):
    world.services.accounts.create(draft(name="Only One"))
    window = make_window(qtbot, world)
    view = window.directory_view
    type_search(qtbot, view.search_edit, "nothing matches this")
    assert view.model.rowCount() == 0
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.search_edit


def wizard_on_parent_page(qtbot, world) -> AccountWizard:
    wizard = AccountWizard(world.services)
    qtbot.addWidget(wizard)
    wizard.confirm_discard = lambda: True
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.PARENT
    return wizard


def test_parent_picker_down_chooses_the_first_result_and_enter_moves_on(qtbot, world):
    wanted = world.services.accounts.create(draft(name="Zebra Resale")).account
    world.services.accounts.create(draft(name="Another Resale"))
    wizard = wizard_on_parent_page(qtbot, world)
    page = wizard.parent_page
    type_search(qtbot, page.search_edit, "zebra")
    assert page.model.rowCount() == 1
    assert wizard.currentId() == PageId.PARENT  # Return searched, it did not press Next

    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.table
    assert page.parent_id() == wanted.id
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.ACCOUNT_DATA
    assert wizard.draft().parent_id == wanted.id


def test_parent_picker_escape_clears_the_search_and_keeps_the_wizard(qtbot, world):
    world.services.accounts.create(draft(name="Zebra Resale"))
    world.services.accounts.create(draft(name="Another Resale"))
    wizard = wizard_on_parent_page(qtbot, world)
    page = wizard.parent_page
    type_search(qtbot, page.search_edit, "zebra")
    assert page.model.rowCount() == 1
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Escape)
    assert page.search_text() == ""
    assert page.model.rowCount() == 2
    assert wizard.isVisible() and wizard.currentId() == PageId.PARENT


def mnemonics(widgets) -> list[str]:
    letters = []
    for widget in widgets:
        found = re.search(r"&([^&])", widget.text())
        if found is not None:
            letters.append(found.group(1).lower())
    return letters


def test_each_action_on_the_parent_page_has_its_own_alt_letter(qtbot, world):
    wizard = AccountWizard(world.services)
    qtbot.addWidget(wizard)
    wizard.confirm_discard = lambda: True
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    click(qtbot, wizard.type_page.reseller_radio)
    click_next(qtbot, wizard)
    buttons = [b for b in wizard.findChildren(QAbstractButton) if b.isVisible()]
    letters = mnemonics(buttons)
    assert "n" in letters  # Next
    assert len(letters) == len(set(letters)), letters

    page = wizard.parent_page
    page.search_edit.setFocus()
    qtbot.keyClick(page.search_edit, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(page.none_chosen)  # a button's mnemonic clicks it after a short flash
    assert wizard.currentId() == PageId.PARENT
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.ACCOUNT_DATA)
    assert wizard.draft().type is AccountType.RESELLER
    assert wizard.draft().parent_id is None
    assert wizard.button(QWizard.WizardButton.BackButton).isVisible()

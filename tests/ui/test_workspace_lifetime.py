"""Closing or switching a workspace stops every timer, model and view that reads it."""

from __future__ import annotations

import traceback

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop_app.persistence.connection import Database
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.row_tables import SEARCH_DELAY_MS
from desktop_app.ui.wizard.account_wizard import AccountWizard
from desktop_app.ui.wizard.page_ids import PageId
from tests.support.windows import window_over
from tests.support.wizard import click, click_back, click_next, listed_ids

PAST_THE_TIMERS_MS = SEARCH_DELAY_MS * 4


@pytest.fixture
def closed_reads(monkeypatch) -> list[str]:
    """Where anything asked a closed workspace for its connection (it then raises too)."""
    reads: list[str] = []
    original = Database.connection

    def connection(self: Database):
        if self.is_closed():
            reads.append("".join(traceback.format_stack(limit=12)))
        return original(self)

    monkeypatch.setattr(Database, "connection", connection)
    return reads


def parent_search_pending(qtbot, window: MainWindow, text: str) -> AccountWizard:
    """Add Customer, a customer, and ``text`` typed in the parent search (not searched yet)."""
    wizard = window.add_customer()
    assert wizard is not None
    wizard.confirm_discard = lambda: True
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.PARENT
    qtbot.keyClicks(wizard.parent_page.search_edit, text)
    timer = wizard.parent_page.findChild(QTimer, "parent_search_timer")
    assert timer is not None and timer.isActive()
    return wizard


def searches_pending(window: MainWindow) -> None:
    """Text typed in the Directory's and the Requests tab's search boxes, not searched yet."""
    window.directory_view.search_edit.setText("alp")
    window.requests_view.search_edit.setText("TAR")
    for name in ("search_timer", "requests_search_timer"):
        timer = window.findChild(QTimer, name)
        assert timer is not None and timer.isActive(), name


def test_switching_workspace_while_the_parent_search_waits_reads_nothing_of_the_old_one(
    qtbot, tmp_path, closed_reads
):
    window = window_over(qtbot, tmp_path, ["Alpha Resale", "Beta Resale"])
    searches_pending(window)
    wizard = parent_search_pending(qtbot, window, "alp")

    assert window.switch_workspace(tmp_path / "other.sqlite", create=True)

    assert not wizard.isVisible(), "the old workspace's wizard is closed"
    qtbot.wait(PAST_THE_TIMERS_MS)
    assert closed_reads == []
    assert window.windowTitle().startswith("other.sqlite")
    assert window.directory_view.is_showing_empty_state()
    assert window.findChild(AccountWizard) is None or not wizard.isVisible()


def test_closing_the_window_while_searches_wait_reads_nothing_afterwards(
    qtbot, tmp_path, closed_reads
):
    window = window_over(qtbot, tmp_path, ["Alpha Resale", "Beta Resale"])
    searches_pending(window)
    window.open_account(window.directory_view.model.account_id(0) or "")
    parent_search_pending(qtbot, window, "alp")

    window.close()

    qtbot.wait(PAST_THE_TIMERS_MS)
    for widget in QApplication.allWidgets():  # painting or asking any view reads nothing
        widget.isVisible()
        if isinstance(widget, QLineEdit) and widget.window() is window:
            widget.setText(widget.text() + "x")  # a search typed into a closed window
    qtbot.wait(PAST_THE_TIMERS_MS)
    assert closed_reads == []
    active = [t.objectName() for t in window.findChildren(QTimer) if t.isActive()]
    assert active == []


def test_a_wizard_closed_before_its_search_ran_reads_nothing_after_its_workspace_closed(
    qtbot, world, closed_reads
):
    from tests.support.world import draft

    world.services.accounts.create(draft(name="Alpha Resale"))
    wizard = AccountWizard(world.services)
    qtbot.addWidget(wizard)
    wizard.confirm_discard = lambda: True
    wizard.show()
    qtbot.waitExposed(wizard)
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    qtbot.keyClicks(wizard.parent_page.search_edit, "alp")

    wizard.reject()
    world.store.close()

    qtbot.wait(PAST_THE_TIMERS_MS)
    assert closed_reads == []


def test_a_search_typed_just_before_next_shows_when_the_page_comes_back(qtbot, world):
    from tests.support.world import draft

    alpha = world.services.accounts.create(draft(name="Alpha Resale")).account
    world.services.accounts.create(draft(name="Beta Resale"))
    wizard = AccountWizard(world.services)
    qtbot.addWidget(wizard)
    wizard.confirm_discard = lambda: True
    wizard.show()
    qtbot.waitExposed(wizard)
    click(qtbot, wizard.type_page.reseller_radio)
    click_next(qtbot, wizard)
    click(qtbot, wizard.parent_page.none_radio)
    qtbot.keyClicks(wizard.parent_page.search_edit, "alpha")
    click_next(qtbot, wizard)  # before the search ran
    assert wizard.currentId() == PageId.ACCOUNT_DATA

    qtbot.wait(PAST_THE_TIMERS_MS)
    click_back(qtbot, wizard)

    assert wizard.currentId() == PageId.PARENT
    qtbot.waitUntil(lambda: listed_ids(wizard) == [alpha.id])
    assert wizard.parent_page.count_label.text() == "1 reseller"

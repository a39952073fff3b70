"""Text of any length never widens a window: elided in place, whole in the tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QFont, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget, QWizard

from desktop_app.domain.enums import AccountType
from desktop_app.ui.elided_label import ElidedLabel
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.account_table_model import Column
from desktop_app.ui.wizard.account_wizard import AccountWizard
from desktop_app.ui.wizard.page_ids import PageId
from tests.support.wizard import button, click, click_commit, click_next, fill, select_parent
from tests.support.world import draft

LONG_NAME = "X" * 255  # the longest name there is, with no space to wrap at
LONG_CITY = "Llanfairpwllgwyngyll" * 5  # 100 characters, no space
SIZE = (1000, 700)
CUSTOMER = {
    "country": "DE",
    "state": "Berlin",
    "postal_code": "10117",
    "address_line1": "Friedrichstraße 10",
    "first_name": "Anna",
    "last_name": "Müller",
    "email": "anna@example.com",
    "phone": "+49 30 1234567",
}


def make_window(qtbot, world) -> MainWindow:
    window = MainWindow(world.services, workspace_path=world.path)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    return window


def inside(widget: QWidget, window: QWidget) -> bool:
    left = widget.mapTo(window, QPoint(0, 0)).x()
    return widget.isVisible() and left >= 0 and left + widget.width() <= window.width()


def test_an_account_with_the_longest_name_keeps_the_window_size(qtbot, world):
    account = world.services.accounts.create(draft(name=LONG_NAME, city=LONG_CITY)).account
    window = make_window(qtbot, world)
    view = window.open_account(account.id)
    qtbot.wait(10)  # let the layouts settle as they would on screen
    assert (window.width(), window.height()) == SIZE
    assert window.minimumSizeHint().width() <= SIZE[0]
    assert inside(view.edit_button, window) and inside(view.more_button, window)
    assert view.name_label.text() == LONG_NAME  # the whole text, though elided on screen
    assert isinstance(view.name_label, ElidedLabel) and view.name_label.is_elided()
    assert view.name_label.toolTip() == LONG_NAME
    assert view.values["city"].toolTip() == LONG_CITY
    index = window.tabs.indexOf(view)
    assert window.tabs.tabToolTip(index) == f"{LONG_NAME} ({account.id})"


def test_a_child_of_a_long_named_parent_keeps_the_window_size(qtbot, world):
    parent = world.services.accounts.create(draft(name=LONG_NAME)).account
    kid = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=parent.id, name="Short Kid")
    ).account
    window = make_window(qtbot, world)
    view = window.open_account(kid.id)
    qtbot.wait(10)
    assert (window.width(), window.height()) == SIZE
    assert window.minimumSizeHint().width() <= SIZE[0]
    assert LONG_NAME in view.parent_link.toolTip()
    assert parent.id in view.parent_link.text()


def test_the_wizard_keeps_its_size_with_the_longest_names(qtbot, world):
    parent = world.services.accounts.create(draft(name=LONG_NAME)).account
    wizard = AccountWizard(world.services)
    qtbot.addWidget(wizard)
    wizard.confirm_discard = lambda: True
    wizard.show()
    qtbot.waitExposed(wizard)
    size = wizard.size()
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    select_parent(wizard, parent.id)
    assert wizard.parent_page.parent_label.toolTip() == f"Parent: {LONG_NAME} ({parent.id})"
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.ACCOUNT_DATA
    fill(wizard, {**CUSTOMER, "name": LONG_NAME, "city": LONG_CITY})
    click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.SUMMARY
    qtbot.wait(10)
    assert wizard.size() == size
    summary = wizard.summary_page
    assert summary.name_label.text() == LONG_NAME
    assert summary.name_label.toolTip() == LONG_NAME
    assert button(wizard, QWizard.WizardButton.FinishButton).isVisible()
    assert inside(button(wizard, QWizard.WizardButton.FinishButton), wizard)


# Tooltips shown on the offscreen platform: what it cannot do for them is no fault here.
@pytest.mark.qt_log_ignore("This plugin does not support.*")
def test_an_elided_directory_cell_shows_the_whole_text_in_its_tooltip(qtbot, world):
    account = world.services.accounts.create(draft(name=LONG_NAME, city=LONG_CITY)).account
    world.services.accounts.create(draft(name="Short", city="Bonn"))
    window = make_window(qtbot, world)
    table = window.directory_view.table
    rows = {window.directory_view.model.account_id(r): r for r in range(2)}

    def tip(row: int, column: Column) -> str:
        QToolTip.hideText()
        qtbot.waitUntil(lambda: not QToolTip.isVisible())
        rect = table.visualRect(table.model().index(row, column))
        event = QHelpEvent(
            QEvent.Type.ToolTip, rect.center(), table.viewport().mapToGlobal(rect.center())
        )
        QApplication.sendEvent(table.viewport(), event)
        return QToolTip.text() if QToolTip.isVisible() else ""

    assert tip(rows[account.id], Column.NAME) == LONG_NAME
    assert tip(rows[account.id], Column.CITY) == LONG_CITY
    assert tip(rows[account.id], Column.COUNTRY) == "Germany"  # the model's own tooltip
    other = next(r for i, r in rows.items() if i != account.id)
    assert tip(other, Column.NAME) == ""  # nothing elided, no tooltip
    assert window.width() == SIZE[0]


def test_an_elided_labels_measures_follow_its_text_font_and_margins(qtbot) -> None:
    label = ElidedLabel("Short")
    qtbot.addWidget(label)
    label.setWordWrap(True)
    short_hint, short_height = label.sizeHint(), label.heightForWidth(60)

    label.setText("A considerably longer text that wraps over several lines at sixty pixels")
    assert label.sizeHint().width() > short_hint.width()
    assert label.heightForWidth(60) > short_height
    tall = label.heightForWidth(60)

    font = QFont(label.font())
    font.setPointSize(font.pointSize() * 2)
    label.setFont(font)
    assert label.heightForWidth(60) > tall

    before = label.sizeHint().width()
    label.setContentsMargins(0, 0, 40, 0)
    assert label.sizeHint().width() == before + 40


def test_a_wrapped_labels_height_for_a_width_is_measured_once_per_text(qtbot):
    from desktop_app.ui.elided_label import ElidedLabel

    label = ElidedLabel("Friedrichstraße 10, Hinterhaus, dritter Stock links")
    qtbot.addWidget(label)
    label.setWordWrap(True)
    measured: list[int] = []
    metrics = label.fontMetrics()
    original = type(metrics).boundingRect

    class Counting(type(metrics)):  # type: ignore[misc]
        def boundingRect(self, *args):  # Qt's name
            measured.append(1)
            return original(self, *args)

    label.fontMetrics = lambda: Counting(label.font())  # type: ignore[method-assign]
    narrow = label.heightForWidth(60)
    assert label.heightForWidth(60) == narrow
    assert len(measured) == 1
    assert label.heightForWidth(400) < narrow  # another width: measured, fewer lines
    label.setText("Kurz")
    assert label.heightForWidth(60) < narrow  # a new text is measured again
    assert len(measured) == 3

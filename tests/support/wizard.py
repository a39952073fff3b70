"""Driving the account wizard through its real widgets, for the wizard and end-to-end tests."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QRadioButton, QWizard

from desktop_app.ui.wizard.account_wizard import AccountWizard
from desktop_app.ui.wizard.page_ids import PageId


def button(wizard: QWizard, which: QWizard.WizardButton) -> QPushButton:
    found = wizard.button(which)
    assert isinstance(found, QPushButton)
    return found


def next_enabled(wizard: QWizard) -> bool:
    return button(wizard, QWizard.WizardButton.NextButton).isEnabled()


def click(qtbot, widget) -> None:
    # A radio button reacts to its indicator and text, not to the empty width beside them.
    if isinstance(widget, QRadioButton):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_next(qtbot, wizard: QWizard) -> None:
    click(qtbot, button(wizard, QWizard.WizardButton.NextButton))


def click_back(qtbot, wizard: QWizard) -> None:
    click(qtbot, button(wizard, QWizard.WizardButton.BackButton))


def click_commit(qtbot, wizard: QWizard) -> None:
    click(qtbot, button(wizard, QWizard.WizardButton.CommitButton))


def edit(wizard: AccountWizard, field: str) -> QLineEdit:
    found = wizard.findChild(QLineEdit, f"{field}_edit")
    assert found is not None, field
    return found


def error_label(wizard: AccountWizard, field: str) -> QLabel:
    found = wizard.findChild(QLabel, f"{field}_error")
    assert found is not None, field
    return found


def error_text(wizard: AccountWizard, field: str) -> str:
    label = error_label(wizard, field)
    return label.text() if label.isVisibleTo(wizard) else ""


def country_combo(wizard: AccountWizard) -> QComboBox:
    found = wizard.findChild(QComboBox, "country_combo")
    assert found is not None
    return found


def fill(wizard: AccountWizard, values: dict[str, str]) -> None:
    for field, value in values.items():
        if field == "country":
            wizard.data_page.form.country_combo.set_code(value)
        else:
            edit(wizard, field).setText(value)


def select_parent(wizard: AccountWizard, account_id: str) -> None:
    page = wizard.parent_page
    for row in range(page.model.rowCount()):
        if page.model.account_id(row) == account_id:
            page.table.selectRow(row)
            return
    raise AssertionError(f"{account_id} is not in the parent list")


def listed_ids(wizard: AccountWizard) -> list[str]:
    model = wizard.parent_page.model
    return [model.account_id(row) for row in range(model.rowCount())]


def go_to_data_page(qtbot, wizard: AccountWizard, parent_id: str | None) -> None:
    """Customer with ``parent_id``, or a direct reseller when it is None."""
    radio = wizard.type_page.customer_radio if parent_id else wizard.type_page.reseller_radio
    click(qtbot, radio)
    click_next(qtbot, wizard)
    if parent_id:
        select_parent(wizard, parent_id)
    else:
        click(qtbot, wizard.parent_page.none_radio)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.ACCOUNT_DATA


def summary_text(wizard: AccountWizard, name: str) -> str:
    label = wizard.summary_page.findChild(QLabel, name)
    assert label is not None, name
    return label.text()

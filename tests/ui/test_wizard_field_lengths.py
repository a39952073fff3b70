"""A text longer than its field allows is kept, named next to the field, and never saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain.validation import MAX_LENGTHS
from desktop_app.ui.wizard.account_form import FORM_FIELDS
from desktop_app.ui.wizard.account_wizard import AccountWizard
from desktop_app.ui.wizard.page_ids import PageId
from tests.support.wizard import click_commit, edit, error_text, fill, go_to_data_page
from tests.support.world import draft

VALUES = {
    "name": "Quokka Labs GmbH",
    "external_id": "QK-1",
    "country": "DE",
    "state": "Berlin",
    "city": "Berlin",
    "postal_code": "10117",
    "address_line1": "Friedrichstraße 10",
    "first_name": "Anna",
    "last_name": "Müller",
    "email": "anna@quokka.example",
    "phone": "+49 30 1234567",
}
LIMITED = [field for field in FORM_FIELDS if field != "country"]


@pytest.fixture
def wizard(qtbot, world):
    reseller = world.services.accounts.create(draft(name="Northwind Resale")).account
    wizard = AccountWizard(world.services)
    qtbot.addWidget(wizard)
    wizard.confirm_discard = lambda: True
    wizard.show()
    qtbot.waitExposed(wizard)
    go_to_data_page(qtbot, wizard, reseller.id)
    fill(wizard, VALUES)
    return wizard


def paste(qtbot, wizard: AccountWizard, field: str, text: str) -> None:
    """Select all of ``field`` and paste ``text`` over it with the keyboard."""
    target = edit(wizard, field)
    target.setFocus()
    QApplication.clipboard().setText(text)
    qtbot.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(target, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def live_names(world) -> list[str]:
    rows = world.store.db.execute_sql(
        "SELECT name FROM tier_account WHERE decommissioned_at IS NULL ORDER BY name"
    )
    return [name for (name,) in rows]


@pytest.mark.parametrize("field", LIMITED)
def test_a_pasted_text_too_long_is_kept_named_and_not_saved(qtbot, world, wizard, field):
    limit = MAX_LENGTHS[field]
    text = "x" * (limit + 20)
    paste(qtbot, wizard, field, text)

    assert edit(wizard, field).text() == text, "nothing is cut silently"
    message = f"Use at most {limit} characters ({limit + 20} now)."
    assert error_text(wizard, field) == message, "named at once, next to the field"

    click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.ACCOUNT_DATA and wizard.result_of_save is None
    assert error_text(wizard, field) == message
    assert edit(wizard, field).text() == text
    assert live_names(world) == ["Northwind Resale"]


def test_the_character_past_the_limit_is_named_as_it_is_typed(qtbot, world, wizard):
    paste(qtbot, wizard, "name", "n" * 255)
    assert error_text(wizard, "name") == ""
    qtbot.keyClick(edit(wizard, "name"), Qt.Key.Key_Z)
    assert len(edit(wizard, "name").text()) == 256
    assert error_text(wizard, "name") == "Use at most 255 characters (256 now)."

    qtbot.keyClick(edit(wizard, "name"), Qt.Key.Key_Backspace)
    assert error_text(wizard, "name") == ""
    click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.SUMMARY
    assert live_names(world) == ["n" * 255, "Northwind Resale"]


def test_an_edited_account_keeps_a_long_paste_too(qtbot, world):
    account = world.services.accounts.create(draft(name="Short Name")).account
    wizard = AccountWizard(world.services, account_id=account.id)
    qtbot.addWidget(wizard)
    wizard.confirm_discard = lambda: True
    wizard.show()
    qtbot.waitExposed(wizard)
    paste(qtbot, wizard, "city", "Llanfair" * 20)

    assert edit(wizard, "city").text() == "Llanfair" * 20
    assert error_text(wizard, "city") == "Use at most 100 characters (160 now)."
    click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.ACCOUNT_DATA
    assert world.services.accounts.get(account.id).data.city == "Berlin"

"""The wizard refuses invisible format characters and a lone ``-``, naming the field."""

from __future__ import annotations

import pytest

from desktop_app.ui.wizard.account_wizard import AccountWizard
from desktop_app.ui.wizard.page_ids import PageId
from tests.support.wizard import click_commit, edit, error_text, fill, go_to_data_page
from tests.support.world import draft
from tests.ui.test_wizard_field_lengths import VALUES, live_names


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


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("name", "Invoice\u202efdp.exe", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("city", "Ber\u200blin", "U+200B ZERO WIDTH SPACE"),
        ("last_name", "M\u2066ller", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("address_line1", "Friedrichstraße\u2028 10", "U+2028 LINE SEPARATOR"),
        ("name", "-", "“-” stands for an empty field"),
        ("city", "-", "“-” stands for an empty field"),
    ],
)
def test_the_field_says_what_to_remove_and_nothing_is_saved(
    qtbot, world, wizard, field, text, expected
):
    edit(wizard, field).setText(text)
    click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.ACCOUNT_DATA and wizard.result_of_save is None
    assert expected in error_text(wizard, field)
    assert live_names(world) == ["Northwind Resale"]

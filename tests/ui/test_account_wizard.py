"""The Tier Account Creation / Update wizard, page by page, over a real workspace."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QWizard,
)

from desktop_app.demo.draft_places import curated_countries
from desktop_app.demo.randomizer import AccountRandomizer
from desktop_app.domain.accounts import TEXT_FIELDS, AccountDraft
from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import Severity, StorageError, ValidationError
from desktop_app.domain.validation import REQUIRED, validate_draft
from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.models.account_table_model import PAGE_SIZE, Column
from desktop_app.ui.wizard import parent_page as parent_page_module
from desktop_app.ui.wizard.account_form import FORM_FIELDS
from desktop_app.ui.wizard.account_wizard import AccountWizard
from desktop_app.ui.wizard.country_combo import country_text, resolve_country
from desktop_app.ui.wizard.page_ids import PageId
from desktop_app.ui.wizard.parent_page import resellers_text
from tests.support.mounts import fill as fill_disk
from tests.support.mounts import tmpfs
from tests.support.wizard import (
    button,
    click,
    click_back,
    click_commit,
    click_next,
    country_combo,
    edit,
    error_label,
    error_text,
    fill,
    go_to_data_page,
    listed_ids,
    next_enabled,
    select_parent,
    summary_text,
)
from tests.support.world import NOSYNC_PRODUCT, OA_HUB, SYNC_PRODUCT, draft, dump, open_world
from tests.ui.conftest import CountingDirectory

FIELD_VALUES = {
    "name": "Quokka Labs GmbH",
    "external_uid": "3f2b8c1e-0d4a-4c55-9a31-2b7e9d0c6a10",
    "external_id": "QK-1",
    "tax_id": "",
    "country": "DE",
    "state": "Berlin",
    "city": "Berlin",
    "postal_code": "10117",
    "address_line1": "Friedrichstraße 10",
    "address_line2": "3. Etage",
    "first_name": "Anna",
    "last_name": "Müller",
    "email": "anna@quokka.example",
    "phone": "+49 30 1234567",
}


# helpers


def make_wizard(qtbot, world, **kwargs) -> AccountWizard:
    wizard = AccountWizard(world.services, **kwargs)
    qtbot.addWidget(wizard)
    wizard.confirm_discard = lambda: True  # never a modal question in tests
    return wizard


def shown(qtbot, wizard: AccountWizard) -> AccountWizard:
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


@pytest.fixture
def reseller(world):
    return world.services.accounts.create(draft(name="Northwind Resale")).account


# pages, titles, options


def test_create_mode_pages_titles_and_options(qtbot, world):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    assert wizard.windowTitle() == "Add Customer"
    assert wizard.pageIds() == [PageId.TYPE, PageId.PARENT, PageId.ACCOUNT_DATA, PageId.SUMMARY]
    assert [wizard.page(p).title() for p in PageId] == [
        "Type",
        "Parent account",
        "Account data",
        "Summary",
    ]
    assert all(wizard.page(p).subTitle() for p in PageId)
    assert wizard.testOption(QWizard.WizardOption.IndependentPages)
    assert wizard.currentId() == PageId.TYPE
    assert wizard.result_of_save is None
    assert wizard.data_page.isCommitPage()
    assert wizard.data_page.buttonText(QWizard.WizardButton.CommitButton) == "&Create"
    assert wizard.summary_page.buttonText(QWizard.WizardButton.FinishButton) == "&Close"


# 1. Type


def test_next_is_enabled_only_once_a_type_is_chosen(qtbot, world):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    customer = wizard.findChild(QRadioButton, "customer_radio")
    reseller_radio = wizard.findChild(QRadioButton, "reseller_radio")
    assert not customer.isChecked() and not reseller_radio.isChecked()
    assert not next_enabled(wizard)
    click(qtbot, reseller_radio)
    assert next_enabled(wizard)
    assert wizard.draft().type is AccountType.RESELLER


def test_enter_on_the_type_page_moves_on(qtbot, world):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    click(qtbot, wizard.type_page.customer_radio)
    qtbot.keyClick(wizard.type_page.customer_radio, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.PARENT


# 2. Parent account


def test_customer_cannot_continue_without_a_parent_and_none_is_not_offered(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    page = wizard.parent_page
    assert wizard.currentId() == PageId.PARENT
    assert not page.findChild(QRadioButton, "none_radio").isVisible()
    assert not page.isComplete() and not next_enabled(wizard)
    assert page.findChild(QLabel, "parent_label").text() == "Parent: not chosen yet"

    select_parent(wizard, reseller.id)
    assert next_enabled(wizard)
    assert page.parent_label.text() == f"Parent: Northwind Resale ({reseller.id})"
    assert wizard.draft().parent_id == reseller.id


def test_reseller_may_choose_none_for_a_direct_reseller(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    click(qtbot, wizard.type_page.reseller_radio)
    click_next(qtbot, wizard)
    page = wizard.parent_page
    assert page.none_radio.isVisible()
    assert not next_enabled(wizard)
    click(qtbot, page.none_radio)
    assert next_enabled(wizard)
    assert page.parent_label.text() == "Parent: None — direct reseller"
    assert wizard.draft().parent_id is None

    select_parent(wizard, reseller.id)  # choosing a row leaves None
    assert page.findChild(QRadioButton, "choose_parent_radio").isChecked()
    assert not page.none_radio.isChecked()
    assert wizard.draft().parent_id == reseller.id


def test_switching_to_customer_drops_none(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    click(qtbot, wizard.type_page.reseller_radio)
    click_next(qtbot, wizard)
    click(qtbot, wizard.parent_page.none_radio)
    click_back(qtbot, wizard)
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    assert not wizard.parent_page.none_radio.isVisible()
    assert not next_enabled(wizard)


def test_search_filters_the_list_to_resellers_as_you_type(qtbot, world):
    accounts = world.services.accounts
    alpha = accounts.create(draft(name="Alpha Resale", email="a@example.com")).account
    accounts.create(draft(name="Beta Resale", email="b@example.com"))
    accounts.create(
        draft(
            name="Alpha Customer",
            type=AccountType.CUSTOMER,
            parent_id=alpha.id,
            email="c@example.com",
        )
    )
    wizard = shown(qtbot, make_wizard(qtbot, world))
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    page = wizard.parent_page
    table = page.findChild(QTableView, "parent_table")
    assert table.model() is page.model
    assert alpha.id in listed_ids(wizard)
    assert page.count_label.text() == "2 resellers"  # the customer is never listed

    qtbot.keyClicks(page.findChild(QLineEdit, "parent_search_edit"), "alpha")
    qtbot.waitUntil(lambda: page.count_label.text() == "1 reseller")
    assert listed_ids(wizard) == [alpha.id]

    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "customer")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.count_label.text() == "No reseller matches “customer”."


def test_return_in_the_search_box_filters_at_once_and_stays(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    select_parent(wizard, reseller.id)
    page = wizard.parent_page
    page.search_edit.setText("nothing like it")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert page.model.rowCount() == 0
    assert wizard.currentId() == PageId.PARENT
    assert wizard.draft().parent_id == reseller.id  # the choice outlives the filter
    assert reseller.id in page.parent_label.text()


def test_parent_list_reads_pages_only(qtbot, world, accounts):
    directory = CountingDirectory(world.services.directory)
    services = world.services.replacing(directory=directory)
    wizard = AccountWizard(services)
    qtbot.addWidget(wizard)
    wizard.confirm_discard = lambda: True
    shown(qtbot, wizard)
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: directory.fetches != [])  # painting the visible rows
    assert wizard.parent_page.model.rowCount() == 120
    assert all(limit == PAGE_SIZE for _offset, limit, _rows in directory.fetches)
    assert {offset for offset, _limit, _rows in directory.fetches} == {0}
    assert directory.fetched_rows == PAGE_SIZE < 120  # one page of the 120 resellers
    model = wizard.parent_page.model
    assert {model.row_at(row).type for row in range(model.rowCount())} == {AccountType.RESELLER}


def test_enter_or_double_click_on_a_reseller_moves_on(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    table = wizard.parent_page.table
    select_parent(wizard, reseller.id)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.ACCOUNT_DATA

    click_back(qtbot, wizard)
    rect = table.visualRect(wizard.parent_page.model.index(0, Column.NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert wizard.currentId() == PageId.ACCOUNT_DATA


def test_parent_model_passes_the_model_tester(qtbot, qtmodeltester, world, accounts):
    wizard = make_wizard(qtbot, world, account_id=accounts[0].id)
    model = wizard.parent_page.model
    assert model.rowCount() == 120
    qtmodeltester.check(model)


def test_resellers_text():
    assert resellers_text(0, "") == "0 resellers"
    assert resellers_text(1, "") == "1 reseller"
    assert resellers_text(1200, "x") == "1,200 resellers"
    assert resellers_text(0, "zz") == "No reseller matches “zz”."


# Back keeps everything


def test_back_and_next_keep_every_page_including_after_changing_the_type(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    fill(wizard, FIELD_VALUES)
    typed = wizard.data_page.values()

    click_back(qtbot, wizard)
    assert wizard.currentId() == PageId.PARENT
    assert wizard.parent_page.parent_id() == reseller.id
    click_back(qtbot, wizard)
    assert wizard.currentId() == PageId.TYPE
    assert wizard.type_page.customer_radio.isChecked()

    click(qtbot, wizard.type_page.reseller_radio)
    click_next(qtbot, wizard)
    assert wizard.parent_page.parent_id() == reseller.id
    assert wizard.parent_page.list_radio.isChecked()
    assert next_enabled(wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.ACCOUNT_DATA
    assert wizard.data_page.values() == typed
    assert wizard.draft() == AccountDraft(
        type=AccountType.RESELLER, parent_id=reseller.id, **FIELD_VALUES
    )
    assert "Reseller · Parent: Northwind Resale" in wizard.data_page.context_label.text()


# 3. Account data: the form


def test_form_fields_labels_and_create_mode_defaults(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    form = wizard.data_page.form
    for field in FORM_FIELDS:
        label = form.labels[field]
        assert label.text().endswith(" *") == (field in REQUIRED)
        assert label.buddy() is form.widget_for(field)
        assert not error_label(wizard, field).isVisible()
    assert [g.title() for g in (form.general_group, form.address_group, form.contact_group)] == [
        "General",
        "Address",
        "Technical Contact",
    ]
    uid = edit(wizard, "external_uid").text()
    assert validate_draft(draft(external_uid=uid))[0].external_uid == uid
    assert wizard.findChild(QLabel, "account_id_label").text() == (
        "The account ID is generated automatically."
    )
    assert country_combo(wizard).currentText() == ""
    assert country_combo(wizard).isEditable()


def test_country_combo_lists_iso_countries_and_finds_them_by_name_or_code(qtbot, world):
    wizard = make_wizard(qtbot, world)
    combo = wizard.data_page.form.country_combo
    assert combo.count() == 249
    assert combo.findText("Germany (DE)") >= 0
    assert country_text("kr") == "South Korea (KR)"
    assert resolve_country("germany") == resolve_country("de") == "DE"
    assert resolve_country("Germany (DE)") == "DE"
    assert resolve_country("Narnia") is None
    combo.set_code("FR")
    assert combo.currentText() == "France (FR)" and combo.code() == "FR"
    combo.setEditText("austria")
    assert combo.code() == "AT"
    combo.line_edit.editingFinished.emit()
    assert combo.currentText() == "Austria (AT)"


def test_tab_order_follows_the_form_top_to_bottom(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    form = wizard.data_page.form
    wizard.activateWindow()
    form.widget_for("name").setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit(wizard, "name"))
    order = ["name"]
    for _ in FORM_FIELDS[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        order.append(next(f for f in FORM_FIELDS if focused in _widgets_of(form, f)))
    assert order == list(FORM_FIELDS)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is wizard.data_page.randomize_button


def _widgets_of(form, field):
    widget = form.widget_for(field)
    return (widget, getattr(widget, "line_edit", widget))


# Randomize and Clear


def test_randomize_fills_every_field_for_the_chosen_country(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    wizard.data_page.form.country_combo.set_code("GB")
    wizard.data_page.randomizer = AccountRandomizer(0)  # a draw with a second address line
    click(qtbot, wizard.findChild(QPushButton, "randomize_button"))

    expected = AccountRandomizer(0).draft(
        country="GB", account_type=AccountType.CUSTOMER, parent_id=reseller.id
    )
    assert wizard.draft() == expected
    assert all(wizard.data_page.values().values()), wizard.data_page.values()
    assert country_combo(wizard).currentText() == "United Kingdom (GB)"
    data, warnings = validate_draft(wizard.draft())
    assert data.parent_id == reseller.id and data.type is AccountType.CUSTOMER
    assert warnings == []
    assert not any(error_text(wizard, f) for f in FORM_FIELDS)


def test_randomize_without_a_country_draws_one_and_keeps_type_and_parent(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, None)
    for seed in (1, 2):
        wizard.data_page.form.clear()
        wizard.data_page.randomizer = AccountRandomizer(seed)
        click(qtbot, wizard.data_page.randomize_button)
        values = wizard.data_page.values()
        assert values["country"] in curated_countries()
        assert all(values[f] for f in REQUIRED)
        assert all(values[f] for f in ("external_uid", "external_id"))
        result = wizard.draft()
        assert result.type is AccountType.RESELLER and result.parent_id is None
        validate_draft(result)  # a direct reseller: valid as drawn


def test_clear_empties_every_field(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    click(qtbot, wizard.data_page.randomize_button)
    edit(wizard, "email").setText("not an email")
    wizard.data_page.validate()
    assert error_text(wizard, "email")

    click(qtbot, wizard.findChild(QPushButton, "clear_button"))
    assert wizard.data_page.values() == dict.fromkeys(TEXT_FIELDS, "")
    assert country_combo(wizard).currentText() == ""
    assert edit(wizard, "external_uid").text() == ""
    assert not any(error_text(wizard, f) for f in FORM_FIELDS)
    assert wizard.draft().parent_id == reseller.id  # Clear keeps type and parent


# Validation next to the fields


def test_create_with_empty_required_fields_shows_a_message_under_each(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    before = dump(world.store)
    click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.ACCOUNT_DATA
    assert error_text(wizard, "name") == "Enter the organization name."
    assert error_text(wizard, "city") == "Enter the city."
    assert error_text(wizard, "country") == "Choose the country."
    assert error_text(wizard, "email") == "Enter the contact's email."
    assert {f for f in FORM_FIELDS if error_text(wizard, f)} == set(REQUIRED)
    assert wizard.result_of_save is None
    assert dump(world.store) == before
    assert "color: #c62828" in error_label(wizard, "name").styleSheet()


def test_leaving_a_field_shows_its_message_only(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    email = edit(wizard, "email")
    qtbot.keyClicks(email, "anna at example")
    email.editingFinished.emit()
    assert "@" in error_text(wizard, "email")
    assert error_text(wizard, "name") == ""  # untouched fields stay quiet

    email.clear()
    qtbot.keyClicks(email, "anna@example.com")  # the message follows the typing
    assert error_text(wizard, "email") == ""


def test_phone_invalid_for_the_country(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    fill(wizard, {**FIELD_VALUES, "phone": "12345"})
    click_commit(qtbot, wizard)
    assert error_text(wizard, "phone") == "Not a valid phone number for Germany."
    assert [f for f in FORM_FIELDS if error_text(wizard, f)] == ["phone"]
    assert wizard.currentId() == PageId.ACCOUNT_DATA


def test_unknown_country(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    fill(wizard, FIELD_VALUES)
    combo = wizard.data_page.form.country_combo
    combo.setEditText("Narnia")
    combo.line_edit.editingFinished.emit()
    assert error_text(wizard, "country") == "“Narnia” is not a country; choose one from the list."
    combo.setEditText("XX")
    click_commit(qtbot, wizard)
    assert "not a country" in error_text(wizard, "country")
    assert wizard.result_of_save is None


def test_tax_id_hint_is_a_warning_and_does_not_block(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    fill(wizard, {**FIELD_VALUES, "tax_id": "12345"})
    edit(wizard, "tax_id").editingFinished.emit()
    assert "VAT" in error_text(wizard, "tax_id")
    assert wizard.data_page.form.errors["tax_id"].severity is Severity.WARNING
    assert "#c62828" not in error_label(wizard, "tax_id").styleSheet()
    click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.SUMMARY
    assert "VAT" in summary_text(wizard, "summary_warnings_label")


# Create and the summary


def test_create_saves_and_the_summary_shows_the_account(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    fill(wizard, FIELD_VALUES)
    with qtbot.waitSignal(wizard.account_saved) as saved:
        click_commit(qtbot, wizard)

    account_id = saved.args[0]
    assert wizard.currentId() == PageId.SUMMARY
    assert wizard.result_of_save is not None and wizard.result_of_save.account.id == account_id
    account = world.services.accounts.get(account_id)
    assert account.name == "Quokka Labs GmbH" and account.parent_id == reseller.id
    assert account.data.external_uid == FIELD_VALUES["external_uid"]
    assert summary_text(wizard, "summary_id_label") == account_id
    assert summary_text(wizard, "summary_name_label") == "Quokka Labs GmbH"
    assert summary_text(wizard, "summary_type_label") == "Customer"
    assert summary_text(wizard, "summary_parent_label") == f"Northwind Resale ({reseller.id})"
    assert not button(wizard, QWizard.WizardButton.BackButton).isVisible()
    assert not button(wizard, QWizard.WizardButton.CancelButton).isVisible()
    close = button(wizard, QWizard.WizardButton.FinishButton)
    assert close.isVisible() and close.text() == "&Close"
    assert not wizard.has_unsaved_input()

    details = wizard.findChild(QPushButton, "go_to_details_button")
    assert details.isVisible() and details.text() == "&Go to Details"
    with qtbot.waitSignal(wizard.details_requested) as requested:
        click(qtbot, details)
    assert requested.args == [account_id]
    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Accepted


def test_close_on_the_summary_closes(qtbot, world):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, None)
    fill(wizard, FIELD_VALUES)
    click_commit(qtbot, wizard)
    assert summary_text(wizard, "summary_parent_label") == "None — direct reseller"
    wizard.confirm_discard = lambda: pytest.fail("nothing to discard after saving")
    click(qtbot, button(wizard, QWizard.WizardButton.FinishButton))
    assert not wizard.isVisible()


def test_duplicate_external_uuid_is_shown_next_to_the_field_and_keeps_everything(
    qtbot, world, reseller
):
    taken = world.services.accounts.create(
        draft(name="Other", external_uid=FIELD_VALUES["external_uid"], email="o@example.com")
    ).account
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    fill(wizard, FIELD_VALUES)
    before = dump(world.store)
    click_commit(qtbot, wizard)

    assert wizard.currentId() == PageId.ACCOUNT_DATA
    assert (
        error_text(wizard, "external_uid") == f"This external UUID is already used by {taken.id}."
    )
    assert wizard.data_page.values() == FIELD_VALUES
    assert wizard.result_of_save is None
    assert dump(world.store) == before
    assert wizard.focusWidget() is edit(wizard, "external_uid")


def test_storage_error_shows_the_error_box_and_keeps_everything(
    qtbot, world, reseller, monkeypatch
):
    def fail(_draft):
        raise StorageError("The workspace file is read-only.")

    monkeypatch.setattr(world.services.accounts, "create", fail)
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    fill(wizard, FIELD_VALUES)
    before = dump(world.store)
    click_commit(qtbot, wizard)

    box = wizard.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and box.isVisible()
    assert box.text() == "The workspace file is read-only."
    assert box.windowTitle() == "Workspace problem"
    box.accept()
    assert wizard.currentId() == PageId.ACCOUNT_DATA
    assert wizard.data_page.values() == FIELD_VALUES
    assert wizard.draft().parent_id == reseller.id
    assert wizard.result_of_save is None
    assert dump(world.store) == before


def test_a_full_disk_says_so_and_keeps_what_was_typed(qtbot, tmp_path):
    with tmpfs(tmp_path / "small", 2048) as folder:
        world = open_world(folder / "w.sqlite")
        try:
            reseller = world.services.accounts.create(draft()).account
            wizard = shown(qtbot, make_wizard(qtbot, world))
            go_to_data_page(qtbot, wizard, reseller.id)
            fill(wizard, FIELD_VALUES)
            before = dump(world.store)
            filler = fill_disk(folder)
            click_commit(qtbot, wizard)
            box = wizard.findChild(QMessageBox, ERROR_BOX_NAME)
            assert box is not None and box.isVisible()
            assert "disk holding w.sqlite is full" in box.text()
            assert "nothing was saved" in box.text()
            box.accept()
            assert wizard.currentId() == PageId.ACCOUNT_DATA
            assert wizard.data_page.values() == FIELD_VALUES
            assert wizard.result_of_save is None
            filler.unlink()
            assert dump(world.store) == before
            click_commit(qtbot, wizard)  # room again: the same input saves
            assert wizard.result_of_save is not None
            wizard.close()
        finally:
            world.store.close()


def test_parent_refused_by_the_service_shows_on_both_pages(qtbot, world, reseller, monkeypatch):
    def refuse(_draft):
        raise ValidationError.single("parent_id", "There is no tier account TA-0000-0000-0000.")

    monkeypatch.setattr(world.services.accounts, "create", refuse)
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    fill(wizard, FIELD_VALUES)
    click_commit(qtbot, wizard)
    banner = wizard.findChild(QLabel, "page_error_label")
    assert banner.isVisible()
    assert banner.text() == (
        "Parent account: There is no tier account TA-0000-0000-0000. Click Back to change it."
    )
    click_back(qtbot, wizard)
    assert wizard.parent_page.parent_error.text() == "There is no tier account TA-0000-0000-0000."
    assert wizard.parent_page.parent_error.isVisible()


# Edit mode


def _customer(world, reseller, **overrides):
    values = {"type": AccountType.CUSTOMER, "parent_id": reseller.id, "email": "c@example.com"}
    return world.services.accounts.create(draft(name="Quokka Labs", **values | overrides)).account


def test_edit_mode_is_prefilled_and_starts_at_account_data(qtbot, world, reseller):
    customer = _customer(world, reseller)
    wizard = shown(qtbot, make_wizard(qtbot, world, account_id=customer.id))
    assert wizard.windowTitle() == "Edit Quokka Labs"
    assert wizard.currentId() == PageId.ACCOUNT_DATA
    assert wizard.draft() == AccountDraft.from_data(customer.data)
    assert country_combo(wizard).currentText() == "Germany (DE)"
    assert wizard.findChild(QLabel, "account_id_label").text() == f"Account ID: {customer.id}"
    assert button(wizard, QWizard.WizardButton.CommitButton).text() == "&Save"
    assert not wizard.has_unsaved_input()

    click_back(qtbot, wizard)
    assert wizard.currentId() == PageId.PARENT
    assert wizard.parent_page.parent_label.text() == f"Parent: Northwind Resale ({reseller.id})"
    assert next_enabled(wizard)
    click_back(qtbot, wizard)
    assert wizard.currentId() == PageId.TYPE
    assert wizard.type_page.customer_radio.isChecked()


def test_edit_city_and_parent_saves_version_two(qtbot, world, reseller):
    other = world.services.accounts.create(draft(name="Southwind", email="s@example.com")).account
    customer = _customer(world, reseller)
    wizard = shown(qtbot, make_wizard(qtbot, world, account_id=customer.id))
    edit(wizard, "city").setText("Hamburg")
    click_back(qtbot, wizard)
    select_parent(wizard, other.id)
    click_next(qtbot, wizard)
    assert wizard.has_unsaved_input()
    with qtbot.waitSignal(wizard.account_saved):
        click_commit(qtbot, wizard)

    saved = world.services.accounts.get(customer.id)
    assert saved.version == 2
    assert saved.data.city == "Hamburg" and saved.parent_id == other.id
    assert summary_text(wizard, "summary_version_label") == "2"
    assert summary_text(wizard, "summary_parent_label") == f"Southwind ({other.id})"
    assert summary_text(wizard, "summary_requests_label") == (
        "No tier account request was generated: no product is linked to this account."
    )


def test_edit_of_a_linked_account_lists_the_requests_with_their_status(qtbot, world, reseller):
    customer = _customer(world, reseller)
    world.subscribe("AS-1000-0000-0001", SYNC_PRODUCT, customer.id, reseller.id)
    world.subscribe("AS-1000-0000-0002", NOSYNC_PRODUCT, customer.id, reseller.id)
    wizard = shown(qtbot, make_wizard(qtbot, world, account_id=customer.id))
    edit(wizard, "city").setText("Hamburg")
    click_commit(qtbot, wizard)

    assert summary_text(wizard, "summary_requests_label") == (
        "2 tier account requests were generated:"
    )
    rows = wizard.summary_page.request_rows()
    digits = customer.id.removeprefix("TA-")
    assert sorted(rows) == [
        (f"TAR-{digits}-002-001", f"Cloud Mail ({SYNC_PRODUCT.id})", "Pending"),
        (f"TAR-{digits}-002-002", f"Cloud Backup ({NOSYNC_PRODUCT.id})", "Unsupported"),
    ]
    assert wizard.summary_page.requests_list.isVisible()


def test_edit_without_changes_says_nothing_changed(qtbot, world, reseller):
    customer = _customer(world, reseller)
    wizard = shown(qtbot, make_wizard(qtbot, world, account_id=customer.id))
    with qtbot.waitSignal(wizard.account_saved):
        click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.SUMMARY
    assert summary_text(wizard, "summary_heading_label") == (
        "Nothing changed; no new version was saved."
    )
    assert world.services.accounts.get(customer.id).version == 1
    assert not wizard.result_of_save.changed
    assert not wizard.summary_page.requests_list.isVisible()


def test_editing_a_reseller_never_offers_itself_as_parent(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world, account_id=reseller.id))
    click_back(qtbot, wizard)
    page = wizard.parent_page
    assert page.none_radio.isChecked()
    row = listed_ids(wizard).index(reseller.id)
    assert not page.model.flags(page.model.index(row, Column.NAME)) & Qt.ItemFlag.ItemIsSelectable
    assert page.model.index(row, Column.NAME).data().endswith("(this account)")
    page.table.selectRow(row)
    assert page.parent_id() is None and page.none_radio.isChecked()


def test_a_descendant_as_parent_is_refused_next_to_the_parent(qtbot, world, reseller, monkeypatch):
    child = world.services.accounts.create(
        draft(name="Child Resale", parent_id=reseller.id, email="k@example.com")
    ).account
    # Descendants are greyed out as far as a lookup limit; beyond it the service refuses.
    monkeypatch.setattr(parent_page_module, "DESCENDANT_LIMIT", 1)
    wizard = shown(qtbot, make_wizard(qtbot, world, account_id=reseller.id))
    before = dump(world.store)
    click_back(qtbot, wizard)
    select_parent(wizard, child.id)
    click_next(qtbot, wizard)
    click_commit(qtbot, wizard)

    assert wizard.currentId() == PageId.ACCOUNT_DATA
    message = "An account cannot be its own parent or its descendant's child."
    assert message in wizard.data_page.page_error_label.text()
    assert "Click Back" in wizard.data_page.page_error_label.text()
    click_back(qtbot, wizard)
    assert wizard.parent_page.parent_error.text() == message
    assert dump(world.store) == before


def test_descendants_are_greyed_out(qtbot, world, reseller):
    child = world.services.accounts.create(
        draft(name="Child Resale", parent_id=reseller.id, email="k@example.com")
    ).account
    wizard = make_wizard(qtbot, world, account_id=reseller.id)
    model = wizard.parent_page.model
    row = listed_ids(wizard).index(child.id)
    assert not model.is_available(row)
    assert model.index(row, Column.NAME).data() == "Child Resale (under this account)"


def test_reseller_with_children_cannot_become_a_customer(qtbot, world, reseller):
    other = world.services.accounts.create(draft(name="Southwind", email="s@example.com")).account
    _customer(world, reseller)
    wizard = shown(qtbot, make_wizard(qtbot, world, account_id=reseller.id))
    click_back(qtbot, wizard)
    click_back(qtbot, wizard)
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    select_parent(wizard, other.id)
    click_next(qtbot, wizard)
    click_commit(qtbot, wizard)
    assert wizard.currentId() == PageId.ACCOUNT_DATA
    assert "cannot become a customer" in wizard.data_page.page_error_label.text()
    assert wizard.findChild(QMessageBox, ERROR_BOX_NAME) is None
    click_back(qtbot, wizard)
    click_back(qtbot, wizard)
    assert "cannot become a customer" in wizard.type_page.type_error.text()


def test_account_on_an_oa_hub_cannot_be_saved_and_the_wizard_says_why(qtbot, world, reseller):
    customer = _customer(world, reseller)
    with world.store.write():
        world.store.db.execute_sql(
            "UPDATE tier_account SET hub_id = ? WHERE id = ?", (OA_HUB.id, customer.id)
        )
    wizard = shown(qtbot, make_wizard(qtbot, world, account_id=customer.id))
    notice = wizard.findChild(QLabel, "read_only_label")
    assert notice.isVisible()
    assert "CloudBlue Commerce" in notice.text() and OA_HUB.id in notice.text()
    assert not button(wizard, QWizard.WizardButton.CommitButton).isEnabled()
    assert edit(wizard, "city").isReadOnly()
    assert not wizard.data_page.randomize_button.isEnabled()
    assert not wizard.data_page.validatePage()
    assert world.services.accounts.get(customer.id).version == 1


def test_a_conflicting_edit_elsewhere_is_reported_not_overwritten(qtbot, world, reseller):
    customer = _customer(world, reseller)
    wizard = shown(qtbot, make_wizard(qtbot, world, account_id=customer.id))
    world.services.accounts.update(
        customer.id, replace(AccountDraft.from_data(customer.data), city="Köln")
    )
    edit(wizard, "city").setText("Hamburg")
    click_commit(qtbot, wizard)
    box = wizard.findChild(QMessageBox, ERROR_BOX_NAME)
    assert box is not None and "changed meanwhile by" in box.text()
    box.accept()
    assert world.services.accounts.get(customer.id).data.city == "Köln"
    assert edit(wizard, "city").text() == "Hamburg"  # what the user typed stays, to apply again
    assert edit(wizard, "city").text() == "Hamburg"


# Escape and discarding


def test_escape_with_typed_data_asks_and_stays_on_no(qtbot, world, reseller):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    go_to_data_page(qtbot, wizard, reseller.id)
    qtbot.keyClicks(edit(wizard, "name"), "Quokka")
    asked = []

    def answer_no() -> bool:
        asked.append(True)
        return False

    wizard.confirm_discard = answer_no
    qtbot.keyClick(edit(wizard, "name"), Qt.Key.Key_Escape)
    assert asked == [True]
    assert wizard.isVisible()
    assert edit(wizard, "name").text() == "Quokka"

    wizard.confirm_discard = lambda: True
    qtbot.keyClick(edit(wizard, "name"), Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Rejected


def test_escape_without_typing_closes_at_once(qtbot, world):
    wizard = shown(qtbot, make_wizard(qtbot, world))
    click(qtbot, wizard.type_page.customer_radio)
    wizard.confirm_discard = lambda: pytest.fail("nothing was typed")
    qtbot.keyClick(wizard.type_page.customer_radio, Qt.Key.Key_Escape)
    assert not wizard.isVisible()


def test_escape_in_edit_mode_asks_only_after_a_change(qtbot, world, reseller):
    customer = _customer(world, reseller)
    wizard = shown(qtbot, make_wizard(qtbot, world, account_id=customer.id))
    assert not wizard.has_unsaved_input()
    click_back(qtbot, wizard)
    click_back(qtbot, wizard)
    click(qtbot, wizard.type_page.reseller_radio)
    assert wizard.has_unsaved_input()
    wizard.confirm_discard = lambda: False
    qtbot.keyClick(wizard.type_page.reseller_radio, Qt.Key.Key_Escape)
    assert wizard.isVisible()


def test_the_discard_question_is_a_destructive_confirm_dialog(qtbot, world, monkeypatch):
    asked = []

    def ask(parent, title, text, confirm_text="OK", *, destructive=False):
        asked.append((parent, title, text, confirm_text, destructive))
        return False

    monkeypatch.setattr(ConfirmDialog, "ask", ask)
    wizard = AccountWizard(world.services)  # the default confirm_discard
    qtbot.addWidget(wizard)
    shown(qtbot, wizard)
    click(qtbot, wizard.type_page.customer_radio)
    click_next(qtbot, wizard)
    qtbot.keyClicks(wizard.parent_page.search_edit, "x")
    wizard.data_page.form.edits["name"].setText("Quokka")
    qtbot.keyClick(wizard.parent_page.search_edit, Qt.Key.Key_Escape)  # clears the search
    assert asked == [] and wizard.parent_page.search_text() == ""
    qtbot.keyClick(wizard.parent_page.search_edit, Qt.Key.Key_Escape)
    assert asked == [(wizard, "Add Customer", "Discard the data you typed?", "Discard", True)]
    assert wizard.isVisible()
    wizard.confirm_discard = lambda: True

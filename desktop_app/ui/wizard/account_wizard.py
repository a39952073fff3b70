"""The Tier Account Creation / Update wizard: Type, Parent account, Account data, Summary."""

from __future__ import annotations

import uuid
from typing import Final

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QWidget, QWizard

from desktop_app.domain.accounts import AccountDraft, AccountSummary
from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import DomainError
from desktop_app.services.accounts import SaveResult
from desktop_app.services.container import Services
from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog
from desktop_app.ui.models.background_reads import BackgroundReader
from desktop_app.ui.wizard.account_data_page import AccountDataPage
from desktop_app.ui.wizard.page_ids import PageId
from desktop_app.ui.wizard.parent_page import ParentPage
from desktop_app.ui.wizard.summary_page import SummaryPage
from desktop_app.ui.wizard.type_page import TypePage

CREATE_TITLE: Final = "Add Customer"
DISCARD_QUESTION: Final = "Discard the data you typed?"
DISCARD_TEXT: Final = "Discard"
GO_TO_DETAILS_TEXT: Final = "&Go to Details"
DEFAULT_SIZE: Final = (940, 700)
PAGE_BUTTONS: Final = [
    QWizard.WizardButton.Stretch,
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.CommitButton,
    QWizard.WizardButton.FinishButton,
    QWizard.WizardButton.CancelButton,
]
SUMMARY_BUTTONS: Final = [
    QWizard.WizardButton.Stretch,
    QWizard.WizardButton.CustomButton1,
    QWizard.WizardButton.FinishButton,
]

InputSnapshot = tuple[AccountType | None, bool, str | None, tuple[tuple[str, str], ...]]


def edit_title(name: str) -> str:
    """``Edit Müller Handels GmbH``."""
    return f"Edit {name}"


class AccountWizard(QWizard):
    """Creates a tier account (``account_id`` None) or saves an edit of one as a new version.

    Nothing is written before Create / Save; the services do every check and the write.
    """

    account_saved = Signal(str)
    """The id of the account right after a successful Create / Save."""
    details_requested = Signal(str)
    """Go to Details was clicked on the summary (the wizard then closes)."""
    changes_made = Signal(object)
    """What a successful Create / Save changed (:class:`Changes`), for the views showing it."""

    def __init__(
        self,
        services: Services,
        *,
        account_id: str | None = None,
        reader: BackgroundReader | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Raise the services' :class:`DomainError` when ``account_id`` cannot be read.

        With the window's ``reader`` the parent list searches on its thread.
        """
        super().__init__(parent)
        self.setObjectName("account_wizard")
        self._services = services
        self._account_id = account_id
        self._summary = services.accounts.summary(account_id) if account_id else None
        self._expected_version = self._summary.account.version if self._summary else None
        self.result_of_save: SaveResult | None = None

        editing = self._summary is not None
        self.type_page = TypePage()
        self.parent_page = ParentPage(services.directory, editing_id=account_id, reader=reader)
        self.data_page = AccountDataPage(
            account_id=account_id, draft_source=self.draft, save=self._save
        )
        self.summary_page = SummaryPage(editing=editing, product_name=self._product_name)
        self.setPage(PageId.TYPE, self.type_page)
        self.setPage(PageId.PARENT, self.parent_page)
        self.setPage(PageId.ACCOUNT_DATA, self.data_page)
        self.setPage(PageId.SUMMARY, self.summary_page)

        self.setOption(QWizard.WizardOption.IndependentPages, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, GO_TO_DETAILS_TEXT)
        self.setButtonLayout(PAGE_BUTTONS)
        self._name_buttons()
        self.customButtonClicked.connect(self._on_self_custom_button_clicked)
        self.currentIdChanged.connect(self._on_self_current_id_changed)
        self.type_page.type_changed.connect(self._on_type_page_type_changed)
        self.parent_page.parent_changed.connect(self._on_parent_page_parent_changed)
        self.data_page.step_issue.connect(self._on_data_page_step_issue)

        if self._summary is None:
            self.setWindowTitle(CREATE_TITLE)
            self.data_page.set_values(AccountDraft(external_uid=str(uuid.uuid4())))
        else:
            self._prefill(self._summary)
        self._update_context()
        self._initial_input = self._input_snapshot()
        self.resize(*DEFAULT_SIZE)
        if self._summary is not None:
            # History Type → Parent → Account data, so that Back reaches the earlier steps.
            self.restart()
            self.next()
            self.next()

    # building

    def _name_buttons(self) -> None:
        names = {
            QWizard.WizardButton.BackButton: "back_button",
            QWizard.WizardButton.NextButton: "next_button",
            QWizard.WizardButton.CommitButton: "commit_button",
            QWizard.WizardButton.FinishButton: "finish_button",
            QWizard.WizardButton.CancelButton: "cancel_button",
            QWizard.WizardButton.CustomButton1: "go_to_details_button",
        }
        for which, name in names.items():
            self.button(which).setObjectName(name)

    def _prefill(self, summary: AccountSummary) -> None:
        account = summary.account
        self.setWindowTitle(edit_title(account.name))
        draft = AccountDraft.from_data(account.data)
        self.type_page.set_account_type(draft.type)
        self.parent_page.set_account_type(draft.type)
        if draft.parent_id is not None:
            self.parent_page.set_parent(draft.parent_id, summary.parent_name)
        elif draft.type is AccountType.RESELLER:
            self.parent_page.choose_none()
        self.data_page.set_values(draft)
        change = self._services.accounts.change_decision(account.id)
        if not change.allowed:  # the window opens no such wizard; shown read-only if it comes
            self.type_page.set_read_only(True)
            self.parent_page.set_read_only(True)
            self.data_page.set_read_only(change.reason)

    # public

    @property
    def account_id(self) -> str | None:
        """The account being edited, None when creating."""
        return self._account_id

    def draft(self) -> AccountDraft:
        """What the pages hold now."""
        values = self.data_page.values()
        return AccountDraft(
            type=self.type_page.account_type() or AccountType.CUSTOMER,
            parent_id=self.parent_page.parent_id(),
            **values,
        )

    def has_unsaved_input(self) -> bool:
        """True when something was typed or changed and not saved."""
        return self.result_of_save is None and self._input_snapshot() != self._initial_input

    # Qt overrides

    def reject(self) -> None:
        """Escape, Cancel or the window's close button: ask before discarding typed data."""
        if self.has_unsaved_input() and not self.confirm_discard():
            return
        super().reject()

    # state

    def _input_snapshot(self) -> InputSnapshot:
        # Choosing only the type is no typing worth asking about when creating.
        account_type = self.type_page.account_type() if self._summary else None
        return (
            account_type,
            self.parent_page.none_chosen(),
            self.parent_page.parent_id(),
            tuple(sorted(self.data_page.values().items())),
        )

    def confirm_discard(self) -> bool:
        """Ask before throwing typed data away; tests replace it (a method: no reference cycle)."""
        return ConfirmDialog.ask(
            self, self.windowTitle(), DISCARD_QUESTION, DISCARD_TEXT, destructive=True
        )

    def _save(self, draft: AccountDraft) -> SaveResult:
        """Create or update through the service; its refusals reach the data page."""
        accounts = self._services.accounts
        if self._account_id is None:
            result = accounts.create(draft)
        else:
            result = accounts.update(
                self._account_id, draft, expected_version=self._expected_version
            )
        self.result_of_save = result
        self.summary_page.show_result(result, self._parent_name(result))
        self.account_saved.emit(result.account.id)
        self.changes_made.emit(result.changes)
        return result

    def _parent_name(self, result: SaveResult) -> str | None:
        parent_id = result.account.parent_id
        if parent_id is None:
            return None
        if parent_id == self.parent_page.parent_id() and self.parent_page.parent_name():
            return self.parent_page.parent_name()
        try:
            return self._services.accounts.get(parent_id).name
        except DomainError:
            return None

    def _product_name(self, product_id: str) -> str | None:
        try:
            return self._services.products.get(product_id).name
        except DomainError:
            return None

    def _update_context(self) -> None:
        account_type = self.type_page.account_type()
        type_text = account_type.label if account_type else "Type not chosen"
        self.data_page.set_context(f"{type_text} · {self.parent_page.choice_text()}")

    # slots

    @Slot(object)
    def _on_type_page_type_changed(self, account_type: AccountType) -> None:
        self.parent_page.set_account_type(account_type)
        self.data_page.clear_step_issues()
        self._update_context()

    @Slot()
    def _on_parent_page_parent_changed(self) -> None:
        self.data_page.clear_step_issues()
        self._update_context()

    @Slot(str, str)
    def _on_data_page_step_issue(self, field: str, message: str) -> None:
        if field == "type":
            self.type_page.show_error(message)
        else:
            self.parent_page.show_error(message)

    @Slot(int)
    def _on_self_current_id_changed(self, page_id: int) -> None:
        summary = page_id == PageId.SUMMARY
        self.setOption(QWizard.WizardOption.HaveCustomButton1, summary)
        self.setButtonLayout(SUMMARY_BUTTONS if summary else PAGE_BUTTONS)

    @Slot(int)
    def _on_self_custom_button_clicked(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value and self.result_of_save is not None:
            self.details_requested.emit(self.result_of_save.account.id)
            self.accept()

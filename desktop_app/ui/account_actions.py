"""Add Customer, Edit and Delete for the main window: the wizard's flows and deleting an account.

The window only says which account; this module asks the services whether the action applies,
opens the wizard or asks before deleting, and hands what changed back to the window.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QWidget, QWizard

from desktop_app.domain.errors import DomainError, RuleViolationError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services
from desktop_app.services.decision import Decision
from desktop_app.services.write_permission import NOTHING_CHANGES, ReadOnlyError
from desktop_app.ui.action_changes import deleted_changes
from desktop_app.ui.dialogs.delete_account import DELETE_TEXT, DELETE_TITLE, delete_account
from desktop_app.ui.documents import DocumentTabs, account_key
from desktop_app.ui.lifetime import alive, release_workspace
from desktop_app.ui.models.background_reads import BackgroundReader
from desktop_app.ui.prompts import Prompts

if TYPE_CHECKING:
    from desktop_app.ui.wizard.account_wizard import AccountWizard


class AccountShell(Protocol):
    """What the account actions need of the window."""

    @property
    def services(self) -> Services:
        """The open workspace's services."""

    @property
    def prompts(self) -> Prompts:
        """How the window asks the user."""

    @property
    def documents(self) -> DocumentTabs:
        """The open document tabs."""

    @property
    def reader(self) -> BackgroundReader | None:
        """The thread the window's lists read on (None: they read on the window's thread)."""

    def apply_changes(self, changes: Changes) -> None:
        """Hand what an action changed to every open view."""

    def open_account(self, account_id: str) -> object:
        """Show the account's details in its tab."""

    def show_error(self, error: DomainError) -> object:
        """Tell the user why a service refused."""

    def show_status(self, message: str, timeout_ms: int) -> None:
        """Say what happened in the status bar."""


class AccountActions:
    """Creates, edits and deletes tier accounts on behalf of one window (``parent``)."""

    def __init__(self, shell: AccountShell, parent: QWidget) -> None:
        self._shell_ref = weakref.ref(shell)  # weakly: the window holds its actions
        self._parent_ref = weakref.ref(parent)

    @property
    def _shell(self) -> AccountShell:
        return alive(self._shell_ref)

    @property
    def _parent(self) -> QWidget:
        return alive(self._parent_ref)

    def change_decision(self, account_id: str | None) -> Decision | None:
        """Whether Edit and Delete apply to ``account_id``; None when there is no account."""
        if account_id is None:
            return None
        try:
            return self._shell.services.accounts.change_decision(account_id)
        except DomainError as error:
            return Decision(False, error.message)

    def add_customer(self) -> AccountWizard | None:
        """Open the Tier Account Creation wizard."""
        return self._open_wizard(None)

    def edit_account(self, account_id: str) -> AccountWizard | None:
        """Open the Tier Account Update wizard for ``account_id``."""
        return self._open_wizard(account_id)

    def delete_account(self, account_id: str) -> bool:
        """Ask, then delete (decommission) the account; True when it was deleted."""
        services = self._shell.services
        if not delete_account(self._parent, services, account_id, self._confirm_delete):
            return False
        self.account_deleted(account_id)
        return True

    @Slot(str)
    def account_deleted(self, account_id: str) -> None:
        """Close the account's tab; the other views follow."""
        self._shell.documents.close(account_key(account_id))
        self._shell.apply_changes(deleted_changes(self._shell.services, account_id))
        self._shell.show_status(f"Deleted {account_id}", 5000)

    def close_wizards(self) -> None:
        """Close the wizards over the workspace that is about to close, discarding their input."""
        for wizard in self._parent.findChildren(QWizard):
            release_workspace(wizard)
            if wizard.isVisible():
                wizard.done(QDialog.DialogCode.Rejected)

    def _open_wizard(self, account_id: str | None) -> AccountWizard | None:
        from desktop_app.ui.wizard.account_wizard import AccountWizard

        services = self._shell.services
        reason = services.workspace.read_only_reason
        if reason is not None:
            self._shell.show_error(ReadOnlyError(reason, NOTHING_CHANGES))
            return None
        try:
            if account_id is not None:  # no wizard whose fields ignore what is typed
                change = services.accounts.change_decision(account_id)
                if not change.allowed:
                    raise RuleViolationError(change.reason)
            wizard = AccountWizard(
                services, account_id=account_id, reader=self._shell.reader, parent=self._parent
            )
        except DomainError as error:
            self._shell.show_error(error)
            return None
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.account_saved.connect(self._on_wizard_account_saved)
        wizard.changes_made.connect(self._shell.apply_changes)
        wizard.details_requested.connect(self._shell.open_account)
        wizard.open()
        return wizard

    def _confirm_delete(self, question: str) -> bool:
        """Ask before deleting; Cancel is the default."""
        return self._shell.prompts.confirm(DELETE_TITLE, question, DELETE_TEXT, destructive=True)

    @Slot(str)
    def _on_wizard_account_saved(self, account_id: str) -> None:
        # The views follow through the wizard's changes_made.
        self._shell.show_status(f"Saved {account_id}", 5000)

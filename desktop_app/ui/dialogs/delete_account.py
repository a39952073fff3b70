"""Deleting a tier account from any screen: the one question, the one call, the one refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtWidgets import QWidget

from desktop_app.domain.accounts import AccountSummary
from desktop_app.domain.errors import DomainError, RuleViolationError
from desktop_app.services.container import Services
from desktop_app.ui.dialogs.error_dialog import show_error

DELETE_TITLE: Final = "Delete tier account"
DELETE_TEXT: Final = "Delete"


def delete_question(summary: AccountSummary) -> str:
    """The question asked before deleting."""
    account = summary.account
    return (
        f"Delete {account.type.label.lower()} {account.name} ({account.id})?\n\n"
        "Deleted tier accounts cannot be restored."
    )


def ask_delete(parent: QWidget | None, question: str) -> bool:
    """The modal confirmation with Delete and Cancel (Cancel is the default)."""
    from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog  # when first asked

    return ConfirmDialog.ask(parent, DELETE_TITLE, question, DELETE_TEXT, destructive=True)


def delete_account(
    parent: QWidget, services: Services, account_id: str, confirm: Callable[[str], bool]
) -> bool:
    """Ask with ``confirm``, then decommission; a refusal is shown. True when deleted.

    What can never be deleted here (an account on a CloudBlue Commerce hub, a deleted one,
    a read-only workspace) is refused before asking.
    """
    try:
        change = services.accounts.change_decision(account_id)
        if not change.allowed:
            raise RuleViolationError(change.reason)
        question = delete_question(services.accounts.summary(account_id))
    except DomainError as error:
        show_error(parent, error)
        return False
    if not confirm(question):
        return False
    try:
        services.accounts.delete(account_id)
    except DomainError as error:
        show_error(parent, error)
        return False
    return True

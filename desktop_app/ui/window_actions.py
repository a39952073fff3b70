"""Which of the window's actions apply now and why not; the slot acting on the current account."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.services.decision import Decision
from desktop_app.ui.actions import Actions, explain
from desktop_app.ui.documents import DocumentTabs
from desktop_app.ui.window_chrome import unavailable_tip
from desktop_app.ui.workspace_controller import WorkspaceController


@dataclass(frozen=True)
class WindowState:
    """What the actions depend on: what may be written, what is open and current."""

    permission: Decision
    """Whether the workspace may be written (the read-only rule)."""
    change: Decision | None
    """Whether Edit and Delete apply to the current account; None without one (or read-only)."""
    has_document: bool
    """A closable tab is current."""
    others_to_close: bool
    """Close Other Tabs would close something."""
    has_account: bool
    """An account is current (selected, or the current tab's)."""

    @classmethod
    def of(
        cls,
        permission: Decision,
        change: Decision | None,
        documents: DocumentTabs,
        account_id: str | None,
    ) -> WindowState:
        """The state of a window whose tabs are ``documents`` and current account ``account_id``."""
        open_documents, current = documents.documents(), documents.current()
        return cls(
            permission=permission,
            change=change,
            has_document=current is not None,
            others_to_close=len(open_documents) > 1 or (current is None and bool(open_documents)),
            has_account=account_id is not None,
        )


def enable_actions(actions: Actions, state: WindowState, workspace: WorkspaceController) -> None:
    """Enable what applies to ``state``; a refused action's tooltip says why."""
    writable = state.permission.allowed
    change = state.change
    actions.add_customer.setEnabled(writable)
    actions.edit.setEnabled(change is not None and change.allowed)
    actions.delete.setEnabled(change is not None and change.allowed)
    actions.close_tab.setEnabled(state.has_document)
    actions.close_other_tabs.setEnabled(state.others_to_close)
    for action in (actions.open_account, actions.copy_id, actions.show_account_requests):
        action.setEnabled(state.has_account)
    actions.open_database.setEnabled(workspace.can_open)
    actions.new_database.setEnabled(workspace.can_open)
    actions.open_team_workspace.setEnabled(workspace.can_open_team)
    actions.back_up.setEnabled(workspace.can_back_up)
    actions.restore.setEnabled(workspace.can_back_up and writable)
    actions.import_accounts.setEnabled(writable)
    closed = None if writable else unavailable_tip(state.permission.reason)
    for action in (actions.add_customer, actions.restore, actions.import_accounts):
        explain(action, closed)
    if change is not None and not change.allowed:
        closed = unavailable_tip(change.reason)
    for action in (actions.edit, actions.delete):
        explain(action, closed)


def on_current(
    current: Callable[[], str | None], act: Callable[[str], object]
) -> Callable[[], None]:
    """A slot that runs ``act`` on the current account, when there is one.

    Both are bound methods held weakly: the connection an action keeps never keeps the window
    (or a helper of it) alive.
    """
    find, weak_act = weakref.WeakMethod(current), weakref.WeakMethod(act)

    def run() -> None:
        found, do = find(), weak_act()
        account_id = found() if found is not None else None
        if do is not None and account_id is not None:
            do(account_id)

    return run

"""Which of the window's actions apply now, and why not: one place enables and explains them."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.services.decision import Decision
from desktop_app.ui.actions import Actions, explain
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

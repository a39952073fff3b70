"""Every window action, built in one place with object names that tests look up."""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop_app.ui.icons import icon

OWN_TIP: Final = "own_tip"
"""The property holding what an action does, its tip while nothing closes it."""


def _action(
    parent: QWidget,
    name: str,
    text: str,
    tip: str,
    shortcut: QKeySequence.StandardKey | str | None = None,
    icon_name: str | None = None,
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    action.setProperty(OWN_TIP, tip)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon_name is not None:
        action.setIcon(icon(icon_name))
    return action


def explain(action: QAction, reason: str | None) -> None:
    """Say why ``action`` is closed in its tooltip and status tip; its own tip for None."""
    tip = reason if reason is not None else str(action.property(OWN_TIP) or "")
    action.setToolTip(tip)
    action.setStatusTip(tip)


def _fallback(action: QAction, shortcut: str) -> None:
    if not action.shortcuts():  # not every platform defines every standard key
        action.setShortcut(QKeySequence(shortcut))


class Actions:
    """The main window's actions; slots are connected by the window that owns them."""

    def __init__(self, parent: QWidget) -> None:
        self.add_customer = _action(
            parent,
            "action_add_customer",
            "&Add Customer…",
            "Create a customer or reseller account (Tier Account Creation wizard)",
            "Ctrl+N",
            "list-add",
        )
        self.edit = _action(
            parent,
            "action_edit",
            "&Edit…",
            "Edit the selected account (Tier Account Update wizard)",
            "Ctrl+E",
            "document-edit",
        )
        self.delete = _action(
            parent,
            "action_delete",
            "&Delete…",
            "Delete the selected account; deleted accounts cannot be restored",
            QKeySequence.StandardKey.Delete,
            "edit-delete",
        )
        self.refresh = _action(
            parent,
            "action_refresh",
            "&Refresh",
            "Read the workspace again",
            QKeySequence.StandardKey.Refresh,
            "view-refresh",
        )
        _fallback(self.refresh, "F5")
        self.open_database = _action(
            parent,
            "action_open_database",
            "&Open Database…",
            "Open another workspace file",
            QKeySequence.StandardKey.Open,
            "document-open",
        )
        _fallback(self.open_database, "Ctrl+O")
        self.open_team_workspace = _action(
            parent,
            "action_open_team_workspace",
            "Open &Team Workspace…",
            "Open a team workspace on a PostgreSQL server (asks for the password if needed)",
            "Ctrl+Shift+O",
        )
        self.new_database = _action(
            parent,
            "action_new_database",
            "&New Database…",
            "Create an empty workspace file and open it",
            "Ctrl+Shift+N",
            "document-new",
        )
        self.back_up = _action(
            parent,
            "action_back_up",
            "&Back Up…",
            "Save a consistent copy of the workspace to a file while it stays open",
        )
        self.restore = _action(
            parent,
            "action_restore",
            "&Restore…",
            "Replace the workspace's data by a backup (the current data is saved first)",
        )
        self.import_accounts = _action(
            parent,
            "action_import",
            "&Import…",
            "Create and update accounts from a connect-cli customers workbook or CSV "
            "(previewed before anything is written)",
            "Ctrl+I",
        )
        self.export_accounts = _action(
            parent,
            "action_export",
            "E&xport…",
            "Write the accounts the Directory shows to a connect-cli customers workbook or CSV",
            "Ctrl+Shift+E",
        )
        self.close_tab = _action(
            parent,
            "action_close_tab",
            "&Close Tab",
            "Close the open account",
            QKeySequence.StandardKey.Close,
        )
        _fallback(self.close_tab, "Ctrl+W")
        self.close_other_tabs = _action(
            parent,
            "action_close_other_tabs",
            "Close &Other Tabs",
            "Close every open account, request and product but the current one",
            "Ctrl+Shift+W",
        )
        self.open_account = _action(
            parent,
            "action_open_account",
            "&Open",
            "Open the selected account's details in its tab",
        )
        self.copy_id = _action(
            parent,
            "action_copy_id",
            "Copy &ID",
            "Copy the selected account's ID to the clipboard",
            "Ctrl+Shift+C",
        )
        self.show_account_requests = _action(
            parent,
            "action_show_account_requests",
            "Show Re&quests",
            "The tier account requests of the selected account",
        )
        self.show_directory = _action(
            parent, "action_show_directory", "&Directory", "Back to the Directory", "Ctrl+1"
        )
        self.show_requests = _action(
            parent,
            "action_show_requests",
            "&Requests",
            "Tier account requests, pending ones first",
            "Ctrl+2",
        )
        self.show_products = _action(
            parent, "action_show_products", "&Products", "Products and their capabilities", "Ctrl+3"
        )
        self.show_hierarchy = _action(
            parent,
            "action_show_hierarchy",
            "&Hierarchy",
            "Resellers and their child accounts as a tree",
            "Ctrl+4",
        )
        self.quit = _action(
            parent,
            "action_quit",
            "&Quit",
            "Close the window and quit",
            QKeySequence.StandardKey.Quit,
            "application-exit",
        )
        _fallback(self.quit, "Ctrl+Q")
        self.keyboard_shortcuts = _action(
            parent,
            "action_keyboard_shortcuts",
            "&Keyboard Shortcuts",
            "Every shortcut of the window, by menu",
            "Ctrl+/",
        )
        self.about = _action(
            parent,
            "action_about",
            "&About Tier Accounts",
            "The version, the workspace, the data folder and the log file",
        )

    def row_actions(self) -> list[QAction | None]:
        """The context menu of an account's row: Open, Edit, Delete, Copy ID, Show requests.

        The window's own actions on the current account (the row clicked becomes current);
        None is a separator.
        """
        return [
            self.open_account,
            None,
            self.edit,
            self.delete,
            None,
            self.copy_id,
            self.show_account_requests,
        ]

    def all(self) -> list[QAction]:
        """Every action, for adding them to the window so shortcuts work everywhere."""
        return [
            self.add_customer,
            self.edit,
            self.delete,
            self.refresh,
            self.open_database,
            self.open_team_workspace,
            self.new_database,
            self.back_up,
            self.restore,
            self.import_accounts,
            self.export_accounts,
            self.close_tab,
            self.close_other_tabs,
            self.open_account,
            self.copy_id,
            self.show_account_requests,
            self.show_directory,
            self.show_requests,
            self.show_products,
            self.show_hierarchy,
            self.quit,
            self.keyboard_shortcuts,
            self.about,
        ]

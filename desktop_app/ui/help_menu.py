"""Help → Keyboard Shortcuts and About, opened over the main window."""

from __future__ import annotations

import platform
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMainWindow

from desktop_app.config import APP_NAME, app_version, default_data_dir
from desktop_app.ui.actions import Actions
from desktop_app.ui.error_hook import active_error_hook

if TYPE_CHECKING:  # the dialogs load when first opened, not with the window
    from desktop_app.ui.dialogs.about_dialog import AboutDialog, AboutFacts
    from desktop_app.ui.dialogs.shortcuts_dialog import ShortcutsDialog

NO_LOG_TEXT = "None: errors are shown, not written to a file"


class HelpHost(Protocol):
    """What the Help menu needs of the main window."""

    @property
    def workspace_path(self) -> Path | None:
        """The open workspace's file; None for a team workspace."""
        ...

    @property
    def workspace_name(self) -> str:
        """A team workspace's server and database (no password)."""
        ...


def about_facts(host: HelpHost) -> AboutFacts:
    """The facts, read now: the workspace may have changed since the window opened."""
    from desktop_app.ui.dialogs.about_dialog import AboutFacts

    path = host.workspace_path
    workspace = str(path) if path is not None else (host.workspace_name or "None")
    hook = active_error_hook()
    log_file = hook.log_file if hook is not None else None
    runtime = (
        f"Python {platform.python_version()}, Qt {qVersion()} (PySide6 {PySide6.__version__}), "
        f"{platform.system()} {platform.release()}"
    )
    return AboutFacts(
        name=APP_NAME,
        version=app_version(),
        workspace=workspace,
        data_folder=str(default_data_dir()),
        log_file=str(log_file) if log_file is not None else NO_LOG_TEXT,
        runtime=runtime,
    )


def show_about(window: QMainWindow, host: HelpHost) -> AboutDialog:
    """Open the About box over ``window`` (window-modal, not waited for)."""
    from desktop_app.ui.dialogs.about_dialog import AboutDialog

    dialog = AboutDialog(window, about_facts(host))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    """Open the list of the window's shortcuts, read from its menus and actions."""
    from desktop_app.ui.dialogs.shortcuts_dialog import ShortcutsDialog, shortcut_groups

    dialog = ShortcutsDialog(window, shortcut_groups(window.menuBar(), window.actions()))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def connect_help(window: QMainWindow, host: HelpHost, actions: Actions) -> None:
    """Make Help → Keyboard Shortcuts and Help → About open their dialogs.

    The window is held weakly: its actions keep these slots, and a cycle through a widget
    lets the garbage collector delete it at a random moment.
    """
    window_ref, host_ref = weakref.ref(window), weakref.ref(host)

    def shortcuts() -> None:
        found = window_ref()
        if found is not None:
            show_shortcuts(found)

    def about() -> None:
        found, facts_of = window_ref(), host_ref()
        if found is not None and facts_of is not None:
            show_about(found, facts_of)

    actions.keyboard_shortcuts.triggered.connect(shortcuts)
    actions.about.triggered.connect(about)

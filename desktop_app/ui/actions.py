"""Every window action, built in one place with object names that tests look up."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop_app.ui.icons import icon


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
    action.setStatusTip(tip)
    action.setToolTip(tip)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon_name is not None:
        action.setIcon(icon(icon_name))
    return action


class Actions:
    """The main window's actions; slots are connected by the window that owns them."""

    def __init__(self, parent: QWidget) -> None:
        self.refresh = _action(
            parent,
            "action_refresh",
            "&Refresh",
            "Read the workspace again",
            QKeySequence.StandardKey.Refresh,
            "view-refresh",
        )
        if not self.refresh.shortcuts():  # not every platform defines a Refresh key
            self.refresh.setShortcut(QKeySequence("F5"))
        self.quit = _action(
            parent,
            "action_quit",
            "&Quit",
            "Close the window and quit",
            QKeySequence.StandardKey.Quit,
            "application-exit",
        )
        if not self.quit.shortcuts():  # Windows defines no Quit key
            self.quit.setShortcut(QKeySequence("Ctrl+Q"))

    def all(self) -> list[QAction]:
        """Every action, for adding them to the window so shortcuts work everywhere."""
        return [self.refresh, self.quit]

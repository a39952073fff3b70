"""The Help menu: Keyboard Shortcuts read from the window's actions, and About."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QTreeWidget

from desktop_app import __version__
from desktop_app.config import default_data_dir
from desktop_app.ui.dialogs.about_dialog import AboutDialog
from desktop_app.ui.dialogs.shortcuts_dialog import KEYS_GROUP, ShortcutsDialog
from desktop_app.ui.error_hook import install_error_hook, uninstall_error_hook
from desktop_app.ui.help_menu import NO_LOG_TEXT
from desktop_app.ui.main_window import MainWindow
from tests.support.world import World

NATIVE = QKeySequence.SequenceFormat.NativeText


def make_window(qtbot, world: World) -> MainWindow:
    window = MainWindow(world.services, workspace_path=world.path)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def open_from_help_menu(qtbot, window: MainWindow, name: str) -> None:
    """Alt+H opens Help; the action's underlined letter chooses it."""
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    menu = window.findChild(QMenu, "help_menu")
    qtbot.waitUntil(menu.isVisible)
    action = window.findChild(QAction, name)
    letter = action.text()[action.text().index("&") + 1]
    qtbot.keyClick(menu, letter.lower())
    qtbot.waitUntil(lambda: not menu.isVisible())


def shortcuts_dialog(qtbot, window: MainWindow) -> ShortcutsDialog:
    qtbot.waitUntil(lambda: window.findChild(QDialog, "shortcuts_dialog") is not None)
    found = window.findChild(QDialog, "shortcuts_dialog")
    assert isinstance(found, ShortcutsDialog)
    return found


def tree_rows(dialog: ShortcutsDialog) -> dict[str, list[tuple[str, str]]]:
    """What the dialog's tree shows, group by group."""
    tree = dialog.findChild(QTreeWidget, "shortcuts_tree")
    groups = {}
    for row in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(row)
        groups[group.text(0)] = [
            (group.child(i).text(0), group.child(i).text(1)) for i in range(group.childCount())
        ]
    return groups


def test_the_help_menu_holds_keyboard_shortcuts_and_about(qtbot, world):
    window = make_window(qtbot, world)
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus)[-1] == "&Help"
    names = [a.objectName() for a in menus["&Help"].actions() if not a.isSeparator()]
    assert names == ["action_keyboard_shortcuts", "action_about"]


def test_ctrl_slash_lists_every_shortcut_of_the_window_by_menu(qtbot, world):
    window = make_window(qtbot, world)
    qtbot.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)

    groups = tree_rows(shortcuts_dialog(qtbot, window))

    assert list(groups)[:4] == ["File", "Accounts", "View", "Help"]
    shown = {(text, keys) for rows in groups.values() for text, keys in rows}
    with_keys = [a for a in window.actions() if a.shortcuts()]
    assert len(with_keys) > 10
    for action in with_keys:
        first = action.shortcuts()[0].toString(NATIVE)
        assert any(first in keys.split(", ") for _, keys in shown), action.objectName()
    assert ("Add Customer", "Ctrl+N") in groups["Accounts"]
    assert ("Keyboard Shortcuts", "Ctrl+/") in groups["Help"]
    assert ("Refresh", "F5") in groups["View"]  # not the keyboard's own Refresh key
    assert [keys for _, keys in groups[KEYS_GROUP]][:3] == ["Enter", "Down", "Esc"]


def test_the_list_follows_the_actions_the_window_has(qtbot, world):
    window = make_window(qtbot, world)
    extra = QAction("&Frobnicate…", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+F"))
    window.findChild(QMenu, "view_menu").addAction(extra)
    loose = QAction("Jump", window)
    loose.setShortcut(QKeySequence("Ctrl+Alt+J"))
    window.addAction(loose)

    window.findChild(QAction, "action_keyboard_shortcuts").trigger()
    groups = tree_rows(shortcuts_dialog(qtbot, window))

    assert ("Frobnicate", "Ctrl+Alt+F") in groups["View"]
    assert ("Jump", "Ctrl+Alt+J") in groups["Elsewhere in the window"]


# A popup menu on the offscreen platform: what it cannot do for menus is no fault here.
@pytest.mark.qt_log_ignore(
    "This plugin does not support raise.*", "This plugin does not support grabbing.*"
)
def test_about_names_the_version_workspace_data_folder_and_log_file(qtbot, world, tmp_path):
    log_file = tmp_path / "logs" / "desktop-app.log"
    install_error_hook(log_file)
    try:
        window = make_window(qtbot, world)
        open_from_help_menu(qtbot, window, "action_about")
        qtbot.waitUntil(lambda: window.findChild(QDialog, "about_dialog") is not None)
        dialog = window.findChild(QDialog, "about_dialog")
        assert isinstance(dialog, AboutDialog)
        values = {name: label.text() for name, label in dialog.values.items()}
        assert values["version_value"] == __version__
        assert values["workspace_value"] == str(world.path)
        assert values["data_folder_value"] == str(default_data_dir())
        assert values["log_file_value"] == str(log_file)
        assert "Python 3." in values["runtime_value"]

        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        copied = QGuiApplication.clipboard().text()
        assert f"Version: {__version__}" in copied
        assert f"Workspace: {world.path}" in copied
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible())
    finally:
        uninstall_error_hook()


def test_about_says_when_no_log_file_is_written(qtbot, world):
    window = make_window(qtbot, world)
    window.findChild(QAction, "action_about").trigger()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "about_dialog") is not None)
    dialog = window.findChild(QDialog, "about_dialog")
    assert dialog.values["log_file_value"].text() == NO_LOG_TEXT
    dialog.close()
    QApplication.processEvents()
